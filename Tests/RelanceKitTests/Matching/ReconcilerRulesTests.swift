import Testing
@testable import RelanceKit
import RelanceTestSupport

/// A small ledger for rules 1, 2 (Relance RF), 4 and 5, reversals and the tolerance.
private enum RulesLedger {
    static func date(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }
    static let ibanDupont = "FR7630004000031234567890143"
    static let ibanAcme = "FR7610107001011234567890129"
    static let actionID = "a1b2c3d4e5f6"

    static func doc(_ document: String, _ customer: String, _ minor: Int64, due: String) -> OpenItem {
        OpenItem(entity: "FR", document: document, customerID: customer, kind: minor < 0 ? .creditNote : .invoice,
                 documentDate: date(due).adding(days: -30), dueDate: date(due),
                 amount: Money(minorUnits: minor, currency: .eur), openAmount: Money(minorUnits: minor, currency: .eur))
    }

    static let documents: [OpenItem] = [
        doc("F2026-0142", "C10", 1000_00, due: "2026-10-01"),
        doc("F2026-0143", "C10", 450_00, due: "2026-10-05"),
        doc("F2026-0144", "C10", 320_50, due: "2026-10-10"),
        doc("F2026-0145", "C10", 99_99, due: "2026-12-20"),
        doc("F2026-0200", "C20", 1234_00, due: "2026-10-01"),
        doc("F2026-0201", "C20", 500_00, due: "2026-10-02"),
        doc("F2026-0300", "C30", 777_77, due: "2026-10-03"),
        doc("F2026-0400", "C40", 600_00, due: "2026-10-04"),
        doc("F2026-0401", "C40", 400_00, due: "2026-10-05"),
        doc("F2026-0500", "C50", 250_00, due: "2026-10-06"),
        doc("F2026-0501", "C50", 150_00, due: "2026-10-07"),
        doc("F2026-0700", "C70", 800_00, due: "2026-10-08"),
    ] + (0..<14).map { doc("F2026-06" + (($0 < 10) ? "0" : "") + String($0), "C60", 100_00, due: "2026-09-0" + String(1 + $0 % 9)) }

    static let customers: [Customer] = [
        Customer(entity: "FR", id: "C10", name: "Dupont SA", ibans: [ibanDupont]),
        Customer(entity: "FR", id: "C20", name: "Müller Logistik GmbH"),
        Customer(entity: "FR", id: "C30", name: "Électricité Ménard & Fils"),
        Customer(entity: "FR", id: "C40", name: "Acme SARL", ibans: [ibanAcme]),
        Customer(entity: "FR", id: "C50", name: "Beta SAS"),
        Customer(id: "C60", name: "Gamma Distribution", ibans: ["BE68539007547034"]),
        Customer(entity: "FR", id: "C70", name: "Groupe Mercier Distribution SA"),
    ]

    static func line(_ id: String, _ minor: Int64, _ remittance: String, booked: String = "2026-11-05",
                     payer: String = "", iban: String = "") -> BankLine {
        BankLine(id: id, entity: "FR", account: "FR7630006000011234567890189", bookingDate: date(booked),
                 amount: Money(minorUnits: minor, currency: .eur), payerName: payer, payerIBAN: iban, remittance: remittance)
    }

    static func reconcile(_ lines: [BankLine], manual: [ManualMatch] = [], learned: [PayerIBAN] = []) -> Reconciler.Result {
        Reconciler(documents: documents, cutoffs: ["FR": date("2026-10-31")], minConfidence: 9000, customers: customers,
                   learnedIBANs: learned,
                   relanceReferences: [RelanceReference(actionID: actionID, entity: "FR", customerID: "C50", currency: .eur,
                                                        documents: ["F2026-0500", "F2026-0501"])],
                   manualMatches: manual).reconcile(lines)
    }

    static func open(_ r: Reconciler.Result, _ document: String) -> Int64 {
        r.openItems.first { $0.document == document }?.openAmount.minorUnits ?? 0
    }
}

@Suite("Reconciler rules")
struct ReconcilerRulesTests {
    func allocations(_ r: Reconciler.Result, line: String) -> [RecoAllocation] {
        r.allocations.filter { $0.bankLineID == line }.map { RecoAllocation(document: $0.document, amount: $0.amount.minorUnits) }
    }

    @Test("a payment quoting a Relance RF matches the action's documents")
    func relanceReference() throws {
        let rf = StructuredReference.makeRF(RulesLedger.actionID)
        #expect(rf.count == 16)
        let r = RulesLedger.reconcile([RulesLedger.line("L1", 400_00, "PAIEMENT RAPPEL " + rf.lowercased())])
        #expect(r.lines[0].rule == .relanceRef)
        #expect(r.lines[0].confidence == 10_000)
        #expect(r.lines[0].customerID == "C50")
        #expect(allocations(r, line: "L1") == [RecoAllocation(document: "F2026-0500", amount: 250_00),
                                                RecoAllocation(document: "F2026-0501", amount: 150_00)])
        #expect(RulesLedger.open(r, "F2026-0500") == 0)
        // Given by the bank as the structured reference, it works the same.
        var l2 = RulesLedger.line("L2", 400_00, "VIREMENT")
        l2.structuredRef = rf
        #expect(RulesLedger.reconcile([l2]).lines[0].rule == .relanceRef)
        // A reference that fails its check is only a hint.
        let broken = String(rf.prefix(2)) + (rf.dropFirst(2).hasPrefix("99") ? "98" : "99") + String(rf.dropFirst(4))
        let r3 = RulesLedger.reconcile([RulesLedger.line("L3", 400_00, "PAIEMENT " + broken)])
        #expect(r3.lines[0].rule == .unmatched)
        #expect(r3.lines[0].suggestions.first?.documents == ["F2026-0500", "F2026-0501"])
        #expect(r3.lines[0].suggestions.first?.score == 6_000)
    }

    @Test("customer by IBAN + amount = one invoice")
    func ibanOneInvoice() {
        let r = RulesLedger.reconcile([RulesLedger.line("L1", 450_00, "VIREMENT", payer: "X", iban: "fr76 3000 4000 0312 3456 7890 143")])
        #expect(r.lines[0].rule == .customerAmount)
        #expect(r.lines[0].confidence == 10_000)
        #expect(allocations(r, line: "L1") == [RecoAllocation(document: "F2026-0143", amount: 450_00)])
    }

    @Test("customer by IBAN + amount = a subset of three invoices")
    func subsetOfThree() {
        let r = RulesLedger.reconcile([RulesLedger.line("L1", 1420_49, "VIREMENT", iban: RulesLedger.ibanDupont)])
        #expect(r.lines[0].rule == .customerAmount)
        #expect(r.lines[0].confidence == 9_500)
        #expect(allocations(r, line: "L1").sorted { $0.document < $1.document } == [
            RecoAllocation(document: "F2026-0142", amount: 1000_00), RecoAllocation(document: "F2026-0144", amount: 320_50),
            RecoAllocation(document: "F2026-0145", amount: 99_99)])
    }

    @Test("customer by IBAN (a shared customer row) + amount = the whole overdue balance beyond 12 documents")
    func overdueBalance() {
        let r = RulesLedger.reconcile([RulesLedger.line("L1", 1400_00, "VIREMENT", iban: "BE68539007547034")])
        #expect(r.lines[0].rule == .customerAmount)
        #expect(r.lines[0].confidence == 10_000)
        #expect(r.allocations.count == 14)
        #expect(r.allocations.allSatisfy { $0.customerID == "C60" && $0.amount.minorUnits == 100_00 })
    }

    @Test("a name match with legal forms and accents removed", arguments: [
        ("MULLER LOGISTIK", 1234_00, "F2026-0200"),
        ("Müller Logistik G.m.b.H.", 1234_00, "F2026-0200"),
        ("ELECTRICITE MENARD ET FILS SARL", 777_77, "F2026-0300"),
    ])
    func nameMatch(_ c: (String, Int64, String)) {
        #expect(PayerName.normalize("Électricité Ménard & Fils") == "ELECTRICITE MENARD")
        #expect(PayerName.normalize("VAN DER MEER BOUW B.V.") == "VAN DER MEER BOUW")
        let r = RulesLedger.reconcile([RulesLedger.line("L1", c.1, "VIREMENT", payer: c.0)])
        #expect(r.lines[0].rule == .customerAmount)
        #expect(r.lines[0].confidence == 9_500)
        #expect(allocations(r, line: "L1") == [RecoAllocation(document: c.2, amount: c.1)])
    }

    @Test("a near name scores below the threshold: a suggestion, not an allocation")
    func nearName() {
        #expect(PayerName.similarity("GROUPE MERCIER DISTRIBUTION S", "GROUPE MERCIER DISTRIBUTION") == 8_500)
        let r = RulesLedger.reconcile([RulesLedger.line("L1", 800_00, "VIREMENT", payer: "GROUPE MERCIER DISTRIBUTION S")])
        #expect(r.lines[0].rule == .unmatched)
        #expect(r.allocations.isEmpty)
        #expect(r.lines[0].suggestions.first == Suggestion(customerID: "C70", documents: ["F2026-0700"], score: 8_500,
                                                           reason: "name close to Groupe Mercier Distribution SA; amount equals F2026-0700"))
    }

    @Test("a third-party payer is not matched by rule 4")
    func thirdParty() {
        let r = RulesLedger.reconcile([RulesLedger.line("L1", 600_00, "REGLEMENT", payer: "FACTOR BANK SA", iban: "DE89370400440532013000")])
        #expect(r.lines[0].rule == .unmatched)
        #expect(r.allocations.isEmpty)
        let s = r.lines[0].suggestions
        #expect(s.count == 1)
        #expect(s.first?.text == "F2026-0400")
        #expect(s.first?.score == 3_000)
        #expect(s.first?.reason == "amount equals F2026-0400 of Acme SARL")
        // …but through rule 3 it is.
        let r2 = RulesLedger.reconcile([RulesLedger.line("L1", 600_00, "FACT F2026-0400", payer: "FACTOR BANK SA", iban: "DE89370400440532013000")])
        #expect(r2.lines[0].rule == .documentNumber)
    }

    @Test("no credit allocated to the wrong customer: the IBAN's customer owes no such amount")
    func wrongCustomer() {
        let r = RulesLedger.reconcile([RulesLedger.line("L1", 777_77, "VIREMENT", payer: "Electricite Menard", iban: RulesLedger.ibanDupont)])
        #expect(r.lines[0].rule == .unmatched)
        #expect(r.allocations.isEmpty)
        #expect(r.lines[0].suggestions.map(\.customerID).first == "C10")
        #expect(r.lines[0].suggestions.first?.reason.hasPrefix("IBAN known for Dupont SA") == true)
    }

    @Test("IBANs are learned from confident matches and used in the next run")
    func learnedIBAN() {
        let iban = "FR1420041010050500013M02606"
        let r = RulesLedger.reconcile([RulesLedger.line("L1", 1234_00, "FACTURE F2026-0200", iban: iban)])
        #expect(r.payerIBANs == [PayerIBAN(entity: "FR", customerID: "C20", iban: iban, learnedOn: RulesLedger.date("2026-11-05"), bankLineID: "L1")])
        let next = RulesLedger.reconcile([RulesLedger.line("L2", 500_00, "VIREMENT", iban: iban)], learned: r.payerIBANs)
        #expect(next.lines[0].rule == .customerAmount)
        #expect(next.lines[0].confidence == 9_800)
        #expect(next.allocations.map(\.document) == ["F2026-0201"])
        #expect(next.payerIBANs == r.payerIBANs)
    }

    @Test("a reversal cancels the credit: its documents re-open")
    func reversal() {
        let lines = [
            RulesLedger.line("L1", 450_00, "FACTURE F2026-0143", payer: "DUPONT", iban: RulesLedger.ibanDupont),
            RulesLedger.line("L2", -450_00, "RETOUR VIREMENT MOTIF AC04", booked: "2026-11-07", payer: "DUPONT", iban: RulesLedger.ibanDupont),
            RulesLedger.line("L3", -99_99, "PRELEVEMENT", booked: "2026-11-07"),
        ]
        let r = RulesLedger.reconcile(lines)
        #expect(r.lines.map(\.line.id) == ["L1", "L2"])
        #expect(r.lines.map(\.rule) == [.reversal, .reversal])
        #expect(r.lines[0].relatedLine == "L2")
        #expect(r.lines[1].relatedLine == "L1")
        #expect(r.lines[1].line.amount.minorUnits == -450_00)
        #expect(r.lines[1].documents == ["F2026-0143"])
        #expect(r.allocations.isEmpty)
        #expect(RulesLedger.open(r, "F2026-0143") == 450_00)
        #expect(r.payerIBANs.isEmpty)
        ReconcilerTests.checkConservation(RulesLedger.documents, lines, r)
        // Without a reversal word, a debit is not a payment and changes nothing.
        let r2 = RulesLedger.reconcile([lines[0], RulesLedger.line("L2", -450_00, "VIREMENT", booked: "2026-11-07", iban: RulesLedger.ibanDupont)])
        #expect(r2.lines.map(\.rule) == [.documentNumber])
        #expect(RulesLedger.open(r2, "F2026-0143") == 0)
    }

    /// A camt.053.001.08 of Demo SARL's account: Dupont's credit for F2026-0143, then, when `flagged`,
    /// the bank's debit returning it (`RvslInd`), whose text carries no reversal word.
    static func camtWithReturn(flagged: Bool, creditFlagged: Bool = false) -> String {
        func entry(_ amount: String, _ sign: String, _ date: String, _ ref: String, reversal: Bool) -> String {
            """
            <Ntry><Amt Ccy="EUR">\(amount)</Amt><CdtDbtInd>\(sign)</CdtDbtInd>\(reversal ? "<RvslInd>true</RvslInd>" : "")
              <Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>\(date)</Dt></BookgDt><AcctSvcrRef>\(ref)</AcctSvcrRef>
              <NtryDtls><TxDtls><RltdPties><Dbtr><Pty><Nm>DUPONT SA</Nm></Pty></Dbtr>
                <DbtrAcct><Id><IBAN>\(RulesLedger.ibanDupont)</IBAN></Id></DbtrAcct></RltdPties>
                <RmtInf><Ustrd>FACTURE F2026-0143</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
            """
        }
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
        <BkToCstmrStmt><GrpHdr><MsgId>M-2026-11-09</MsgId></GrpHdr>
        <Stmt><Id>S-2026-11-09</Id><Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></Acct>
        \(entry("450.00", "CRDT", "2026-11-05", "2026110500017", reversal: creditFlagged))
        \(entry("450.00", "DBIT", "2026-11-09", "2026110900004", reversal: flagged))
        </Stmt></BkToCstmrStmt></Document>
        """
    }

    static func camtLines(_ text: String) throws -> [BankLine] {
        let doc = try CAMTReader.read(bytes: Array(text.utf8), file: "fr/extrait.xml", timeZone: "Europe/Paris")
        var lines = doc.transactions.map { $0.bankLine(entity: "FR", sourceFile: "fr/extrait.xml") }
        BankLineID.assign(&lines)
        return lines
    }

    @Test("a CAMT debit flagged RvslInd returns the credit: the invoice re-opens and both lines say reversal")
    func camtReversalFlag() throws {
        let lines = try Self.camtLines(Self.camtWithReturn(flagged: true))
        #expect(lines.map(\.reversal) == [false, true])
        #expect(lines.map(\.amount.minorUnits) == [450_00, -450_00])
        let r = RulesLedger.reconcile(lines)
        #expect(r.lines.map(\.rule) == [.reversal, .reversal])
        #expect(r.lines[0].relatedLine == lines[1].id)
        #expect(r.lines[1].relatedLine == lines[0].id)
        #expect(r.lines[1].documents == ["F2026-0143"])
        #expect(r.lines[1].note == "reverses \(lines[0].id) of 2026-11-05: F2026-0143 re-open")
        #expect(r.allocations.isEmpty)
        #expect(RulesLedger.open(r, "F2026-0143") == 450_00)
        ReconcilerTests.checkConservation(RulesLedger.documents, lines, r)

        // Without the flag (and without a reversal word) the debit is no payment: the credit stands.
        let plain = try Self.camtLines(Self.camtWithReturn(flagged: false))
        #expect(plain.map(\.reversal) == [false, false])
        let r2 = RulesLedger.reconcile(plain)
        #expect(r2.lines.map(\.rule) == [.documentNumber])
        #expect(RulesLedger.open(r2, "F2026-0143") == 0)
    }

    @Test("a credit flagged RvslInd gives back one of our debits: not matched to the customer")
    func creditReversalFlag() throws {
        let lines = try Self.camtLines(Self.camtWithReturn(flagged: false, creditFlagged: true))
        let r = RulesLedger.reconcile([lines[0]])
        #expect(r.lines.map(\.rule) == [.unmatched])
        #expect(r.lines[0].note.contains("RvslInd"))
        #expect(r.allocations.isEmpty)
        #expect(RulesLedger.open(r, "F2026-0143") == 450_00)
    }

    @Test("the reversal flag survives the stage file; an older file without the column reads as no")
    func reversalStageColumn() throws {
        let dir = "/tmp/relance-reco-test-\(UInt32.random(in: 0...UInt32.max))"
        try FileTree.createDirectories(dir)
        defer { try? FileTree.removeTree(dir) }
        let lines = try Self.camtLines(Self.camtWithReturn(flagged: true))
        try BankLine.write(lines, to: dir + "/bank-lines.csv")
        #expect(try BankLine.read(dir + "/bank-lines.csv") == lines)
        let old = "bank_line_id,entity,account,booking_date,value_date,currency,amount,payer_name,payer_iban,remittance,"
            + "structured_ref,bank_ref,end_to_end_id,source_file,source_line\n"
            + "0123456789abcdef,FR,FR7630006000011234567890189,2026-11-09,,EUR,-450.00,DUPONT SA,,RETOUR,,R1,,old.csv,2\n"
        try AtomicFile.write(Array(old.utf8), to: dir + "/old.csv")
        let back = try BankLine.read(dir + "/old.csv")
        #expect(back.map(\.reversal) == [false])
        #expect(back.map(\.amount.minorUnits) == [-450_00])
    }

    @Test("a shortfall within the tolerance closes the document as a write-off suggestion")
    func tolerance() {
        let r = RulesLedger.reconcile([RulesLedger.line("L1", 995_00, "FACTURE F2026-0142 FRAIS BANCAIRES")])
        #expect(r.lines[0].allocated.minorUnits == 995_00)
        #expect(r.lines[0].writeOff.minorUnits == 5_00)
        #expect(r.lines[0].note.contains("write-off"))
        #expect(r.writeOffs == [WriteOff(bankLineID: "L1", entity: "FR", customerID: "C10", document: "F2026-0142",
                                         amount: Money(minorUnits: 5_00, currency: .eur), bookingDate: RulesLedger.date("2026-11-05"))])
        #expect(RulesLedger.open(r, "F2026-0142") == 0)
        // 5.01 short is a partial payment.
        let r2 = RulesLedger.reconcile([RulesLedger.line("L1", 994_99, "FACTURE F2026-0142")])
        #expect(r2.lines[0].writeOff.minorUnits == 0)
        #expect(r2.writeOffs.isEmpty)
        #expect(RulesLedger.open(r2, "F2026-0142") == 5_01)
        #expect(ReconciliationLine.stageColumns.suffix(9).first == "suggestion_1")
    }

    @Test("manual matches, without and with amounts, come first")
    func manual() {
        let lines = [
            RulesLedger.line("M1", 1000_00, "VIREMENT GROUPE"),
            RulesLedger.line("M2", 1000_00, "FACTURE F2026-0142"),
        ]
        let r = RulesLedger.reconcile(lines, manual: [
            ManualMatch(bankLineID: "M1", entity: "FR", documents: ["F2026-0401", "F2026-0400"]),
            ManualMatch(bankLineID: "M2", entity: "", documents: ["F2026-0200", "F2026-0201"], amounts: [300_00, 200_00]),
        ])
        #expect(r.lines.map(\.rule) == [.manual, .manual])
        #expect(r.lines.map(\.confidence) == [10_000, 10_000])
        #expect(allocations(r, line: "M1") == [RecoAllocation(document: "F2026-0400", amount: 600_00),
                                                RecoAllocation(document: "F2026-0401", amount: 400_00)])
        #expect(allocations(r, line: "M2") == [RecoAllocation(document: "F2026-0200", amount: 300_00),
                                                RecoAllocation(document: "F2026-0201", amount: 200_00)])
        #expect(r.lines[1].unapplied.minorUnits == 500_00)
        #expect(r.lines[1].customerID == "C20")
        #expect(RulesLedger.open(r, "F2026-0142") == 1000_00) // the quoted number lost to finance's decision
        ReconcilerTests.checkConservation(RulesLedger.documents, lines, r)
    }

    @Test("stage files keep the new columns")
    func stageRoundTrip() throws {
        let r = RulesLedger.reconcile([RulesLedger.line("L1", 600_00, "REGLEMENT", payer: "FACTOR BANK SA"),
                                       RulesLedger.line("L2", 995_00, "F2026-0142")])
        let dir = "/tmp/relance-reco-test-\(UInt32.random(in: 0...UInt32.max))"
        try FileTree.createDirectories(dir)
        try ReconciliationLine.write(r.lines, to: dir + "/r.csv")
        let back = try ReconciliationLine.read(dir + "/r.csv")
        #expect(back.map { $0.suggestions.map { [$0.text, String($0.score), $0.reason] } }
                == r.lines.map { $0.suggestions.map { [$0.text, String($0.score), $0.reason] } })
        #expect(back.map(\.writeOff) == r.lines.map(\.writeOff))
        #expect(back.map(\.note) == r.lines.map(\.note))
        #expect(back[0].suggestions.count == 1)
        try ManualMatch.write([ManualMatch(bankLineID: "X", entity: "FR", documents: ["A", "B"], amounts: [1, 2])], to: dir + "/m.csv")
        #expect(try ManualMatch.read(dir + "/m.csv").first?.amounts == [1, 2])
        try FileTree.removeTree(dir)
    }

    @Test("conservation with customers, IBANs, reversals and write-offs on generated data (fixed seed)", arguments: [3, 11, 2026])
    func conservationGenerated(_ seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var docs: [OpenItem] = []
        var customers: [Customer] = []
        for c in 0..<20 {
            customers.append(Customer(entity: "FR", id: "K" + String(c), name: "Client \(c) SARL",
                                      ibans: ["FR76" + String(1000 + c) + "0000000000000000000"]))
        }
        for i in 0..<150 {
            let amount = Int64(rng.next() % 300_000) + 100
            let due = RulesLedger.date("2026-09-01").adding(days: Int(rng.next() % 80))
            docs.append(OpenItem(entity: "FR", document: "D" + String(1000 + i), customerID: "K" + String(rng.next() % 20),
                                 kind: .invoice, documentDate: due.adding(days: -30), dueDate: due,
                                 amount: Money(minorUnits: amount, currency: .eur), openAmount: Money(minorUnits: amount, currency: .eur)))
        }
        var lines: [BankLine] = []
        for j in 0..<120 {
            let d = docs[Int(rng.next() % 150)]
            let c = rng.next() % 2 == 0 ? Int(d.customerID.dropFirst())! : Int(rng.next() % 20)
            var amount: Int64
            switch rng.next() % 4 {
            case 0: amount = d.amount.minorUnits
            case 1: amount = d.amount.minorUnits - Int64(rng.next() % 600)
            default: amount = Int64(rng.next() % 300_000) + 1
            }
            amount = max(amount, 1)
            let text = rng.next() % 3 == 0 ? "FACT " + d.document : "VIREMENT"
            let booked = RulesLedger.date("2026-10-28").adding(days: Int(rng.next() % 20))
            let iban = rng.next() % 2 == 0 ? customers[c].ibans[0] : ""
            lines.append(BankLine(id: "G" + String(j), entity: "FR", account: "X", bookingDate: booked,
                                  amount: Money(minorUnits: amount, currency: .eur),
                                  payerName: rng.next() % 2 == 0 ? customers[c].name : "", payerIBAN: iban, remittance: text))
            if rng.next() % 10 == 0, !iban.isEmpty {
                lines.append(BankLine(id: "R" + String(j), entity: "FR", account: "X", bookingDate: booked.adding(days: 2),
                                      amount: Money(minorUnits: -amount, currency: .eur), payerIBAN: iban, remittance: "REJET"))
            }
        }
        let r = Reconciler(documents: docs, cutoffs: ["FR": RulesLedger.date("2026-10-31")], minConfidence: 9000,
                           customers: customers).reconcile(lines)
        ReconcilerTests.checkConservation(docs, lines, r)
        // Rule 4 allocates only to the customer the IBAN or the name points at.
        let lineByID = Dictionary(uniqueKeysWithValues: lines.map { ($0.id, $0) })
        for a in r.allocations where a.rule == .customerAmount {
            let l = lineByID[a.bankLineID]!
            let k = customers.first { $0.ibans.first == l.payerIBAN || $0.name == l.payerName }
            #expect(k?.id == a.customerID, "\(a.bankLineID)")
        }
        #expect(r.lines.contains { $0.rule == .customerAmount })
    }
}
