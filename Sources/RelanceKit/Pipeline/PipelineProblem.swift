/// One problem of a pipeline's configuration (its conf, plans or templates) as `relance check` and
/// `relance run` report it: the file, the 1-based line and column (0 when unknown), the message.
/// The conf, plan and template errors each have their own type; this is where they meet, so that
/// they can be printed together in file and line order.
public struct PipelineProblem: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// 1-based; 0 when the file itself is the problem.
    public var line: Int
    /// 1-based, in Unicode scalars; 0 when only the line is known.
    public var column: Int
    public var message: String

    public init(path: String, line: Int, column: Int = 0, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    public init(_ error: ConfError) {
        self.init(path: error.path, line: error.line, message: error.message)
    }

    public init(_ error: TemplateLoadError) {
        self.init(path: error.path, line: error.line, column: error.column, message: error.message)
    }

    public init(_ error: TemplateError) {
        self.init(path: error.template, line: error.line, column: error.column, message: error.message)
    }

    /// `PATH:LINE:COL: error: MESSAGE`, without `:COL` when the column is 0 and without `:LINE` when
    /// the line is 0: the same text as the error it came from.
    public var description: String {
        var place = path
        if line > 0 { place += ":\(line)" }
        if line > 0 && column > 0 { place += ":\(column)" }
        return place + ": error: " + message
    }

    /// Sorted by file, then line, then column; problems at the same place keep the order they were found in.
    public static func inFileOrder(_ problems: [PipelineProblem]) -> [PipelineProblem] {
        problems.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.path != y.path { return x.path < y.path }
            if x.line != y.line { return x.line < y.line }
            if x.column != y.column { return x.column < y.column }
            return a.offset < b.offset
        }.map(\.element)
    }
}
