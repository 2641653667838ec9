import Testing
@testable import RelanceKit

@Suite("AgingBuckets")
struct AgingBucketsTests {
    @Test("default bounds give the spec's tokens")
    func defaultTokens() {
        let b = AgingBuckets(bounds: [30, 60, 90, 120])
        #expect(b.tokens == ["not_due", "1-30", "31-60", "61-90", "91-120", "121+"])
    }

    @Test("a custom list gives its own tokens")
    func customTokens() {
        #expect(AgingBuckets(bounds: [15, 45]).tokens == ["not_due", "1-15", "16-45", "46+"])
        #expect(AgingBuckets(bounds: [7]).tokens == ["not_due", "1-7", "8+"])
        #expect(AgingBuckets(bounds: []).tokens == ["not_due", "1+"])
    }

    struct BucketCase: CustomTestStringConvertible, Sendable {
        let days: Int
        let token: String
        let index: Int
        var testDescription: String { "\(days) days → \(token)" }
    }

    static let boundaries: [BucketCase] = [
        BucketCase(days: -10, token: "not_due", index: 0),
        BucketCase(days: 0, token: "not_due", index: 0),
        BucketCase(days: 1, token: "1-30", index: 1),
        BucketCase(days: 30, token: "1-30", index: 1),
        BucketCase(days: 31, token: "31-60", index: 2),
        BucketCase(days: 60, token: "31-60", index: 2),
        BucketCase(days: 61, token: "61-90", index: 3),
        BucketCase(days: 90, token: "61-90", index: 3),
        BucketCase(days: 91, token: "91-120", index: 4),
        BucketCase(days: 120, token: "91-120", index: 4),
        BucketCase(days: 121, token: "121+", index: 5),
        BucketCase(days: 5000, token: "121+", index: 5),
    ]

    @Test("boundaries of the default buckets", arguments: boundaries)
    func boundary(_ c: BucketCase) {
        let b = AgingBuckets(bounds: [30, 60, 90, 120])
        #expect(b.token(daysOverdue: c.days) == c.token)
        #expect(b.index(daysOverdue: c.days) == c.index)
    }

    static let customBoundaries: [BucketCase] = [
        BucketCase(days: 0, token: "not_due", index: 0),
        BucketCase(days: 1, token: "1-15", index: 1),
        BucketCase(days: 15, token: "1-15", index: 1),
        BucketCase(days: 16, token: "16-45", index: 2),
        BucketCase(days: 45, token: "16-45", index: 2),
        BucketCase(days: 46, token: "46+", index: 3),
    ]

    @Test("boundaries of a custom list", arguments: customBoundaries)
    func customBoundary(_ c: BucketCase) {
        let b = AgingBuckets(bounds: [15, 45])
        #expect(b.token(daysOverdue: c.days) == c.token)
        #expect(b.index(daysOverdue: c.days) == c.index)
    }
}

@Suite("Aging")
struct AgingTests {
    static func item(_ document: String, kind: DocumentKind = .invoice, due: String, open: Int64,
                     customer: String = "C1") -> OpenItem {
        let date = CivilDate(iso: due)!
        return OpenItem(entity: "FR", document: document, customerID: customer, kind: kind,
                        documentDate: date.adding(days: -30), dueDate: date,
                        amount: Money(minorUnits: open, currency: .eur), openAmount: Money(minorUnits: open, currency: .eur))
    }

    @Test("items are aged by due date: the due date itself is not overdue")
    func ageItems() {
        let asOf = CivilDate(iso: "2026-11-20")!
        let aging = Aging(asOf: asOf, buckets: AgingBuckets(bounds: [30, 60, 90, 120]), holds: [])
        let aged = aging.age([
            Self.item("F-DUE-TODAY", due: "2026-11-20", open: 100_00),
            Self.item("F-1", due: "2026-11-19", open: 200_00),
            Self.item("F-30", due: "2026-10-21", open: 300_00),
            Self.item("F-31", due: "2026-10-20", open: 400_00),
            Self.item("F-121", due: "2026-07-22", open: 500_00),
            Self.item("AV-1", kind: .creditNote, due: "2026-10-01", open: -50_00),
            Self.item("0123456789abcdef", kind: .unappliedCredit, due: "2026-01-01", open: -70_00),
        ])
        #expect(aged.map(\.daysOverdue) == [0, 1, 30, 31, 121, 50, 0])
        #expect(aged.map(\.bucket) == ["not_due", "1-30", "1-30", "31-60", "121+", "31-60", "not_due"])
        #expect(aged.map(\.isOverdue) == [false, true, true, true, true, false, false])
        #expect(aged.map(\.isCurrent) == [true, false, false, false, false, false, true])
        #expect(aged.allSatisfy { $0.status == .open })

        let balances = aging.balances(aged)
        #expect(balances.count == 1)
        let b = balances[0]
        let openTotal: Int64 = 1380_00 // 100 + 200 + 300 + 400 + 500 − 50 − 70
        // The overdue buckets' sum (aging.md: credit notes net the totals): 200 + 300 + 400 + 500 − 50 of
        // the overdue credit note AV-1, which is not chased (`isOverdue`) but is in 31-60.
        let overdueTotal: Int64 = 1350_00
        let perBucket: [Int64] = [30_00, 500_00, 350_00, 0, 0, 500_00]
        #expect(b.openTotal == openTotal)
        #expect(b.overdueTotal == overdueTotal)
        #expect(b.buckets == perBucket)
        #expect(b.overdueTotal == perBucket.dropFirst().reduce(0, +))
    }

    @Test("a promise suspends dunning until its date plus the grace of the customer's own plan")
    func promiseGracePerCustomer() {
        let asOf = CivilDate(iso: "2026-11-20")!
        // The three customers promised to pay by 16 November: 4 days ago.
        let holds = ["C1", "C2", "C3"].map { Hold(kind: .promise, entity: "FR", customerID: $0, until: CivilDate(iso: "2026-11-16")!) }
        let aging = Aging(asOf: asOf, buckets: AgingBuckets(bounds: [30, 60, 90, 120]), holds: holds)
        var aged = aging.age([
            Self.item("F-1", due: "2026-10-01", open: 100_00, customer: "C1"),
            Self.item("F-2", due: "2026-10-01", open: 200_00, customer: "C2"),
            Self.item("F-3", due: "2026-10-01", open: 300_00, customer: "C3"),
        ])
        // The default grace of 3 days has run out for everyone.
        #expect(aged.map(\.status) == [.open, .open, .open])
        // C1's plan allows 5 days (still promised), C2's 4 (the last day counts), C3 has no plan entry.
        aging.applyGrace([CustomerKey(entity: "FR", customerID: "C1"): 5, CustomerKey(entity: "FR", customerID: "C2"): 4], to: &aged)
        #expect(aged.map(\.status) == [.promised, .promised, .open])
        // A plan with no grace at all ends the promise on its date.
        let early = Aging(asOf: CivilDate(iso: "2026-11-17")!, buckets: AgingBuckets(bounds: [30]), holds: holds)
        var strict = early.age([Self.item("F-1", due: "2026-10-01", open: 100_00, customer: "C1")])
        #expect(strict[0].status == .promised)
        early.applyGrace([CustomerKey(entity: "FR", customerID: "C1"): 0], to: &strict)
        #expect(strict[0].status == .open)
    }
}
