import Testing
@testable import RelanceKit

@Suite("Promises checked against payments")
struct PromiseCheckTests {
    static func date(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    static func paid(_ customer: String, _ document: String, _ euros: Int64, on iso: String, entity: String = "FR") -> Allocation {
        Allocation(bankLineID: "b-\(customer)-\(document)-\(iso)", entity: entity, customerID: customer, document: document,
                   amount: Money(minorUnits: euros * 100, currency: .eur), rule: .documentNumber, confidence: 10_000,
                   bookingDate: date(iso))
    }

    static func promise(_ customer: String, until: String, amount: Int64?, firstSeen: String, overdue: Int64 = 0) -> HoldRecord {
        HoldRecord(hold: Hold(kind: .promise, entity: "FR", customerID: customer, until: date(until),
                              amount: amount.map { Money(minorUnits: $0 * 100, currency: .eur) }),
                   firstSeen: date(firstSeen), overdueAtStart: overdue == 0 ? [] : [Money(minorUnits: overdue * 100, currency: .eur)])
    }

    @Test("kept, open and broken, each against its own customer's payments within the grace")
    func statuses() {
        let allocations = [
            Self.paid("C1", "F-1", 600, on: "2026-11-10"),
            Self.paid("C1", "F-2", 400, on: "2026-11-18"),   // within until + 3 days
            Self.paid("C2", "F-3", 250, on: "2026-11-05"),
            Self.paid("C2", "F-4", 900, on: "2026-10-20"),   // before the promise was first seen
            Self.paid("C3", "F-5", 1_000, on: "2026-11-12", entity: "BE"), // another entity's customer C3
            Self.paid("C4", "F-6", 300, on: "2026-11-19"),
        ]
        let records = [
            Self.promise("C1", until: "2026-11-15", amount: 1_000, firstSeen: "2026-11-01"),
            Self.promise("C2", until: "2026-11-15", amount: 1_000, firstSeen: "2026-11-01"),
            Self.promise("C3", until: "2026-11-30", amount: nil, firstSeen: "2026-11-01", overdue: 500),
            Self.promise("C4", until: "2026-11-15", amount: nil, firstSeen: "2026-11-01", overdue: 300),
        ]
        let byCustomer = PromiseCheck.byCustomer(allocations, for: records)
        #expect(byCustomer.count == 3)   // C1, C2, C4 of FR; C3's payment is of BE
        let asOf = Self.date("2026-11-20")
        let checks = records.map {
            PromiseCheck.check($0, allocations: byCustomer[CustomerKey(entity: "FR", customerID: $0.hold.customerID)] ?? [],
                               graceDays: 3, asOf: asOf, currency: .eur)[0]
        }
        #expect(checks.map(\.status) == [.kept, .broken, .open, .broken])
        #expect(checks.map(\.paid) == [1_000_00, 250_00, 0, 0])   // C4 paid on the 19th, after 15 + 3
        #expect(checks.map(\.target) == [1_000_00, 1_000_00, 500_00, 300_00])
        #expect(checks.map(\.deadline.iso) == ["2026-11-18", "2026-11-18", "2026-12-03", "2026-11-18"])
        // The grouped allocations give what all of them give.
        let unscoped = records.map { PromiseCheck.check($0, allocations: allocations, graceDays: 3, asOf: asOf, currency: .eur)[0] }
        #expect(unscoped.map(\.paid) == checks.map(\.paid))
        // With 5 grace days C4's payment of the 19th keeps its promise.
        let lenient = PromiseCheck.check(records[3], allocations: byCustomer[CustomerKey(entity: "FR", customerID: "C4")] ?? [],
                                         graceDays: 5, asOf: asOf, currency: .eur)
        #expect(lenient.map(\.status) == [.kept])
    }

    @Test("a promise without an amount is checked per currency of the overdue balance; payments of one currency never settle another")
    func perCurrency() {
        let record = HoldRecord(hold: Hold(kind: .promise, entity: "BE", customerID: "B1", until: Self.date("2026-11-15")),
                                firstSeen: Self.date("2026-11-01"),
                                overdueAtStart: [Money(minorUnits: 300_00, currency: .eur), Money(minorUnits: 200_00, currency: .usd)])
        func paid(_ cents: Int64, _ currency: Currency, on iso: String) -> Allocation {
            Allocation(bankLineID: "b-\(cents)-\(currency.code)", entity: "BE", customerID: "B1", document: "D", amount: Money(minorUnits: cents, currency: currency),
                       rule: .documentNumber, confidence: 10_000, bookingDate: Self.date(iso))
        }
        // 350 EUR (more than the 300 EUR owed) and 150 USD: EUR kept, USD short by 50 USD, past the deadline.
        let checks = PromiseCheck.check(record, allocations: [paid(350_00, .eur, on: "2026-11-10"), paid(150_00, .usd, on: "2026-11-12")],
                                        graceDays: 3, asOf: Self.date("2026-11-20"), currency: .eur)
        #expect(checks.map(\.currency) == [.eur, .usd])
        #expect(checks.map(\.target) == [300_00, 200_00])
        #expect(checks.map(\.paid) == [350_00, 150_00])
        #expect(checks.map(\.status) == [.kept, .broken])
        // Nothing overdue when first seen: one check in the entity's currency, never kept.
        var nothing = record
        nothing.overdueAtStart = []
        let none = PromiseCheck.check(nothing, allocations: [], graceDays: 3, asOf: Self.date("2026-11-17"), currency: .chf)
        #expect(none.map(\.currency) == [.chf] && none.map(\.target) == [0] && none.map(\.status) == [.open])
    }
}
