/// When open documents are expected to be paid, and the cash-in they add up to by week.
public struct CashInForecast: Sendable, Equatable {
    /// One ISO week of the forecast.
    public struct Week: Sendable, Equatable {
        /// The Monday that starts the week.
        public var monday: CivilDate
        /// Open amounts expected that week, minor units.
        public var amount: Int64
    }

    /// An open document and when it is expected to be paid.
    public struct Item: Sendable, Equatable {
        public var expectedDate: CivilDate
        /// Open amount, minor units.
        public var amount: Int64

        public init(expectedDate: CivilDate, amount: Int64) {
            self.expectedDate = expectedDate
            self.amount = amount
        }
    }

    /// The weeks from the as-of's week on, in order.
    public var weeks: [Week]
    /// Open amounts whose expected date is before the first week's Monday (expected already and
    /// still unpaid): not in any week.
    public var expectedEarlier: Int64
    /// Open amounts expected after the last week.
    public var expectedLater: Int64

    /// Sums `items` by ISO week (Monday to Sunday) over `weeks` weeks, the first being the week of `asOf`.
    public init(items: [Item], asOf: CivilDate, weeks count: Int) {
        let firstMonday = asOf.adding(days: 1 - asOf.weekday)
        var amounts = [Int64](repeating: 0, count: max(0, count))
        var earlier: Int64 = 0, later: Int64 = 0
        for item in items {
            let index = (item.expectedDate - firstMonday) >= 0 ? (item.expectedDate - firstMonday) / 7 : -1
            if index < 0 {
                earlier += item.amount
            } else if index >= amounts.count {
                later += item.amount
            } else {
                amounts[index] += item.amount
            }
        }
        self.weeks = amounts.enumerated().map { Week(monday: firstMonday.adding(days: 7 * $0.offset), amount: $0.element) }
        self.expectedEarlier = earlier
        self.expectedLater = later
    }

    /// Expected payment date: the due date plus the customer's average days late (tenths of a
    /// day, rounded to whole days half-even), else the entity's; the due date when neither has history.
    public static func expectedPaymentDate(dueDate: CivilDate, customerAvgDaysLateTenths: Int?,
                                           entityAvgDaysLateTenths: Int?) -> CivilDate {
        guard let tenths = customerAvgDaysLateTenths ?? entityAvgDaysLateTenths else { return dueDate }
        return dueDate.adding(days: HalfEven.wholeFromTenths(tenths))
    }

    /// Open amounts whose expected date falls in the 28 days after `asOf` (`asOf` + 1 … `asOf` + 28).
    public static func forecastNext4Weeks(_ items: [Item], asOf: CivilDate) -> Int64 {
        let end = asOf.adding(days: 28)
        var sum: Int64 = 0
        for item in items where item.expectedDate > asOf && item.expectedDate <= end { sum += item.amount }
        return sum
    }
}
