// Store: the only place that touches the file system for durable state —
// atomic files, stage folders renamed into place, the pipeline lock, the
// append-only journal file. Everything here goes through Glibc directly so
// that every fsync and rename is explicit; it must never leave a
// half-written file or folder under its final name.

#if canImport(Glibc)
import Glibc
#endif

/// A failed system call on a path: which path, what we were doing, and the
/// `errno` the kernel returned.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The path the operation was about.
    public let path: String
    /// A verb phrase, e.g. `"open"`, `"rename to /x/y"`, `"fsync"`.
    public let operation: String
    /// The `errno` value reported by the failing call.
    public let errno: Int32

    public init(path: String, operation: String, errno: Int32) {
        self.path = path
        self.operation = operation
        self.errno = errno
    }

    /// `PATH: cannot OPERATION: strerror`
    public var description: String {
        "\(path): cannot \(operation): \(StoreError.message(for: errno))"
    }

    /// The text of `strerror` for a code.
    public static func message(for code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    /// An error for the current thread's `errno`.
    static func last(_ path: String, _ operation: String) -> StoreError {
        StoreError(path: path, operation: operation, errno: Glibc.errno)
    }
}
