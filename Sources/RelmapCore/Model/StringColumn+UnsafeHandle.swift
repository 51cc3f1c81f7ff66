/// The raw-byte side of `StringColumn`, for the loader and the id index, which move millions of
/// fields without making a `String` of each. Internal: outside the core a column is read and
/// written as strings.
extension StringColumn {
    /// Appends the UTF-8 bytes of a field read in place (a CSV field or a mapped file's slice).
    mutating func append(bytes slice: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: slice)
        offsets.append(UInt32(bytes.count))
    }

    /// Calls `body` with the UTF-8 bytes of row `i`; the pointer is valid only inside `body`.
    @inline(__always)
    func withBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = Int(offsets[i]), end = Int(offsets[i + 1])
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }
}
