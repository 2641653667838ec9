/// The date up to which an entity's ledger already contains its bank (`inputs.md`, Snapshots):
/// bank lines booked on or before it are `already_booked` and change no balance.
public struct BankCutoff: Sendable, Equatable {
    public var entity: String
    /// nil: none, every bank line counts as new.
    public var date: CivilDate?
    /// Where it comes from: `conf`, `fec` or `none`.
    public var source: String

    public init(entity: String, date: CivilDate?, source: String) {
        self.entity = entity
        self.date = date
        self.source = source
    }
}

extension BankCutoff: StageRecord {
    static let stageColumns = ["entity", "bank_cutoff", "source"]
    var stageCells: [String] { [entity, date?.iso ?? "", source] }
    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        self.init(entity: r.text(c[0]), date: r.optionalDate(c[1]), source: r.text(c[2]))
    }
}
