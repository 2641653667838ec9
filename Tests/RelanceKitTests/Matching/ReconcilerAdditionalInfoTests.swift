import Testing
@testable import RelanceKit
import RelanceTestSupport

/// Rule 3 reads the CAMT additional information (`AddtlTxInf`, the entry's `AddtlNtryInf`) besides the
/// remittance and the end-to-end id, without changing the line's id or its remittance.
@Suite("Reconciler additional info")
struct ReconcilerAdditionalInfoTests {
    static func date(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    static let documents: [OpenItem] = [("Y5", 144_00), ("Y6", 155_00)].map { document, minor in
        OpenItem(entity: "FR", document: document, customerID: "K1", kind: .invoice,
                 documentDate: date("2026-09-01"), dueDate: date("2026-10-01"),
                 amount: Money(minorUnits: minor, currency: .eur), openAmount: Money(minorUnits: minor, currency: .eur))
    }

    /// One entry; `transactions` are (amount, AddtlTxInf) pairs, each with the remittance `ustrd` (none when empty).
    static func camt(entryAmount: String, _ transactions: [(String, String)], entryInfo: String, ustrd: String = "paiement") -> String {
        let details = transactions.map { amount, info in
            "<TxDtls><AmtDtls><TxAmt><Amt Ccy=\"EUR\">\(amount)</Amt></TxAmt></AmtDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>"
                + "<RltdPties><Dbtr><Nm>ZZZ</Nm></Dbtr></RltdPties>" + (ustrd.isEmpty ? "" : "<RmtInf><Ustrd>\(ustrd)</Ustrd></RmtInf>")
                + (info.isEmpty ? "" : "<AddtlTxInf>\(info)</AddtlTxInf>") + "</TxDtls>"
        }.joined()
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr>
        <Stmt><Id>S</Id><Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></Acct>
        <Ntry><Amt Ccy="EUR">\(entryAmount)</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-12</Dt></BookgDt>
        <AcctSvcrRef>C2</AcctSvcrRef><NtryDtls>\(details)</NtryDtls>\(entryInfo.isEmpty ? "" : "<AddtlNtryInf>\(entryInfo)</AddtlNtryInf>")</Ntry>
        </Stmt></BkToCstmrStmt></Document>
        """
    }

    static func lines(_ text: String) throws -> [BankLine] {
        let doc = try CAMTReader.read(bytes: Array(text.utf8), file: "fr/extrait.xml", timeZone: "Europe/Paris")
        var lines = doc.transactions.map { $0.bankLine(entity: "FR", sourceFile: "fr/extrait.xml") }
        BankLineID.assign(&lines)
        return lines
    }

    static func reconcile(_ lines: [BankLine]) -> Reconciler.Result {
        Reconciler(documents: documents, cutoffs: ["FR": date("2026-10-31")], minConfidence: 9000).reconcile(lines)
    }

    @Test("a document number in the transaction's AddtlTxInf, the remittance saying only 'paiement'")
    func transactionInfo() throws {
        let lines = try Self.lines(Self.camt(entryAmount: "144.00", [("144.00", "Y5")], entryInfo: ""))
        #expect(lines.map(\.remittance) == ["paiement"])
        #expect(lines.map(\.additionalInfo) == ["Y5"])
        // The id and the remittance are those of the same line without the additional info.
        let plain = try Self.lines(Self.camt(entryAmount: "144.00", [("144.00", "")], entryInfo: ""))
        #expect(plain.map(\.id) == lines.map(\.id))
        #expect(plain.map(\.additionalInfo) == [""])
        #expect(Self.reconcile(plain).lines.map(\.rule) == [.unmatched])

        let r = Self.reconcile(lines)
        #expect(r.lines.map(\.rule) == [.documentNumber])
        #expect(r.allocations.map { "\($0.document) \($0.amount.minorUnits)" } == ["Y5 14400"])
        #expect(r.lines[0].unapplied.minorUnits == 0)
    }

    @Test("without Ustrd, the transaction's AddtlTxInf is the remittance, and not the additional info too")
    func transactionInfoAsRemittance() throws {
        let lines = try Self.lines(Self.camt(entryAmount: "144.00", [("144.00", "facture Y5")], entryInfo: "", ustrd: ""))
        #expect(lines.map(\.remittance) == ["facture Y5"])
        #expect(lines.map(\.additionalInfo) == [""])
        #expect(Self.reconcile(lines).allocations.map { "\($0.document) \($0.amount.minorUnits)" } == ["Y5 14400"])
    }

    @Test("a document number in the entry's AddtlNtryInf, for an entry of one transaction")
    func entryInfo() throws {
        let lines = try Self.lines(Self.camt(entryAmount: "155.00", [("155.00", "VIR SEPA")], entryInfo: "facture Y6"))
        #expect(lines.map(\.remittance) == ["paiement"])
        #expect(lines.map(\.additionalInfo) == ["VIR SEPA facture Y6"])
        let r = Self.reconcile(lines)
        #expect(r.lines.map(\.rule) == [.documentNumber])
        #expect(r.allocations.map { "\($0.document) \($0.amount.minorUnits)" } == ["Y6 15500"])
    }

    @Test("a batch entry's AddtlNtryInf speaks of all its transactions: no transaction takes its number")
    func batchEntryInfo() throws {
        let lines = try Self.lines(Self.camt(entryAmount: "288.00", [("144.00", ""), ("144.00", "")], entryInfo: "facture Y5"))
        #expect(lines.count == 2)
        #expect(lines.map(\.additionalInfo) == ["", ""])
        let r = Self.reconcile(lines)
        #expect(r.lines.map(\.rule) == [.unmatched, .unmatched])
        #expect(r.allocations.isEmpty)
    }

    @Test("the additional info survives the stage file; an older file without the column reads as empty")
    func stageColumn() throws {
        let dir = "/tmp/relance-reco-test-\(UInt32.random(in: 0...UInt32.max))"
        try FileTree.createDirectories(dir)
        defer { try? FileTree.removeTree(dir) }
        let lines = try Self.lines(Self.camt(entryAmount: "155.00", [("155.00", "VIR, \"SEPA\"")], entryInfo: "facture Y6"))
        #expect(lines.map(\.additionalInfo) == ["VIR, \"SEPA\" facture Y6"])
        try BankLine.write(lines, to: dir + "/bank-lines.csv")
        #expect(try BankLine.read(dir + "/bank-lines.csv") == lines)
        let carried = lines.map { CarriedBankLine(line: $0, fromCAMT: true) }
        try CarriedBankLine.write(carried, to: dir + "/carried.csv")
        #expect(try CarriedBankLine.read(dir + "/carried.csv").map(\.line) == lines)
        let old = "bank_line_id,entity,account,booking_date,value_date,currency,amount,payer_name,payer_iban,remittance,"
            + "structured_ref,bank_ref,end_to_end_id,source_file,source_line,reversal\n"
            + "0123456789abcdef,FR,FR7630006000011234567890189,2026-11-09,,EUR,155.00,ZZZ,,paiement,,R1,,old.csv,2,no\n"
        try AtomicFile.write(Array(old.utf8), to: dir + "/old.csv")
        let back = try BankLine.read(dir + "/old.csv")
        #expect(back.map(\.additionalInfo) == [""])
        #expect(back.map(\.amount.minorUnits) == [155_00])
    }
}
