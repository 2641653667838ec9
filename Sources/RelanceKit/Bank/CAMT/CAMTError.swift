/// Why a CAMT file was rejected (a file is taken whole or rejected whole). Rendered as
/// `file:line:col: error: message`.
public struct CAMTError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file as the caller named it.
    public var file: String
    /// 1-based line of the problem.
    public var line: Int
    /// 1-based column, in Unicode scalars.
    public var column: Int
    /// A plain sentence, no position.
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): error: \(message)" }
}

/// Something in an accepted CAMT file worth reporting (an amount rounded, a missing booking date).
public struct CAMTWarning: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based line and column.
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): warning: \(message)" }
}
