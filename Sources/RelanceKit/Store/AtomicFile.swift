#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Whole-file writes that are all-or-nothing: the bytes go to a temporary
/// file in the same directory (`.NAME.tmp-PID-COUNTER`, a dot-file that
/// readers skip), which is fsynced and renamed over the destination, and the
/// directory is fsynced so that the rename itself survives a crash.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically (see the type's documentation).
    /// - Parameter syncDirectory: fsync the containing directory after the
    ///   rename; pass `false` only when the caller syncs it once for many files.
    /// - Parameter syncFile: fsync the file before the rename; pass `false` only when the caller makes
    ///   a whole batch durable at once (`BatchSync.syncFileSystem`) before anything refers to it.
    public static func write(_ bytes: [UInt8], to path: String, syncDirectory: Bool = true, syncFile: Bool = true) throws(StoreError) {
        let file = try AtomicFileWriter(path: path)
        try file.append(bytes)
        try file.commit(syncFile: syncFile, syncDirectory: syncDirectory)
    }

    /// Writes the UTF-8 bytes of `text` to `path` atomically.
    public static func write(_ text: String, to path: String) throws(StoreError) {
        try write(Array(text.utf8), to: path)
    }

    /// Puts the content of `source`, a file already written and made durable by this module, at
    /// `path` as atomically as `write` would: a report published to the outbox, a stage's history
    /// becoming the state. A hard link (to a temporary name, renamed over `path`) when both are on
    /// one file system, so hundreds of MB are neither read nor written again; a copy otherwise.
    /// Sound because no file this module writes is ever changed in place: a later write of either
    /// name replaces it with a new file, and the other name keeps the old content.
    public static func publish(_ source: String, to path: String, syncDirectory: Bool = true) throws(StoreError) {
        let temporary = AtomicFileWriter.temporaryPath(for: path)
        guard Glibc.link(source, temporary) == 0 else {
            // Another file system (EXDEV), or one without hard links: the bytes are copied.
            try write(try readBytes(source), to: path, syncDirectory: syncDirectory)
            return
        }
        if Glibc.rename(temporary, path) != 0 {
            let error = StoreError.last(temporary, "rename to \(path)")
            _ = unlink(temporary)
            throw error
        }
        // When `path` already was this very file (a stage re-run), rename does nothing and leaves
        // the temporary name behind.
        _ = unlink(temporary)
        if syncDirectory { try self.syncDirectory(FileTree.parent(of: path)) }
        CrashPoint.passed()
    }

    /// Whether two files hold the same bytes (an inbox file dropped twice), read a megabyte at a
    /// time from each: comparing them costs a fraction of hashing or parsing them. False when
    /// either cannot be read.
    static func sameContent(_ a: String, _ b: String) -> Bool {
        guard let fa = try? openRetrying(a, O_RDONLY | O_CLOEXEC) else { return false }
        defer { _ = Glibc.close(fa) }
        guard let fb = try? openRetrying(b, O_RDONLY | O_CLOEXEC) else { return false }
        defer { _ = Glibc.close(fb) }
        let chunk = 1 << 20
        let x = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        let y = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer {
            x.deallocate()
            y.deallocate()
        }
        while true {
            let n = readFully(fa, x), m = readFully(fb, y)
            guard n >= 0, n == m else { return false }
            if n == 0 { return true }
            if memcmp(x.baseAddress!, y.baseAddress!, n) != 0 { return false }
        }
    }

    /// Reads until `buffer` is full or the file ends, looping on short reads and `EINTR`; -1 on an error.
    private static func readFully(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = Glibc.read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            if n > 0 {
                filled += n
            } else if n == 0 {
                break
            } else if Glibc.errno != EINTR {
                return -1
            }
        }
        return filled
    }

    /// fsyncs a directory, making renames and creations in it durable.
    /// File systems that cannot sync directories (`EINVAL`) are tolerated.
    public static func syncDirectory(_ path: String) throws(StoreError) {
        try syncPath(path, directory: true)
    }

    /// fsyncs a file or directory by path.
    static func syncPath(_ path: String, directory: Bool) throws(StoreError) {
        let flags = directory ? (O_RDONLY | O_DIRECTORY | O_CLOEXEC) : (O_RDONLY | O_CLOEXEC)
        let fd = try openRetrying(path, flags)
        defer { _ = Glibc.close(fd) }
        if fsync(fd) != 0 {
            let code = Glibc.errno
            if code != EINVAL {
                throw StoreError(path: path, operation: "fsync", errno: code)
            }
        }
    }

    /// The whole content of a file, read straight into the array (no bounce buffer: a 300 MB ledger
    /// is copied once, by the kernel).
    public static func readBytes(_ path: String) throws(StoreError) -> [UInt8] {
        try read(path, upTo: Int.max)
    }

    /// The first `limit` bytes of a file (fewer when it is shorter): enough to tell its kind.
    public static func readPrefix(_ path: String, count limit: Int) throws(StoreError) -> [UInt8] {
        try read(path, upTo: limit)
    }

    private static func read(_ path: String, upTo limit: Int) throws(StoreError) -> [UInt8] {
        let fd = try openRetrying(path, O_RDONLY | O_CLOEXEC)
        defer { _ = Glibc.close(fd) }
        var info = stat()
        var expected = 64 * 1024
        if fstat(fd, &info) == 0, info.st_size > 0 { expected = Int(info.st_size) }
        var result: [UInt8] = []
        var failure: Int32 = 0
        // One byte more than the size announced, so that reaching the end needs no second pass.
        var capacity = min(limit, expected + 1)
        while failure == 0 {
            let before = result.count
            let room = capacity - before
            var more = [UInt8](unsafeUninitializedCapacity: room) { buffer, initialized in
                initialized = 0
                while initialized < room {
                    let count = Glibc.read(fd, buffer.baseAddress! + initialized, room - initialized)
                    if count > 0 {
                        initialized += count
                    } else if count == 0 {
                        return
                    } else if Glibc.errno != EINTR {
                        failure = Glibc.errno
                        return
                    }
                }
            }
            let filled = more.count == room
            if before == 0 { swap(&result, &more) } else { result.append(contentsOf: more) }
            // A file that grew while being read: read on, by doubling, up to the limit.
            guard filled, result.count < limit else { break }
            capacity = min(limit, max(capacity * 2, 64 * 1024))
        }
        if failure != 0 { throw StoreError(path: path, operation: "read", errno: failure) }
        return result
    }

    /// Writes every byte, looping on partial writes and `EINTR`.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(StoreError) {
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written >= 0 {
                    offset += written
                } else if Glibc.errno != EINTR {
                    failure = Glibc.errno
                    return
                }
            }
        }
        if failure != 0 { throw StoreError(path: path, operation: "write", errno: failure) }
    }

    /// `open` that retries on `EINTR`.
    static func openRetrying(_ path: String, _ flags: Int32, _ mode: mode_t = 0o644) throws(StoreError) -> Int32 {
        while true {
            let fd = open(path, flags, mode)
            if fd >= 0 { return fd }
            if Glibc.errno != EINTR { throw StoreError.last(path, "open") }
        }
    }
}
