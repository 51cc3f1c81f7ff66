import Foundation

extension Array where Element: Sendable {
    /// `map` on all cores, for per-item work that dominates (string normalisation of tens of
    /// thousands of names); results in the original order.
    /// - Complexity: O(n) work split over the active cores.
    func parallelMap<T>(_ transform: @Sendable (Element) -> T) -> [T] {
        let n = count
        let workers = Machine.cores
        guard n >= 1024, workers > 1 else { return map(transform) }
        return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            let output = SendableBuffer(buffer)
            let chunks = workers * 4
            self.withUnsafeBufferPointer { input in
                let source = SendableBuffer(UnsafeMutableBufferPointer(mutating: input))
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    for i in (n * c / chunks)..<(n * (c + 1) / chunks) {
                        (output.buffer.baseAddress! + i).initialize(to: transform(source.buffer[i]))
                    }
                }
            }
            initialized = n
        }
    }
}

extension Array where Element: Sendable {
    /// `map` with one task per element, all at once: for a few large pieces of work (the pieces
    /// of a file, each worker's share of the seeds); results in the original order.
    func concurrentMap<T>(_ transform: @Sendable (Element) -> T) -> [T] {
        let n = count
        guard n > 1 else { return map(transform) }
        return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            let output = SendableBuffer(buffer)
            self.withUnsafeBufferPointer { input in
                let source = SendableBuffer(UnsafeMutableBufferPointer(mutating: input))
                DispatchQueue.concurrentPerform(iterations: n) { i in
                    (output.buffer.baseAddress! + i).initialize(to: transform(source.buffer[i]))
                }
            }
            initialized = n
        }
    }
}

/// Hands a buffer to concurrent workers that each write only their own element.
struct SendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
