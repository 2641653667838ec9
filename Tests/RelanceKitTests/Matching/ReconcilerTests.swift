import Testing
@testable import RelanceKit
import RelanceTestSupport

/// A small ledger of entity FR (bank cut-off 2026-10-31) and one document of entity BE.
private enum RecoLedger {
    static func date(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    static func doc(_ document: String, _ customer: String, _ minor: Int64, due: String, open: Int64? = nil,
                    kind: DocumentKind? = nil, currency: Currency = .eur, entity: String = "FR",
                    paymentRef: String = "", externalRef: String = "") -> OpenItem {
        let k = kind ?? (minor < 0 ? .creditNote : .invoice)
        return OpenItem(entity: entity, document: document, customerID: customer, kind: k,
                        documentDate: date(due).adding(days: -30), dueDate: date(due),
                        amount: Money(minorUnits: minor, currency: currency),
                        openAmount: Money(minorUnits: open ?? minor, currency: currency),
                        externalRef: externalRef, paymentRef: paymentRef)
    }

    static let documents: [OpenItem] = [
        doc("F2026-0100", "C1", 1000_00, due: "2026-10-01"),
        doc("F2026-0101", "C1", 500_00, due: "2026-10-15"),
        doc("F2026-0102", "C1", 300_00, due: "2026-10-20"),
        doc("F2026-0200", "C2", 1200_00, due: "2026-10-05", paymentRef: "+++090/9337/55493+++"),
        doc("F2026-0201", "C2", 640_50, due: "2026-10-06", paymentRef: "RF47ABC123"),
        doc("F2026-0300", "C3", 800_00, due: "2026-10-10"),
        doc("F2026-0400", "C4", 400_00, due: "2026-10-12"),
        doc("F2026-0500", "C5", 1000_00, due: "2026-10-14"),
        doc("AV2026-0010", "C5", -200_00, due: "2026-10-16"),
        doc("F2026-0600", "C6", 700_00, due: "2026-10-18", currency: .usd),
        doc("F2026-0700", "C7", 250_00, due: "2026-10-20"),
        doc("F2026-0800", "C8", 1234_56, due: "2026-10-22", open: 234_56),
        doc("F2026-0900", "C9", 90_00, due: "2026-10-24", externalRef: "BT-4455"),
        doc("F2026-0950", "C9", 100_00, due: "2026-10-25", open: 0), // settled in the ledger
        doc("F2026-0100", "B1", 777_00, due: "2026-10-01", entity: "BE"),
    ]

    static func line(_ id: String, _ minor: Int64, _ remittance: String, booked: String = "2026-11-05",
                     entity: String = "FR", currency: Currency = .eur, structuredRef: String = "",
                     endToEnd: String = "") -> BankLine {
        BankLine(id: id, entity: entity, account: entity == "FR" ? "FR7630006000011234567890189" : "BE68539007547034",
                 bookingDate: date(booked), amount: Money(minorUnits: minor, currency: currency),
                 remittance: remittance, structuredRef: structuredRef, endToEndID: endToEnd)
    }

    static func reconcile(_ lines: [BankLine]) -> Reconciler.Result {
        Reconciler(documents: documents, cutoffs: ["FR": date("2026-10-31")], minConfidence: 9000).reconcile(lines)
    }

    /// Open amount of a document after reconciliation (0 when it left the open items).
    static func open(_ r: Reconciler.Result, _ document: String, entity: String = "FR") -> Int64 {
        r.openItems.first { $0.entity == entity && $0.document == document }?.openAmount.minorUnits ?? 0
    }
}

/// One allocation as asserted: document and amount in minor units.
struct RecoAllocation: Equatable, CustomStringConvertible {
    let document: String
    let amount: Int64
    var description: String { "\(document): \(amount)" }
}

@Suite("Reconciler")
struct ReconcilerTests {
    func allocations(_ r: Reconciler.Result, line: String) -> [RecoAllocation] {
        r.allocations.filter { $0.bankLineID == line }.map { RecoAllocation(document: $0.document, amount: $0.amount.minorUnits) }
    }

    @Test("exact match by document number")
    func documentNumber() throws {
        let r = RecoLedger.reconcile([RecoLedger.line("L1", 300_00, "VIR SEPA RECU /DE ACME /MOTIF FACTURE F2026-0102")])
        #expect(allocations(r, line: "L1") == [RecoAllocation(document: "F2026-0102", amount: 300_00)])
        let a = try #require(r.allocations.first)
        #expect(a.rule == .documentNumber)
        #expect(a.confidence == 10_000)
        #expect(a.customerID == "C1")
        #expect(a.entity == "FR")
        #expect(a.bookingDate == RecoLedger.date("2026-11-05"))
        #expect(RecoLedger.open(r, "F2026-0102") == 0)
        #expect(!r.openItems.contains { $0.document == "F2026-0102" })
        #expect(r.lines.count == 1)
        #expect(r.lines[0].rule == .documentNumber)
        #expect(r.lines[0].documents == ["F2026-0102"])
        #expect(r.lines[0].allocated.minorUnits == 300_00)
        #expect(r.lines[0].unapplied.minorUnits == 0)
        // Everything else untouched.
        #expect(RecoLedger.open(r, "F2026-0100") == 1000_00)
        #expect(RecoLedger.open(r, "F2026-0100", entity: "BE") == 777_00)
    }

    @Test("the number may be in the end-to-end id, or be the document's external ref")
    func otherTexts() {
        let r = RecoLedger.reconcile([
            RecoLedger.line("L1", 300_00, "VIREMENT", endToEnd: "F2026-0102"),
            RecoLedger.line("L2", 90_00, "VOTRE REF BT-4455"),
        ])
        #expect(allocations(r, line: "L1") == [RecoAllocation(document: "F2026-0102", amount: 300_00)])
        #expect(allocations(r, line: "L2") == [RecoAllocation(document: "F2026-0900", amount: 90_00)])
    }

    @Test("structured reference in the text or from the bank")
    func structuredReference() {
        let r = RecoLedger.reconcile([
            // The text also names another document: the reference wins.
            RecoLedger.line("L1", 1200_00, "COMMUNICATION +++090/9337/55493+++ F2026-0100"),
            RecoLedger.line("L2", 640_50, "", structuredRef: "rf47 abc1 23"),
        ])
        #expect(allocations(r, line: "L1") == [RecoAllocation(document: "F2026-0200", amount: 1200_00)])
        #expect(allocations(r, line: "L2") == [RecoAllocation(document: "F2026-0201", amount: 640_50)])
        #expect(r.lines.map(\.rule) == [.structuredRef, .structuredRef])
        #expect(r.allocations.allSatisfy { $0.rule == .structuredRef && $0.customerID == "C2" })
        #expect(RecoLedger.open(r, "F2026-0100") == 1000_00)
        #expect(RecoLedger.open(r, "F2026-0200") == 0)
        #expect(RecoLedger.open(r, "F2026-0201") == 0)
    }

    @Test("two invoices in one payment")
    func twoInvoices() {
        let r = RecoLedger.reconcile([RecoLedger.line("L1", 1500_00, "FACTURES F2026-0101 ET F2026-0100")])
        // Oldest due date first.
        #expect(allocations(r, line: "L1") == [RecoAllocation(document: "F2026-0100", amount: 1000_00),
                                               RecoAllocation(document: "F2026-0101", amount: 500_00)])
        #expect(r.lines[0].documents == ["F2026-0100", "F2026-0101"])
        #expect(r.lines[0].allocated.minorUnits == 1500_00)
        #expect(RecoLedger.open(r, "F2026-0100") == 0)
        #expect(RecoLedger.open(r, "F2026-0101") == 0)
        #expect(RecoLedger.open(r, "F2026-0102") == 300_00)
    }

    @Test("partial payment: the remainder stays open")
    func partial() {
        let r = RecoLedger.reconcile([RecoLedger.line("L1", 300_00, "ACOMPTE F2026-0300")])
        #expect(allocations(r, line: "L1") == [RecoAllocation(document: "F2026-0300", amount: 300_00)])
        #expect(RecoLedger.open(r, "F2026-0300") == 500_00)
        #expect(r.lines[0].unapplied.minorUnits == 0)
        #expect(!r.openItems.contains { $0.kind == .unappliedCredit })
    }

    @Test("partial payment of several invoices: oldest due date first, the last stays partly open")
    func partialSeveral() {
        let r = RecoLedger.reconcile([RecoLedger.line("L1", 600_00, "F2026-0102 F2026-0101")])
        #expect(allocations(r, line: "L1") == [RecoAllocation(document: "F2026-0101", amount: 500_00),
                                               RecoAllocation(document: "F2026-0102", amount: 100_00)])
        #expect(RecoLedger.open(r, "F2026-0101") == 0)
        #expect(RecoLedger.open(r, "F2026-0102") == 200_00)
    }

    @Test("partial payment against a ledger open amount")
    func ledgerOpenAmount() {
        let r = RecoLedger.reconcile([RecoLedger.line("L1", 234_56, "SOLDE F2026-0800")])
        #expect(allocations(r, line: "L1") == [RecoAllocation(document: "F2026-0800", amount: 234_56)])
        #expect(RecoLedger.open(r, "F2026-0800") == 0)
    }

    @Test("overpayment: the surplus is an unapplied credit on the customer")
    func overpayment() throws {
        let r = RecoLedger.reconcile([RecoLedger.line("L-OVER", 450_00, "F2026-0400", booked: "2026-11-07")])
        #expect(allocations(r, line: "L-OVER") == [RecoAllocation(document: "F2026-0400", amount: 400_00)])
        #expect(RecoLedger.open(r, "F2026-0400") == 0)
        let credit = try #require(r.openItems.first { $0.kind == .unappliedCredit })
        #expect(credit.document == "L-OVER")
        #expect(credit.entity == "FR")
        #expect(credit.customerID == "C4")
        #expect(credit.amount == Money(minorUnits: -50_00, currency: .eur))
        #expect(credit.openAmount == Money(minorUnits: -50_00, currency: .eur))
        #expect(credit.documentDate == RecoLedger.date("2026-11-07"))
        #expect(credit.dueDate == RecoLedger.date("2026-11-07"))
        #expect(r.lines[0].allocated.minorUnits == 400_00)
        #expect(r.lines[0].unapplied.minorUnits == 50_00)
        #expect(r.lines[0].customerID == "C4")
    }

    @Test("invoice minus credit note: both are allocated")
    func invoiceMinusCreditNote() {
        let r = RecoLedger.reconcile([RecoLedger.line("L1", 800_00, "F2026-0500 MOINS AVOIR AV2026-0010")])
        #expect(allocations(r, line: "L1") == [RecoAllocation(document: "AV2026-0010", amount: -200_00),
                                               RecoAllocation(document: "F2026-0500", amount: 1000_00)])
        #expect(r.lines[0].allocated.minorUnits == 800_00)
        #expect(r.lines[0].unapplied.minorUnits == 0)
        #expect(RecoLedger.open(r, "F2026-0500") == 0)
        #expect(RecoLedger.open(r, "AV2026-0010") == 0)
        #expect(!r.openItems.contains { $0.kind == .unappliedCredit })
    }

    struct CutoffCase: CustomTestStringConvertible, Sendable {
        let booked: String
        let rule: MatchRule
        let openAfter: Int64
        var testDescription: String { "booked \(booked) → \(rule.rawValue)" }
    }

    @Test("already booked on or before the cut-off", arguments: [
        CutoffCase(booked: "2026-10-15", rule: .alreadyBooked, openAfter: 250_00),
        CutoffCase(booked: "2026-10-31", rule: .alreadyBooked, openAfter: 250_00),
        CutoffCase(booked: "2026-11-01", rule: .documentNumber, openAfter: 0),
    ])
    func alreadyBooked(_ c: CutoffCase) {
        let r = RecoLedger.reconcile([RecoLedger.line("L1", 250_00, "F2026-0700", booked: c.booked)])
        #expect(r.lines.map(\.rule) == [c.rule])
        #expect(RecoLedger.open(r, "F2026-0700") == c.openAfter)
        if c.rule == .alreadyBooked {
            #expect(r.allocations.isEmpty)
            #expect(r.lines[0].allocated.minorUnits == 0)
            #expect(r.lines[0].unapplied.minorUnits == 0)
            #expect(!r.openItems.contains { $0.kind == .unappliedCredit })
        }
    }

    @Test("currencies never mix: a EUR payment of a USD invoice is unmatched")
    func currencyMismatch() {
        let r = RecoLedger.reconcile([RecoLedger.line("L1", 700_00, "INVOICE F2026-0600")])
        #expect(r.allocations.isEmpty)
        #expect(r.lines.map(\.rule) == [.unmatched])
        let usd = r.openItems.first { $0.document == "F2026-0600" }
        #expect(usd?.openAmount == Money(minorUnits: 700_00, currency: .usd))
        #expect(!r.openItems.contains { $0.kind == .unappliedCredit })
    }

    @Test("a USD payment settles the USD invoice")
    func sameCurrency() {
        let r = RecoLedger.reconcile([RecoLedger.line("L1", 700_00, "INVOICE F2026-0600", currency: .usd)])
        #expect(allocations(r, line: "L1") == [RecoAllocation(document: "F2026-0600", amount: 700_00)])
        #expect(r.allocations.first?.amount.currency == .usd)
    }

    @Test("unmatched lines, another entity's document, debits")
    func unmatched() {
        let r = RecoLedger.reconcile([
            RecoLedger.line("L1", 99_99, "VIREMENT DIVERS"),
            RecoLedger.line("L2", 777_00, "F2026-0100 ENTITE FR", entity: "BE"),
            RecoLedger.line("L4", -300_00, "PRELEVEMENT F2026-0102"),
            RecoLedger.line("L5", 100_00, "F2026-0950"), // settled in the ledger: not open
        ])
        #expect(r.lines.map(\.line.id) == ["L1", "L2", "L5"])
        #expect(r.lines.map(\.rule) == [.unmatched, .documentNumber, .unmatched])
        // The BE line pays the BE document, never the FR one.
        #expect(allocations(r, line: "L2") == [RecoAllocation(document: "F2026-0100", amount: 777_00)])
        #expect(r.allocations.allSatisfy { $0.entity == "BE" })
        #expect(RecoLedger.open(r, "F2026-0100") == 1000_00)
        #expect(RecoLedger.open(r, "F2026-0102") == 300_00)
        #expect(r.lines[0].allocated.minorUnits == 0)
        #expect(r.lines[0].unapplied.minorUnits == 0)
    }

    @Test("conservation on the whole ledger: open before − paid = open after, credits included")
    func conservationLedger() {
        let lines = [
            RecoLedger.line("L1", 300_00, "F2026-0102"),
            RecoLedger.line("L2", 1200_00, "+++090/9337/55493+++"),
            RecoLedger.line("L3", 300_00, "F2026-0300"),
            RecoLedger.line("L4", 450_00, "F2026-0400"),
            RecoLedger.line("L5", 800_00, "F2026-0500 AV2026-0010"),
            RecoLedger.line("L6", 700_00, "F2026-0600"),
            RecoLedger.line("L7", 250_00, "F2026-0700", booked: "2026-10-30"),
            RecoLedger.line("L8", 12_00, "RIEN"),
            RecoLedger.line("L9", 2000_00, "F2026-0100 F2026-0101"),
        ]
        let r = RecoLedger.reconcile(lines)
        Self.checkConservation(RecoLedger.documents, lines, r)
        #expect(r.lines.map(\.rule) == [.documentNumber, .structuredRef, .documentNumber, .documentNumber, .documentNumber,
                                         .unmatched, .alreadyBooked, .unmatched, .documentNumber])
        // L9 pays 1500 of invoices and leaves 500 on C1.
        #expect(r.openItems.filter { $0.kind == .unappliedCredit }.map(\.document).sorted() == ["L4", "L9"])
        #expect(r.openItems.first { $0.document == "L9" }?.openAmount.minorUnits == -500_00)
        #expect(r.openItems.first { $0.document == "L9" }?.customerID == "C1")
    }

    /// Money is conserved per entity and currency: Σ open before − Σ matched credits = Σ open after
    /// (unapplied credits included), and Σ allocations = Σ open before − Σ open after of the documents.
    static func checkConservation(_ docs: [OpenItem], _ lines: [BankLine], _ r: Reconciler.Result,
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        struct Key: Hashable { let entity: String; let currency: String }
        var before: [Key: Int64] = [:]
        for d in docs where d.isOpen { before[Key(entity: d.entity, currency: d.openAmount.currency.code), default: 0] += d.openAmount.minorUnits }
        var after: [Key: Int64] = [:]
        var afterDocuments: [Key: Int64] = [:]
        for d in r.openItems {
            let k = Key(entity: d.entity, currency: d.openAmount.currency.code)
            after[k, default: 0] += d.openAmount.minorUnits
            if d.kind != .unappliedCredit { afterDocuments[k, default: 0] += d.openAmount.minorUnits }
        }
        var paid: [Key: Int64] = [:]
        for l in r.lines where l.rule != .unmatched && l.rule != .alreadyBooked {
            if l.rule == .reversal {
                // A reversal and the credit it cancels: nothing allocated, nothing left.
                #expect(l.allocated.minorUnits == 0 && l.unapplied.minorUnits == 0, "line \(l.line.id)", sourceLocation: sourceLocation)
                continue
            }
            // What a payment paid, plus what it closed within the tolerance.
            paid[Key(entity: l.line.entity, currency: l.line.amount.currency.code), default: 0] += l.line.amount.minorUnits + l.writeOff.minorUnits
            #expect(l.allocated.minorUnits + l.unapplied.minorUnits == l.line.amount.minorUnits,
                    "line \(l.line.id)", sourceLocation: sourceLocation)
        }
        var allocated: [Key: Int64] = [:]
        for a in r.allocations { allocated[Key(entity: a.entity, currency: a.amount.currency.code), default: 0] += a.amount.minorUnits }
        for w in r.writeOffs { allocated[Key(entity: w.entity, currency: w.amount.currency.code), default: 0] += w.amount.minorUnits }
        let keys = Set(before.keys).union(after.keys).union(paid.keys)
        for k in keys {
            #expect((before[k] ?? 0) - (paid[k] ?? 0) == (after[k] ?? 0), "\(k)", sourceLocation: sourceLocation)
            #expect((before[k] ?? 0) - (allocated[k] ?? 0) == (afterDocuments[k] ?? 0), "\(k)", sourceLocation: sourceLocation)
        }
        // Every credit has exactly one reconciliation line; debits none.
        #expect(r.lines.filter(\.line.isCredit).count == lines.filter(\.isCredit).count, sourceLocation: sourceLocation)
        #expect(r.lines.allSatisfy { $0.line.isCredit || $0.rule == .reversal }, sourceLocation: sourceLocation)
        #expect(r.lines.filter { $0.rule == .reversal }.reduce(Int64(0)) { $0 + $1.line.amount.minorUnits } == 0
                || r.lines.contains { $0.rule == .alreadyBooked && !$0.relatedLine.isEmpty }, sourceLocation: sourceLocation)
        // No document is left with more than it owed, or of the wrong sign.
        for d in r.openItems where d.kind == .invoice {
            #expect(d.openAmount.minorUnits > 0, "\(d.document)", sourceLocation: sourceLocation)
        }
    }

    @Test("conservation on generated data (fixed seed)", arguments: [1, 7, 42, 2026])
    func conservationGenerated(_ seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var docs: [OpenItem] = []
        for i in 0..<200 {
            let customer = "C" + String(rng.next() % 30)
            let amount = Int64(rng.next() % 500_000) + 1
            let open = rng.next() % 4 == 0 ? Int64(rng.next() % UInt64(amount)) + 1 : amount
            let due = RecoLedger.date("2026-09-01").adding(days: Int(rng.next() % 60))
            let isCredit = rng.next() % 10 == 0
            let currency: Currency = rng.next() % 8 == 0 ? .usd : .eur
            docs.append(OpenItem(entity: rng.next() % 5 == 0 ? "BE" : "FR", document: "F2026-" + String(1000 + i),
                                 customerID: customer, kind: isCredit ? .creditNote : .invoice,
                                 documentDate: due.adding(days: -30), dueDate: due,
                                 amount: Money(minorUnits: isCredit ? -amount : amount, currency: currency),
                                 openAmount: Money(minorUnits: isCredit ? -open : open, currency: currency),
                                 paymentRef: rng.next() % 6 == 0 ? StructuredReference.makeRF(String(1000 + i)) : ""))
        }
        var lines: [BankLine] = []
        for j in 0..<150 {
            var text = "VIR SEPA"
            let n = Int(rng.next() % 3)
            for _ in 0..<n { text += " F2026-" + String(1000 + Int(rng.next() % 220)) }
            if rng.next() % 7 == 0 { text += " " + StructuredReference.makeRF(String(1000 + Int(rng.next() % 220))) }
            let amount = Int64(rng.next() % 600_000) - 20_000
            lines.append(BankLine(id: "G" + String(j), entity: rng.next() % 5 == 0 ? "BE" : "FR", account: "X",
                                  bookingDate: RecoLedger.date("2026-10-25").adding(days: Int(rng.next() % 20)),
                                  amount: Money(minorUnits: amount == 0 ? 1 : amount, currency: rng.next() % 8 == 0 ? .usd : .eur),
                                  remittance: text))
        }
        let r = Reconciler(documents: docs, cutoffs: ["FR": RecoLedger.date("2026-10-31")], minConfidence: 9000).reconcile(lines)
        Self.checkConservation(docs, lines, r)
        #expect(r.allocations.count > 20)
    }
}

