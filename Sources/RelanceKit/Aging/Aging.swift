// Aging puts every open item in its bucket by due date as of the run date, gives it the status of
// the hold that covers it, and totals each customer. Credit notes and unapplied credits net the
// totals; only positive open amounts past their due date count as overdue.

/// Ages open items at an as-of date.
public struct Aging: Sendable {
    public var asOf: CivilDate
    public var buckets: AgingBuckets
    public var holds: [Hold]
    /// Days after a promise's `until` during which it still suspends dunning (the plan's `grace_days`).
    public var promiseGraceDays: Int

    public init(asOf: CivilDate, buckets: AgingBuckets, holds: [Hold], promiseGraceDays: Int = 3) {
        self.asOf = asOf
        self.buckets = buckets
        self.holds = holds
        self.promiseGraceDays = promiseGraceDays
    }

    public func age(_ items: [OpenItem]) -> [AgedItem] {
        var holdsByCustomer: [CustomerKey: [Hold]] = [:]
        for h in holds { holdsByCustomer[CustomerKey(entity: h.entity, customerID: h.customerID), default: []].append(h) }
        return items.map { item in
            let days = item.kind == .unappliedCredit ? 0 : asOf - item.dueDate
            let bucket = item.kind == .unappliedCredit ? buckets.tokens[0] : buckets.token(daysOverdue: days)
            let covering = holdsByCustomer[CustomerKey(entity: item.entity, customerID: item.customerID)] ?? []
            return AgedItem(item: item, daysOverdue: days, bucket: bucket, status: status(item, covering, graceDays: promiseGraceDays))
        }
    }

    /// Statuses again for the customers whose promise grace is their plan's `grace_days`: the plan
    /// follows from the payer class, known only once the KPIs are computed from the aged items.
    public func applyGrace(_ graceDays: [CustomerKey: Int], to aged: inout [AgedItem]) {
        var holdsByCustomer: [CustomerKey: [Hold]] = [:]
        for h in holds where h.kind == .promise {
            let key = CustomerKey(entity: h.entity, customerID: h.customerID)
            if graceDays[key].map({ $0 != promiseGraceDays }) ?? false { holdsByCustomer[key] = [] }
        }
        guard !holdsByCustomer.isEmpty else { return }
        for h in holds { holdsByCustomer[CustomerKey(entity: h.entity, customerID: h.customerID)]?.append(h) }
        for i in aged.indices {
            let key = CustomerKey(entity: aged[i].item.entity, customerID: aged[i].item.customerID)
            guard let covering = holdsByCustomer[key], let g = graceDays[key] else { continue }
            aged[i].status = status(aged[i].item, covering, graceDays: g)
        }
    }

    /// When holds overlap: dispute, then pause, then promise (`inputs.md`, Holds).
    func status(_ item: OpenItem, _ holds: [Hold], graceDays: Int) -> ItemStatus {
        let active = holds.filter {
            $0.covers(entity: item.entity, customerID: item.customerID, document: item.document)
                && $0.isActive(asOf: asOf, graceDays: graceDays)
        }
        if active.contains(where: { $0.kind == .dispute }) { return .disputed }
        if active.contains(where: { $0.kind == .pause }) { return .paused }
        if active.contains(where: { $0.kind == .promise }) { return .promised }
        return .open
    }

    /// Totals per entity × customer × currency, sorted by entity, customer, currency.
    public func balances(_ aged: [AgedItem]) -> [CustomerBalance] {
        struct Key: Hashable { var entity: String; var customer: String; var currency: Currency }
        var totals: [Key: CustomerBalance] = [:]
        for a in aged {
            let key = Key(entity: a.item.entity, customer: a.item.customerID, currency: a.item.openAmount.currency)
            let open = a.item.openAmount.minorUnits
            let bucket = buckets.index(daysOverdue: a.item.kind == .unappliedCredit ? 0 : a.daysOverdue)
            // Modified in place: one hash per item, and the bucket array is not copied.
            totals[key, default: CustomerBalance(entity: key.entity, customerID: key.customer, currency: key.currency,
                                                 bucketCount: buckets.tokens.count)].add(open, overdue: a.isOverdue, bucket: bucket)
        }
        return totals.values.sorted { ($0.entity, $0.customerID, $0.currency.code) < ($1.entity, $1.customerID, $1.currency.code) }
    }
}
