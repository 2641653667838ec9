// Aging puts every open item in its bucket by due date as of the run date, gives it the status of
// the hold that covers it, and totals each customer. Credit notes and unapplied credits net the
// totals: the overdue total is the sum of the overdue buckets, an overdue credit note included
// (only positive amounts past their due date are chased, `AgedItem.isOverdue`).

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
        // Items come customer by customer (the age stage sorts them so): a customer's holds are
        // looked up once for all its items.
        var last: (key: CustomerKey, holds: [Hold])?
        return items.map { item in
            let days = item.kind == .unappliedCredit ? 0 : asOf - item.dueDate
            let bucket = item.kind == .unappliedCredit ? buckets.tokens[0] : buckets.token(daysOverdue: days)
            let covering: [Hold]
            if holdsByCustomer.isEmpty {
                covering = []
            } else if let last, last.key.customerID == item.customerID, last.key.entity == item.entity {
                covering = last.holds
            } else {
                let key = CustomerKey(entity: item.entity, customerID: item.customerID)
                covering = holdsByCustomer[key] ?? []
                last = (key, covering)
            }
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
        var groups = ReceivableGroups(capacity: aged.count / 8)
        var totals: [CustomerBalance] = []
        for a in aged {
            let currency = a.item.openAmount.currency
            let g = groups.number(entity: a.item.entity, customer: a.item.customerID, currency: currency.code)
            if g == totals.count {
                totals.append(CustomerBalance(entity: a.item.entity, customerID: a.item.customerID, currency: currency,
                                              bucketCount: buckets.tokens.count))
            }
            let bucket = buckets.index(daysOverdue: a.item.kind == .unappliedCredit ? 0 : a.daysOverdue)
            totals[g].add(a.item.openAmount.minorUnits, current: a.isCurrent, bucket: bucket)
        }
        return totals.sorted { ($0.entity, $0.customerID, $0.currency.code) < ($1.entity, $1.customerID, $1.currency.code) }
    }
}
