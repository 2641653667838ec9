import Foundation

/// What a stage read and built, handed over when the stage is done, so that a stage *process* ends
/// without releasing it: at a million rows, releasing every string one by one takes half a second
/// that the operating system spends on nothing when the process exits. Only the stage executables
/// turn this on (`StageCommand`); in any other process (the tests, `relance check`) the values are
/// released as usual when the caller drops them.
public enum KeptUntilExit {
    /// Set once, by the stage executable, before its stage runs.
    public static func enable() {
        store.enable()
    }

    /// Keeps `values` until the process exits when enabled; nothing otherwise.
    static func keep(_ values: Any...) {
        store.keep(values)
    }

    private static let store = Store()

    private final class Store: @unchecked Sendable {
        private let lock = NSLock()
        private var enabled = false
        private var kept: [Any] = []

        func enable() {
            lock.lock()
            defer { lock.unlock() }
            enabled = true
        }

        func keep(_ values: [Any]) {
            lock.lock()
            defer { lock.unlock() }
            if enabled { kept.append(values) }
        }
    }
}
