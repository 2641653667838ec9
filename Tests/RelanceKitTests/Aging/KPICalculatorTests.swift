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
            // Credits: credit notes aged by their own due date, and unapplied credits (in `not_due` whatever their date).
            let kind: DocumentKind = sign > 0 ? .invoice : (i % 3 == 0 ? .unappliedCredit : .creditNote)
            items.append(OpenItem(entity: entity, document: "F\(i)", customerID: customer, kind: kind,
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
            // aging.md: the overdue total is the sum of the overdue buckets, credit notes netting it.
            let overdue = mine.filter { c.aged[$0].bucket != "not_due" }.reduce(Int64(0)) { $0 + c.aged[$1].item.openAmount.minorUnits }
            let settled = records { $0 == k.entity && $1 == k.customer && $2 == k.currency }
            let late = PaymentBehaviour.avgDaysLate(settled, asOf: asOf)
            let entityLate = PaymentBehaviour.avgDaysLate(records { $0 == k.entity && $2 == k.currency }, asOf: asOf)
            expected.customers.append(CustomerKPIs(
                entity: k.entity, customerID: k.customer, currency: Currency(code: k.currency)!,
                dso: open > 0 ? DSO.countback(receivables: open, sales: sales { $0 == k.entity && $1 == k.customer && $2 == k.currency }, asOf: asOf) : nil,
                avgDaysToPayTenths: PaymentBehaviour.avgDaysToPay(settled, asOf: asOf), avgDaysLateTenths: late,
                lateRate: PaymentBehaviour.lateRate(overdue: overdue, open: open),
                payerClass: PayerClass(avgDaysLate: PaymentBehaviour.daysLateSums(settled, asOf: asOf), thresholds: PayerClassThresholds()),
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
            // Overdue: the overdue buckets; current (best possible DSO): the `not_due` bucket, credits in both.
            let open = sum { _ in true }, overdue = sum { c.aged[$0].bucket != "not_due" }
            let current = sum { c.aged[$0].bucket == "not_due" }
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

    @Test("a customer's payer class from its exact days late: 15.04 days, shown 15.0, is average")
    func payerClassUnrounded() {
        let eur = { (minor: Int64) in Money(minorUnits: minor, currency: .eur) }
        var history = PaymentHistory()
        for (doc, settled, amount) in [("P1", "2026-10-16", eur(240_000)), ("P2", "2026-10-17", eur(10_000))] {
            history.settlements[DocumentKey(entity: "BE", document: doc)] = SettledDocument(
                entity: "BE", customerID: "K1", document: doc, documentDate: CivilDate(iso: "2026-09-01")!,
                dueDate: CivilDate(iso: "2026-10-01")!, settledOn: CivilDate(iso: settled)!, amount: amount)
        }
        // A customer is reported with an open item (as P9 in the audit's case).
        let open = OpenItem(entity: "BE", document: "P9", customerID: "K1", kind: .invoice, documentDate: CivilDate(iso: "2026-11-01")!,
                            dueDate: CivilDate(iso: "2026-12-01")!, amount: eur(10_000), openAmount: eur(10_000))
        let aged = Aging(asOf: Self.asOf, buckets: AgingBuckets(bounds: [30, 60, 90]), holds: []).age([open])
        let result = KPICalculator(asOf: Self.asOf, thresholds: PayerClassThresholds()).compute(aged: aged, history: history)
        #expect(result.customers.map(\.avgDaysLateTenths) == [150])
        #expect(result.customers.map(\.payerClass) == [.average])
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
        #expect(c.aged.contains { $0.item.kind == .unappliedCredit } && c.aged.contains { $0.item.kind == .creditNote && $0.daysOverdue >= 1 })
    }

    /// FR/C1: invoice 1 000.00 10 days late, credit note −200.00 40 days late, invoice 500.00 not due,
    /// credit note −50.00 due today, unapplied credit −30.00. FR/C2: credit note −100.00 50 days late,
    /// invoice 300.00 not due. Sales: 2 100.00 in November (the as-of's month, 20 days).
    static func creditsCase() -> Case {
        let fr = Aging(asOf: asOf, buckets: AgingBuckets(bounds: [30, 60, 90, 120]), holds: [])
        func item(_ customer: String, _ document: String, _ kind: DocumentKind, _ cents: Int64, due: String) -> OpenItem {
            let d = CivilDate(iso: due)!
            return OpenItem(entity: "FR", document: document, customerID: customer, kind: kind, documentDate: d.adding(days: -30),
                            dueDate: d, amount: Money(minorUnits: cents, currency: .eur), openAmount: Money(minorUnits: cents, currency: .eur))
        }
        var c = Case()
        c.aged = fr.age([
            item("C1", "F1", .invoice, 1_000_00, due: "2026-11-10"),
            item("C1", "AV1", .creditNote, -200_00, due: "2026-10-11"),
            item("C1", "F2", .invoice, 500_00, due: "2026-11-30"),
            item("C1", "AV2", .creditNote, -50_00, due: "2026-11-20"),
            item("C1", "U1", .unappliedCredit, -30_00, due: "2026-09-01"),
            item("C2", "AV3", .creditNote, -100_00, due: "2026-10-01"),
            item("C2", "F3", .invoice, 300_00, due: "2026-12-15"),
        ].sortedByCustomer())
        let key = DocumentKey(entity: "FR", document: "S1")
        c.history.sales[key] = PaymentHistory.Sale(entity: "FR", document: "S1", customerID: "C1",
                                                   documentDate: CivilDate(iso: "2026-11-05")!, amount: Money(minorUnits: 2_100_00, currency: .eur))
        return c
    }

    @Test("credit notes net the overdue total as they net the overdue buckets, and the current receivables of best possible DSO")
    func creditsNetOverdueAndCurrent() throws {
        let c = Self.creditsCase()
        let balances = Aging(asOf: Self.asOf, buckets: AgingBuckets(bounds: [30, 60, 90, 120]), holds: []).balances(c.aged)
        try #require(balances.map(\.customerID) == ["C1", "C2"])
        // not_due 500 − 50 − 30; 1-30: 1 000; 31-60: −200 (C2: −100 in 31-60).
        #expect(balances[0].buckets == [420_00, 1_000_00, -200_00, 0, 0, 0])
        #expect(balances[0].openTotal == 1_220_00)
        #expect(balances[0].overdueTotal == 800_00)
        #expect(balances[1].buckets == [300_00, 0, -100_00, 0, 0, 0])
        #expect(balances[1].overdueTotal == -100_00)
        for b in balances { #expect(b.overdueTotal == b.buckets.dropFirst().reduce(0, +)) }

        let result = KPICalculator(asOf: Self.asOf, thresholds: PayerClassThresholds()).compute(aged: c.aged, history: c.history)
        // C1: 800 / 1 220 = 0.65574; DSO 1 220 / 2 100 × 20 days = 11.62. C2: overdue −100 is no lateness: 0.
        #expect(result.customers.map(\.lateRate) == [6_557, 0])
        #expect(result.customers.map { $0.dso?.tenths } == [116, nil])
        let fr = try #require(result.groups.first { $0.entity == "FR" })
        #expect(fr.openTotal == 1_420_00)
        #expect(fr.overdueTotal == 700_00)            // 1 000 − 200 − 100
        #expect(fr.lateRate == 4_930)                  // 700 / 1 420 = 0.49296
        #expect(fr.dso?.tenths == 135)                 // 1 420 / 2 100 × 20 = 13.52
        // Current: 500 − 50 − 30 + 300 = 720 → 720 / 2 100 × 20 = 6.857 days (positive items only gave 800: 7.6).
        #expect(fr.bestPossibleDSO?.tenths == 69)
        #expect(fr.addDays == 66)
        #expect(result.groups.map(\.entity) == ["*", "FR"])
        #expect(result.groups[0].overdueTotal == 700_00 && result.groups[0].bestPossibleDSO?.tenths == 69)

        // The month-end snapshot's current receivables are the same 720.
        let snapshot = try #require(KPICalculator(asOf: Self.asOf, thresholds: PayerClassThresholds())
            .snapshots(aged: c.aged, history: c.history).values.first)
        #expect(snapshot.totalReceivables == 1_420_00)
        #expect(snapshot.currentReceivables == 720_00)
        #expect(snapshot.salesOfMonth == 2_100_00)
    }

    @Test("the month-end snapshot sums the entity's receivables and the month's sales")
    func snapshot() {
        let c = Self.randomCase(seed: 4)
        let snapshots = KPICalculator(asOf: Self.asOf, thresholds: PayerClassThresholds()).snapshots(aged: c.aged, history: c.history)
        for (key, s) in snapshots {
            let mine = c.aged.filter { $0.item.entity == key.entity && $0.item.openAmount.currency.code == key.currency }
            #expect(s.totalReceivables == mine.reduce(0) { $0 + $1.item.openAmount.minorUnits })
            // Current as in best possible DSO: the `not_due` bucket, credits netting it.
            #expect(s.currentReceivables == mine.filter { $0.bucket == "not_due" }.reduce(0) { $0 + $1.item.openAmount.minorUnits })
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
            #expect(summary.daysLate == PaymentBehaviour.daysLateSums(records, asOf: asOf))
        }
    }
}
