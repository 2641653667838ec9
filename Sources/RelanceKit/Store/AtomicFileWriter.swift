#if canImport(Glibc)
import Glibc
#endif

/// An atomic write of a file too large to build in memory first (a stage file of a million rows):
/// bytes are appended to the same temporary file `AtomicFile` uses, and `commit` fsyncs and renames
/// it over the destination. Until then the destination is untouched; a writer dropped without
/// `commit` removes its temporary file.
final class AtomicFileWriter {
    let path: String
    private let temporary: String
    private var fd: Int32
    private var committed = false

    init(path: String) throws(StoreError) {
        self.path = path
        let directory = FileTree.parent(of: path)
        let name = FileTree.name(of: path)
        while true {
            let candidate = FileTree.join(directory, ".\(name).tmp-\(getpid())-\(AtomicFile.nextTemporaryNumber())")
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

    func append(_ bytes: [UInt8]) throws(StoreError) {
        try AtomicFile.writeAll(fd, bytes, path: temporary)
    }

    /// Makes the file durable and puts it in place (the directory is synced by the caller when asked).
    func commit(syncDirectory: Bool) throws(StoreError) {
        if fsync(fd) != 0 { throw StoreError.last(temporary, "fsync") }
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
