/// The header line of an inbox CSV, found where it is: French and Belgian bank exports put a block
/// of lines above the real header (account number, period, opening balance…).
///
/// The first line is the header when it names every column of a kind (`InputKind.isComplete`);
/// otherwise the line `[bank_csv] header_line` names, when given; otherwise the first of the first
/// `searchedLines` lines that does. When none does, the first line stands, and the caller reports what
/// it lacks. Line numbers are the file's: rows, rejects and the manifest count the block's lines too.
struct HeaderLine {
    /// 1-based line of the header in the file.
    var line: Int
    /// The header's cells, trimmed.
    var names: [String]
    var kind: InputKind
    /// The columns found, `line` set to the header's line; nil for an unknown kind.
    var match: ColumnMatch?
    /// The cells of the lines above the header (empty when it is the first line).
    var block: [String] = []

    /// How far down a header is looked for.
    static let searchedLines = 30

    /// Reads the header from `reader`, leaving it on the first data row. `first` is the file's first
    /// record, already read.
    static func find(_ reader: CSVReader, first: CSVRow, config: PipelineConfig) -> HeaderLine {
        func read(_ row: CSVRow) -> HeaderLine {
            let names = (0..<row.count).map { InputRow.trimmed(row.string($0)) }
            var (kind, match) = InputKind.classify(header: names, overrides: config.columnOverrides,
                                                   bankOverrides: config.bankCSV.columns)
            match?.line = row.line
            return HeaderLine(line: row.line, names: names, kind: kind, match: match)
        }
        let top = read(first)
        if InputKind.isComplete(top.kind, top.match) { return top }

        var row = CSVRow()
        var found: HeaderLine? = nil
        if let forced = config.bankCSV.headerLine {
            if forced > first.line, reader.restart(atLine: forced), (try? reader.next(into: &row)) == true {
                found = read(row)
            }
        } else {
            var line = first.line + 1
            while line <= searchedLines, found == nil, reader.restart(atLine: line) {
                do {
                    guard try reader.next(into: &row), row.line <= searchedLines else { break }
                    let candidate = read(row)
                    if InputKind.isComplete(candidate.kind, candidate.match) { found = candidate }
                    line = row.line + 1
                } catch {
                    line += 1  // a block line with a stray quote is no header
                }
            }
        }
        guard var header = found else {
            reader.restart(atLine: first.line)
            _ = try? reader.next(into: &row)
            return top
        }
        // The block's cells (an IBAN in them names the account), then back to the header's delimiter.
        if reader.restart(atLine: first.line) {
            while (try? reader.next(into: &row)) == true, row.line < header.line {
                header.block += row.strings().map(InputRow.trimmed).filter { !$0.isEmpty }
            }
        }
        reader.restart(atLine: header.line)
        _ = try? reader.next(into: &row)
        return header
    }
}
