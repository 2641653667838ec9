/// A customer's payer class (aging.md, Payer classes), from its average days late.
public enum PayerClass: String, Sendable, Equatable, CaseIterable {
    case excellent, good, average, poor
    /// No settled history.
    case new

    /// The class of an average days late given in tenths of a day (nil: no history), against
    /// thresholds in whole days, each an inclusive upper bound: with the defaults 0 / 15 / 30,
    /// 0.0 and below is `excellent`, 0.1 … 15.0 `good`, 15.1 … 30.0 `average`, above `poor`.
    public init(avgDaysLateTenths: Int?, excellent: Int = 0, good: Int = 15, average: Int = 30) {
        guard let t = avgDaysLateTenths else { self = .new; return }
        if t <= excellent * 10 {
            self = .excellent
        } else if t <= good * 10 {
            self = .good
        } else if t <= average * 10 {
            self = .average
        } else {
            self = .poor
        }
    }

    /// The same with the conf's `[payer_classes]` thresholds.
    public init(avgDaysLateTenths: Int?, thresholds: PayerClassThresholds) {
        self.init(avgDaysLateTenths: avgDaysLateTenths, excellent: thresholds.excellent,
                  good: thresholds.good, average: thresholds.average)
    }
}
