import Foundation
import Testing
@testable import RelanceKit

@Suite("CAMTReader")
struct CAMTReaderTests {
    static let ns = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"

    /// A camt.053 with the given entries (each a `<Ntry>…</Ntry>` body).
    static func statement(_ entries: String, ns: String = ns) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="\(ns)">
        <BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr>
        <Stmt><Id>S1</Id><Acct><Id><IBAN>BE68 5390 0754 7034</IBAN></Id><Ccy>EUR</Ccy></Acct>
        \(entries)
        </Stmt></BkToCstmrStmt></Document>
        """
    }

    static func entry(_ amount: String = "<Amt Ccy=\"EUR\">12.50</Amt>", date: String = "<Dt>2026-11-02</Dt>", extra: String = "") -> String {
        "<Ntry>\(amount)<CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt>\(date)</BookgDt>\(extra)</Ntry>"
    }

    static func read(_ text: String, timeZone: String = "Europe/Brussels") throws(CAMTError) -> CAMTDocument {
        try CAMTReader.read(bytes: Array(text.utf8), file: "in.xml", timeZone: timeZone)
    }

    static func error(_ text: String) -> CAMTError? {
        do { _ = try read(text); return nil } catch { return error }
    }

    // MARK: Hostile input

    struct Hostile: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var line: Int
        var column: Int
        var message: String
        var testDescription: String { name }
    }

    static let hostile: [Hostile] = [
        Hostile(name: "billion laughs", text: "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n<Document>&lol2;</Document>",
                line: 2, column: 1, message: "DOCTYPE"),
        Hostile(name: "external entity", text: "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Document>&x;</Document>",
                line: 1, column: 1, message: "DOCTYPE"),
        Hostile(name: "undeclared entity", text: "<Document xmlns=\"\(ns)\">\n  <BkToCstmrStmt>&x;</BkToCstmrStmt></Document>",
                line: 2, column: 18, message: "&x;"),
        Hostile(name: "truncated", text: String(statement(entry()).prefix(300)),
                line: 5, column: 61, message: "not closed"),
        Hostile(name: "mismatched tags", text: "<Document xmlns=\"\(ns)\">\n<BkToCstmrStmt>\n  <Stmt></Stmnt>", line: 3, column: 9,
                message: "mismatched end tag </Stmnt>, expected </Stmt>"),
        Hostile(name: "HTML page", text: "<!DOCTYPE html>\n<html><body>Hello</body></html>", line: 1, column: 1, message: "DOCTYPE"),
        Hostile(name: "HTML without doctype", text: "\n\n<html><head><meta charset=utf-8></head></html>", line: 3, column: 1, message: "root element is <html>"),
        Hostile(name: "not XML at all", text: "Date;Amount\n2026-11-02;12.50\n", line: 1, column: 1, message: "content outside the root"),
        Hostile(name: "wrong namespace", text: "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"></Document>", line: 1, column: 1,
                message: "not a CAMT document"),
        Hostile(name: "missing amount", text: statement(entry("<Amt Ccy=\"EUR\"></Amt>")), line: 5, column: 7, message: "missing amount"),
        Hostile(name: "no Amt at all", text: statement(entry("")), line: 5, column: 1, message: "entry has no amount"),
        Hostile(name: "missing currency", text: statement(entry("<Amt>1.00</Amt>")), line: 5, column: 7, message: "no currency"),
        Hostile(name: "unknown currency", text: statement(entry("<Amt Ccy=\"EUX\">1.00</Amt>")), line: 5, column: 17,
                message: "unknown currency code \"EUX\""),
        Hostile(name: "malformed date", text: statement(entry(date: "<Dt>2026-02-30</Dt>")), line: 5, column: 88,
                message: "malformed date \"2026-02-30\""),
        Hostile(name: "malformed amount", text: statement(entry("<Amt Ccy=\"EUR\">1,50</Amt>")), line: 5, column: 22,
                message: "malformed amount"),
        Hostile(name: "empty file", text: "", line: 1, column: 1, message: "no root element"),
    ]

    @Test("hostile input is rejected whole with file, line, column and a plain message", arguments: hostile)
    func rejects(_ c: Hostile) throws {
        let e = try #require(Self.error(c.text))
        #expect(e.file == "in.xml")
        #expect(e.line == c.line && e.column == c.column, "\(e)")
        #expect(e.message.contains(c.message), "\(e)")
        #expect(e.description.hasPrefix("in.xml:\(e.line):\(e.column): error: "))
    }

    @Test("a 50 MB text node is read in bounded time")
    func hugeTextNode() throws {
        var bytes = Array("<Document xmlns=\"\(Self.ns)\"><BkToCstmrStmt><GrpHdr><MsgId>".utf8)
        bytes.append(contentsOf: [UInt8](repeating: UInt8(ascii: "a"), count: 50_000_000))
        bytes.append(contentsOf: Array("</MsgId></GrpHdr><Stmt><Id>1</Id></Stmt></BkToCstmrStmt></Document>".utf8))
        let start = ContinuousClock.now
        let doc = try CAMTReader.read(bytes: bytes, file: "big.xml", timeZone: "UTC")
        #expect(doc.transactions.isEmpty)
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test("a statement with no entries is valid and gives no transactions")
    func noEntries() throws {
        let doc = try Self.read(Self.statement(""))
        #expect(doc.transactions.isEmpty && doc.kind == .statement && doc.version == 2)
    }

    @Test("any prefix, the misspelt iso:20023, and every version are accepted")
    func namespaces() throws {
        let prefixed = """
        <n:Document xmlns:n="urn:iso:std:iso:20023:tech:xsd:camt.054.001.13"><n:BkToCstmrDbtCdtNtfctn><n:Ntfctn>
        <n:Acct><n:Id><n:IBAN>FR7630006000011234567890189</n:IBAN></n:Id></n:Acct>
        <n:Ntry><n:Amt Ccy="EUR">1</n:Amt><n:CdtDbtInd>DBIT</n:CdtDbtInd><n:Sts><n:Cd>PDNG</n:Cd></n:Sts>
        <n:BookgDt><n:Dt>2026-01-02</n:Dt></n:BookgDt></n:Ntry></n:Ntfctn></n:BkToCstmrDbtCdtNtfctn></n:Document>
        """
        let doc = try Self.read(prefixed)
        #expect(doc.kind == .notification && doc.version == 13)
        #expect(doc.transactions.map(\.amount.minorUnits) == [-100])
        #expect(doc.transactions[0].status == .pending)
        #expect(doc.transactions[0].sourceLine == 3)
    }

    // MARK: Values

    @Test("DtTm converts to the civil date of the reader's time zone", arguments: [
        ("2026-11-02T23:30:00Z", "Europe/Brussels", "2026-11-03"),
        ("2026-11-02T23:30:00+00:00", "UTC", "2026-11-02"),
        ("2026-07-02T22:30:00.123456789Z", "Europe/Brussels", "2026-07-03"),  // summer: UTC+2
        ("2026-07-02T21:59:59.999999999Z", "Europe/Brussels", "2026-07-02"),
        ("2026-11-03T00:30:00+01:00", "UTC", "2026-11-02"),
        ("2026-11-02T20:00:00-05:00", "Europe/Brussels", "2026-11-03"),
        ("2026-11-02T23:30:00", "Asia/Tokyo", "2026-11-02"),  // no offset: local time as written
        ("2025-07-23T00:00:00.000000000+03:00", "UTC", "2025-07-22"),
    ])
    func dateTimes(_ text: String, _ zone: String, _ expected: String) throws {
        let doc = try Self.read(Self.statement(Self.entry(date: "<DtTm>\(text)</DtTm>")), timeZone: zone)
        #expect(doc.transactions[0].bookingDate.iso == expected)
    }

    @Test("malformed DtTm values are rejected", arguments: ["2026-11-02T23:30", "2026-11-02 23:30:00", "2026-11-02T23:30:00.1234567890Z",
                                                           "2026-11-02T23:30:00+1", "2026-11-02T11:17:11:735"])
    func badDateTimes(_ text: String) {
        #expect(Self.error(Self.statement(Self.entry(date: "<DtTm>\(text)</DtTm>")))?.message.contains("malformed date-time") == true)
    }

    @Test("amounts: up to 5 decimals and leading zeros, rounded half-even with a flag and a warning", arguments: [
        ("EUR", "5442.09000", 544209, false), ("EUR", "0012.5", 1250, false), ("EUR", "1.00500", 100, true),
        ("EUR", "1.01500", 102, true), ("EUR", "1.00501", 101, true), ("JPY", "2700", 2700, false), ("JPY", "2700.5", 2700, true),
        ("KWD", "1.2345", 1234, true), ("EUR", "0", 0, false), ("EUR", ".02", 2, false), ("EUR", "3.", 300, false),
    ] as [(String, String, Int64, Bool)])
    func amounts(_ ccy: String, _ text: String, _ minor: Int64, _ rounded: Bool) throws {
        let doc = try Self.read(Self.statement(Self.entry("<Amt Ccy=\"\(ccy)\">\(text)</Amt>")))
        let t = doc.transactions[0]
        #expect(t.amount.minorUnits == minor && t.amount.currency.code == ccy && t.rounded == rounded)
        #expect(doc.warnings.isEmpty == !rounded)
    }

    // MARK: Transactions

    static let batch = statement("""
    <Ntry><Amt Ccy="EUR">300.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><RvslInd>false</RvslInd><Sts>BOOK</Sts>
    <BookgDt><Dt>2026-11-02</Dt></BookgDt><ValDt><DtTm>2026-11-03T08:00:00+01:00</DtTm></ValDt><AcctSvcrRef>E-1</AcctSvcrRef>
    <NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>
    <TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId><UETR>e1c5a6f0-0b6d-4c1e-9d9b-2a7f3b0b8a11</UETR></Refs>
      <AmtDtls><InstdAmt><Amt Ccy="CHF">110.00</Amt></InstdAmt><TxAmt><Amt Ccy="EUR">100.00</Amt><CcyXchg><SrcCcy>CHF</SrcCcy><TrgtCcy>EUR</TrgtCcy><XchgRate>0.9090909</XchgRate></CcyXchg></TxAmt></AmtDtls>
      <Chrgs><TtlChrgsAndTaxAmt Ccy="EUR">1.50</TtlChrgsAndTaxAmt><Rcrd><Amt Ccy="EUR">1.50</Amt><ChrgInclInd>true</ChrgInclInd></Rcrd></Chrgs>
      <RltdPties><Dbtr><Pty><Nm>Dupont &amp; Fils</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>ch93 0076 2011 6238 5295 7</IBAN></Id></DbtrAcct>
      <UltmtDbtr><Nm>Ultimate</Nm></UltmtDbtr></RltdPties>
      <RmtInf><Ustrd>F2026-0142</Ustrd><Ustrd><![CDATA[and <F2026-0143>]]></Ustrd><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf>
      <AddtlTxInf>virement</AddtlTxInf></TxDtls>
    <TxDtls><Refs><AcctSvcrRef>T-2</AcctSvcrRef></Refs><Amt Ccy="EUR">200.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>
      <RltdPties><UltmtDbtr><Pty><Nm>Only Ultimate</Nm></Pty></UltmtDbtr></RltdPties>
      <RmtInf><Strd><CdtrRefInf><Tp><Issr>BBA</Issr></Tp><Ref>+++090/9337/55493+++</Ref></CdtrRefInf></Strd></RmtInf><AddtlTxInf>only info</AddtlTxInf></TxDtls>
    </NtryDtls><AddtlNtryInf>Batch&#x20;of&#32;two</AddtlNtryInf></Ntry>
    """)

    @Test("a batch entry gives one transaction per TxDtls with the fields we model")
    func batchEntry() throws {
        let doc = try Self.read(Self.batch)
        #expect(doc.transactions.count == 2)
        let a = doc.transactions[0], b = doc.transactions[1]
        #expect(a.account == "BE68539007547034" && a.accountCurrency == .eur && a.statementID == "S1")
        #expect(a.amount == Money(minorUnits: 100_00, currency: .eur) && a.entryAmount.minorUnits == 300_00)
        #expect(a.instructedAmount == Money(minorUnits: 110_00, currency: .chf))
        #expect(a.exchange == CAMTExchange(sourceCurrency: "CHF", targetCurrency: "EUR", rate: "0.9090909"))
        #expect(a.charges == Money(minorUnits: 150, currency: .eur) && a.chargesIncluded == true)
        #expect(a.endToEndID == "" && a.uetr == "e1c5a6f0-0b6d-4c1e-9d9b-2a7f3b0b8a11")
        #expect(a.debtorName == "Dupont & Fils" && a.debtorIBAN == "CH9300762011623852957" && a.ultimateDebtorName == "Ultimate")
        #expect(a.unstructuredRemittance == ["F2026-0142", "and <F2026-0143>"])
        #expect(a.structuredReference == "RF18539007547034" && a.structuredReferenceType == "SCOR")
        #expect(a.additionalEntryInfo == "Batch of two" && a.valueDate?.iso == "2026-11-03")
        #expect(a.entryIndex == 1 && a.transactionIndex == 1 && a.transactionCount == 2 && a.sourceLine == 5)
        #expect(b.amount.minorUnits == -200_00 && !b.isCredit && b.structuredReferenceType == "BBA")

        let la = a.bankLine(entity: "BE", sourceFile: "in.xml")
        #expect(la.bankRef == "E-1#1" && la.payerName == "Dupont & Fils" && la.remittance == "F2026-0142 and <F2026-0143>")
        #expect(la.structuredRef == "RF18539007547034" && la.sourceFile == "in.xml" && la.id.isEmpty)
        let lb = b.bankLine(entity: "BE", sourceFile: "in.xml")
        #expect(lb.bankRef == "T-2" && lb.payerName == "Only Ultimate" && lb.remittance == "only info")
    }

    @Test("a batch with only NbOfTxs gives one transaction for the entry total")
    func batchWithoutDetails() throws {
        let doc = try Self.read(Self.statement(Self.entry(extra: "<AcctSvcrRef>R</AcctSvcrRef><NtryDtls><Btch><NbOfTxs>20</NbOfTxs></Btch></NtryDtls>")))
        #expect(doc.transactions.count == 1 && doc.transactions[0].amount.minorUnits == 1250)
        #expect(doc.transactions[0].bankLine(entity: "", sourceFile: "f").bankRef == "R#1")
    }

    @Test("an entry of one transaction without its own reference: the entry's AcctSvcrRef + #1 makes the id (README, Ids)")
    func singleTransactionID() throws {
        let doc = try Self.read(Self.statement(Self.entry(extra: "<AcctSvcrRef>R</AcctSvcrRef><NtryDtls><TxDtls><RmtInf><Ustrd>F1</Ustrd></RmtInf></TxDtls></NtryDtls>")))
        let line = doc.transactions[0].bankLine(entity: "BE", sourceFile: "f")
        #expect(line.bankRef == "R#1")
        // sha256("BE68539007547034|2026-11-02|1250|EUR|R#1"), first 16 hex digits
        #expect(BankLineID.base(of: line) == "a41aa3f4d22b20e3")
    }
}
