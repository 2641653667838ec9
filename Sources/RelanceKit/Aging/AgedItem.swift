/// An open item aged at the as-of date: a row of the aged balance.
public struct AgedItem: Sendable, Equatable {
    public var item: OpenItem
    /// `as_of − due_date` in calendar days (negative before the due date).
    public var daysOverdue: Int
    /// The bucket token, e.g. `31-60`.
    public var bucket: String
    public var status: ItemStatus
    /// Due date + the customer's average days late (`aging.md`); nil for credits.
    public var expectedPaymentDate: CivilDate?

    public init(item: OpenItem, daysOverdue: Int, bucket: String, status: ItemStatus, expectedPaymentDate: CivilDate? = nil) {
        self.item = item
        self.daysOverdue = daysOverdue
        self.bucket = bucket
        self.status = status
        self.expectedPaymentDate = expectedPaymentDate
    }

    /// Overdue: at least one day past the due date, and not a credit.
    public var isOverdue: Bool { daysOverdue >= 1 && item.openAmount.minorUnits > 0 }
}

/// The hold status of an item at the as-of date (`status` in `aged-balance.csv`).
public enum ItemStatus: String, Sendable, CaseIterable {
    case open, disputed, paused, promised
}

/// Totals of one customer in one currency of one entity.
public struct CustomerBalance: Sendable, Equatable {
    public var entity: String
    public var customerID: String
    public var currency: Currency
    public var openTotal: Int64 = 0
    public var overdueTotal: Int64 = 0
    /// Amounts per bucket, in the order of `AgingBuckets.tokens`.
    public var buckets: [Int64]

    public init(entity: String, customerID: String, currency: Currency, bucketCount: Int) {
        self.entity = entity
        self.customerID = customerID
        self.currency = currency
        self.buckets = Array(repeating: 0, count: bucketCount)
    }

    /// Adds an item's open amount to the totals and to its bucket.
    mutating func add(_ open: Int64, overdue: Bool, bucket: Int) {
        openTotal += open
        if overdue { overdueTotal += open }
        buckets[bucket] += open
    }
}
