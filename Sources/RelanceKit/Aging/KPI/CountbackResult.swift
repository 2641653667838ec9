/// A countback DSO and the months it was measured over.
public struct CountbackResult: Sendable, Equatable {
    /// Days sales outstanding in tenths of a day (737 = 73.7 days), rounded half-even once.
    public var tenths: Int
    /// The months whose sales were counted back, most recent first (first days of the months).
    /// The last one is the month taken pro rata, unless `exceedsHistory`.
    public var monthsUsed: [CivilDate]
    /// True when the receivables exceed every month of sales history: the figure is then the
    /// whole history's length, a lower bound of the true DSO.
    public var exceedsHistory: Bool

    public init(tenths: Int, monthsUsed: [CivilDate], exceedsHistory: Bool = false) {
        self.tenths = tenths
        self.monthsUsed = monthsUsed
        self.exceedsHistory = exceedsHistory
    }

    /// The oldest month used (the start of the period), nil when no month was needed.
    public var periodStart: CivilDate? { monthsUsed.last }
}
