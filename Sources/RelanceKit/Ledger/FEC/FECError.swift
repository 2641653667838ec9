/// A FEC rejected whole or one of its lines rejected; each case carries its 1-based line and the
/// column's header text. Messages and codes are rendered here, in one place.
public enum FECError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No header line.
    case emptyFile
    /// Standard columns absent from the header (the file is rejected whole).
    case missingColumns(missing: [String], found: [String])
    /// A line with another number of fields than the header.
    case fieldCount(line: Int, expected: Int, found: Int)
    /// `Debit`, `Credit` or `Montant` unreadable, or beyond the range Relance sums exactly.
    case badAmount(line: Int, column: String, text: String, reason: String)
    /// `Sens` neither `D`/`C` nor `+1`/`-1`.
    case badSense(line: Int, column: String, text: String)
    /// `EcritureDate`, `PieceDate` or `DateLet` unreadable.
    case badDate(line: Int, column: String, text: String, reason: DateParseError)
    /// A value the line cannot do without (`EcritureDate`).
    case missingValue(line: Int, column: String)
    /// The CSV layer could not read the record (a stray quote, a huge field).
    case badRecord(CSVError)

    /// The stable code of `rejects.csv`.
    public var code: String {
        switch self {
        case .emptyFile: return "E_EMPTY_FILE"
        case .missingColumns: return "E_MISSING_COLUMN"
        case .fieldCount: return "E_FIELD_COUNT"
        case .badAmount, .badSense: return "E_BAD_AMOUNT"
        case .badDate: return "E_BAD_DATE"
        case .missingValue: return "E_MISSING_VALUE"
        case .badRecord(let error):
            if case .badQuote = error { return "E_BAD_QUOTE" }
            return "E_BAD_CSV"
        }
    }

    /// 1-based line; 0 for the whole file.
    public var line: Int {
        switch self {
        case .emptyFile, .missingColumns: return 0
        case .fieldCount(let line, _, _), .badAmount(let line, _, _, _), .badSense(let line, _, _),
             .badDate(let line, _, _, _), .missingValue(let line, _):
            return line
        case .badRecord(let error): return error.location?.line ?? 0
        }
    }

    /// The header text of the column concerned (or the 1-based byte column for a CSV error).
    public var column: String {
        switch self {
        case .emptyFile, .missingColumns, .fieldCount: return ""
        case .badAmount(_, let column, _, _), .badSense(_, let column, _), .badDate(_, let column, _, _),
             .missingValue(_, let column):
            return column
        case .badRecord(let error): return error.location.map { String($0.column) } ?? ""
        }
    }

    public var description: String {
        switch self {
        case .emptyFile:
            return "empty FEC: no header line"
        case let .missingColumns(missing, found):
            return "not a complete FEC: missing column" + (missing.count > 1 ? "s " : " ")
                + missing.joined(separator: ", ") + "; headers found: " + found.joined(separator: ", ")
        case let .fieldCount(_, expected, found):
            return "\(found) fields where the header has \(expected)"
        case let .badAmount(_, column, text, reason):
            return "\(column) `\(text)` is not an amount: \(reason)"
        case let .badSense(_, column, text):
            return "\(column) `\(text)` is neither D/C nor +1/-1"
        case let .badDate(_, column, text, reason):
            return "\(column) `\(text)` is not a date (YYYYMMDD): \(reason)"
        case let .missingValue(_, column):
            return "\(column) is empty"
        case .badRecord(let error):
            return error.description
        }
    }

    /// The `rejects.csv` line for this problem in `file`, with the row's text.
    public func reject(file: String, raw: String = "") -> Reject {
        Reject(file: file, line: line, column: column, code: code, message: description, raw: raw)
    }
}
