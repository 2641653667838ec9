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

    /// Blocks until the value is computed and hands it over, keeping no reference to it: arrays in it
    /// can then be changed in place, not copied first.
    func take() -> R {
        group.wait()
        let taken = value!
        value = nil
        return taken
    }
}

/// Runs `other` on another thread while `body` runs on this one, for two independent pieces of work
/// such as writing two files of a stage folder. Both finish before either's error is thrown, so that
/// nothing is still writing when the caller cleans up; `other`'s error comes first.
func alongside<E: Error & Sendable>(_ other: @escaping @Sendable () throws(E) -> Void,
                                    _ body: () throws(E) -> Void) throws(E) {
    let done = BackgroundResult { Result { () throws(E) in try other() } }
    let mine = Result { () throws(E) in try body() }
    try done.wait().get()
    try mine.get()
}
