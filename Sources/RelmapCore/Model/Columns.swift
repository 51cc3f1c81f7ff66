/// Compact column storage. A graph of a million entities must not hold a million `String`s with a
/// heap allocation and a reference count each: strings live in one UTF-8 byte pool with offsets,
/// and low-cardinality text (industry, region, RM) is interned to small integer codes.

/// A column of strings stored as one contiguous UTF-8 pool plus `count + 1` offsets.
public struct StringColumn: Sendable, Equatable {
    @usableFromInline var bytes: [UInt8] = []
    @usableFromInline var offsets: [UInt32] = [0]

    public init() {}
    /// A column from its parts (a snapshot); the caller has checked the offsets.
    init(bytes: [UInt8], offsets: [UInt32]) {
        self.bytes = bytes
        self.offsets = offsets
    }
    public init(_ strings: some Sequence<String>) {
        for s in strings { append(s) }
    }

    public var count: Int { offsets.count - 1 }

    public mutating func append(_ s: String) {
        bytes.append(contentsOf: s.utf8)
        offsets.append(UInt32(bytes.count))
    }

    /// Appends "" (one offset, no bytes).
    @inline(__always)
    public mutating func appendEmpty() { offsets.append(offsets[offsets.count - 1]) }

    public mutating func append(bytes slice: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: slice)
        offsets.append(UInt32(bytes.count))
    }

    /// Appends every string of `other`, in order: one copy of its pool, offsets shifted.
    public mutating func append(contentsOf other: StringColumn) {
        let base = UInt32(bytes.count)
        bytes.append(contentsOf: other.bytes)
        offsets.reserveCapacity(offsets.count + other.count)
        for k in 1..<other.offsets.count { offsets.append(other.offsets[k] + base) }
    }

    public mutating func removeLast() {
        offsets.removeLast()
        bytes.removeSubrange(Int(offsets.last!)...)
    }

    public mutating func reserve(strings: Int, bytes byteCount: Int) {
        offsets.reserveCapacity(strings + 1)
        bytes.reserveCapacity(byteCount)
    }

    public subscript(i: Int) -> String {
        let start = Int(offsets[i]), end = Int(offsets[i + 1])
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
    }

    /// Whether row `i` is the empty string, without decoding it.
    public func isEmpty(_ i: Int) -> Bool { offsets[i] == offsets[i + 1] }

    /// Calls `body` with the raw UTF-8 bytes of row `i`.
    @inlinable
    public func withBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = Int(offsets[i]), end = Int(offsets[i + 1])
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// Replaces row `i`; rebuilds the pool, so meant for rare edits (merges), not bulk writes.
    public mutating func set(_ i: Int, _ value: String) {
        let start = Int(offsets[i]), end = Int(offsets[i + 1])
        let new = Array(value.utf8)
        bytes.replaceSubrange(start..<end, with: new)
        let delta = Int64(new.count) - Int64(end - start)
        if delta != 0 {
            for k in (i + 1)..<offsets.count { offsets[k] = UInt32(Int64(offsets[k]) + delta) }
        }
    }

    /// Rows reordered by `order` (new row r is old row order[r]).
    public func permuted(_ order: [UInt32]) -> StringColumn {
        var out = StringColumn()
        out.reserve(strings: order.count, bytes: bytes.count)
        bytes.withUnsafeBufferPointer { pool in
            for old in order {
                let s = Int(offsets[Int(old)]), e = Int(offsets[Int(old) + 1])
                out.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: pool[s..<e]))
                out.offsets.append(UInt32(out.bytes.count))
            }
        }
        return out
    }

    public var memoryBytes: Int { bytes.capacity + offsets.capacity * 4 }
}

/// A column of interned strings: each row holds a code; code 0 is the empty string.
/// Used for industry, region and RM, where a million rows share a few hundred values.
public struct CategoricalColumn: Sendable, Equatable {
    public private(set) var codes: [UInt32] = []
    /// The distinct values; `values[0] == ""`.
    public private(set) var values: [String] = [""]
    private var lookup: [String: UInt32] = ["": 0]

    public init() {}

    /// A column from its parts (a snapshot); the caller has checked every code is below
    /// `values.count` and that `values[0] == ""`.
    init(codes: [UInt32], values: [String]) {
        self.codes = codes
        self.values = values
        lookup = Dictionary(values.enumerated().map { ($1, UInt32($0)) }, uniquingKeysWith: { first, _ in first })
    }

    public var count: Int { codes.count }

    public mutating func append(_ s: String) { codes.append(code(for: s)) }

    /// The last value looked up: files are often sorted or grouped, so consecutive rows tend to
    /// share an industry or an RM, and a string comparison is cheaper than hashing.
    private var recent: (value: String, code: UInt32) = ("", 0)

    public mutating func code(for s: String) -> UInt32 {
        if s == recent.value { return recent.code }
        if let c = lookup[s] {
            recent = (s, c)
            return c
        }
        let c = UInt32(values.count)
        values.append(s)
        lookup[s] = c
        recent = (s, c)
        return c
    }

    /// The code of an existing value, or nil when no row holds it.
    public func existingCode(_ s: String) -> UInt32? { lookup[s] }

    public subscript(i: Int) -> String { values[Int(codes[i])] }

    public mutating func set(_ i: Int, _ s: String) { codes[i] = code(for: s) }

    /// Appends every value of `other`, in order, its codes translated to this column's.
    public mutating func append(contentsOf other: CategoricalColumn) {
        let translated = other.values.map { code(for: $0) }
        codes.reserveCapacity(codes.count + other.codes.count)
        for c in other.codes { codes.append(translated[Int(c)]) }
    }

    public static func == (a: CategoricalColumn, b: CategoricalColumn) -> Bool {
        a.codes == b.codes && a.values == b.values
    }

    public func permuted(_ order: [UInt32]) -> CategoricalColumn {
        var out = self
        out.codes = order.map { codes[Int($0)] }
        return out
    }

    public var memoryBytes: Int { codes.capacity * 4 + values.reduce(0) { $0 + $1.utf8.count + 16 } * 2 }
}

/// A named extra column the contract does not define. Kept so that nothing a user gave is lost
/// and written back on export.
public struct AttributeColumn: Sendable, Equatable {
    public var name: String
    public var values: StringColumn
    /// What the values are, as the file they came from declared (see `AttributeType`).
    public var type: AttributeType
    public init(name: String, values: StringColumn, type: AttributeType = .text) {
        self.name = name
        self.values = values
        self.type = type
    }

    /// The rows reordered by `order`, name and type kept.
    func permuted(_ order: [UInt32]) -> AttributeColumn {
        AttributeColumn(name: name, values: values.permuted(order), type: type)
    }
}
