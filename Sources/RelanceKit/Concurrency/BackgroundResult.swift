import Dispatch

/// A value computed on another thread while this one goes on, taken with `wait()`.
final class BackgroundResult<R: Sendable>: @unchecked Sendable {
    // Written once by the worker before `leave()`, read only after `wait()`: the group orders the two.
    private var value: R?
    private let group = DispatchGroup()

    /// Starts `work` on `queue`: a serial queue of its own runs several in turn, in the order given.
    init(on queue: DispatchQueue = .global(), _ work: @escaping @Sendable () -> R) {
        group.enter()
        queue.async {
            self.value = work()
            self.group.leave()
        }
    }

    /// Blocks until the value is computed.
    func wait() -> R {
        group.wait()
        return value!
    }
}
