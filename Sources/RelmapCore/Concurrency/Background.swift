import Dispatch

/// Work started on another thread at once; `value` waits for its result.
final class Background<T: Sendable>: @unchecked Sendable {
    private var result: T?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> T) {
        DispatchQueue.global(qos: .userInitiated).async {
            self.result = work()
            self.done.signal()
        }
    }

    /// Blocks until the work is done.
    var value: T {
        done.wait()
        defer { done.signal() }  // later reads return at once
        return result!
    }
}
