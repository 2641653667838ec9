/// The aging buckets of `[aging] buckets` (`aging.md`): upper bounds in days overdue. The default
/// `30, 60, 90, 120` gives `not_due`, `1-30`, `31-60`, `61-90`, `91-120`, `121+`.
public struct AgingBuckets: Sendable, Equatable {
    public let bounds: [Int]
    /// Every token, in order, `not_due` first.
    public let tokens: [String]

    public init(bounds: [Int]) {
        self.bounds = bounds
        var t = ["not_due"]
        var low = 1
        for b in bounds {
            t.append(String(low) + "-" + String(b))
            low = b + 1
        }
        t.append(String(low) + "+")
        self.tokens = t
    }

    /// The index in `tokens` for a number of days overdue (≤ 0 is not due: the due date itself is not overdue).
    public func index(daysOverdue: Int) -> Int {
        guard daysOverdue > 0 else { return 0 }
        for (i, b) in bounds.enumerated() where daysOverdue <= b { return i + 1 }
        return bounds.count + 1
    }

    public func token(daysOverdue: Int) -> String { tokens[index(daysOverdue: daysOverdue)] }
}
