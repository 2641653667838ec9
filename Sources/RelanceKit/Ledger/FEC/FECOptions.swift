/// How a FEC is read: which accounts are receivables, which journals are sales, bank or misc,
/// the entity and currency the file belongs to, and the as-of date.
public struct FECOptions: Sendable {
    /// What kind of journal a line was booked in; decides what a credit line on a receivable is.
    public enum JournalKind: Sendable, Equatable {
        /// Sales: a credit is a credit note.
        case sales
        /// Bank or cash: a credit is a payment already booked.
        case bank
        /// Miscellaneous operations (`OD`): a credit is a credit adjustment, kept like a credit note.
        case misc
        /// Any other journal (opening entries `AN`, …): treated like `misc`.
        case other
    }

    /// Receivable accounts are those whose `CompteNum` starts with this (default `411`).
    public var receivablePrefix: String = "411"
    /// Journal codes of sales journals (exact, case-insensitive).
    public var salesJournals: [String] = ["VT", "VE"]
    /// Prefixes of bank and cash journal codes (`BQ`, `BQ1`, `BNK-SG`, …; case-insensitive).
    public var bankJournalPrefixes: [String] = ["BQ", "BNK"]
    /// Journal codes of miscellaneous-operations journals (exact, case-insensitive).
    public var miscJournals: [String] = ["OD"]
    /// The entity the file belongs to (`[entity ID]`).
    public var entity: String
    /// The currency of `Debit`/`Credit` (the entity's accounting currency).
    public var currency: Currency
    /// The date the receivables are taken at: lines booked after it are ignored, lettering
    /// dated after it does not count.
    public var asOf: CivilDate
    /// The conf's `bank_booked_until`: overrides the cut-off computed from the bank journals.
    public var bankBookedUntil: CivilDate?

    public init(receivablePrefix: String = "411", salesJournals: [String] = ["VT", "VE"],
                bankJournalPrefixes: [String] = ["BQ", "BNK"], miscJournals: [String] = ["OD"],
                entity: String, currency: Currency, asOf: CivilDate, bankBookedUntil: CivilDate? = nil) {
        self.receivablePrefix = receivablePrefix
        self.salesJournals = salesJournals
        self.bankJournalPrefixes = bankJournalPrefixes
        self.miscJournals = miscJournals
        self.entity = entity
        self.currency = currency
        self.asOf = asOf
        self.bankBookedUntil = bankBookedUntil
    }

    /// The kind of the journal `code` (blanks around ignored, case-insensitive). Sales and misc
    /// lists are checked before the bank prefixes.
    public func journalKind(_ code: String) -> JournalKind {
        let c = FECColumn.normalized(code)
        if salesJournals.contains(where: { $0.lowercased() == c }) { return .sales }
        if miscJournals.contains(where: { $0.lowercased() == c }) { return .misc }
        if bankJournalPrefixes.contains(where: { !$0.isEmpty && c.hasPrefix($0.lowercased()) }) { return .bank }
        return .other
    }
}
