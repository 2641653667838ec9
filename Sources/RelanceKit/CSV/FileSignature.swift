#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What tells a file changed: its device and inode, size and modification time. A mapped inbox file
/// rewritten in place to the same size or longer raises no SIGBUS, but the rows read from it would mix
/// two versions: the ingest stage compares each mapped file with what it was when mapped before it
/// commits its folder, and stops if one was written to (`writtenSince`).
public struct FileSignature: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let modifiedSeconds: Int64
    let modifiedNanoseconds: Int64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Darwin)
        modifiedSeconds = Int64(info.st_mtimespec.tv_sec)
        modifiedNanoseconds = Int64(info.st_mtimespec.tv_nsec)
        #else
        modifiedSeconds = Int64(info.st_mtim.tv_sec)
        modifiedNanoseconds = Int64(info.st_mtim.tv_nsec)
        #endif
    }

    /// Whether the file at `path` is the same file (device and inode) written to since it had this
    /// signature. A file deleted, or replaced by another renamed over it as `inputs.md` asks, leaves
    /// the mapped one whole: not written to.
    func writtenSince(path: String) -> Bool {
        guard let now = Self.of(path: path), now.device == device, now.inode == inode else { return false }
        return now != self
    }

    /// The signature of the file at `path` now; nil when it cannot be read.
    static func of(path: String) -> FileSignature? {
        var info = stat()
        return stat(path, &info) == 0 ? FileSignature(info) : nil
    }
}
