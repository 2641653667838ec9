/// Collection effectiveness index per month (aging.md, KPIs).
public enum CEI {
    /// One month's index.
    public struct Month: Sendable, Equatable {
        /// The first day of the month.
        public var month: CivilDate
        /// The index in tenths of a percent (825 = 82.5), rounded half-even once; nil when the
        /// denominator is not positive (nothing was collectible).
        public var tenths: Int?

        public init(month: CivilDate, tenths: Int?) {
            self.month = month
            self.tenths = tenths
        }
    }

    /// `(opening + sales − closing total) / (opening + sales − closing current) × 100` for one
    /// month, in tenths of a percent; nil when the denominator is not positive.
    public static func index(opening: Int64, sales: Int64, closingTotal: Int64, closingCurrent: Int64) -> Int? {
        let collectible = Int128(opening) + Int128(sales)
        let denominator = collectible - Int128(closingCurrent)
        guard denominator > 0 else { return nil }
        return Int(HalfEven.divide((collectible - Int128(closingTotal)) * 1000, by: denominator))
    }

    /// The CEI of every month whose previous month has a snapshot (the opening receivables are
    /// the previous month's closing total), oldest first. Snapshots may come in any order.
    public static func monthly(_ snapshots: [MonthEndSnapshot]) -> [Month] {
        let sorted = snapshots.sorted { $0.month < $1.month }
        var result: [Month] = []
        for (previous, s) in zip(sorted, sorted.dropFirst()) where previous.month.adding(months: 1) == s.month {
            result.append(Month(month: s.month, tenths: index(opening: previous.totalReceivables, sales: s.salesOfMonth,
                                                              closingTotal: s.totalReceivables,
                                                              closingCurrent: s.currentReceivables)))
        }
        return result
    }
}
