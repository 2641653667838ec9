import Foundation
import Testing
@testable import RelanceKit

/// The collector's digest (`outputs.md`, Call list: "the same list goes to the collector as an internal
/// e-mail each morning"): the call section carries the call list's columns, in its order and rows.
@Suite("Collector's digest")
struct CollectorDigestTests {
    static let asOf = CivilDate(year: 2026, month: 11, day: 20)!

    static func item(_ customer: String, _ document: String, daysOverdue: Int, minorUnits: Int64) -> AgedItem {
        let due = asOf.adding(days: -daysOverdue)
        let money = Money(minorUnits: minorUnits, currency: .eur)
        return AgedItem(item: OpenItem(entity: "BE", document: document, customerID: customer, kind: .invoice,
                                       documentDate: due.adding(days: -30), dueDate: due, amount: money, openAmount: money),
                        daysOverdue: daysOverdue, bucket: "", status: .open)
    }

    /// Two calls today: C9002 (two invoices, 1 234,56 € overdue, a reminder sent on 10 November) and
    /// C9001 (100,00 €, never contacted).
    static func callList() -> CallList {
        let journal = [
            JournalEvent(at: asOf.adding(days: -10), actionID: "a1", event: .sentToOutbox, entity: "BE", customerID: "C9002",
                         step: "reminder-3", channel: "email", documents: ["T-0002"]),
            JournalEvent(at: asOf, actionID: "c1", event: .sentToOutbox, entity: "BE", customerID: "C9001", step: "call",
                         channel: "call", documents: ["T-0001"]),
            JournalEvent(at: asOf, actionID: "c2", event: .sentToOutbox, entity: "BE", customerID: "C9002", step: "call",
                         channel: "call", documents: ["T-0002", "T-0003"]),
        ]
        let aged = [item("C9002", "T-0002", daysOverdue: 45, minorUnits: 80_000), item("C9002", "T-0003", daysOverdue: 30, minorUnits: 43_456),
                    item("C9002", "T-0009", daysOverdue: -5, minorUnits: 99_999), item("C9001", "T-0001", daysOverdue: 30, minorUnits: 10_000)]
        let customers = CustomerDirectory([
            Customer(entity: "BE", id: "C9002", name: "Dupont & Fils SA", contactName: "Jean <Dupont>", phone: "+32 2 000 00 00"),
            Customer(entity: "BE", id: "C9001", name: "Petit SPRL"),
        ])
        return CallList(journal: journal, aged: aged, customers: customers, asOf: asOf, currency: { _ in .eur })
    }

    static func digest(_ language: Language) -> CollectorDigest {
        CollectorDigest(asOf: asOf, language: language, calls: callList(), pending: [], brokenPromises: [], held: [])
    }

    @Test("the call list CSV: its columns, largest amount overdue first")
    func csv() {
        let csv = String(decoding: Self.callList().csvBytes, as: UTF8.self)
        #expect(csv == """
            customer_id,name,contact_name,phone,amount_overdue,oldest_days_late,step,last_action,last_action_date,promises,note
            C9002,Dupont & Fils SA,Jean <Dupont>,'+32 2 000 00 00,1234.56,45,call,reminder-3 (email),2026-11-10,0,T-0002;T-0003
            C9001,Petit SPRL,,,100.00,30,call,,,0,T-0001

            """)
    }

    @Test("calls about two currencies are two rows, amounts never added across currencies; open promises counted")
    func callsPerCurrency() {
        let usd = { (document: String, days: Int, minor: Int64) -> AgedItem in
            var a = Self.item("C9003", document, daysOverdue: days, minorUnits: minor)
            a.item.amount = Money(minorUnits: minor, currency: .usd)
            a.item.openAmount = Money(minorUnits: minor, currency: .usd)
            return a
        }
        let journal = [
            JournalEvent(at: Self.asOf, actionID: "c3", event: .sentToOutbox, entity: "BE", customerID: "C9003", step: "call",
                         channel: "call", documents: ["T-0010"]),
            JournalEvent(at: Self.asOf, actionID: "c4", event: .sentToOutbox, entity: "BE", customerID: "C9003", step: "call",
                         channel: "call", documents: ["U-0001"]),
        ]
        let aged = [Self.item("C9003", "T-0010", daysOverdue: 40, minorUnits: 50_000), Self.item("C9003", "T-0011", daysOverdue: 10, minorUnits: 2_500),
                    usd("U-0001", 60, 700_000)]
        let list = CallList(journal: journal, aged: aged, customers: CustomerDirectory([Customer(entity: "BE", id: "C9003", name: "Lemaire SRL")]),
                            openPromises: [CustomerKey(entity: "BE", customerID: "C9003"): 2], asOf: Self.asOf,
                            currency: { $0.actionID == "c4" ? .usd : .eur })
        #expect(String(decoding: list.csvBytes, as: UTF8.self) == """
            customer_id,name,contact_name,phone,amount_overdue,oldest_days_late,step,last_action,last_action_date,promises,note
            C9003,Lemaire SRL,,,7000.00,60,call,,,2,U-0001
            C9003,Lemaire SRL,,,525.00,40,call,,,2,T-0010

            """)
        #expect(list.rows.map(\.amountOverdue.currency) == [.usd, .eur])
    }

    @Test("the text part: each call with the call list's columns in order, the amount in the pipeline's money format")
    func text() {
        let nb = "\u{A0}"
        #expect(Self.digest(.fr).text == """
            Relance — synthèse du 20 novembre 2026

            À appeler aujourd'hui (2)
              - C9002 · Dupont & Fils SA · Jean <Dupont> · +32 2 000 00 00
                impayé échu 1\(nb)234,56\(nb)€ · retard max. 45 j · étape call
                dernière action reminder-3 (email) du 2026-11-10 · promesses 0
                note : T-0002;T-0003
              - C9001 · Petit SPRL
                impayé échu 100,00\(nb)€ · retard max. 30 j · étape call
                dernière action : aucune · promesses 0
                note : T-0001

            En attente de validation (0)

            Promesses non tenues (0)

            Actions retenues (0)

            Approuver : relance approve PIPELINE --all (ou les identifiants)

            """)
        #expect(Self.digest(.en).text.contains("""
              - C9002 · Dupont & Fils SA · Jean <Dupont> · +32 2 000 00 00
                overdue €1,234.56 · oldest 45 days late · step call
                last action reminder-3 (email) on 2026-11-10 · promises 0
                note: T-0002;T-0003

            """))
    }

    @Test("the HTML part: a table with the call list's columns in order, every value escaped")
    func html() {
        let html = Self.digest(.en).html
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n"))
        let header: String = "<tr><th>Customer</th><th>Name</th><th>Contact</th><th>Phone</th><th>Amount overdue</th>"
            + "<th>Oldest days late</th><th>Step</th><th>Last action</th><th>Last action date</th><th>Promises</th><th>Note</th></tr>\n"
        let first: String = "<tr><td>C9002</td><td>Dupont &amp; Fils SA</td><td>Jean &lt;Dupont&gt;</td><td>+32 2 000 00 00</td>"
            + "<td style=\"text-align: right;\">€1,234.56</td><td style=\"text-align: right;\">45</td><td>call</td>"
        let rest: String = "<td>reminder-3 (email)</td><td>2026-11-10</td><td style=\"text-align: right;\">0</td><td>T-0002;T-0003</td></tr>\n"
            + "<tr><td>C9001</td><td>Petit SPRL</td><td></td><td></td><td style=\"text-align: right;\">€100.00</td>"
        #expect(html.contains(header + first + rest))
        #expect(!html.contains("<Dupont>"))
        #expect(html.hasSuffix("<p>Approve: relance approve PIPELINE --all (or the ids)</p>\n</body>\n</html>\n"))
    }
}
