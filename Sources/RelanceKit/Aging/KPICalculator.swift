/// Computes the KPIs of `aging.md` from the aged items of a run and the payment history: per
/// customer, per entity and for the whole pipeline, each in its currency.
public struct KPICalculator: Sendable {
    public var asOf: CivilDate
    public var thresholds: PayerClassThresholds

    public init(asOf: CivilDate, thresholds: PayerClassThresholds) {
        self.asOf = asOf
        self.thresholds = thresholds
    }

    public struct Result: Sendable {
        public var customers: [CustomerKPIs] = []
        public var groups: [GroupKPIs] = []
        /// Due date + the customer's (else the entity's) average days late, per position in `aged`
        /// (nil for credits and settled lines).
        public var expectedPaymentDates: [CivilDate?] = []
    }

    private struct GroupKey: Hashable, Comparable {
        var entity: String, customer: String, currency: String
        static func < (a: GroupKey, b: GroupKey) -> Bool {
            (a.entity, a.customer, a.currency) < (b.entity, b.customer, b.currency)
        }
    }

    /// Open, overdue and current receivables and the next four weeks' expected cash of a group of items.
    private struct GroupTotals {
        var open: Int64 = 0, overdue: Int64 = 0, current: Int64 = 0, forecastNext4Weeks: Int64 = 0

        mutating func add(_ a: AgedItem) {
            let amount = a.item.openAmount.minorUnits
            open += amount
            if a.isOverdue { overdue += amount }
            if a.daysOverdue <= 0 && amount > 0 { current += amount }
        }

        mutating func merge(_ other: GroupTotals) {
            open += other.open
            overdue += other.overdue
            current += other.current
            forecastNext4Weeks += other.forecastNext4Weeks
        }
    }

    public func compute(aged: [AgedItem], history: PaymentHistory) -> Result {
        var result = Result()
        result.expectedPaymentDates = Array(repeating: nil, count: aged.count)
        var currencies: [String: Currency] = [:]
        // Positions in `aged` per customer: a million items are grouped without being copied.
        var items: [GroupKey: [Int]] = [:]
        for (i, a) in aged.enumerated() {
            let c = a.item.openAmount.currency
            if currencies[c.code] == nil { currencies[c.code] = c }
            items[GroupKey(entity: a.item.entity, customer: a.item.customerID, currency: c.code), default: []].append(i)
        }
        var sales: [GroupKey: [PaymentHistory.Sale]] = [:]
        for (k, s) in history.sales {
            if currencies[s.amount.currency.code] == nil { currencies[s.amount.currency.code] = s.amount.currency }
            sales[GroupKey(entity: k.entity, customer: s.customerID, currency: s.amount.currency.code), default: []].append(s)
        }
        var settled: [GroupKey: [SettlementRecord]] = [:]
        var lastSettled: [GroupKey: CivilDate] = [:]
        for (k, s) in history.settlements where s.settledOn <= asOf {
            let key = GroupKey(entity: k.entity, customer: s.customerID, currency: s.amount.currency.code)
            settled[key, default: []].append(SettlementRecord(documentDate: s.documentDate, dueDate: s.dueDate ?? s.documentDate,
                                                              settledOn: s.settledOn, amount: s.amount.minorUnits))
        }
        for (key, records) in settled { lastSettled[key] = records.lazy.map(\.settledOn).max() }

        // Entity-level averages first: they stand in for customers without history.
        func level(_ key: GroupKey, entity: Bool) -> GroupKey {
            entity ? GroupKey(entity: key.entity, customer: "", currency: key.currency) : GroupKey(entity: "*", customer: "", currency: key.currency)
        }
        var entitySettled: [GroupKey: [SettlementRecord]] = [:]
        for (k, records) in settled {
            entitySettled[level(k, entity: true), default: []] += records
            entitySettled[level(k, entity: false), default: []] += records
        }
        let entityLate = entitySettled.mapValues { PaymentBehaviour.avgDaysLate($0, asOf: asOf) }

        // Customers; their totals add up to their entity's and the pipeline's.
        var groupTotals: [GroupKey: GroupTotals] = [:]
        for key in items.keys.sorted() {
            let open = items[key] ?? []
            let currency = currencies[key.currency]!
            var totals = GroupTotals()
            for i in open { totals.add(aged[i]) }
            let openTotal = totals.open, overdue = totals.overdue
            let records = settled[key] ?? []
            let late = PaymentBehaviour.avgDaysLate(records, asOf: asOf)
            let monthly = PaymentHistory.monthly(sales[key] ?? [])
            result.customers.append(CustomerKPIs(
                entity: key.entity, customerID: key.customer, currency: currency,
                dso: openTotal > 0 ? DSO.countback(receivables: openTotal, sales: monthly, asOf: asOf) : nil,
                avgDaysToPayTenths: PaymentBehaviour.avgDaysToPay(records, asOf: asOf), avgDaysLateTenths: late,
                lateRate: PaymentBehaviour.lateRate(overdue: overdue, open: openTotal),
                payerClass: PayerClass(avgDaysLateTenths: late, thresholds: thresholds),
                trend: PaymentBehaviour.trend(records, asOf: asOf), lastPaymentDate: lastSettled[key]))
            var forecast: [CashInForecast.Item] = []
            for i in open where aged[i].item.openAmount.minorUnits > 0 {
                let date = CashInForecast.expectedPaymentDate(
                    dueDate: aged[i].item.dueDate, customerAvgDaysLateTenths: late,
                    entityAvgDaysLateTenths: entityLate[level(key, entity: true)] ?? nil)
                result.expectedPaymentDates[i] = date
                forecast.append(CashInForecast.Item(expectedDate: date, amount: aged[i].item.openAmount.minorUnits))
            }
            totals.forecastNext4Weeks = CashInForecast.forecastNext4Weeks(forecast, asOf: asOf)
            groupTotals[level(key, entity: true), default: GroupTotals()].merge(totals)
            groupTotals[level(key, entity: false), default: GroupTotals()].merge(totals)
        }

        // Entities, then the whole pipeline (`*`), per currency.
        var groupSales: [GroupKey: [PaymentHistory.Sale]] = [:]
        for (k, v) in sales {
            groupSales[level(k, entity: true), default: []] += v
            groupSales[level(k, entity: false), default: []] += v
        }
        var snapshots: [GroupKey: [MonthEndSnapshot]] = [:]
        for (k, v) in history.monthEnds {
            for g in [GroupKey(entity: k.entity, customer: "", currency: k.currency), GroupKey(entity: "*", customer: "", currency: k.currency)] {
                if let i = snapshots[g]?.firstIndex(where: { $0.month == v.month }) {
                    snapshots[g]![i].totalReceivables += v.totalReceivables
                    snapshots[g]![i].currentReceivables += v.currentReceivables
                    snapshots[g]![i].salesOfMonth += v.salesOfMonth
                } else {
                    snapshots[g, default: []].append(v)
                }
            }
        }
        let lastMonth = asOf.firstOfMonth.adding(months: -1)
        for key in groupTotals.keys.sorted(by: { ($0.entity == "*" ? 1 : 0, $0.entity, $0.currency) < ($1.entity == "*" ? 1 : 0, $1.entity, $1.currency) }) {
            let totals = groupTotals[key]!
            let currency = currencies[key.currency]!
            let openTotal = totals.open, overdue = totals.overdue, current = totals.current
            let monthly = PaymentHistory.monthly(groupSales[key] ?? [])
            let dso = openTotal > 0 ? DSO.countback(receivables: openTotal, sales: monthly, asOf: asOf) : nil
            let best = DSO.bestPossible(currentReceivables: current, sales: monthly, asOf: asOf)
            let cei = CEI.monthly(snapshots[key] ?? []).first { $0.month == lastMonth }?.tenths
            result.groups.append(GroupKPIs(
                entity: key.entity, currency: currency, openTotal: openTotal, overdueTotal: overdue,
                lateRate: PaymentBehaviour.lateRate(overdue: overdue, open: openTotal), dso: dso, bestPossibleDSO: best,
                addDays: DSO.addDays(dso: dso, bestPossible: best), ceiMonth: cei,
                avgDaysLateTenths: entityLate[key] ?? nil,
                forecastNext4Weeks: totals.forecastNext4Weeks))
        }
        return result
    }

    /// This run's receivables as the snapshot of the as-of's month, per entity and currency.
    public func snapshots(aged: [AgedItem], history: PaymentHistory) -> [PaymentHistory.MonthKey: MonthEndSnapshot] {
        var out: [PaymentHistory.MonthKey: MonthEndSnapshot] = [:]
        let month = asOf.firstOfMonth
        for a in aged {
            let key = PaymentHistory.MonthKey(entity: a.item.entity, currency: a.item.openAmount.currency.code, month: month)
            var s = out[key] ?? MonthEndSnapshot(month: month, totalReceivables: 0, currentReceivables: 0, salesOfMonth: 0)
            s.totalReceivables += a.item.openAmount.minorUnits
            if a.daysOverdue <= 0 && a.item.openAmount.minorUnits > 0 { s.currentReceivables += a.item.openAmount.minorUnits }
            out[key] = s
        }
        for (k, sale) in history.sales where sale.documentDate.firstOfMonth == month {
            let key = PaymentHistory.MonthKey(entity: k.entity, currency: sale.amount.currency.code, month: month)
            var s = out[key] ?? MonthEndSnapshot(month: month, totalReceivables: 0, currentReceivables: 0, salesOfMonth: 0)
            s.salesOfMonth += sale.amount.minorUnits
            out[key] = s
        }
        return out
    }
}
