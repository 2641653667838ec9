// Aging/KPI: the collection KPIs of aging.md (countback DSO, best possible DSO, ADD, days to pay
// and days late, late rate, CEI, trend, payer class, expected payment dates, cash-in forecast), as
// pure functions over amounts already grouped per customer, entity or pipeline and per currency.
// Never mixes currencies, never uses Double: amounts are Int64 minor units, products are Int128,
// and every figure is rounded half-even exactly once (days in tenths, rates in ten-thousandths).

/// Countback days sales outstanding (aging.md, KPIs).
public enum DSO {
    /// One calendar month of the countback: its sales and the days it counts for.
    public struct MonthOfSales: Sendable, Equatable {
        public var month: CivilDate?
        public var sales: Int64
        /// Calendar days the month counts for (the as-of's month: its 1st to the as-of, inclusive).
        public var days: Int

        public init(month: CivilDate? = nil, sales: Int64, days: Int) {
            self.month = month
            self.sales = sales
            self.days = days
        }
    }

    /// Countback DSO of `receivables` (minor units) as of `asOf`: the as-of's month counts from
    /// its 1st to the as-of (`asOf.day` days), each earlier month whole; each month's sales are
    /// subtracted going back until the receivables are exhausted, adding that month's days, the
    /// last month pro rata (days × remaining / sales). Months missing from `sales` count as months
    /// without sales; months after the as-of are ignored. Nil when there is no sales history.
    public static func countback(receivables: Int64, sales: [MonthlySales], asOf: CivilDate) -> CountbackResult? {
        let current = asOf.firstOfMonth
        // Most recent first, so that each month's sales are summed walking back, without a
        // dictionary per customer (a hundred thousand customers are counted back per run).
        let eligible = sales.filter { $0.month <= current }.sorted { $0.month > $1.month }
        guard let oldest = eligible.last?.month else { return nil }
        var months: [MonthOfSales] = []
        var next = 0
        var month = current
        var (year, monthNumber, _) = current.civil
        while month >= oldest {
            let days = month == current ? asOf.day : CivilDate.daysInMonth(year: year, month: monthNumber)
            var amount: Int64 = 0
            while next < eligible.count && eligible[next].month == month {
                amount += eligible[next].amount
                next += 1
            }
            months.append(MonthOfSales(month: month, sales: amount, days: days))
            // The month before, by its number: no date conversion per month of every customer.
            (year, monthNumber) = monthNumber == 1 ? (year - 1, 12) : (year, monthNumber - 1)
            month = CivilDate(daysSinceEpoch: Int32(CivilDate.daysFromCivil(year, monthNumber, 1)))
        }
        return countback(receivables: receivables, months: months)
    }

    /// The countback itself over explicit months (most recent first), for callers and tests that
    /// state each month's days (the textbook "30-day months"). Nil when `months` is empty.
    public static func countback(receivables: Int64, months: [MonthOfSales]) -> CountbackResult? {
        guard !months.isEmpty else { return nil }
        guard receivables > 0 else { return CountbackResult(tenths: 0, monthsUsed: []) }
        var remaining = Int128(receivables)
        var wholeDays = 0
        var used: [CivilDate] = []
        for m in months {
            if let month = m.month { used.append(month) }
            let sales = Int128(m.sales)
            if sales > 0 && remaining <= sales {
                // (whole + days × remaining / sales) × 10, over one denominator, rounded once.
                let numerator = (Int128(wholeDays) * sales + Int128(m.days) * remaining) * 10
                return CountbackResult(tenths: Int(HalfEven.divide(numerator, by: sales)), monthsUsed: used)
            }
            if sales > 0 { remaining -= sales }
            wholeDays += m.days
        }
        return CountbackResult(tenths: wholeDays * 10, monthsUsed: used, exceedsHistory: true)
    }

    /// Best possible DSO: the same countback on the current (not yet due) receivables only.
    public static func bestPossible(currentReceivables: Int64, sales: [MonthlySales], asOf: CivilDate) -> CountbackResult? {
        countback(receivables: currentReceivables, sales: sales, asOf: asOf)
    }

    /// Average days delinquent in tenths of a day: DSO − best possible DSO; nil without history.
    public static func addDays(dso: CountbackResult?, bestPossible: CountbackResult?) -> Int? {
        guard let dso, let bestPossible else { return nil }
        return dso.tenths - bestPossible.tenths
    }
}
