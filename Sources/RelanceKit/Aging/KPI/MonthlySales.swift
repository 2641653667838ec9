/// Credit sales invoiced in one calendar month, in one currency: the history countback DSO reads.
public struct MonthlySales: Sendable, Equatable {
    /// The first day of the month (any day of the month is accepted and normalised to the 1st).
    public var month: CivilDate
    /// Invoiced amount of the month, minor units (credit notes already netted).
    public var amount: Int64

    public init(month: CivilDate, amount: Int64) {
        self.month = month.firstOfMonth
        self.amount = amount
    }
}
