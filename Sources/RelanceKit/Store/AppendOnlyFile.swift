#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A file that only grows, one complete line at a time (the journal).
/// Opened `O_APPEND`, so every `append` lands at the end even if another
/// descriptor wrote in between. A crash in the middle of a write can leave a
/// torn last line (no final `\n`): `hadTornTail` reports it and
/// `repairTornTail(path:)` cuts it off.
public final class AppendOnlyFile: @unchecked Sendable {
    /// The file's path.
    public let path: String
    /// The file existed, was not empty and did not end with `\n` when opened.
    public let hadTornTail: Bool

    private let mutex = NSLock()
    private var fd: Int32

    /// Opens (creating if needed) `path` for appending. When the file is
    /// created, its directory is fsynced so that the file survives a crash.
    /// Nothing is written here, even when the tail is torn.
    public init(path: String) throws(StoreError) {
        self.path = path
        var info = stat()
        let existed = stat(path, &info) == 0
        let fd = try AtomicFile.openRetrying(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        self.fd = fd
        if !existed {
            do {
                try AtomicFile.syncDirectory(FileTree.parent(of: path))
            } catch {
                _ = Glibc.close(fd)
                throw error
            }
        }
        hadTornTail = AppendOnlyFile.endsWithoutNewline(path)
    }

    /// Appends `bytes` (callers pass whole lines ending with `\n`), looping
    /// on partial writes. Does not fsync: call `sync()`.
    public func append(_ bytes: [UInt8]) throws(StoreError) {
        mutex.lock()
        defer { mutex.unlock() }
        guard fd >= 0 else { throw StoreError(path: path, operation: "append", errno: EBADF) }
        try AtomicFile.writeAll(fd, bytes, path: path)
    }

    /// fsyncs what was appended so far.
    public func sync() throws(StoreError) {
        mutex.lock()
        defer { mutex.unlock() }
        guard fd >= 0 else { throw StoreError(path: path, operation: "fsync", errno: EBADF) }
        if fsync(fd) != 0 { throw StoreError.last(path, "fsync") }
        CrashPoint.passed()
    }

    /// Closes the file. Idempotent; later appends fail with `EBADF`.
    public func close() {
        mutex.lock()
        defer { mutex.unlock() }
        guard fd >= 0 else { return }
        _ = Glibc.close(fd)
        fd = -1
    }

    deinit {
        close()
    }

    /// Truncates the file just after its last `\n` (to empty if it has
    /// none) and fsyncs it. Does nothing to a file that already ends with
    /// `\n` or is empty. Missing files are an error.
    public static func repairTornTail(path: String) throws(StoreError) {
        let fd = try AtomicFile.openRetrying(path, O_RDWR | O_CLOEXEC)
        defer { _ = Glibc.close(fd) }
        var info = stat()
        if fstat(fd, &info) != 0 { throw StoreError.last(path, "stat") }
        let size = Int64(info.st_size)
        var end = size  // bytes [0, end) are still to search, backwards
        var keep: Int64 = 0
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        search: while end > 0 {
            let start = max(0, end - Int64(chunk.count))
            let wanted = Int(end - start)
            let count = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, wanted, off_t(start)) }
            if count < 0 {
                if Glibc.errno == EINTR { continue }
                throw StoreError.last(path, "read")
            }
            if count != wanted { throw StoreError(path: path, operation: "read", errno: EIO) }
            if let index = chunk[0..<wanted].lastIndex(of: 0x0A) {
                keep = start + Int64(index) + 1
                break search
            }
            end = start
        }
        if keep == size { return }
        if ftruncate(fd, off_t(keep)) != 0 { throw StoreError.last(path, "truncate") }
        if fsync(fd) != 0 { throw StoreError.last(path, "fsync") }
    }

    /// Whether the file is non-empty and its last byte is not `\n`.
    private static func endsWithoutNewline(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { _ = Glibc.close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return false }
        var last: UInt8 = 0
        let count = pread(fd, &last, 1, off_t(info.st_size - 1))
        return count == 1 && last != 0x0A
    }
}
