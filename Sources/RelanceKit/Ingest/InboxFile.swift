/// A file found in the inbox, with what the manifest records of it.
public struct InboxFile: Sendable {
    /// Path relative to the inbox, with `/` separators: how every report names the file.
    public var relativePath: String
    public var absolutePath: String
    public var size: Int64
    /// Modification time (seconds, nanoseconds): inputs too, since the newer ledger file wins a duplicate.
    public var modified: (seconds: Int64, nanoseconds: Int64)
    /// The entity its folder maps to (`inbox_folder`), if any.
    public var folderEntity: String?
    /// Its bytes: mapped for a CSV or FEC (`FileBytes.mapped(path:)`), the first 4 KB of a statement,
    /// which the statements' worker reads whole.
    public var text: FileBytes
}

/// One line of the run's manifest: a file read, and what came of it.
public struct ManifestEntry: Sendable, Equatable {
    public var file: String
    public var size: Int64
    public var sha256: String
    public var modified: String
    public var kind: InputKind
    public var encoding: String
    public var delimiter: String
    public var entity: String
    public var rowsRead: Int
    public var rowsRejected: Int
    /// `ok`, or `rejected` when the whole file was rejected.
    public var status: String
    /// Bank lines of this file already read from another (the same file twice, overlapping statements,
    /// a CAMT and a CSV export of the same account): counted once, not from this file.
    public var duplicates = 0
}
