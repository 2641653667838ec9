/// A data row of an inbox CSV, read through its column match: values by canonical name, rejects that
/// name the file, the line, the header of the column and the raw row.
struct InputRow {
    let file: String
    let match: ColumnMatch
    var row = CSVRow()

    init(file: String, match: ColumnMatch) {
        self.file = file
        self.match = match
    }

    func has(_ name: String) -> Bool { match[name] != nil }

    /// The field of a canonical column, trimmed of surrounding spaces; "" when the column is absent.
    func text(_ name: String) -> String {
        text(at: match[name])
    }

    /// The field at a position found once per file (`match[name]`): a reader of a million rows
    /// looks its columns up once rather than by name for every field.
    func text(at index: Int?) -> String {
        guard let i = index else { return "" }
        return row.withTrimmedField(i) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the field at `index` is empty once trimmed (true when the column is absent), without
    /// making a string of it.
    func isBlank(at index: Int?) -> Bool {
        row.trimmedRange(index).map { $0.isEmpty } ?? text(at: index).isEmpty
    }

    /// The header text of a canonical column, for `rejects.csv`.
    func columnName(_ name: String) -> String {
        guard let i = match[name], i < match.header.count else { return name }
        return match.header[i]
    }

    func reject(_ code: String, column: String? = nil, _ message: String, severity: Reject.Severity = .error) -> Reject {
        Reject(file: file, line: row.line, column: column.map(columnName) ?? "", severity: severity,
               code: code, message: message, raw: row.rawText)
    }

    /// A row with more fields than the header (beyond trailing empty ones) or fewer than the header's
    /// named columns (`ColumnMatch.namedCount`) is rejected.
    func fieldCountReject() -> Reject? {
        if row.countIgnoringTrailingEmpty > match.header.count || row.count < match.namedCount {
            return Reject(file: file, line: row.line, column: "", code: "E_FIELD_COUNT",
                          message: "expected \(match.namedCount) fields as in the header, found \(row.count)", raw: row.rawText)
        }
        return nil
    }

    /// The column of field `index` for `rejects.csv`: its header text, else its 1-based position (`outputs.md`).
    func columnName(at index: Int) -> String {
        index < match.header.count && !match.header[index].isEmpty ? match.header[index] : String(index + 1)
    }

    /// Parses an amount column. `nil` with a reject when unreadable; `.success(nil)` when empty.
    func amount(_ name: String, minorDigits: Int, convention: DecimalConvention?) -> Result<ParsedAmount?, Reject> {
        amount(name, at: match[name], minorDigits: minorDigits, convention: convention)
    }

    /// `amount(_:…)` with the column's position already found.
    func amount(_ name: String, at index: Int?, minorDigits: Int, convention: DecimalConvention?) -> Result<ParsedAmount?, Reject> {
        Result { () throws(Reject) in try amountValue(name, at: index, minorDigits: minorDigits, convention: convention) }
    }

    /// `amount(_:at:…)` throwing its reject: a reader of a million rows makes no `Result` holding a
    /// `Reject` per field.
    func amountValue(_ name: String, at index: Int?, minorDigits: Int, convention: DecimalConvention?) throws(Reject) -> ParsedAmount? {
        guard let i = index, !row.isEmpty(i) else { return nil }
        let parsed = row.withField(i) { AmountParser.parse($0, minorDigits: minorDigits, convention: convention) }
        switch parsed {
        case .success(let p) where p.rounded:
            throw reject("E_BAD_AMOUNT", column: name, "amount `\(text(name))` has more decimals than the currency's \(minorDigits)")
        case .success(let p) where p.minorUnits.magnitude > Self.largestAmount:
            // A bound far above any invoice keeps every total of a run within Int64.
            throw reject("E_BAD_AMOUNT", column: name, "amount `\(text(name))` is larger than any invoice can be (the limit is 10 000 000 000 in the currency)")
        case .success(let p): return p
        case .failure(.ambiguousSeparator):
            throw reject("E_AMBIGUOUS_AMOUNT", column: name,
                         "amount `\(text(name))` could be read with `,` or `.` as the decimal separator and no other row of the file decides; set `decimal_separator` in [pipeline]")
        case .failure(.overflow):
            throw reject("E_BAD_AMOUNT", column: name, "amount `\(text(name))` is too large")
        case .failure(let e):
            throw reject("E_BAD_AMOUNT", column: name, "expected an amount such as 1234,56 or 1 234.56, found `\(text(name))` (\(e))")
        }
    }

    /// Parses a date column; `.success(nil)` when empty.
    func date(_ name: String, order: DateOrder) -> Result<CivilDate?, Reject> {
        date(name, at: match[name], order: order)
    }

    /// `date(_:order:)` with the column's position already found.
    func date(_ name: String, at index: Int?, order: DateOrder) -> Result<CivilDate?, Reject> {
        Result { () throws(Reject) in try dateValue(name, at: index, order: order) }
    }

    /// `date(_:at:order:)` throwing its reject (see `amountValue`).
    func dateValue(_ name: String, at index: Int?, order: DateOrder) throws(Reject) -> CivilDate? {
        guard let i = index, !row.isEmpty(i) else { return nil }
        switch row.withField(i, { CivilDate.parse($0, order: order) }) {
        case .success(let d): return d
        case .failure(.impossibleDate(let y, let m, let d)):
            throw reject("E_BAD_DATE", column: name, "`\(text(name))` is not a real date (\(y)-\(m)-\(d))")
        case .failure:
            throw reject("E_BAD_DATE", column: name, "expected a date such as 2026-11-20 or 20/11/2026, found `\(text(name))`")
        }
    }

    /// 10 000 000 000 in the currency's unit (for 2 minor digits): a million rows of it still add up within Int64.
    static let largestAmount: UInt64 = 1_000_000_000_000

    static func trimmed(_ s: String) -> String {
        guard let first = s.utf8.first, let last = s.utf8.last else { return s }
        if first != 0x20 && first != 0x09 && last != 0x20 && last != 0x09 { return s }
        return String(s.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

extension InputRow {
    /// How a file's amounts read (`inputs.md`: "the file's other rows decide, or the conf does"): the
    /// convention its own rows show, else the conf's `decimal_separator`, else none (an ambiguous
    /// `1,234` is then rejected).
    static func decimalConvention(reader: CSVReader, columns: [Int?], match: ColumnMatch,
                                  conf: DecimalConvention?) -> DecimalConvention? {
        detectConvention(reader.fromTheStart(), columns: columns.compactMap { $0 }, headerLine: match.line) ?? conf
    }

    /// Finds the decimal convention of a file's amounts from the first row that reveals it, so that an
    /// ambiguous `1,234` in another row is read the same way; nil when no row decides.
    /// Rows on or above `headerLine` (the header, and a bank export's block of account lines) are not read.
    static func detectConvention(_ reader: CSVReader, columns: [Int], headerLine: Int = 1) -> DecimalConvention? {
        guard !columns.isEmpty else { return nil }
        var row = CSVRow()
        var first = true
        while true {
            // A record the reader cannot read is passed over, as `readRows` rejects it and reads on.
            do { guard try reader.next(into: &row) else { break } } catch { continue }
            if first || row.line <= headerLine { first = false; continue }
            for c in columns where c < row.count && !row.isEmpty(c) {
                if case .success(let p) = row.withField(c, { AmountParser.parse($0, minorDigits: 2, convention: nil) }),
                   let conv = p.convention {
                    return conv
                }
            }
        }
        return nil
    }
}

extension InputRow {
    /// Reads every data row of `reader`, calling `parse` for each; a row the CSV reader cannot read
    /// (a bad quote, a quote never closed, a field too large), or whose parse throws, is counted and
    /// rejected, and the rows after it are read. (`parse` throws its reject rather than returning a
    /// `Result`, which would hold room for a `Reject` to make, copy and destroy for every row.)
    /// `keepsRecords` false: `parse` keeps the rows itself (the ledger snapshot), so no room is made here.
    static func readRows<T>(_ reader: CSVReader, file: String, match: ColumnMatch, into result: inout FileReadResult<T>,
                            keepsRecords: Bool = true, _ parse: (InputRow) throws(Reject) -> T?) {
        var input = InputRow(file: file, match: match)
        // Room for a record per line left (more than the rows when a quoted field spans lines), made
        // once: a bank export of a million lines is not grown by copies.
        if keepsRecords { result.records.reserveCapacity(result.records.count + reader.lineFeedsLeft()) }
        while true {
            do {
                guard try reader.next(into: &input.row) else { break }
            } catch {
                // Each error spoils one record only: it is counted and rejected, and reading goes on after it.
                result.rowsRead += 1
                result.rowsRejected += 1
                let line = error.location?.line ?? input.row.line
                switch error {
                case .badQuote:
                    // The faulty field is the last one the reader took; the message keeps the character's position.
                    result.rejects.append(Reject(file: file, line: line, column: input.columnName(at: max(0, input.row.count - 1)),
                                                 code: "E_BAD_QUOTE", message: "a quote must close a field: \(error)",
                                                 raw: input.row.rawText))
                case .unterminatedQuote:
                    // The open field is the one after those the reader took.
                    result.rejects.append(Reject(file: file, line: line, column: input.columnName(at: input.row.count),
                                                 code: "E_BAD_CSV", message: "\(error); the lines after it are read",
                                                 raw: input.row.rawText))
                default:
                    result.rejects.append(Reject(file: file, line: line, code: "E_BAD_CSV", message: error.description,
                                                 raw: input.row.rawText))
                }
                continue
            }
            // A row of delimiters only is a blank line whose columns a spreadsheet kept: ignored like one.
            if input.row.countIgnoringTrailingEmpty == 0 { continue }
            result.rowsRead += 1
            do throws(Reject) {
                if let record = try parse(input) { result.records.append(record) }
            } catch {
                result.rowsRejected += 1
                result.rejects.append(error)
            }
        }
    }
}
