/// A customer's payer class (aging.md, Payer classes), from its average days late.
public enum PayerClass: String, Sendable, Equatable, CaseIterable {
    case excellent, good, average, poor
    /// No settled history.
    case new

    /// The class of an amount-weighted average of days late (no weight: no history), against
    /// thresholds in whole days, each an inclusive upper bound: with the defaults 0 / 15 / 30, 0 and
    /// below is `excellent`, up to 15 `good`, up to 30 `average`, above `poor`. Decided on the exact
    /// average, not on the one decimal `customers.csv` shows: 15.04 days is `average` though shown
    /// 15.0, whereas a class from the rounded value would call it `good` (README, Decisions).
    init(avgDaysLate late: PaymentBehaviour.WeightedDays, excellent: Int = 0, good: Int = 15, average: Int = 30) {
        guard late.weight > 0 else { self = .new; return }
        if late.isAtMost(days: excellent) {
            self = .excellent
        } else if late.isAtMost(days: good) {
            self = .good
        } else if late.isAtMost(days: average) {
            self = .average
        } else {
            self = .poor
        }
    }

    /// The same with the conf's `[payer_classes]` thresholds.
    init(avgDaysLate late: PaymentBehaviour.WeightedDays, thresholds: PayerClassThresholds) {
        self.init(avgDaysLate: late, excellent: thresholds.excellent, good: thresholds.good, average: thresholds.average)
    }
}
