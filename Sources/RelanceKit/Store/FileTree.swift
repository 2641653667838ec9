#if canImport(Glibc)
import Glibc
#endif

/// Directory operations on plain paths: creating and removing trees,
/// listing the files a stage must read, and the file attributes that count as
/// inputs (size, modification time).
public enum FileTree {
    /// Creates `path` and any missing parents (mode 0755). No error if it
    /// already exists as a directory.
    public static func createDirectories(_ path: String) throws(StoreError) {
        if path.isEmpty || isDirectory(path) { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix = join(prefix, String(component))
            if mkdir(prefix, 0o755) == 0 { continue }
            let code = Glibc.errno
            if code == EEXIST {
                if isDirectory(prefix) { continue }
                throw StoreError(path: prefix, operation: "create directory", errno: ENOTDIR)
            }
            throw StoreError(path: prefix, operation: "create directory", errno: code)
        }
    }

    /// Removes a file or a whole directory tree; symbolic links are removed,
    /// never followed. No error if `path` does not exist.
    public static func removeTree(_ path: String) throws(StoreError) {
        var info = stat()
        if lstat(path, &info) != 0 {
            if Glibc.errno == ENOENT { return }
            throw StoreError.last(path, "stat")
        }
        if isDirectoryMode(info.st_mode) {
            let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if fd < 0 { throw StoreError.last(path, "open directory") }
            try removeContents(of: fd, path: path)
            if rmdir(path) != 0 && Glibc.errno != ENOENT {
                throw StoreError.last(path, "remove directory")
            }
        } else if unlink(path) != 0 && Glibc.errno != ENOENT {
            throw StoreError.last(path, "remove")
        }
    }

    /// Whether something exists at `path` (following symbolic links).
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Whether `path` is a directory (following symbolic links).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && isDirectoryMode(info.st_mode)
    }

    /// The regular files under `root`, recursively, as paths relative to
    /// `root` joined with `/`, sorted by their UTF-8 bytes. Every file or
    /// directory whose name starts with `.` is skipped (temporary files of
    /// atomic writes, editors' and systems' hidden files). Symbolic links to
    /// regular files, and broken links, are listed; links to directories are not followed.
    /// Names that are not valid UTF-8 are decoded with U+FFFD replacements.
    public static func listFiles(under root: String) throws(StoreError) -> [String] {
        var result: [String] = []
        try collectFiles(directory: root, relative: "", into: &result)
        result.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return result
    }

    /// Renames `from` to `to`, replacing `to` if it is a file or an empty
    /// directory. Does not sync the directory.
    public static func rename(_ from: String, _ to: String) throws(StoreError) {
        if Glibc.rename(from, to) != 0 {
            throw StoreError.last(from, "rename to \(to)")
        }
        CrashPoint.passed()
    }

    /// The size in bytes of the file at `path`, or nil if it cannot be stat'ed.
    public static func fileSize(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    /// The modification time of `path` as seconds and nanoseconds since the
    /// Unix epoch (UTC), or nil if it cannot be stat'ed.
    public static func modificationTime(_ path: String) -> (seconds: Int64, nanoseconds: Int64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec))
    }

    // MARK: - Paths

    /// `directory/name`, without doubling a `/`.
    static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The directory part of `path`: `"."` for a bare name, `"/"` for a top-level entry.
    static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    /// The last component of `path`.
    static func name(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// The names in a directory, except `.` and `..`, as raw bytes (no NUL).
    static func entryNames(_ path: String) throws(StoreError) -> [[UInt8]] {
        guard let directory = opendir(path) else { throw StoreError.last(path, "open directory") }
        defer { closedir(directory) }
        return try readNames(directory, path: path)
    }

    // MARK: - Private

    private static func isDirectoryMode(_ mode: mode_t) -> Bool {
        mode & S_IFMT == S_IFDIR
    }

    private static func isRegularMode(_ mode: mode_t) -> Bool {
        mode & S_IFMT == S_IFREG
    }

    private static func isLinkMode(_ mode: mode_t) -> Bool {
        mode & S_IFMT == S_IFLNK
    }

    private static func readNames(_ directory: OpaquePointer, path: String) throws(StoreError) -> [[UInt8]] {
        var names: [[UInt8]] = []
        while true {
            Glibc.errno = 0
            guard let entry = readdir(directory) else {
                if Glibc.errno != 0 { throw StoreError.last(path, "read directory") }
                return names
            }
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw -> [UInt8] in
                let length = raw.firstIndex(of: 0) ?? raw.count
                return Array(raw[0..<length])
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
    }

    /// Empties the directory open at `fd` (which this call closes), working
    /// on raw names relative to the descriptor so that no name is mangled.
    private static func removeContents(of fd: Int32, path: String) throws(StoreError) {
        guard let directory = fdopendir(fd) else {
            let failure = StoreError.last(path, "open directory")
            _ = Glibc.close(fd)
            throw failure
        }
        defer { closedir(directory) }
        // Read every name before unlinking: changing a directory while
        // reading it may skip entries.
        let names = try readNames(directory, path: path)
        for name in names {
            let shown = join(path, String(decoding: name, as: UTF8.self))
            var cName = name.map { CChar(bitPattern: $0) }
            cName.append(0)
            var info = stat()
            if fstatat(fd, cName, &info, AT_SYMLINK_NOFOLLOW) != 0 {
                if Glibc.errno == ENOENT { continue }
                throw StoreError.last(shown, "stat")
            }
            if isDirectoryMode(info.st_mode) {
                let child = openat(fd, cName, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                if child < 0 { throw StoreError.last(shown, "open directory") }
                try removeContents(of: child, path: shown)
                if unlinkat(fd, cName, AT_REMOVEDIR) != 0 && Glibc.errno != ENOENT {
                    throw StoreError.last(shown, "remove directory")
                }
            } else if unlinkat(fd, cName, 0) != 0 && Glibc.errno != ENOENT {
                throw StoreError.last(shown, "remove")
            }
        }
    }

    private static func collectFiles(directory: String, relative: String, into result: inout [String]) throws(StoreError) {
        for raw in try entryNames(directory) {
            if raw.first == 0x2E { continue }
            let name = String(decoding: raw, as: UTF8.self)
            let full = join(directory, name)
            let rel = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            if lstat(full, &info) != 0 { throw StoreError.last(full, "stat") }
            if isLinkMode(info.st_mode) {
                // A link to nothing is listed, so that reading it reports it rather than it vanishing unseen.
                if stat(full, &info) != 0 || isRegularMode(info.st_mode) { result.append(rel) }
            } else if isDirectoryMode(info.st_mode) {
                try collectFiles(directory: full, relative: rel, into: &result)
            } else if isRegularMode(info.st_mode) {
                result.append(rel)
            }
        }
    }
}
