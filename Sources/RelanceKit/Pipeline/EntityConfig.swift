/// One legal entity of a pipeline (`[entity ID]` in `pipeline.conf`): who sends the reminders,
/// which bank accounts are its own, which law applies to penalties.
public struct EntityConfig: Sendable, Equatable {
    /// The id that `entity` columns hold, e.g. `FR`.
    public var id: String
    public var name: String
    /// `FR`, `BE`, `DE`, `NL`, `UK` or `EU`: selects penalty rules.
    public var jurisdiction: String
    /// The entity's own currency (min_amount, indemnity).
    public var currency: Currency
    public var sender: MailAddress?
    public var replyTo: MailAddress?
    public var phone: String
    /// Its bank accounts, normalised (upper case, no spaces): bank files naming them belong to it.
    public var ibans: [String]
    public var bic: String
    /// Postal address lines (the conf separates them with `|`).
    public var address: [String]
    /// Terms for documents and customers that state none (`default_terms`; `30 jours` when absent or
    /// empty). Always readable by `PaymentTerms(parsing:)`: the conf refuses any other text.
    public var defaultTerms: String
    /// How `N jours fin de mois` is read: `a` = date + N then end of month, `b` = end of month + N.
    public var endOfMonthMethod: EndOfMonthMethod
    public var defaultPlan: String
    /// Files under `inbox/FOLDER/` belong to this entity.
    public var inboxFolder: String?
    /// The ledger already contains every bank line up to this date (`inputs.md`, Snapshots).
    public var bankBookedUntil: CivilDate?
    /// 1-based line of the `[entity ID]` header in the conf (messages of `relance check`).
    public var line: Int = 0
    /// 1-based line of `default_plan` in the conf, else of the header.
    public var defaultPlanLine: Int = 0
    /// `tolerance` in its section: the write-off tolerance of its documents, in hundredths of the currency
    /// unit; nil = the pipeline's `[matching] tolerance` (reconcile.md: "the tolerance configured per entity").
    public var toleranceHundredths: Int64? = nil

    /// The terms of an entity whose conf gives none (spec `aging.md`: 30 days).
    public static let defaultTerms = "30 jours"
}

/// The two readings of "N jours fin de mois" (`aging.md`).
public enum EndOfMonthMethod: String, Sendable {
    /// Document date + N days, then the end of that month.
    case a
    /// End of the document's month, then + N days.
    case b
}
