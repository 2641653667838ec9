#if canImport(Glibc)
import Glibc
#endif

// Many small files made durable at once. Writing a file, fsyncing it, and syncing its directory costs
// two disk flushes per file; for 100 000 e-mails that is most of the run. A batch instead writes its
// files plainly, then makes them all durable with one `syncfs` of their file system (data and the
// directory entries), before anything that refers to them (the journal) is written. Until that sync
// the files may vanish in a crash, which is why a batch's journal events always come after it.

/// `syncfs(2)`, which Glibc's Swift module does not export: a plain C function taking and returning an int.
@_silgen_name("syncfs")
private func systemSyncfs(_ fd: Int32) -> Int32

/// Writes whose durability is deferred to one sync of the whole batch.
public enum BatchSync {
    /// Creates (or truncates) `path` and writes `bytes` to it, without fsync: the file is durable
    /// only after `syncFileSystem(containing:files:)`. Counts as one write for the crash tests.
    public static func write(_ bytes: [UInt8], to path: String) throws(StoreError) {
        let fd = try AtomicFile.openRetrying(path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o644)
        do throws(StoreError) {
            try AtomicFile.writeAll(fd, bytes, path: path)
        } catch {
            _ = Glibc.close(fd)
            throw error
        }
        if Glibc.close(fd) != 0 { throw StoreError.last(path, "close") }
        CrashPoint.passed()
    }

    /// Makes everything written so far on the file system of `directory` durable (`syncfs`). Where
    /// `syncfs` fails, each of `files` and `directory` itself are fsync'd instead.
    public static func syncFileSystem(containing directory: String, files: [String]) throws(StoreError) {
        let fd = try AtomicFile.openRetrying(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        let status = systemSyncfs(fd)
        _ = Glibc.close(fd)
        if status == 0 { return }
        for f in files { try AtomicFile.syncPath(f, directory: false) }
        try AtomicFile.syncDirectory(directory)
    }
}
