#if canImport(Glibc)
import Glibc
#endif

/// One stage's output folder in a run folder (`WORK/AS_OF/NN-stage/`).
///
/// A stage writes into a temporary sibling folder (`.NAME.tmp-PID`) and
/// commits it by renaming it into place, so a half-written stage folder never
/// exists under its final name. A second run of the same day moves the
/// earlier folder aside (`.NAME.old-PID`), renames the new one in, and then
/// deletes the old one. Leftovers of killed runs are dot-folders, which
/// readers skip and the next `begin()` removes.
public struct StageFolder: Sendable {
    /// The run folder, e.g. `WORK/2026-11-20`.
    public let runDirectory: String
    /// The stage folder's name, e.g. `01-ingest`.
    public let name: String

    public init(runDirectory: String, name: String) {
        self.runDirectory = runDirectory
        self.name = name
    }

    /// `runDirectory/name`: where the committed stage output lives.
    public var finalPath: String { FileTree.join(runDirectory, name) }

    /// Prepares a fresh, empty temporary folder to write the stage into and
    /// returns its path. Creates the run folder (and its parents) and removes
    /// `.NAME.tmp-*` and `.NAME.old-*` left by earlier killed runs. Callers
    /// must hold the pipeline lock.
    public func begin() throws(StoreError) -> String {
        try FileTree.createDirectories(runDirectory)
        try removeLeftovers()
        let temporary = FileTree.join(runDirectory, ".\(name).tmp-\(getpid())")
        if mkdir(temporary, 0o755) != 0 {
            throw StoreError.last(temporary, "create directory")
        }
        return temporary
    }

    /// Makes the folder returned by `begin()` the stage's output: fsyncs
    /// every file and folder in it, moves an existing final folder aside,
    /// renames the temporary folder to `finalPath`, fsyncs the run folder,
    /// and removes the old folder.
    public func commit(_ tempPath: String) throws(StoreError) {
        try syncTree(tempPath)
        let final = finalPath
        var aside: String? = nil
        var info = stat()
        if lstat(final, &info) == 0 {
            let old = FileTree.join(runDirectory, ".\(name).old-\(getpid())")
            try FileTree.removeTree(old)
            try FileTree.rename(final, old)
            aside = old
        } else if Glibc.errno != ENOENT {
            throw StoreError.last(final, "stat")
        }
        try FileTree.rename(tempPath, final)
        try AtomicFile.syncDirectory(runDirectory)
        if let aside {
            try FileTree.removeTree(aside)
        }
    }

    /// Removes this stage's temporary and moved-aside folders from earlier runs.
    private func removeLeftovers() throws(StoreError) {
        let temporaryPrefix = Array(".\(name).tmp-".utf8)
        let oldPrefix = Array(".\(name).old-".utf8)
        for raw in try FileTree.entryNames(runDirectory)
        where raw.starts(with: temporaryPrefix) || raw.starts(with: oldPrefix) {
            try FileTree.removeTree(FileTree.join(runDirectory, String(decoding: raw, as: UTF8.self)))
        }
    }

    /// fsyncs every regular file and directory under `path`, then `path` itself.
    private func syncTree(_ path: String) throws(StoreError) {
        for raw in try FileTree.entryNames(path) {
            let child = FileTree.join(path, String(decoding: raw, as: UTF8.self))
            var info = stat()
            if lstat(child, &info) != 0 { throw StoreError.last(child, "stat") }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: try syncTree(child)
            case S_IFREG: try AtomicFile.syncPath(child, directory: false)
            default: break
            }
        }
        try AtomicFile.syncDirectory(path)
    }
}
