import Glibc

/// The files stages hand to each other: machine CSV with a header line, so that a finance team can
/// open any stage's folder and see why a reminder went out. Cells are written verbatim (no
/// spreadsheet formula guard: Relance reads them back), amounts in minor-unit decimal form.
///
/// Rows go a megabyte at a time into the atomic temporary file: a million rows are never held as
/// one buffer (whose growth by doubling would briefly need twice the file's size). The file appears
/// at `path` on `commit`, whole; a writer dropped before leaves nothing.
struct StageFileWriter {
    private var csv = CSVWriter(style: .machine)
    private let file: AtomicFileWriter
    /// The first failure to write a megabyte, reported by `commit` (rows are added without `try`).
    private var failure: StoreError?

    init(columns: [String], path: String) throws(StoreError) {
        file = try AtomicFileWriter(path: path)
        csv.writeHeader(columns)
    }

    /// Cells given so far in the row being written cell by cell (`StageCellSink`).
    private var cellsInRow = 0

    mutating func row(_ cells: [String]) {
        csv.writeRow(verbatim: cells)
        if csv.bytes.count >= 1 << 20 { flush() }
    }

    /// A record's row, its cells written straight into the file's bytes.
    mutating func row<Record: StageRecord>(_ record: Record) {
        record.writeCells(to: &self)
        endRow()
    }

    /// Ends a row written cell by cell.
    mutating func endRow() {
        csv.endLine()
        cellsInRow = 0
        if csv.bytes.count >= 1 << 20 { flush() }
    }

    private mutating func flush() {
        if failure == nil {
            do throws(StoreError) { try file.append(csv.bytes) } catch { failure = error }
        }
        csv.removeAllBytes()
    }

    mutating func commit() throws(StoreError) {
        flush()
        if let failure { throw failure }
        try file.commit(syncDirectory: false)
    }
}

extension StageFileWriter: StageCellSink {
    mutating func cell(_ text: String) {
        separate()
        csv.appendVerbatim(text)
    }

    /// A text cell given as its UTF-8 bytes (a field of the inbox file, copied without making a string).
    mutating func cell(bytes: UnsafeBufferPointer<UInt8>) {
        separate()
        csv.appendVerbatim(bytes: bytes)
    }

    mutating func cell(_ date: CivilDate?) {
        separate()
        if let date { csv.appendVerbatim(date.iso) }
    }

    mutating func cell(_ amount: Money) {
        separate()
        csv.appendUnquoted { Money.appendMachineString(minorUnits: amount.minorUnits, minorDigits: amount.currency.minorDigits, to: &$0) }
    }

    mutating func cell(_ number: Int) {
        separate()
        csv.appendVerbatim(String(number))
    }

    private mutating func separate() {
        if cellsInRow > 0 { csv.appendSeparator() }
        cellsInRow += 1
    }
}

/// Reads a stage file by column name, with typed accessors whose errors name the file and line.
final class StageFileReader {
    let path: String
    private let reader: CSVReader
    private var indexes: [String: Int] = [:]
    private(set) var row = CSVRow()
    /// The last string read from each of the first columns (see `text`). A buffer rather than an
    /// array property: read for every field, it would be checked for exclusive access every time.
    private let previous = UnsafeMutableBufferPointer<String>.allocate(capacity: StageFileReader.cachedColumns)
    private static let cachedColumns = 64
    private var lastCurrency: Currency?

    init(path: String) throws(StageDataError) {
        self.path = path
        previous.initialize(repeating: "")
        do {
            reader = try CSVReader(contentsOf: path, delimiter: UInt8(ascii: ","), mapped: true)
            guard try reader.next(into: &row) else { throw StageDataError(path: path, line: 0, message: "empty stage file") }
        } catch let e as StageDataError {
            throw e
        } catch {
            throw StageDataError(path: path, line: 0, message: "cannot read: \(error)")
        }
        for i in 0..<row.count { indexes[row.string(i)] = i }
    }

    deinit {
        previous.deinitialize()
        previous.deallocate()
    }

    /// The index of a column; a missing column means the stage folder is from another version.
    func column(_ name: String) throws(StageDataError) -> Int {
        guard let i = indexes[name] else { throw StageDataError(path: path, line: 1, message: "missing column `\(name)`") }
        return i
    }

    /// The index of a column, nil when the file does not have it.
    func index(_ name: String) -> Int? { indexes[name] }

    func columns(_ names: [String]) throws(StageDataError) -> [Int] {
        var out: [Int] = []
        for n in names { out.append(try column(n)) }
        return out
    }

    /// The rows left to read, or more (a stage file's row ends with a line feed; a quoted text may hold some).
    func rowsLeftAtMost() -> Int { reader.lineFeedsLeft() }

    func next() throws(StageDataError) -> Bool {
        do {
            return try reader.next(into: &row)
        } catch {
            throw StageDataError(path: path, line: row.line, message: "\(error)")
        }
    }

    /// The field as a string. Stage files repeat a column's value from row to row (entity, currency,
    /// kind, customer, source file): the previous row's string is reused when the bytes are the same,
    /// which spares a million rows as many string allocations.
    func text(_ i: Int) -> String {
        guard i >= 0 && i < Self.cachedColumns else { return row.string(i) }
        let previous = self.previous
        return row.withField(i) { field in
            if previous[i].utf8.count == field.count {
                var last = previous[i]
                if last.withUTF8({ field.isEmpty || memcmp($0.baseAddress!, field.baseAddress!, field.count) == 0 }) { return last }
            }
            let text = String(decoding: field, as: UTF8.self)
            previous[i] = text
            return text
        }
    }

    func fail(_ message: String) -> StageDataError { StageDataError(path: path, line: row.line, message: message) }

    func date(_ i: Int) throws(StageDataError) -> CivilDate {
        guard let d = optionalDate(i) else { throw fail("expected a date, found `\(text(i))`") }
        return d
    }

    func optionalDate(_ i: Int) -> CivilDate? {
        row.isEmpty(i) ? nil : row.withField(i) { CivilDate(isoBytes: $0) }
    }

    func int(_ i: Int) throws(StageDataError) -> Int {
        guard let n = row.withField(i, Self.wholeNumber) else { throw fail("expected a whole number, found `\(text(i))`") }
        return n
    }

    /// `-?[0-9]+` as an Int, nil when anything else or too large.
    private static func wholeNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0, negative = false
        if bytes.first == 0x2D { negative = true; i = 1 }
        guard i < bytes.count else { return nil }
        var n = 0
        while i < bytes.count {
            let d = bytes[i] &- 0x30
            guard d < 10 else { return nil }
            let (times, o1) = n.multipliedReportingOverflow(by: 10)
            let (sum, o2) = negative ? times.subtractingReportingOverflow(Int(d)) : times.addingReportingOverflow(Int(d))
            guard !o1 && !o2 else { return nil }
            n = sum
            i += 1
        }
        return n
    }

    func currency(_ i: Int) throws(StageDataError) -> Currency {
        // Nearly every row has the previous row's currency: compared, not looked up again.
        if let last = lastCurrency, text(i) == last.code { return last }
        guard let c = Currency(code: text(i)) else { throw fail("expected a currency code, found `\(text(i))`") }
        lastCurrency = c
        return c
    }

    func money(_ i: Int, _ currency: Currency) throws(StageDataError) -> Money {
        let digits = currency.minorDigits
        // The stages' own form first; any other goes through the general parser.
        if let minor = row.withField(i, { Money.machineMinorUnits($0, minorDigits: digits) }) {
            return Money(minorUnits: minor, currency: currency)
        }
        let parsed = row.withField(i) { AmountParser.parse($0, minorDigits: digits, convention: .point) }
        guard case .success(let p) = parsed else { throw fail("expected an amount, found `\(text(i))`") }
        return Money(minorUnits: p.minorUnits, currency: currency)
    }
}

/// A record that a stage writes for the next one.
protocol StageRecord {
    static var stageColumns: [String] { get }
    /// Columns added after files without them were written (kept in the state, or a stage folder of an
    /// earlier version): a file without one reads it as empty (its index is -1).
    static var laterStageColumns: Set<String> { get }
    /// The cells in `stageColumns` order, as strings.
    var stageCells: [String] { get }
    /// Puts the cells, in `stageColumns` order, into `sink`: records written by the million give
    /// their cells this way, and their `stageCells` is `StageCells.of(self)`.
    func writeCells<Sink: StageCellSink>(to sink: inout Sink)
    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError)
}

extension StageRecord {
    static var laterStageColumns: Set<String> { [] }

    func writeCells<Sink: StageCellSink>(to sink: inout Sink) {
        for text in stageCells { sink.cell(text) }
    }

    static func write(_ records: [Self], to path: String) throws(StoreError) {
        var w = try StageFileWriter(columns: stageColumns, path: path)
        // Each record is lent to the writer in place: `for r in records` copies it, retaining and
        // releasing its dozen strings (a million rows: a second of one core in the large stages).
        records.withUnsafeBufferPointer { rows in
            for i in rows.indices { w.row(rows[i]) }
        }
        try w.commit()
    }

    static func read(_ path: String) throws(StageDataError) -> [Self] {
        let r = try StageFileReader(path: path)
        var c: [Int] = []
        for name in stageColumns {
            if laterStageColumns.contains(name) { c.append(r.index(name) ?? -1) } else { c.append(try r.column(name)) }
        }
        var out: [Self] = []
        out.reserveCapacity(r.rowsLeftAtMost())
        while try r.next() { out.append(try Self(stage: r, columns: c)) }
        return out
    }
}
