/// The files stages hand to each other: machine CSV with a header line, so that a finance team can
/// open any stage's folder and see why a reminder went out. Cells are written verbatim (no
/// spreadsheet formula guard: Relance reads them back), amounts in minor-unit decimal form.
struct StageFileWriter {
    private var csv = CSVWriter(style: .machine)

    init(columns: [String]) {
        csv.writeHeader(columns)
    }

    mutating func row(_ cells: [String]) {
        // `.number` is the writer's verbatim cell: quoted when needed, never prefixed.
        csv.writeRow(cells.map { .number($0) })
    }

    func write(to path: String) throws(StoreError) {
        try AtomicFile.write(csv.bytes, to: path, syncDirectory: false)
    }
}

/// Reads a stage file by column name, with typed accessors whose errors name the file and line.
final class StageFileReader {
    let path: String
    private let reader: CSVReader
    private var indexes: [String: Int] = [:]
    private(set) var row = CSVRow()

    init(path: String) throws(StageDataError) {
        self.path = path
        do {
            reader = try CSVReader(contentsOf: path, delimiter: UInt8(ascii: ","))
            guard try reader.next(into: &row) else { throw StageDataError(path: path, line: 0, message: "empty stage file") }
        } catch let e as StageDataError {
            throw e
        } catch {
            throw StageDataError(path: path, line: 0, message: "cannot read: \(error)")
        }
        for i in 0..<row.count { indexes[row.string(i)] = i }
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

    func next() throws(StageDataError) -> Bool {
        do {
            return try reader.next(into: &row)
        } catch {
            throw StageDataError(path: path, line: row.line, message: "\(error)")
        }
    }

    func text(_ i: Int) -> String { row.string(i) }

    func fail(_ message: String) -> StageDataError { StageDataError(path: path, line: row.line, message: message) }

    func date(_ i: Int) throws(StageDataError) -> CivilDate {
        guard let d = optionalDate(i) else { throw fail("expected a date, found `\(text(i))`") }
        return d
    }

    func optionalDate(_ i: Int) -> CivilDate? {
        row.isEmpty(i) ? nil : CivilDate(iso: text(i))
    }

    func int(_ i: Int) throws(StageDataError) -> Int {
        guard let n = Int(text(i)) else { throw fail("expected a whole number, found `\(text(i))`") }
        return n
    }

    func currency(_ i: Int) throws(StageDataError) -> Currency {
        guard let c = Currency(code: text(i)) else { throw fail("expected a currency code, found `\(text(i))`") }
        return c
    }

    func money(_ i: Int, _ currency: Currency) throws(StageDataError) -> Money {
        let parsed = row.withField(i) { AmountParser.parse($0, minorDigits: currency.minorDigits, convention: .point) }
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
    var stageCells: [String] { get }
    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError)
}

extension StageRecord {
    static var laterStageColumns: Set<String> { [] }

    static func write(_ records: [Self], to path: String) throws(StoreError) {
        var w = StageFileWriter(columns: stageColumns)
        for r in records { w.row(r.stageCells) }
        try w.write(to: path)
    }

    static func read(_ path: String) throws(StageDataError) -> [Self] {
        let r = try StageFileReader(path: path)
        var c: [Int] = []
        for name in stageColumns {
            if laterStageColumns.contains(name) { c.append(r.index(name) ?? -1) } else { c.append(try r.column(name)) }
        }
        var out: [Self] = []
        while try r.next() { out.append(try Self(stage: r, columns: c)) }
        return out
    }
}
