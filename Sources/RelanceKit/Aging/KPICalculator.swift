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

    /// Open, overdue and current receivables and the next four weeks' expected cash of a group of items.
    private struct GroupTotals {
        var open: Int64 = 0, overdue: Int64 = 0, current: Int64 = 0, forecastNext4Weeks: Int64 = 0

        /// Adds an item's open amount: to the current receivables when it is in `not_due`
        /// (`AgedItem.isCurrent`), else to the overdue ones, credits netting either as they net
        /// the buckets, so that overdue + current = open.
        mutating func add(_ amount: Int64, current isCurrent: Bool) {
            open += amount
            if isCurrent { current += amount } else { overdue += amount }
        }

        mutating func merge(_ other: GroupTotals) {
            open += other.open
            overdue += other.overdue
            current += other.current
            forecastNext4Weeks += other.forecastNext4Weeks
        }
    }

    /// What one chunk of customers adds to the result.
    private struct CustomersPart: Sendable {
        var customers: [CustomerKPIs] = []
        var expectedPaymentDates: [(Int, CivilDate)] = []
        var totals: [(group: Int, totals: GroupTotals)] = []
    }

    /// Sales of one group: the first day of the document's month and the amount.
    private struct SaleOfMonth {
        var month: Int32
        var amount: Int64
    }

    public func compute(aged: [AgedItem], history: PaymentHistory) -> Result {
        var result = Result()
        result.expectedPaymentDates = Array(repeating: nil, count: aged.count)

        // Every row numbered by its customer group; the groups with open items come first.
        var groups = ReceivableGroups(capacity: aged.count / 8)
        var currencyOf: [Currency] = []
        func number(_ entity: String, _ customer: String, _ currency: Currency) -> Int32 {
            let g = groups.number(entity: entity, customer: customer, currency: currency.code)
            if g == currencyOf.count { currencyOf.append(currency) }
            return Int32(g)
        }
        // The sales are numbered on the other core, by groups of their own, while this one numbers
        // the items and the settlements; their groups are then renumbered into these (a few per customer).
        let numberedSales = BackgroundResult { [history] in
            var own = ReceivableGroups(capacity: history.sales.count / 8)
            var currencies: [Currency] = []
            var sales: [SaleOfMonth] = [], groupOf: [Int32] = []
            sales.reserveCapacity(history.sales.count)
            groupOf.reserveCapacity(history.sales.count)
            for s in history.sales {
                let g = own.number(entity: s.entity, customer: s.customerID, currency: s.amount.currency.code)
                if g == currencies.count { currencies.append(s.amount.currency) }
                groupOf.append(Int32(g))
                sales.append(SaleOfMonth(month: s.documentDate.firstOfMonth.daysSinceEpoch, amount: s.amount.minorUnits))
            }
            return (own, currencies, sales, groupOf)
        }
        let itemGroup = aged.map { number($0.item.entity, $0.item.customerID, $0.item.openAmount.currency) }
        let customerGroups = groups.count
        var settled: [SettlementRecord] = []
        var settledGroup: [Int32] = []
        for s in history.settlements where s.settledOn <= asOf {
            settledGroup.append(number(s.entity, s.customerID, s.amount.currency))
            settled.append(SettlementRecord(documentDate: s.documentDate, dueDate: s.dueDate ?? s.documentDate,
                                            settledOn: s.settledOn, amount: s.amount.minorUnits))
        }
        let (salesGroups, salesCurrencies, sales, ownGroupOfSale) = numberedSales.wait()
        let renumbered = salesGroups.keys.enumerated().map { g, key in number(key.entity, key.customer, salesCurrencies[g]) }
        let saleGroup = ownGroupOfSale.map { renumbered[Int($0)] }
        let itemsOf = PositionsByGroup(groupOf: itemGroup, groups: groups.count)
        let salesOf = PositionsByGroup(groupOf: saleGroup, groups: groups.count)
        let settledOf = PositionsByGroup(groupOf: settledGroup, groups: groups.count)

        // Each group's entity (customer "") and the whole pipeline (entity `*`), in its currency.
        var levels = ReceivableGroups()
        var levelCurrency: [Currency] = []
        var levelOf: [(entity: Int, pipeline: Int)] = []
        levelOf.reserveCapacity(groups.count)
        for (g, key) in groups.keys.enumerated() {
            let entity = levels.number(entity: key.entity, customer: "", currency: key.currency)
            let pipeline = levels.number(entity: "*", customer: "", currency: key.currency)
            while levelCurrency.count < levels.count { levelCurrency.append(currencyOf[g]) }
            levelOf.append((entity, pipeline))
        }

        // Entity-level averages first: they stand in for customers without history.
        var levelLate = [PaymentBehaviour.WeightedDays](repeating: .init(), count: levels.count)
        let trailingStart = asOf.adding(months: -12)
        for (r, g) in zip(settled, settledGroup) where r.settledOn > trailingStart {
            levelLate[levelOf[Int(g)].entity].add(amount: r.amount, days: r.daysLate)
            levelLate[levelOf[Int(g)].pipeline].add(amount: r.amount, days: r.daysLate)
        }
        let entityLate = levelLate.map(\.tenths)

        // Customers, in order, in chunks computed on every core; their totals add up to their
        // entity's and the pipeline's.
        let keys = groups.keys, currencies = currencyOf, levelOfGroup = levelOf, settlements = settled
        let customerOrder = (0..<customerGroups).sorted { keys[$0] < keys[$1] }
        let chunkCount = min(customerOrder.count, ParallelMap.threads * 4)
        let chunks = (0..<chunkCount).map { c in customerOrder.count * c / chunkCount ..< customerOrder.count * (c + 1) / chunkCount }
        let parts = ParallelMap.map(chunks) { range in
            var part = CustomersPart()
            for g in customerOrder[range] {
                var totals = GroupTotals()
                for i in itemsOf[g].lazy.map({ Int($0) }) { totals.add(aged[i].item.openAmount.minorUnits, current: aged[i].isCurrent) }
                let behaviour = PaymentBehaviour.summary(settledOf[g].lazy.map { settlements[Int($0)] }, asOf: asOf)
                let late = behaviour.avgDaysLateTenths
                let monthly = Self.monthly(salesOf[g].map { sales[Int($0)] })
                part.customers.append(CustomerKPIs(
                    entity: keys[g].entity, customerID: keys[g].customer, currency: currencies[g],
                    dso: totals.open > 0 ? DSO.countback(receivables: totals.open, sales: monthly, asOf: asOf) : nil,
                    avgDaysToPayTenths: behaviour.avgDaysToPayTenths, avgDaysLateTenths: late,
                    lateRate: PaymentBehaviour.lateRate(overdue: totals.overdue, open: totals.open),
                    payerClass: PayerClass(avgDaysLate: behaviour.daysLate, thresholds: thresholds),
                    trend: behaviour.trend, lastPaymentDate: behaviour.lastSettledOn))
                var forecast: [CashInForecast.Item] = []
                for i in itemsOf[g].lazy.map({ Int($0) }) where aged[i].item.openAmount.minorUnits > 0 {
                    let date = CashInForecast.expectedPaymentDate(
                        dueDate: aged[i].item.dueDate, customerAvgDaysLateTenths: late,
                        entityAvgDaysLateTenths: entityLate[levelOfGroup[g].entity])
                    part.expectedPaymentDates.append((i, date))
                    forecast.append(CashInForecast.Item(expectedDate: date, amount: aged[i].item.openAmount.minorUnits))
                }
                totals.forecastNext4Weeks = CashInForecast.forecastNext4Weeks(forecast, asOf: asOf)
                part.totals.append((g, totals))
            }
            return part
        }
        var levelTotals = [GroupTotals](repeating: GroupTotals(), count: levels.count)
        var levelHasItems = [Bool](repeating: false, count: levels.count)
        for part in parts {
            result.customers += part.customers
            for (i, date) in part.expectedPaymentDates { result.expectedPaymentDates[i] = date }
            for (g, totals) in part.totals {
                for l in [levelOf[g].entity, levelOf[g].pipeline] {
                    levelTotals[l].merge(totals)
                    levelHasItems[l] = true
                }
            }
        }

        // Entities and the whole pipeline (`*`), per currency.
        var levelSales = [[Int32: Int64]](repeating: [:], count: levels.count)
        for (s, g) in zip(sales, saleGroup) {
            levelSales[levelOf[Int(g)].entity][s.month, default: 0] += s.amount
            levelSales[levelOf[Int(g)].pipeline][s.month, default: 0] += s.amount
        }
        var snapshots: [ReceivableGroups.Key: [MonthEndSnapshot]] = [:]
        for (k, v) in history.monthEnds {
            for g in [ReceivableGroups.Key(entity: k.entity, customer: "", currency: k.currency),
                      ReceivableGroups.Key(entity: "*", customer: "", currency: k.currency)] {
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
        // Sorted by entity then currency in byte order (outputs.md), as actions.csv is: `*` (0x2A)
        // comes before every entity id, so the whole pipeline's rows are first.
        let order = levels.keys.indices.filter { levelHasItems[$0] }.sorted {
            let a = levels.keys[$0], b = levels.keys[$1]
            return (a.entity, a.currency) < (b.entity, b.currency)
        }
        for l in order {
            let key = levels.keys[l], totals = levelTotals[l]
            let openTotal = totals.open, overdue = totals.overdue, current = totals.current
            let monthly = Self.monthly(levelSales[l].map { SaleOfMonth(month: $0.key, amount: $0.value) })
            let dso = openTotal > 0 ? DSO.countback(receivables: openTotal, sales: monthly, asOf: asOf) : nil
            let best = DSO.bestPossible(currentReceivables: current, sales: monthly, asOf: asOf)
            let cei = CEI.monthly(snapshots[key] ?? []).first { $0.month == lastMonth }?.tenths
            result.groups.append(GroupKPIs(
                entity: key.entity, currency: levelCurrency[l], openTotal: openTotal, overdueTotal: overdue,
                lateRate: PaymentBehaviour.lateRate(overdue: overdue, open: openTotal), dso: dso, bestPossibleDSO: best,
                addDays: DSO.addDays(dso: dso, bestPossible: best), ceiMonth: cei,
                avgDaysLateTenths: entityLate[l], forecastNext4Weeks: totals.forecastNext4Weeks))
        }
        return result
    }

    /// Monthly sales, most recent month first: the sales sorted by month, each month summed once.
    private static func monthly(_ sales: [SaleOfMonth]) -> [MonthlySales] {
        var result: [MonthlySales] = []
        for s in sales.sorted(by: { $0.month > $1.month }) {
            if let last = result.last, last.month.daysSinceEpoch == s.month {
                result[result.count - 1].amount += s.amount
            } else {
                result.append(MonthlySales(month: CivilDate(daysSinceEpoch: s.month), amount: s.amount))
            }
        }
        return result
    }

    /// This run's receivables as the snapshot of the as-of's month, per entity and currency.
    public func snapshots(aged: [AgedItem], history: PaymentHistory) -> [PaymentHistory.MonthKey: MonthEndSnapshot] {
        let month = asOf.firstOfMonth
        // A handful of entities and currencies: found by comparing, not hashing, for each of a million items.
        var keys: [PaymentHistory.MonthKey] = []
        var totals: [MonthEndSnapshot] = []
        func index(_ entity: String, _ currency: String) -> Int {
            if let i = keys.firstIndex(where: { $0.entity == entity && $0.currency == currency }) { return i }
            keys.append(PaymentHistory.MonthKey(entity: entity, currency: currency, month: month))
            totals.append(MonthEndSnapshot(month: month, totalReceivables: 0, currentReceivables: 0, salesOfMonth: 0))
            return keys.count - 1
        }
        for a in aged {
            let i = index(a.item.entity, a.item.openAmount.currency.code)
            let open = a.item.openAmount.minorUnits
            totals[i].totalReceivables += open
            // Current as in best possible DSO: the `not_due` bucket, credits netting it.
            if a.isCurrent { totals[i].currentReceivables += open }
        }
        for sale in history.sales where sale.documentDate.firstOfMonth == month {
            totals[index(sale.entity, sale.amount.currency.code)].salesOfMonth += sale.amount.minorUnits
        }
        return Dictionary(uniqueKeysWithValues: zip(keys, totals))
    }
}
