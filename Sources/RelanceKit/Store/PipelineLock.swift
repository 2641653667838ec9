#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Why the pipeline lock could not be taken.
public enum LockError: Error, Sendable, CustomStringConvertible {
    /// Another open of the lock file holds it; `pid` is what the file names
    /// (nil if it could not be read).
    case held(path: String, pid: Int32?)
    /// The lock file could not be created, opened, locked or written.
    case io(StoreError)

    public var description: String {
        switch self {
        case .held(let path, let pid?):
            return "\(path): another run holds the pipeline's lock (pid \(pid))"
        case .held(let path, nil):
            return "\(path): another run holds the pipeline's lock"
        case .io(let error):
            return error.description
        }
    }
}

/// The exclusive lock of one pipeline: an `flock` on a lock file that names
/// the holder's pid. The kernel drops the lock when its holder dies, so a
/// lock file left by a killed run is taken over silently (and reported in
/// `recoveredStalePid`).
public final class PipelineLock: @unchecked Sendable {
    /// The lock file.
    public let path: String
    /// The pid written into the lock file (this process).
    public let pid: Int32
    /// The pid a previous, no longer existing holder left in the file, if any.
    public let recoveredStalePid: Int32?

    private let mutex = NSLock()
    private var fd: Int32

    private init(path: String, fd: Int32, pid: Int32, recoveredStalePid: Int32?) {
        self.path = path
        self.fd = fd
        self.pid = pid
        self.recoveredStalePid = recoveredStalePid
    }

    /// Takes the lock without waiting: creates the lock file (and its
    /// directory) if needed, locks it with `flock(LOCK_EX|LOCK_NB)` and
    /// writes `PID\n` into it. Throws `.held` when another open holds it,
    /// even one in this same process.
    public static func acquire(path: String) throws(LockError) -> PipelineLock {
        do {
            try FileTree.createDirectories(FileTree.parent(of: path))
        } catch {
            throw .io(error)
        }
        let fd: Int32
        do {
            fd = try AtomicFile.openRetrying(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        } catch {
            throw .io(error)
        }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = Glibc.errno
            if code == EINTR { continue }
            let holder = code == EWOULDBLOCK ? readPid(fd) : nil
            _ = Glibc.close(fd)
            if code == EWOULDBLOCK { throw .held(path: path, pid: holder) }
            throw .io(StoreError(path: path, operation: "lock", errno: code))
        }

        let me = getpid()
        var stale: Int32? = nil
        if let previous = readPid(fd), previous != me, previous > 0,
           kill(previous, 0) != 0, Glibc.errno == ESRCH {
            stale = previous
        }
        do throws(StoreError) {
            if ftruncate(fd, 0) != 0 { throw StoreError.last(path, "truncate") }
            let text = Array("\(me)\n".utf8)
            let written = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
            if written != text.count { throw StoreError.last(path, "write") }
            _ = fsync(fd)
        } catch {
            _ = Glibc.close(fd)
            throw .io(error)
        }
        return PipelineLock(path: path, fd: fd, pid: me, recoveredStalePid: stale)
    }

    /// Releases the lock: empties the lock file (so the next holder does not
    /// see a stale pid) and closes it. Idempotent.
    public func release() {
        mutex.lock()
        defer { mutex.unlock() }
        guard fd >= 0 else { return }
        _ = ftruncate(fd, 0)
        _ = Glibc.close(fd)
        fd = -1
    }

    deinit {
        release()
    }

    /// The pid written in the lock file, if it holds one.
    private static func readPid(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        var digits = buffer[0..<count]
        while let last = digits.last, last == 0x0A || last == 0x0D || last == 0x20 { digits = digits.dropLast() }
        return Int32(String(decoding: digits, as: UTF8.self))
    }
}
