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

    /// Overdue: at least one day past the due date, and not a credit. This says which documents
    /// are chased; the overdue *totals* are those of the overdue buckets (`isCurrent` false), where
    /// overdue credit notes net them (aging.md).
    public var isOverdue: Bool { daysOverdue >= 1 && item.openAmount.minorUnits > 0 }

    /// In the `not_due` bucket: not yet due (the due date itself is not overdue), credit notes
    /// included, and every unapplied credit, which has no due date (aging.md). The current
    /// receivables of best possible DSO and of the month-end snapshots are these items, so that
    /// credits net them as they net the bucket; everything else is in an overdue bucket.
    public var isCurrent: Bool { item.kind == .unappliedCredit || daysOverdue <= 0 }
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
    /// The sum of the overdue buckets (everything but `not_due`): overdue credit notes net it, so
    /// it may be negative.
    public var overdueTotal: Int64 = 0
    /// Amounts per bucket, in the order of `AgingBuckets.tokens`.
    public var buckets: [Int64]

    public init(entity: String, customerID: String, currency: Currency, bucketCount: Int) {
        self.entity = entity
        self.customerID = customerID
        self.currency = currency
        self.buckets = Array(repeating: 0, count: bucketCount)
    }

    /// Adds an item's open amount to the totals and to its bucket (`current`: `AgedItem.isCurrent`,
    /// the `not_due` bucket; any other bucket adds to the overdue total, credits included).
    mutating func add(_ open: Int64, current: Bool, bucket: Int) {
        openTotal += open
        if !current { overdueTotal += open }
        buckets[bucket] += open
    }
}

extension Sequence where Element == AgedItem {
    /// The sum of the items' open amounts, in minor units (one currency's items).
    var openTotal: Int64 { reduce(Int64(0)) { $0 + $1.item.openAmount.minorUnits } }

    /// The overdue invoices in `currency`, as the messages, the statement and the call list count them:
    /// owed and late (`isOverdue`; a credit is never late). `customers.csv`'s `overdue_total` is
    /// the overdue buckets instead, where overdue credit notes net it (README, Decisions).
    func overdueInvoices(in currency: Currency) -> [AgedItem] {
        filter { $0.isOverdue && $0.item.openAmount.currency == currency }
    }
}
