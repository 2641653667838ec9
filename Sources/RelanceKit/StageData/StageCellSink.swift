/// Where a stage record puts its cells, in column order (`StageRecord.writeCells`): straight into a
/// stage file's bytes (`StageFileWriter`), or into strings (`StageCells`). One description of a
/// record's columns serves both; written to a file, a million rows make no array of strings, no
/// formatted amount and no line-number string per row.
///
/// A cell's bytes are those of its string written verbatim: a date is its ISO form, an amount its
/// `machineString`, a number its decimal digits, an empty date nothing.
protocol StageCellSink {
    mutating func cell(_ text: String)
    mutating func cell(_ date: CivilDate?)
    mutating func cell(_ amount: Money)
    mutating func cell(_ number: Int)
}

/// A record's cells as strings (for a record whose columns another record's extend, or a caller
/// that lays them out in another dialect).
struct StageCells: StageCellSink {
    private(set) var cells: [String] = []

    static func of<Record: StageRecord>(_ record: Record) -> [String] {
        var sink = StageCells()
        record.writeCells(to: &sink)
        return sink.cells
    }

    mutating func cell(_ text: String) { cells.append(text) }
    mutating func cell(_ date: CivilDate?) { cells.append(date?.iso ?? "") }
    mutating func cell(_ amount: Money) { cells.append(amount.machineString) }
    mutating func cell(_ number: Int) { cells.append(String(number)) }
}
