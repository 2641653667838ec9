/// How a customer (or an entity, or the pipeline) pays: amount-weighted days to pay and days late
/// over the settlement history, the late rate and the trend (aging.md, KPIs).
///
/// Days are returned in tenths of a day (one decimal, rounded half-even once): 127 = 12.7 days.
public enum PaymentBehaviour {
    /// Records settled in the trailing 12 months: after `asOf` − 12 months, up to `asOf` inclusive.
    public static func trailingTwelveMonths(_ records: [SettlementRecord], asOf: CivilDate) -> [SettlementRecord] {
        let start = asOf.adding(months: -12)
        return records.filter { $0.settledOn > start && $0.settledOn <= asOf }
    }

    /// Amount-weighted average of `settledOn − documentDate` over the records settled in the
    /// trailing 12 months, in tenths of a day; nil when there are none.
    public static func avgDaysToPay(_ records: [SettlementRecord], asOf: CivilDate) -> Int? {
        weightedTenths(trailingTwelveMonths(records, asOf: asOf)) { $0.daysToPay }
    }

    /// Amount-weighted average of `settledOn − dueDate` (negative for early payers) over the
    /// records settled in the trailing 12 months, in tenths of a day; nil when there are none.
    public static func avgDaysLate(_ records: [SettlementRecord], asOf: CivilDate) -> Int? {
        daysLateSums(records, asOf: asOf).tenths
    }

    /// The sums behind `avgDaysLate`, unrounded: the payer class is decided on them.
    static func daysLateSums(_ records: [SettlementRecord], asOf: CivilDate) -> WeightedDays {
        var sum = WeightedDays()
        for r in trailingTwelveMonths(records, asOf: asOf) { sum.add(amount: r.amount, days: r.daysLate) }
        return sum
    }

    /// Overdue / open total in ten-thousandths (2500 = 25.00 %), rounded half-even; nil when
    /// the open total is not positive. Overdue credit notes net the overdue total and can make it
    /// negative: the rate is then 0, nothing being late (a share of receivables is never below 0).
    public static func lateRate(overdue: Int64, open: Int64) -> Int? {
        guard open > 0 else { return nil }
        return Int(HalfEven.divide(Int128(max(overdue, 0)) * 10_000, by: Int128(open)))
    }

    /// Average days late over documents settled in the last 90 days (after `asOf` − 90, up to
    /// `asOf`) against those settled in the 12 months before that window; `worsening` when the
    /// recent average is 10 days (100 tenths) or more above. Nil when either window is empty.
    public static func trend(_ records: [SettlementRecord], asOf: CivilDate) -> PaymentTrend? {
        let windowStart = asOf.adding(days: -90)
        let priorStart = windowStart.adding(months: -12)
        let recent = records.filter { $0.settledOn > windowStart && $0.settledOn <= asOf }
        let prior = records.filter { $0.settledOn > priorStart && $0.settledOn <= windowStart }
        guard let r = weightedTenths(recent, { $0.daysLate }),
              let p = weightedTenths(prior, { $0.daysLate }) else { return nil }
        return r - p >= 100 ? .worsening : nil
    }

    /// A customer's days to pay, days late, trend and last settlement, as the functions above give
    /// them, in one pass over its records and without their filtered copies.
    public struct Summary: Sendable, Equatable {
        public var avgDaysToPayTenths: Int?
        public var trend: PaymentTrend?
        public var lastSettledOn: CivilDate?
        /// The sums behind `avgDaysLateTenths`, unrounded, for the payer class.
        var daysLate = WeightedDays()
        public var avgDaysLateTenths: Int? { daysLate.tenths }
    }

    public static func summary(_ records: some Sequence<SettlementRecord>, asOf: CivilDate) -> Summary {
        let trailingStart = asOf.adding(months: -12)
        let windowStart = asOf.adding(days: -90)
        let priorStart = windowStart.adding(months: -12)
        var toPay = WeightedDays(), late = WeightedDays(), recent = WeightedDays(), prior = WeightedDays()
        var last: CivilDate?
        for r in records {
            if last.map({ r.settledOn > $0 }) ?? true { last = r.settledOn }
            guard r.settledOn <= asOf else { continue }
            if r.settledOn > trailingStart {
                toPay.add(amount: r.amount, days: r.daysToPay)
                late.add(amount: r.amount, days: r.daysLate)
            }
            if r.settledOn > windowStart {
                recent.add(amount: r.amount, days: r.daysLate)
            } else if r.settledOn > priorStart {
                prior.add(amount: r.amount, days: r.daysLate)
            }
        }
        var trend: PaymentTrend?
        if let r = recent.tenths, let p = prior.tenths, r - p >= 100 { trend = .worsening }
        return Summary(avgDaysToPayTenths: toPay.tenths, trend: trend, lastSettledOn: last, daysLate: late)
    }

    /// Σ amount × days / Σ amount in tenths, rounded half-even once; records with a non-positive
    /// amount carry no weight. Nil when the total weight is zero.
    static func weightedTenths(_ records: [SettlementRecord], _ days: (SettlementRecord) -> Int) -> Int? {
        var sum = WeightedDays()
        for r in records { sum.add(amount: r.amount, days: days(r)) }
        return sum.tenths
    }

    /// The two sums of an amount-weighted average of days. Kept apart so that an entity's average
    /// is its customers' sums added up, rounded once, without gathering their records again.
    struct WeightedDays: Sendable, Equatable {
        var weighted: Int128 = 0
        var weight: Int128 = 0

        /// Adds a record; a non-positive amount carries no weight.
        mutating func add(amount: Int64, days: Int) {
            guard amount > 0 else { return }
            weighted += Int128(amount) * Int128(days)
            weight += Int128(amount)
        }

        /// Σ amount × days / Σ amount in tenths, rounded half-even once; nil when the weight is zero.
        var tenths: Int? {
            guard weight > 0 else { return nil }
            return Int(HalfEven.divide(weighted * 10, by: weight))
        }

        /// Whether the exact average is at most `days` (false with no weight): Σ amount × days ≤ days × Σ amount,
        /// in integers, so that 15.04 is above 15 though it is shown 15.0.
        func isAtMost(days: Int) -> Bool {
            weight > 0 && weighted <= Int128(days) * weight
        }
    }
}
