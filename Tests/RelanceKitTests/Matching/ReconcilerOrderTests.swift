import Testing
@testable import RelanceKit
import RelanceTestSupport

/// The order in which the reconciler sees the lines: a reversal cancels its credit before the credits
/// booked after it are matched, and the exact rules run for every line before any guess by customer + amount.
private enum OrderLedger {
    static func date(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }
    static let iban = "BE10000000010104"

    static func doc(_ document: String, _ minor: Int64, due: String) -> OpenItem {
        OpenItem(entity: "BE", document: document, customerID: "K1", kind: .invoice,
                 documentDate: date(due).adding(days: -30), dueDate: date(due),
                 amount: Money(minorUnits: minor, currency: .eur), openAmount: Money(minorUnits: minor, currency: .eur))
    }

    static func line(_ id: String, _ minor: Int64, _ remittance: String, booked: String, iban: String = "") -> BankLine {
        BankLine(id: id, entity: "BE", account: "BE68539007547034", bookingDate: date(booked),
                 amount: Money(minorUnits: minor, currency: .eur), payerName: "ALPHA SA", payerIBAN: iban, remittance: remittance)
    }

    static func reconcile(_ documents: [OpenItem], _ lines: [BankLine]) -> Reconciler.Result {
        Reconciler(documents: documents, cutoffs: ["BE": date("2026-10-31")], minConfidence: 9000,
                   customers: [Customer(entity: "BE", id: "K1", name: "Alpha SA", ibans: [iban])]).reconcile(lines)
    }

    static func allocations(_ r: Reconciler.Result) -> [String] {
        r.allocations.map { "\($0.bankLineID) \($0.document) \($0.amount.minorUnits) \($0.rule.rawValue)" }
    }
}

@Suite("Reconciler order")
struct ReconcilerOrderTests {
    @Test("a payment sent again after a reversal settles the re-opened invoice (document number)")
    func resentAfterReversal() {
        let documents = [OrderLedger.doc("G13", 120_00, due: "2026-10-01")]
        let lines = [
            OrderLedger.line("L1", 120_00, "G13", booked: "2026-11-11"),
            OrderLedger.line("L2", -120_00, "RETOUR VIREMENT G13", booked: "2026-11-13"),
            OrderLedger.line("L3", 120_00, "G13", booked: "2026-11-16"),
        ]
        let r = OrderLedger.reconcile(documents, lines)
        #expect(r.lines.map(\.line.id) == ["L1", "L2", "L3"])
        #expect(r.lines.map(\.rule) == [.reversal, .reversal, .documentNumber])
        #expect(r.lines[0].relatedLine == "L2")
        #expect(r.lines[2].documents == ["G13"])
        #expect(r.lines[2].allocated.minorUnits == 120_00)
        #expect(r.lines[2].unapplied.minorUnits == 0)
        #expect(OrderLedger.allocations(r) == ["L3 G13 12000 document_number"])
        #expect(r.openItems.isEmpty)
        ReconcilerTests.checkConservation(documents, lines, r)
    }

    @Test("a payment by customer + amount after the reversal of one by customer + amount settles the invoice")
    func resentByAmountAfterReversal() {
        let documents = [OrderLedger.doc("G13", 120_00, due: "2026-10-01")]
        let lines = [
            OrderLedger.line("L1", 120_00, "VIREMENT", booked: "2026-11-11", iban: OrderLedger.iban),
            OrderLedger.line("L2", -120_00, "RETOUR VIREMENT", booked: "2026-11-13", iban: OrderLedger.iban),
            OrderLedger.line("L3", 120_00, "VIREMENT", booked: "2026-11-16", iban: OrderLedger.iban),
        ]
        let r = OrderLedger.reconcile(documents, lines)
        #expect(r.lines.map(\.rule) == [.reversal, .reversal, .customerAmount])
        #expect(r.lines[1].note == "reverses L1 of 2026-11-11: G13 re-open")
        #expect(OrderLedger.allocations(r) == ["L3 G13 12000 customer_amount"])
        #expect(r.lines[2].confidence == 10_000)
        #expect(r.openItems.isEmpty)
        ReconcilerTests.checkConservation(documents, lines, r)
    }

    @Test("a payment between a credit and its reversal finds the invoice paid; it re-opens after the reversal")
    func paymentBeforeReversal() {
        let documents = [OrderLedger.doc("G13", 120_00, due: "2026-10-01")]
        let lines = [
            OrderLedger.line("L1", 120_00, "G13", booked: "2026-11-11"),
            OrderLedger.line("L2", 120_00, "G13", booked: "2026-11-12"),
            OrderLedger.line("L3", -120_00, "RETOUR VIREMENT G13", booked: "2026-11-13"),
        ]
        let r = OrderLedger.reconcile(documents, lines)
        // L3 returns the latest credit of its amount and payer, L2: L1 stands.
        #expect(r.lines.map(\.rule) == [.documentNumber, .reversal, .reversal])
        #expect(OrderLedger.allocations(r) == ["L1 G13 12000 document_number"])
        #expect(r.openItems.isEmpty)
        ReconcilerTests.checkConservation(documents, lines, r)
    }

    @Test("an exact document number on a later line wins over a guess by customer + amount on an earlier one")
    func exactRulesFirst() {
        let documents = [OrderLedger.doc("DOC-A", 100_00, due: "2026-09-01"), OrderLedger.doc("DOC-B", 100_00, due: "2026-10-01")]
        let lines = [
            OrderLedger.line("L1", 100_00, "virement", booked: "2026-11-02", iban: OrderLedger.iban),
            OrderLedger.line("L2", 100_00, "facture DOC-A", booked: "2026-11-05"),
        ]
        let r = OrderLedger.reconcile(documents, lines)
        #expect(r.lines.map(\.rule) == [.customerAmount, .documentNumber])
        #expect(r.lines.map(\.documents) == [["DOC-B"], ["DOC-A"]])
        #expect(r.lines[0].confidence == 10_000)
        // The allocations stay in bank order, though the second line was matched first.
        #expect(OrderLedger.allocations(r) == ["L1 DOC-B 10000 customer_amount", "L2 DOC-A 10000 document_number"])
        #expect(r.openItems.isEmpty)
        #expect(r.lines.allSatisfy { $0.unapplied.minorUnits == 0 })
        ReconcilerTests.checkConservation(documents, lines, r)
    }

    @Test("rule 4 lines are matched in bank order among themselves, after the exact rules")
    func customerAmountInBankOrder() {
        let documents = [OrderLedger.doc("DOC-A", 100_00, due: "2026-09-01"), OrderLedger.doc("DOC-B", 100_00, due: "2026-10-01"),
                         OrderLedger.doc("DOC-C", 100_00, due: "2026-10-15")]
        let lines = [
            OrderLedger.line("L1", 100_00, "virement", booked: "2026-11-02", iban: OrderLedger.iban),
            OrderLedger.line("L2", 100_00, "virement", booked: "2026-11-03", iban: OrderLedger.iban),
            OrderLedger.line("L3", 100_00, "DOC-A", booked: "2026-11-04"),
        ]
        let r = OrderLedger.reconcile(documents, lines)
        #expect(OrderLedger.allocations(r) == ["L1 DOC-B 10000 customer_amount", "L2 DOC-C 10000 customer_amount",
                                                 "L3 DOC-A 10000 document_number"])
        // Two documents of the amount were open for L1: the oldest, with less confidence.
        #expect(r.lines.map(\.confidence) == [9_500, 10_000, 10_000])
        ReconcilerTests.checkConservation(documents, lines, r)
    }

    @Test("allocations and write-offs of both passes in bank order; a reversal of a second-pass credit undoes it")
    func bothPassesInBankOrder() {
        let documents = [OrderLedger.doc("DOC-A", 100_00, due: "2026-09-01"), OrderLedger.doc("DOC-B", 100_00, due: "2026-10-01"),
                         OrderLedger.doc("DOC-C", 50_00, due: "2026-10-02")]
        let lines = [
            OrderLedger.line("L1", 100_00, "virement", booked: "2026-11-02", iban: OrderLedger.iban),
            OrderLedger.line("L2", 48_00, "DOC-C", booked: "2026-11-03"),
            OrderLedger.line("L3", 100_00, "DOC-A", booked: "2026-11-04"),
        ]
        let r = OrderLedger.reconcile(documents, lines)
        #expect(OrderLedger.allocations(r) == ["L1 DOC-B 10000 customer_amount", "L2 DOC-C 4800 document_number",
                                                 "L3 DOC-A 10000 document_number"])
        #expect(r.writeOffs.map { "\($0.bankLineID) \($0.document) \($0.amount.minorUnits)" } == ["L2 DOC-C 200"])
        #expect(r.openItems.isEmpty)
        ReconcilerTests.checkConservation(documents, lines, r)

        let returned = lines + [OrderLedger.line("L4", -100_00, "RETOUR VIREMENT", booked: "2026-11-05", iban: OrderLedger.iban)]
        let r2 = OrderLedger.reconcile(documents, returned)
        #expect(r2.lines.map(\.rule) == [.reversal, .documentNumber, .documentNumber, .reversal])
        #expect(r2.lines[3].note == "reverses L1 of 2026-11-02: DOC-B re-open")
        #expect(OrderLedger.allocations(r2) == ["L2 DOC-C 4800 document_number", "L3 DOC-A 10000 document_number"])
        #expect(r2.writeOffs.map(\.bankLineID) == ["L2"])
        #expect(r2.openItems.map { "\($0.document) \($0.openAmount.minorUnits)" } == ["DOC-B 10000"])
        ReconcilerTests.checkConservation(documents, returned, r2)
    }
}
