#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// An atomic write (see `AtomicFile`), its bytes given in one piece (`AtomicFile.write`) or appended
/// as they come (a stage file of a million rows, never built whole in memory): they go to a temporary
/// file beside the destination, and `commit` fsyncs it and renames it over the destination. Until
/// then the destination is untouched; a writer dropped without `commit`, or whose commit failed,
/// removes its temporary file.
final class AtomicFileWriter {
    let path: String
    private let temporary: String
    private var fd: Int32
    private var committed = false

    init(path: String) throws(StoreError) {
        self.path = path
        while true {
            let candidate = Self.temporaryPath(for: path)
            let fd = open(candidate, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
            if fd >= 0 {
                self.fd = fd
                self.temporary = candidate
                return
            }
            let code = Glibc.errno
            if code == EEXIST || code == EINTR { continue }
            throw StoreError(path: candidate, operation: "create", errno: code)
        }
    }

    /// A name beside `path` that no other writer of this process uses: `.NAME.tmp-PID-COUNTER`, a
    /// dot-file that readers skip.
    static func temporaryPath(for path: String) -> String {
        FileTree.join(FileTree.parent(of: path), ".\(FileTree.name(of: path)).tmp-\(getpid())-\(temporaryCounter.next())")
    }

    func append(_ bytes: [UInt8]) throws(StoreError) {
        try AtomicFile.writeAll(fd, bytes, path: temporary)
    }

    /// Makes the file durable and puts it in place.
    /// - Parameter syncFile: fsync the file before the rename; `false` only when the caller makes a
    ///   whole batch durable at once (`BatchSync.syncFileSystem`) before anything refers to it.
    /// - Parameter syncDirectory: fsync the directory after the rename; `false` only when the caller
    ///   syncs it once for many files.
    func commit(syncFile: Bool = true, syncDirectory: Bool) throws(StoreError) {
        if syncFile, fsync(fd) != 0 { throw StoreError.last(temporary, "fsync") }
        let closed = Glibc.close(fd)
        fd = -1
        if closed != 0 { throw StoreError.last(temporary, "close") }
        if Glibc.rename(temporary, path) != 0 { throw StoreError.last(temporary, "rename to \(path)") }
        committed = true
        if syncDirectory { try AtomicFile.syncDirectory(FileTree.parent(of: path)) }
        CrashPoint.passed()
    }

    deinit {
        if fd >= 0 { _ = Glibc.close(fd) }
        if !committed { _ = unlink(temporary) }
    }
}

/// Distinguishes the temporary files of concurrent writers in one process.
private final class TemporaryCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

private let temporaryCounter = TemporaryCounter()
