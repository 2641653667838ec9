/// One cell of a CSV line Relance writes.
public enum CSVCell: Sendable, Equatable {
    /// Free text: guarded against spreadsheet formulas.
    case text(String)
    /// An already formatted number (`1234.56`, `-12.00`, `30`): never altered, except the decimal
    /// point in the French Excel style.
    case number(String)
    case empty
}

/// Builds CSV bytes in the dialects of spec/outputs.md.
///
/// `.machine`: UTF-8 without BOM, `,` separator, LF line ends, RFC 4180 quoting (a field is quoted
/// only when it contains the separator, `"`, CR or LF, or starts or ends with a space).
/// `.frenchExcel` (the `*.xls.csv` copies): a UTF-8 BOM first, `;` separator, CRLF line ends, and
/// decimal commas in `.number` cells.
///
/// In both, a `.text` cell starting with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'` so that a
/// spreadsheet never runs it as a formula. Write to a file in chunks with `removeAllBytes()`.
public struct CSVWriter: Sendable {
    public enum Style: Sendable {
        case machine
        case frenchExcel
    }

    public let style: Style
    /// What has been written so far.
    public private(set) var bytes: [UInt8]

    private let separator: UInt8
    private let decimalComma: Bool

    public init(style: Style = .machine) {
        self.style = style
        bytes = []
        bytes.reserveCapacity(64 << 10)
        switch style {
        case .machine:
            separator = comma
            decimalComma = false
        case .frenchExcel:
            separator = semicolon
            decimalComma = true
            bytes.append(contentsOf: [0xEF, 0xBB, 0xBF])
        }
    }

    /// Writes the header line; names are written as they are (no formula guard).
    public mutating func writeHeader(_ names: [String]) {
        for (index, name) in names.enumerated() {
            if index > 0 { bytes.append(separator) }
            appendField(name, guardFormula: false, decimalComma: false)
        }
        endLine()
    }

    public mutating func writeRow(_ cells: [CSVCell]) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { bytes.append(separator) }
            switch cell {
            case .text(let text): appendField(text, guardFormula: true, decimalComma: false)
            case .number(let number): appendField(number, guardFormula: false, decimalComma: decimalComma)
            case .empty: break
            }
        }
        endLine()
    }

    /// Writes a row whose cells are all `.number` (verbatim: quoted when needed, never prefixed),
    /// without building the cells.
    public mutating func writeRow(verbatim cells: [String]) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { bytes.append(separator) }
            appendField(cell, guardFormula: false, decimalComma: decimalComma)
        }
        endLine()
    }

    /// Writes a row whose cells are all `.text`.
    public mutating func writeRow(texts: [String]) {
        for (index, text) in texts.enumerated() {
            if index > 0 { bytes.append(separator) }
            appendField(text, guardFormula: true, decimalComma: false)
        }
        endLine()
    }

    /// Writes the fields `columns` of a row read from another CSV file, without making strings of
    /// them (a report copying a stage file's columns): `numbers[k]` makes the k-th a `.number` cell,
    /// the others are `.text` cells. The bytes are those of `writeRow` with the same values.
    public mutating func writeRow(copying row: CSVRow, columns: [Int], numbers: [Bool]) {
        for (k, i) in columns.enumerated() {
            if k > 0 { bytes.append(separator) }
            let number = numbers[k]
            row.withField(i) { appendField(bytes: $0, guardFormula: !number, decimalComma: number && decimalComma) }
        }
        endLine()
    }

    // A row written cell by cell (a stage file's rows, without an array of strings per row).

    mutating func appendSeparator() {
        bytes.append(separator)
    }

    /// A cell as `writeRow(verbatim:)` writes it.
    mutating func appendVerbatim(_ text: String) {
        appendField(text, guardFormula: false, decimalComma: decimalComma)
    }

    /// `appendVerbatim(_:)` of a text given as its UTF-8 bytes.
    mutating func appendVerbatim(bytes: UnsafeBufferPointer<UInt8>) {
        appendField(bytes: bytes, guardFormula: false, decimalComma: decimalComma)
    }

    /// A cell whose bytes `body` appends as they are: only for values that never need quoting
    /// (digits, `-`, `.`) in the machine style.
    mutating func appendUnquoted(_ body: (inout [UInt8]) -> Void) {
        body(&bytes)
    }

    /// Empties `bytes` keeping its capacity (after handing them to a file); the BOM is not
    /// written again.
    public mutating func removeAllBytes() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// Ends a row (also one written cell by cell).
    mutating func endLine() {
        if style == .frenchExcel { bytes.append(cr) }
        bytes.append(lf)
    }

    /// A text cell starting with one of `= + - @` TAB CR would be read as a formula by a spreadsheet:
    /// it is written after an apostrophe (outputs.md).
    static func startsFormula(_ byte: UInt8) -> Bool {
        byte == 0x3D || byte == 0x2B || byte == 0x2D || byte == 0x40 || byte == 0x09 || byte == 0x0D
    }

    /// A text cell as it was before the formula guard (`'=T-4` → `=T-4`), for the files Relance reads back.
    static func unguarded(_ text: String) -> String {
        guard text.utf8.count >= 2, text.utf8.first == apostrophe, startsFormula(text.utf8.dropFirst().first!) else { return text }
        return String(text.dropFirst())
    }

    private mutating func appendField(_ text: String, guardFormula: Bool, decimalComma: Bool) {
        var text = text
        text.withUTF8 { appendField(bytes: $0, guardFormula: guardFormula, decimalComma: decimalComma) }
    }

    private mutating func appendField(bytes u: UnsafeBufferPointer<UInt8>, guardFormula: Bool, decimalComma: Bool) {
        guard let first = u.first, let last = u.last else { return }
        let guarded = guardFormula && Self.startsFormula(first)
        var needsQuotes = first == 0x20 || last == 0x20
        var hasNUL = false
        // One pass over the field; most bytes are none of these five.
        for b in u where b == separator || b == quote || b == cr || b == lf || b == 0 {
            if b == 0 { hasNUL = true } else { needsQuotes = true }
        }
        if !needsQuotes && !guarded && !decimalComma && !hasNUL {
            bytes.append(contentsOf: u)
            return
        }
        if needsQuotes { bytes.append(quote) }
        if guarded { bytes.append(apostrophe) }
        // A NUL from the data is dropped: no spreadsheet or tool reading a report expects one.
        for b in u where b != 0 {
            if b == quote {
                bytes.append(quote)
                bytes.append(quote)
            } else if decimalComma && b == 0x2E {
                bytes.append(comma)
            } else {
                bytes.append(b)
            }
        }
        if needsQuotes { bytes.append(quote) }
    }
}

private let comma: UInt8 = 0x2C
private let semicolon: UInt8 = 0x3B
private let quote: UInt8 = 0x22
private let apostrophe: UInt8 = 0x27
private let lf: UInt8 = 0x0A
private let cr: UInt8 = 0x0D
