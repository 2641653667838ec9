/// A document that was settled, as the settlement history remembers it.
public struct SettlementRecord: Sendable, Equatable {
    public var documentDate: CivilDate
    public var dueDate: CivilDate
    /// The day the document was fully settled (FEC `DateLet`, or the booking date of the payment).
    public var settledOn: CivilDate
    /// The settled amount, minor units: the weight of the document in the averages.
    public var amount: Int64

    public init(documentDate: CivilDate, dueDate: CivilDate, settledOn: CivilDate, amount: Int64) {
        self.documentDate = documentDate
        self.dueDate = dueDate
        self.settledOn = settledOn
        self.amount = amount
    }

    /// Calendar days from the document date to the settlement.
    public var daysToPay: Int { settledOn - documentDate }
    /// Calendar days from the due date to the settlement; negative when paid early.
    public var daysLate: Int { settledOn - dueDate }
}
