import Testing
import RelanceTestSupport
@testable import RelanceKit

/// The calculator groups a million rows by position, without a dictionary of arrays per customer;
/// these tests hold it to the plain definition: each customer's KPIs are the KPI functions applied
/// to that customer's own items, sales and settlements, each entity's to all of the entity's.
@Suite("KPI calculator: per customer, entity and pipeline")
struct KPICalculatorTests {
    static let asOf = CivilDate(iso: "2026-11-20")!

    struct Case {
        var aged: [AgedItem] = []
        var history = PaymentHistory()
    }

    /// French and Belgian customers in euros, one Belgian customer also billed in Swiss francs,
    /// credit notes among the items, sales and settlements over two years (some settled after the as-of).
    static func randomCase(seed: UInt64) -> Case {
        var rng = SplitMix64(seed: seed)
        func below(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let start = CivilDate(iso: "2024-11-01")!
        var c = Case()
        let aging = Aging(asOf: asOf, buckets: AgingBuckets(bounds: [30, 60, 90]), holds: [])
        var items: [OpenItem] = []
        for i in 0..<300 {
            let entity = below(2) == 0 ? "FR" : "BE"
            let customer = "CLI-\(below(25))"
            let currency: Currency = entity == "BE" && customer == "CLI-3" && below(2) == 0 ? .chf : .eur
            let date = start.adding(days: 400 + below(350))
            let sign: Int64 = below(20) == 0 ? -1 : 1
            let amount = Money(minorUnits: sign * Int64(1_000 + below(500_000)), currency: currency)
            items.append(OpenItem(entity: entity, document: "F\(i)", customerID: customer, kind: sign < 0 ? .creditNote : .invoice,
                                  documentDate: date, dueDate: date.adding(days: 30), amount: amount, openAmount: amount))
        }
        c.aged = aging.age(items.sortedByCustomer())
        for i in 0..<700 {
            let entity = below(2) == 0 ? "FR" : "BE"
            let customer = "CLI-\(below(30))"  // five customers have history only
            let date = start.adding(days: below(740))
            let amount = Money(minorUnits: Int64(1_000 + below(300_000)), currency: below(10) == 0 ? .chf : .eur)
            let key = DocumentKey(entity: entity, document: "H\(i)")
            c.history.sales[key] = PaymentHistory.Sale(entity: entity, document: key.document, customerID: customer,
                                                       documentDate: date, amount: amount)
            if below(3) > 0 {
                c.history.settlements[key] = SettledDocument(entity: entity, customerID: customer, document: key.document,
                                                             documentDate: date, dueDate: below(5) == 0 ? nil : date.adding(days: 30),
                                                             settledOn: date.adding(days: 5 + below(90)), amount: amount)
            }
        }
        return c
    }

    struct Expected: Equatable {
        var customers: [CustomerKPIs]
        var groups: [GroupKPIs]
        var expectedDates: [CivilDate?]
    }

    /// The definition, computed the slow way: filter every row per group.
    static func reference(_ c: Case) -> Expected {
        let asOf = Self.asOf
        struct Key: Hashable { var entity: String, customer: String, currency: String }
        func records(where include: (String, String, String) -> Bool) -> [SettlementRecord] {
            c.history.settlements.filter { $0.settledOn <= asOf && include($0.entity, $0.customerID, $0.amount.currency.code) }
                .map { SettlementRecord(documentDate: $0.documentDate, dueDate: $0.dueDate ?? $0.documentDate,
                                        settledOn: $0.settledOn, amount: $0.amount.minorUnits) }
        }
        func sales(where include: (String, String, String) -> Bool) -> [MonthlySales] {
            c.history.sales.filter { include($0.entity, $0.customerID, $0.amount.currency.code) }
                .map { MonthlySales(month: $0.documentDate, amount: $0.amount.minorUnits) }
        }
        let keys = Set(c.aged.map { Key(entity: $0.item.entity, customer: $0.item.customerID, currency: $0.item.openAmount.currency.code) })
            .sorted { ($0.entity, $0.customer, $0.currency) < ($1.entity, $1.customer, $1.currency) }
        var expected = Expected(customers: [], groups: [], expectedDates: Array(repeating: nil, count: c.aged.count))
        for k in keys {
            let mine = c.aged.indices.filter {
                c.aged[$0].item.entity == k.entity && c.aged[$0].item.customerID == k.customer && c.aged[$0].item.openAmount.currency.code == k.currency
            }
            let open = mine.reduce(Int64(0)) { $0 + c.aged[$1].item.openAmount.minorUnits }
            let overdue = mine.filter { c.aged[$0].isOverdue }.reduce(Int64(0)) { $0 + c.aged[$1].item.openAmount.minorUnits }
            let settled = records { $0 == k.entity && $1 == k.customer && $2 == k.currency }
            let late = PaymentBehaviour.avgDaysLate(settled, asOf: asOf)
            let entityLate = PaymentBehaviour.avgDaysLate(records { $0 == k.entity && $2 == k.currency }, asOf: asOf)
            expected.customers.append(CustomerKPIs(
                entity: k.entity, customerID: k.customer, currency: Currency(code: k.currency)!,
                dso: open > 0 ? DSO.countback(receivables: open, sales: sales { $0 == k.entity && $1 == k.customer && $2 == k.currency }, asOf: asOf) : nil,
                avgDaysToPayTenths: PaymentBehaviour.avgDaysToPay(settled, asOf: asOf), avgDaysLateTenths: late,
                lateRate: PaymentBehaviour.lateRate(overdue: overdue, open: open),
                payerClass: PayerClass(avgDaysLateTenths: late, thresholds: PayerClassThresholds()),
                trend: PaymentBehaviour.trend(settled, asOf: asOf), lastPaymentDate: settled.map(\.settledOn).max()))
            for i in mine where c.aged[i].item.openAmount.minorUnits > 0 {
                expected.expectedDates[i] = CashInForecast.expectedPaymentDate(
                    dueDate: c.aged[i].item.dueDate, customerAvgDaysLateTenths: late, entityAvgDaysLateTenths: entityLate)
            }
        }
        let levels = Set(keys.flatMap { [Key(entity: $0.entity, customer: "", currency: $0.currency), Key(entity: "*", customer: "", currency: $0.currency)] })
            .sorted { ($0.entity, $0.currency) < ($1.entity, $1.currency) }
        for l in levels {
            func inLevel(_ entity: String, _ currency: String) -> Bool { (l.entity == "*" || entity == l.entity) && currency == l.currency }
            let mine = c.aged.indices.filter { inLevel(c.aged[$0].item.entity, c.aged[$0].item.openAmount.currency.code) }
            func sum(_ p: (Int) -> Bool) -> Int64 { mine.filter(p).reduce(Int64(0)) { $0 + c.aged[$1].item.openAmount.minorUnits } }
            let open = sum { _ in true }, overdue = sum { c.aged[$0].isOverdue }
            let current = sum { c.aged[$0].daysOverdue <= 0 && c.aged[$0].item.openAmount.minorUnits > 0 }
            let forecast = sum { expected.expectedDates[$0].map { $0 > asOf && $0 <= asOf.adding(days: 28) } ?? false }
            let monthly = sales { e, _, cur in inLevel(e, cur) }
            let dso = open > 0 ? DSO.countback(receivables: open, sales: monthly, asOf: asOf) : nil
            let best = DSO.bestPossible(currentReceivables: current, sales: monthly, asOf: asOf)
            expected.groups.append(GroupKPIs(
                entity: l.entity, currency: Currency(code: l.currency)!, openTotal: open, overdueTotal: overdue,
                lateRate: PaymentBehaviour.lateRate(overdue: overdue, open: open), dso: dso, bestPossibleDSO: best,
                addDays: DSO.addDays(dso: dso, bestPossible: best), ceiMonth: nil,
                avgDaysLateTenths: PaymentBehaviour.avgDaysLate(records { e, _, cur in inLevel(e, cur) }, asOf: asOf),
                forecastNext4Weeks: forecast))
        }
        return expected
    }

    @Test("every customer's, entity's and the pipeline's KPIs equal the definition on its own rows", arguments: [1, 2, 3] as [UInt64])
    func matchesDefinition(seed: UInt64) {
        let c = Self.randomCase(seed: seed)
        let result = KPICalculator(asOf: Self.asOf, thresholds: PayerClassThresholds()).compute(aged: c.aged, history: c.history)
        let expected = Self.reference(c)
        #expect(result.customers.count == expected.customers.count)
        #expect(result.customers.count >= 40)  // 25 customers × 2 entities, a few in francs too
        #expect(result.customers == expected.customers)
        #expect(result.groups == expected.groups)
        #expect(result.expectedPaymentDates == expected.expectedDates)
        // By entity then currency in byte order (outputs.md): the whole pipeline (`*`) first.
        #expect(result.groups.map { "\($0.entity) \($0.currency.code)" } == ["* CHF", "* EUR", "BE CHF", "BE EUR", "FR EUR"])
    }

    @Test("the month-end snapshot sums the entity's receivables and the month's sales")
    func snapshot() {
        let c = Self.randomCase(seed: 4)
        let snapshots = KPICalculator(asOf: Self.asOf, thresholds: PayerClassThresholds()).snapshots(aged: c.aged, history: c.history)
        for (key, s) in snapshots {
            let mine = c.aged.filter { $0.item.entity == key.entity && $0.item.openAmount.currency.code == key.currency }
            #expect(s.totalReceivables == mine.reduce(0) { $0 + $1.item.openAmount.minorUnits })
            #expect(s.currentReceivables == mine.filter { $0.daysOverdue <= 0 && $0.item.openAmount.minorUnits > 0 }
                .reduce(0) { $0 + $1.item.openAmount.minorUnits })
            #expect(s.salesOfMonth == c.history.sales.filter {
                $0.entity == key.entity && $0.amount.currency.code == key.currency && $0.documentDate.firstOfMonth == key.month
            }.reduce(0) { $0 + $1.amount.minorUnits })
            #expect(key.month == CivilDate(iso: "2026-11-01")!)
        }
        #expect(Set(snapshots.keys.map { "\($0.entity) \($0.currency)" }) == ["BE CHF", "BE EUR", "FR EUR"])
    }

    @Test("items in customer order: entity, customer, due date, document, ties in file order")
    func customerOrder() {
        var rng = SplitMix64(seed: 9)
        func below(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let start = CivilDate(iso: "2026-09-01")!
        let items = (0..<500).map { i in
            let date = start.adding(days: below(10))
            return OpenItem(entity: ["FR", "BE", "FR2"][below(3)], document: "F\(below(40))", customerID: ["DUPONT", "Dupont", "ÉTS MARTIN", "C\(below(30))"][below(4)],
                            kind: .invoice, documentDate: date, dueDate: date, amount: Money(minorUnits: Int64(i), currency: .eur),
                            openAmount: Money(minorUnits: Int64(i), currency: .eur))
        }
        let expected = items.sorted {
            ($0.entity, $0.customerID, $0.dueDate, $0.document) < ($1.entity, $1.customerID, $1.dueDate, $1.document)
        }
        #expect(items.sortedByCustomer() == expected)  // equal ones told apart by their amount (file position)
        #expect(!items.isInCustomerOrder)
        #expect(expected.isInCustomerOrder)
        #expect(expected.sortedByCustomer() == expected)
        #expect(!Array(expected.reversed()).isInCustomerOrder)
    }

    @Test("one pass over the records gives the same days to pay, days late, trend and last settlement")
    func behaviourSummary() {
        var rng = SplitMix64(seed: 5)
        func below(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let asOf = Self.asOf
        for _ in 0..<50 {
            let records = (0..<below(12)).map { _ in
                let doc = asOf.adding(days: -below(800))
                return SettlementRecord(documentDate: doc, dueDate: doc.adding(days: 30), settledOn: doc.adding(days: below(120)),
                                        amount: Int64(below(4) == 0 ? -500 : 1_000 + below(90_000)))
            }
            let summary = PaymentBehaviour.summary(records, asOf: asOf)
            #expect(summary.avgDaysToPayTenths == PaymentBehaviour.avgDaysToPay(records, asOf: asOf))
            #expect(summary.avgDaysLateTenths == PaymentBehaviour.avgDaysLate(records, asOf: asOf))
            #expect(summary.trend == PaymentBehaviour.trend(records, asOf: asOf))
            #expect(summary.lastSettledOn == records.map(\.settledOn).max())
        }
    }
}
