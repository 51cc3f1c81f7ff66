/// Scratch memory for a kernel: a fixed number of plain values in one allocation, owned by this
/// object and freed with it.
///
/// Kernels that want raw memory (a breadth-first search's levels, a parser's field bounds, the
/// residual vectors of a solver) take it from here rather than pairing `allocate` with
/// `deallocate` by hand: the memory cannot leak on an early return or a throw, cannot be freed
/// twice, and the pointer is handed out only inside `withUnsafeMutableBufferPointer`, so it
/// cannot outlive its owner. Elements are `BitwiseCopyable`, so nothing needs deinitialising.
///
/// A reference type, so that a struct holding one can be copied cheaply; copies share the
/// memory (check `isKnownUniquelyReferenced` before writing, as `FieldBounds` does). Sendable
/// because kernels hand one to the thread that fills it; two threads must not write one at once.
final class ScratchBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    fileprivate let base: UnsafeMutablePointer<Element>
    let count: Int

    /// `count` copies of `value`.
    init(repeating value: Element, count: Int) {
        precondition(count >= 0, "a scratch buffer cannot have a negative size")
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: value, count: count)
    }

    /// `count` elements left as the allocator gives them, for a queue or a visit order whose
    /// slots are always written before they are read: a kernel on a million nodes then touches
    /// (and the system zeroes) only the pages it uses. Plain values, so any bytes are a value.
    init(unwrittenCount count: Int) {
        precondition(count >= 0, "a scratch buffer cannot have a negative size")
        self.count = count
        base = .allocate(capacity: max(count, 1))
    }

    deinit { base.deallocate() }

    /// Element `i`. Checked in debug builds only: this sits in inner loops, whose indices the
    /// kernel has bounded already.
    @inline(__always)
    subscript(i: Int) -> Element {
        get {
            assert(i >= 0 && i < count, "scratch index \(i) outside 0..<\(count)")
            return base[i]
        }
        set {
            assert(i >= 0 && i < count, "scratch index \(i) outside 0..<\(count)")
            base[i] = newValue
        }
    }

    /// Sets every element to `value` (a kernel reusing its buffer for the next source).
    func fill(with value: Element) {
        base.update(repeating: value, count: count)
    }

    /// Calls `body` with the whole buffer; the pointer is valid only inside `body`.
    @inline(__always)
    func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeMutableBufferPointer(start: base, count: count))
    }
}

/// Calls `body` with the base pointers of several scratch buffers at once: a kernel's inner loop
/// over levels, path counts and a queue reads raw memory, and the pointers are valid only inside
/// `body` (the buffers, arguments of this call, live until it returns). One call rather than a
/// closure per buffer nested four deep.
@inline(__always)
func withScratchPointers<each Element: BitwiseCopyable, Result>(
    _ buffers: repeat ScratchBuffer<each Element>,
    body: (repeat UnsafeMutablePointer<each Element>) throws -> Result
) rethrows -> Result {
    try body(repeat (each buffers).base)
}
