#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a folder is on a network share (NFS, SMB/CIFS, a FUSE mount such as sshfs, 9p, Ceph…),
/// from the kernel's table of mounts. The ingest stage maps the inbox's files only on a local file
/// system: a share's read error under a mapping comes late, as a SIGBUS that stops the stage, where
/// the spec has an unreadable file rejected (`E_UNREADABLE`) and the other files processed.
enum FileSystemKind {
    static func isNetworkShare(_ path: String) -> Bool {
        #if os(Linux)
        guard let resolved = realpath(path, nil) else { return false }
        let folder = String(cString: resolved)
        free(resolved)
        guard let table = try? AtomicFile.readBytes("/proc/self/mounts") else { return false }
        return isNetworkType(type(of: folder, inMounts: String(decoding: table, as: UTF8.self)))
        #else
        return false
        #endif
    }

    /// The file system type of the mount point that is the longest prefix of `folder` (an absolute
    /// path without links) in a table in the form of `/proc/self/mounts`.
    static func type(of folder: String, inMounts table: String) -> String {
        var best = (length: -1, type: "")
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count >= 3 else { continue }
            // Spaces in mount points are written \040 in the table.
            let point = String(fields[1].replacing("\\040", with: " "))
            let within = folder == point || point == "/" || folder.hasPrefix(point + "/")
            if within && point.count > best.length { best = (point.count, String(fields[2])) }
        }
        return best.type
    }

    static func isNetworkType(_ type: String) -> Bool {
        type.hasPrefix("fuse.") || ["nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "ceph", "glusterfs", "afs", "davfs"].contains(type)
    }
}
