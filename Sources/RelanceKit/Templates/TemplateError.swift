/// A problem in a template, at the 1-based line and column of the tag's `{{`.
public struct TemplateError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// `{{` with no `}}`.
        case unterminatedTag
        /// `{{#name}}` or `{{^name}}` with no `{{/name}}`.
        case unclosedSection(String)
        /// `{{/name}}` with no open section.
        case unexpectedClose(String)
        /// `{{/found}}` while `expected` is the innermost open section.
        case mismatchedClose(expected: String, found: String)
        /// A name that resolves to nothing (at render time, or against a schema).
        case unknownField(String)
        /// `{{name|formatter}}` with a formatter other than short, iso, plain, upper.
        case unknownFormatter(String)
        /// `{{}}`, `{{#}}`, `{{ }}`.
        case emptyTag
        /// `{{name}}` naming a list or a record, which has no text.
        case notPrintable(String)
    }

    public let kind: Kind
    /// The template's name as given to `Template.parse` (usually its path).
    public let template: String
    /// 1-based.
    public let line: Int
    /// 1-based, in Unicode scalars.
    public let column: Int

    public init(kind: Kind, template: String, line: Int, column: Int) {
        self.kind = kind
        self.template = template
        self.line = line
        self.column = column
    }

    public var message: String {
        switch kind {
        case .unterminatedTag: return "unterminated tag: `{{` without `}}`"
        case let .unclosedSection(name): return "section `\(name)` is never closed"
        case let .unexpectedClose(name): return "`{{/\(name)}}` closes no open section"
        case let .mismatchedClose(expected, found): return "`{{/\(found)}}` found where `{{/\(expected)}}` was expected"
        case let .unknownField(name): return "unknown field `\(name)`"
        case let .unknownFormatter(name): return "unknown formatter `\(name)` (expected short, iso, plain or upper)"
        case .emptyTag: return "empty tag"
        case let .notPrintable(name): return "`\(name)` is a list or a record: use it as a section"
        }
    }

    /// `TEMPLATE:LINE:COL: error: message`
    public var description: String { "\(template):\(line):\(column): error: \(message)" }
}
