import RelanceKit
import Testing

/// A document the fixture must yield, to the cent.
struct ExpectedFECDocument: Sendable, CustomTestStringConvertible {
    var document: String
    var customerID: String
    var customerName: String
    var kind: DocumentKind
    var date: String
    var amount: Int64
    var open: Int64
    var line: Int
    var testDescription: String { document }
}

@Suite("FEC reader")
struct FECReaderTests {
    static let documents: [ExpectedFECDocument] = [
        .init(document: "FA-001", customerID: "LEFEVRE", customerName: "Boulangerie Lefèvre SARL", kind: .invoice,
              date: "2026-09-01", amount: 1200_00, open: 0, line: 2),
        .init(document: "FA-002", customerID: "MENARD", customerName: "Électricité Ménard & Fils", kind: .invoice,
              date: "2026-08-05", amount: 1000_00, open: 150_00, line: 5),
        .init(document: "FA-003", customerID: "MENARD", customerName: "Électricité Ménard & Fils", kind: .invoice,
              date: "2026-08-20", amount: 500_00, open: 0, line: 6),
        .init(document: "FA-004", customerID: "DUBOIS", customerName: "Crèmerie Dubois", kind: .invoice,
              date: "2026-10-02", amount: 800_00, open: 800_00, line: 10),
        .init(document: "FA-005", customerID: "HOTELPARC", customerName: "Hôtel du Parc Saint-Jacques", kind: .invoice,
              date: "2026-09-15", amount: 2400_00, open: 2400_00, line: 12),
        .init(document: "FA-006", customerID: "CHEVALIER", customerName: "Pharmacie Chevalier", kind: .invoice,
              date: "2026-10-05", amount: 900_00, open: 900_00, line: 14),
        .init(document: "AV-001", customerID: "CHEVALIER", customerName: "Pharmacie Chevalier", kind: .creditNote,
              date: "2026-10-12", amount: -120_00, open: -120_00, line: 16),
        .init(document: "FA-007", customerID: "411GARNIER", customerName: "Librairie Garnier & Cie", kind: .invoice,
              date: "2026-11-02", amount: 640_00, open: 640_00, line: 17),
        .init(document: "OD-001", customerID: "411GARNIER", customerName: "Librairie Garnier & Cie", kind: .creditNote,
              date: "2026-11-10", amount: -40_00, open: -40_00, line: 18),
    ]

    static let cases: [(FECFixture.Variant, ExpectedFECDocument)] =
        FECFixture.Variant.allCases.flatMap { v in documents.map { (v, $0) } }

    @Test("each document, open amount to the cent", arguments: cases)
    func document(_ variant: FECFixture.Variant, _ expected: ExpectedFECDocument) throws {
        let ledger = FECFixture.read(variant)
        let item = try #require(ledger.documents.first { $0.document == expected.document })
        #expect(item.entity == "FR")
        #expect(item.customerID == expected.customerID)
        #expect(item.customerName == expected.customerName)
        #expect(item.kind == expected.kind)
        #expect(item.documentDate.iso == expected.date)
        #expect(item.dueDate == item.documentDate)
        #expect(item.amount == Money(minorUnits: expected.amount, currency: .eur))
        #expect(item.openAmount == Money(minorUnits: expected.open, currency: .eur))
        #expect(item.sourceFile == "fr/123456789FEC20261120.txt")
        #expect(item.sourceLine == expected.line)
    }

    @Test("documents in file order, nothing else", arguments: FECFixture.Variant.allCases)
    func documentList(_ variant: FECFixture.Variant) {
        let ledger = FECFixture.read(variant)
        #expect(ledger.documents.map(\.document) == Self.documents.map(\.document))
    }

    @Test("unlettered and after-as-of lettered payments are unapplied credits", arguments: FECFixture.Variant.allCases)
    func unapplied(_ variant: FECFixture.Variant) {
        let ledger = FECFixture.read(variant)
        let got = ledger.unappliedCredits.map {
            "\($0.customerID) \($0.document) \($0.kind.rawValue) \($0.documentDate.iso) \($0.amount.minorUnits) \($0.openAmount.minorUnits) \($0.sourceLine)"
        }
        #expect(got == [
            "DUBOIS RG-003 unapplied_credit 2026-10-28 -30000 -30000 11",
            "HOTELPARC RG-004 unapplied_credit 2026-10-30 -240000 -240000 13",
        ])
        #expect(ledger.unappliedCredits.allSatisfy { $0.customerName != "" })
    }

    @Test("settled history: balanced groups, and the fully paid invoice of a partial group", arguments: FECFixture.Variant.allCases)
    func settled(_ variant: FECFixture.Variant) {
        let ledger = FECFixture.read(variant)
        let eur = { (c: Int64) in Money(minorUnits: c, currency: .eur) }
        #expect(ledger.settled == [
            SettledDocument(entity: "FR", customerID: "LEFEVRE", document: "FA-001",
                            documentDate: CivilDate(year: 2026, month: 9, day: 1)!,
                            settledOn: CivilDate(year: 2026, month: 10, day: 15)!, amount: eur(1200_00)),
            SettledDocument(entity: "FR", customerID: "MENARD", document: "FA-003",
                            documentDate: CivilDate(year: 2026, month: 8, day: 20)!,
                            settledOn: CivilDate(year: 2026, month: 10, day: 20)!, amount: eur(500_00)),
        ])
    }

    @Test("counts, rejects with exact lines, cut-off", arguments: FECFixture.Variant.allCases)
    func counts(_ variant: FECFixture.Variant) {
        let ledger = FECFixture.read(variant)
        #expect(ledger.rowsRead == 21)
        #expect(ledger.rowsRejected == 2)
        #expect(ledger.linesAfterAsOf == 1)
        #expect(ledger.receivableLines == 14)
        #expect(ledger.encoding == .utf8)
        #expect(ledger.delimiter == (variant == .pipe ? 0x7C : 0x09))
        #expect(ledger.bankCutoff == CivilDate(year: 2026, month: 10, day: 30))
        #expect(ledger.rejects.map { "\($0.line) \($0.column) \($0.code)" } == [
            "21 Debit E_BAD_AMOUNT",
            "22 EcritureDate E_BAD_DATE",
        ])
        #expect(ledger.rejects[0].message.contains("`12,3,4`"))
        #expect(ledger.rejects[1].message.contains("`20263101`"))
        #expect(ledger.rejects[0].raw.contains("FA-009"))
        #expect(ledger.rejects.allSatisfy { $0.file == "fr/123456789FEC20261120.txt" && $0.severity == .error })
    }

    @Test("conservation: open + unapplied = debits − credits of unsettled lines", arguments: FECFixture.Variant.allCases)
    func conservation(_ variant: FECFixture.Variant) {
        let ledger = FECFixture.read(variant)
        // Unsettled receivable lines (lines 5, 6, 9–18): 150 + 500 + 780 + 0 + 600 … worked out by hand:
        // MENARD 1 000 + 500 − 1 350; DUBOIS 800 − 300; HOTELPARC 2 400 − 2 400; CHEVALIER 900 − 120; GARNIER 640 − 40.
        let unsettled: Int64 = (1000_00 + 500_00 - 1350_00) + (800_00 - 300_00) + (2400_00 - 2400_00)
            + (900_00 - 120_00) + (640_00 - 40_00)
        #expect(ledger.openBalance == unsettled)
        #expect(ledger.openBalance == 2030_00)
        let open = ledger.documents.filter(\.isOpen)
        #expect(open.map(\.document) == ["FA-002", "FA-004", "FA-005", "FA-006", "AV-001", "FA-007", "OD-001"])
    }

    @Test("bank_booked_until overrides the computed cut-off")
    func cutoffOverride() {
        let ledger = FECFixture.read(options: FECFixture.options(bankBookedUntil: CivilDate(year: 2026, month: 10, day: 31)))
        #expect(ledger.bankCutoff == CivilDate(year: 2026, month: 10, day: 31))
    }

    @Test("an earlier as-of: later lines ignored, later lettering not counted, cut-off within as-of")
    func earlierAsOf() throws {
        let ledger = FECFixture.read(options: FECFixture.options(asOf: CivilDate(year: 2026, month: 10, day: 16)!))
        // FA-001 lettered on 2026-10-15: settled. MENARD's group is lettered on 2026-10-20: still open.
        #expect(ledger.settled.map(\.document) == ["FA-001"])
        let fa002 = try #require(ledger.documents.first { $0.document == "FA-002" })
        #expect(fa002.openAmount.minorUnits == 1000_00)
        #expect(ledger.bankCutoff == CivilDate(year: 2026, month: 10, day: 10))
        #expect(ledger.unappliedCredits.isEmpty)
        // Lines 9, 11, 13, 17, 18, 19 (the bad lines 21, 22 are rejected, not counted).
        #expect(ledger.linesAfterAsOf == 6)
        #expect(ledger.openBalance == 1000_00 + 500_00 + 800_00 + 2400_00 + 900_00 - 120_00)
    }

    @Test("a FEC missing columns is rejected whole, naming them and the headers found")
    func missingColumns() throws {
        let header = "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|DateLet|Montantdevise|Idevise"
        let rows = "VT|Ventes|VT1|20261001|411000|Clients|C1|Client|FA-1|20261001|Facture|10,00|0,00||||"
        let text = FECFixture.text(.tab, header: header, rows: rows)
        let names = header.split(separator: "|").map(String.init)
        #expect(FECReader.isFEC(header: names))
        let ledger = FECReader.read(bytes: Array(text.utf8), file: "fr/fec.txt", options: FECFixture.options())
        #expect(ledger.documents.isEmpty)
        let reject = try #require(ledger.rejects.first)
        #expect(ledger.rejects.count == 1)
        #expect(reject.line == 0)
        #expect(reject.code == "E_MISSING_COLUMN")
        #expect(reject.message == "not a complete FEC: missing columns EcritureLet, ValidDate; headers found: "
            + names.joined(separator: ", "))
    }

    @Test("a line with another number of fields than the header")
    func fieldCount() {
        let rows = """
            VT|Ventes|VT1|20261001|411000|Clients|C1|Client|FA-1|20261001|Facture|10,00|0,00|||20261001||
            VT|Ventes|VT2|20261001|411000|Clients|C1|Client|FA-2|20261001|Facture|10,00|0,00|||20261001
            VT|Ventes|VT3|20261001|411000|Clients|C1|Client|FA-3|20261001|Facture|10,00|0,00|||20261001|||x
            VT|Ventes|VT4|20261001|411000|Clients|C1|Client|FA-4|20261001|Facture|10,00|0,00|||20261001|||
            """
        let ledger = FECReader.read(bytes: Array(FECFixture.text(.pipe, rows: rows).utf8), file: "f.txt",
                                    options: FECFixture.options())
        #expect(ledger.rejects.map { "\($0.line) \($0.code) \($0.message)" } == [
            "3 E_FIELD_COUNT 16 fields where the header has 18",
            "4 E_FIELD_COUNT 19 fields where the header has 18",
        ])
        #expect(ledger.documents.map(\.document) == ["FA-1", "FA-4"])
        #expect(ledger.rowsRead == 4)
        #expect(ledger.rowsRejected == 2)
    }

    @Test("a quote never closed rejects its line only: the lines after it are read and counted")
    func quoteNeverClosed() {
        let rows = """
            VT|Ventes|VT1|20261001|411000|Clients|C1|Client|FA-1|20261001|Facture|10,00|0,00|||20261001||
            VT|Ventes|VT2|20261001|411000|Clients|C1|Client|FA-2|"20261001|Facture|20,00|0,00|||20261001||
            VT|Ventes|VT3|20261001|411000|Clients|C1|Client|FA-3|20261001|Facture|30,00|0,00|||20261001||
            VT|Ventes|VT4|20261001|411000|Clients|C1|Client|FA-4|20261001|Facture|40,00|0,00|||20261001||
            """
        let ledger = FECReader.read(bytes: Array(FECFixture.text(.pipe, rows: rows).utf8), file: "f.txt",
                                    options: FECFixture.options())
        #expect(ledger.rejects.map { "\($0.line) \($0.column) \($0.code) \($0.message)" } == [
            "3 54 E_BAD_CSV quoted field opened at line 3, column 54 is never closed",
        ])
        #expect(ledger.rejects.first?.raw.hasPrefix("VT|Ventes|VT2|") == true)
        #expect(ledger.documents.map(\.document) == ["FA-1", "FA-3", "FA-4"])
        #expect(ledger.documents.map(\.amount.minorUnits) == [10_00, 30_00, 40_00])
        #expect(ledger.rowsRead == 4)
        #expect(ledger.rowsRejected == 1)
    }

    @Test("Montant and Sens instead of Debit and Credit")
    func montantSens() throws {
        let header = "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Montant|Sens|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise"
        let rows = """
            VT|Ventes|VT1|20261001|411000|Clients|C1|Client|FA-1|20261001|Facture|250,50|D|||20261001||
            BQ|Banque|BQ1|20261005|411000|Clients|C1|Client|RG-1|20261005|Virement|100,00|C|||20261005||
            BQ|Banque|BQ2|20261006|411000|Clients|C1|Client|RG-2|20261006|Virement|1,00|X|||20261006||
            """
        let ledger = FECReader.read(bytes: Array(FECFixture.text(.tab, header: header, rows: rows).utf8), file: "f.txt",
                                    options: FECFixture.options())
        #expect(ledger.documents.map(\.openAmount.minorUnits) == [250_50])
        #expect(ledger.unappliedCredits.map(\.amount.minorUnits) == [-100_00])
        #expect(ledger.rejects.map { "\($0.line) \($0.column) \($0.code)" } == ["4 Sens E_BAD_AMOUNT"])
    }

    @Test("a partial group whose difference is a credit leaves an unapplied credit")
    func creditDifference() {
        let rows = """
            VT|Ventes|VT1|20261001|411000|Clients|C1|Client|FA-1|20261001|Facture|100,00|0,00|b||20261001||
            BQ|Banque|BQ1|20261005|411000|Clients|C1|Client|RG-1|20261005|Virement|0,00|130,00|b||20261005||
            """
        let ledger = FECReader.read(bytes: Array(FECFixture.text(.tab, rows: rows).utf8), file: "f.txt",
                                    options: FECFixture.options())
        #expect(ledger.documents.map(\.openAmount.minorUnits) == [0])
        #expect(ledger.unappliedCredits.map { "\($0.document) \($0.amount.minorUnits)" } == ["RG-1 -3000"])
        // Settled by lettering (empty DateLet): on the group's latest EcritureDate.
        #expect(ledger.settled.map(\.settledOn.iso) == ["2026-10-05"])
        #expect(ledger.bankCutoff == CivilDate(year: 2026, month: 10, day: 5))
    }

    @Test("not a FEC, empty file")
    func notAFEC() {
        #expect(!FECReader.isFEC(header: ["document", "customer_id", "amount", "document_date"]))
        #expect(FECReader.isFEC(header: FECReader.standardColumns.map { $0.lowercased() } + ["DateRglt"]))
        let empty = FECReader.read(bytes: [], file: "e.txt", options: FECFixture.options())
        #expect(empty.rejects.map(\.code) == ["E_EMPTY_FILE"])
        let csv = FECReader.read(bytes: Array("document;amount\nFA-1;10,00\n".utf8), file: "c.csv", options: FECFixture.options())
        #expect(csv.rejects.map(\.code) == ["E_MISSING_COLUMN"])
    }

    @Test("Windows-1252 bytes are read and reported")
    func windows1252() throws {
        // "Crèmerie" with è as 0xE8.
        var bytes = Array((FECFixture.header + "\n").split(separator: "|").joined(separator: "\t").utf8)
        let row = "VT\tVentes\tVT1\t20261001\t411000\tClients\tC1\tCr\u{0}merie\tFA-1\t20261001\tFacture\t10,00\t0,00\t\t\t20261001\t\t\n"
        bytes += Array(row.utf8).map { $0 == 0 ? 0xE8 : $0 }
        let ledger = FECReader.read(bytes: bytes, file: "f.txt", options: FECFixture.options())
        #expect(ledger.encoding == .windows1252)
        #expect(ledger.documents.first?.customerName == "Crèmerie")
    }

    @Test("conservation on generated ledgers (fixed seed)", arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func generated(_ seed: UInt64) {
        var rng = FECTestRandom(seed: seed)
        var rows: [String] = []
        var expected: Int64 = 0
        let journals = ["VT", "VE", "BQ1", "BNK", "OD", "AN"]
        for n in 0..<400 {
            let customer = "C\(rng.next() % 12)"
            let journal = journals[Int(rng.next() % 6)]
            let cents = Int64(rng.next() % 500_000)
            let debit = rng.next() % 2 == 0
            let letter = rng.next() % 3 == 0 ? ["A", "B", "c", "d"][Int(rng.next() % 4)] : ""
            let day = 1 + Int(rng.next() % 28)
            let month = 9 + Int(rng.next() % 3)
            let date = "2026" + (month < 10 ? "0" : "") + "\(month)" + (day < 10 ? "0" : "") + "\(day)"
            let dateLet = letter.isEmpty || rng.next() % 2 == 0 ? "" : date
            let amount = "\(cents / 100),\(cents % 100 < 10 ? "0" : "")\(cents % 100)"
            let piece = "P\(rng.next() % 60)"
            rows.append("\(journal)|J|E\(n)|\(date)|411000|Clients|\(customer)|Nom \(customer)|\(piece)|\(date)|x|"
                + (debit ? "\(amount)|0,00" : "0,00|\(amount)") + "|\(letter)|\(dateLet)|\(date)||")
            if date <= "20261120" { expected += debit ? cents : -cents }
        }
        let ledger = FECReader.read(bytes: Array(FECFixture.text(.tab, rows: rows.joined(separator: "\n")).utf8),
                                    file: "g.txt", options: FECFixture.options())
        #expect(ledger.rejects.isEmpty)
        #expect(ledger.openBalance == expected)
        // Balanced groups contribute nothing: settled invoices are closed.
        for s in ledger.settled {
            #expect(ledger.documents.first { $0.customerID == s.customerID && $0.document == s.document }?.isOpen == false)
        }
        #expect(ledger.unappliedCredits.allSatisfy { $0.amount.isNegative && $0.kind == .unappliedCredit })
    }
}

/// A small deterministic generator (FECTestRandom64) for property tests.
struct FECTestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
