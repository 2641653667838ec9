/// Receivables at the end of a month and the credit sales of that month, as the state keeps them
/// for the CEI (one currency, one scope: a customer, an entity or the pipeline).
public struct MonthEndSnapshot: Sendable, Equatable {
    /// The first day of the month (any day is accepted and normalised to the 1st).
    public var month: CivilDate
    /// All open receivables at the month's end, minor units.
    public var totalReceivables: Int64
    /// The part of them in the `not_due` bucket at the month's end (`AgedItem.isCurrent`: credits
    /// not yet due and unapplied credits net it, as in best possible DSO), minor units.
    public var currentReceivables: Int64
    /// Credit sales invoiced during the month, minor units.
    public var salesOfMonth: Int64

    public init(month: CivilDate, totalReceivables: Int64, currentReceivables: Int64, salesOfMonth: Int64) {
        self.month = month.firstOfMonth
        self.totalReceivables = totalReceivables
        self.currentReceivables = currentReceivables
        self.salesOfMonth = salesOfMonth
    }
}
