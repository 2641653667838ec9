/// A problem met while reading a CSV input.
///
/// Lines and columns are 1-based; columns count bytes of the UTF-8 text within the physical line
/// (for a Windows-1252 input, bytes of its UTF-8 transcoding). The message does not name the
/// file: the caller prints `path:line:col: error: message`.
public enum CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read at all.
    case unreadable(path: String, reason: String)
    /// A quoted field is still open at the end of the file; `line`/`column` locate its opening quote.
    /// The reader has skipped to the line after the one where the quote opened: reject the row and
    /// call `next(into:)` again.
    case unterminatedQuote(line: Int, column: Int)
    /// A character after a closing quote that is neither the delimiter nor a line break
    /// (`"ab"c`); `line`/`column` locate that character. The reader has skipped to the end of
    /// that physical line: reject the row and call `next(into:)` again.
    case badQuote(line: Int, column: Int)
    /// A field longer than `limit` bytes; `line`/`column` locate the field's start. The reader has
    /// consumed the whole record: reject the row and call `next(into:)` again.
    case fieldTooLarge(line: Int, column: Int, limit: Int)

    /// The 1-based line and column the error points at, when it has one.
    public var location: (line: Int, column: Int)? {
        switch self {
        case .unreadable: return nil
        case .unterminatedQuote(let line, let column),
             .badQuote(let line, let column),
             .fieldTooLarge(let line, let column, _):
            return (line, column)
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .unterminatedQuote(let line, let column):
            return "quoted field opened at line \(line), column \(column) is never closed"
        case .badQuote(let line, let column):
            return "unexpected character after a closing quote at line \(line), column \(column) (expected the delimiter or the end of the line)"
        case .fieldTooLarge(let line, let column, let limit):
            return "field at line \(line), column \(column) is larger than \(limit) bytes"
        }
    }
}
