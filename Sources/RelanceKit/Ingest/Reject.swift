/// A rejected input row, a file rejected whole, or a warning: one line of `rejects.csv`
/// (`file, line, column, severity, code, message, raw`).
public struct Reject: Error, Sendable, Equatable {
    public enum Severity: String, Sendable {
        case error, warning
    }
    /// File relative to the inbox.
    public var file: String
    /// 1-based line; 0 when the whole file is concerned.
    public var line: Int
    /// The header name when known, else the 1-based column index, else empty.
    public var column: String
    public var severity: Severity
    /// A stable code, e.g. `E_BAD_AMOUNT` (documented in the README).
    public var code: String
    public var message: String
    /// The row as in the file.
    public var raw: String

    public init(file: String, line: Int, column: String = "", severity: Severity = .error, code: String,
                message: String, raw: String = "") {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.code = code
        self.message = message
        self.raw = raw
    }

    /// `file:line: error: message` for terminals.
    public var diagnostic: String {
        var s = file
        if line > 0 { s += ":" + String(line) }
        s += ": " + severity.rawValue + ": " + message
        if !column.isEmpty { s += " (column " + column + ")" }
        return s
    }
}
