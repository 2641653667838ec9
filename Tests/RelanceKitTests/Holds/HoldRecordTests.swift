import Foundation
import Testing
@testable import RelanceKit

@Suite("Hold records: the overdue balance at start, per currency, in the state")
struct HoldRecordTests {
    static let asOf = CivilDate(iso: "2026-11-20")!

    static func aged(_ document: String, _ kind: DocumentKind, _ cents: Int64, _ currency: Currency, due: String,
                     customer: String = "B1") -> AgedItem {
        let d = CivilDate(iso: due)!
        let money = Money(minorUnits: cents, currency: currency)
        return AgedItem(item: OpenItem(entity: "BE", document: document, customerID: customer, kind: kind, documentDate: d.adding(days: -30),
                                       dueDate: d, amount: money, openAmount: money),
                        daysOverdue: asOf - d, bucket: "", status: .open)
    }

    /// B1: EUR 500.00 10 days late, an EUR credit note −100.00 40 days late, EUR 250.00 not due,
    /// USD 200.00 5 days late, a CHF credit note −50.00 late; B2 (another customer): EUR 900.00 late.
    static let items = [
        aged("F1", .invoice, 500_00, .eur, due: "2026-11-10"),
        aged("AV1", .creditNote, -100_00, .eur, due: "2026-10-11"),
        aged("F2", .invoice, 250_00, .eur, due: "2026-12-01"),
        aged("U1", .invoice, 200_00, .usd, due: "2026-11-15"),
        aged("AV2", .creditNote, -50_00, .chf, due: "2026-10-01"),
        aged("F9", .invoice, 900_00, .eur, due: "2026-10-01", customer: "B2"),
    ]

    @Test("a new hold remembers its overdue balance per currency, overdue credit notes netting it, no sum across currencies")
    func mergePerCurrency() {
        let customer = Hold(kind: .promise, entity: "BE", customerID: "B1", until: CivilDate(iso: "2026-11-30"))
        let document = Hold(kind: .promise, entity: "BE", customerID: "B1", document: "U1", until: CivilDate(iso: "2026-11-30"))
        let records = HoldRecord.merge([customer, document], known: [], asOf: Self.asOf, aged: Self.items, currency: { _ in .eur })
        // EUR 500 − 100 (the 250 is not due); USD 200; CHF −50 is owed to the customer: no target.
        #expect(records[0].overdueAtStart == [Money(minorUnits: 400_00, currency: .eur), Money(minorUnits: 200_00, currency: .usd)])
        #expect(records[1].overdueAtStart == [Money(minorUnits: 200_00, currency: .usd)])
        #expect(records.allSatisfy { $0.firstSeen == Self.asOf })
        // The amounts a dispute on the customer concerns: every open item, per currency.
        #expect(customer.openAmounts(in: Self.items) == [Money(minorUnits: -50_00, currency: .chf), Money(minorUnits: 650_00, currency: .eur),
                                                         Money(minorUnits: 200_00, currency: .usd)])
    }

    @Test("the state writes `EUR 400.00;USD 200.00` and reads it back; an old integer is read and given the entity's currency")
    func stateFile() throws {
        let folder = NSTemporaryDirectory() + "relance-holdrecord-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hold = Hold(kind: .promise, entity: "BE", customerID: "B1", until: CivilDate(iso: "2026-11-30"))
        let record = HoldRecord(hold: hold, firstSeen: CivilDate(iso: "2026-11-02")!,
                                overdueAtStart: [Money(minorUnits: 400_00, currency: .eur), Money(minorUnits: 200_00, currency: .usd)])
        let path = folder + "/holds.csv"
        try HoldRecord.write([record], to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix(",2026-11-02,EUR 400.00;USD 200.00\n"))
        #expect(try HoldRecord.read(path) == [record])

        // A state file of an earlier version: the sum as one integer of minor units.
        try text.replacingOccurrences(of: "EUR 400.00;USD 200.00", with: "60000").write(toFile: path, atomically: true, encoding: .utf8)
        let legacy = try HoldRecord.read(path)
        #expect(legacy.map(\.legacyOverdueAtStart) == [60000])
        #expect(legacy.map(\.overdueAtStart) == [[]])
        // Known: the first-seen date and the balance are kept, the latter in the entity's currency, not recomputed.
        let merged = HoldRecord.merge([hold], known: legacy, asOf: Self.asOf, aged: Self.items, currency: { _ in .eur })
        #expect(merged == [HoldRecord(hold: hold, firstSeen: CivilDate(iso: "2026-11-02")!,
                                      overdueAtStart: [Money(minorUnits: 600_00, currency: .eur)])])
        // Written back per currency.
        try HoldRecord.write(merged, to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix(",2026-11-02,EUR 600.00\n"))
    }
}
