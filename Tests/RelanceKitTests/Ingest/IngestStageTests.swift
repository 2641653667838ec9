import Foundation
import Testing
@testable import RelanceKit
import RelanceTestSupport

private func ingestDate(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

@Suite("IngestStage.read")
struct IngestStageTests {
    @Test("a French open-items CSV: BOM, `;`, decimal comma, French headers")
    func frenchOpenItems() throws {
        let text = "\u{FEFF}N° facture;Code client;Date facture;Montant TTC;Reste dû\r\n"
            + "F2026-0001;C1;15/01/2026;1 234,56;1 234,56\r\n"
            + "F2026-0002;C1;20/01/2026;500,00;200,00\r\n"
            + "AV2026-0001;C2;25/01/2026;-120,00;-120,00\r\n"
        let inbox = try ingestInbox(files: [.text("ledger.csv", text)])
        #expect(inbox.rejects.isEmpty, "\(inbox.rejects.map(\.diagnostic))")
        #expect(inbox.documents.map(\.document) == ["AV2026-0001", "F2026-0001", "F2026-0002"])

        let f1 = try ingestDocument(inbox, "F2026-0001")
        #expect(f1.customerID == "C1")
        #expect(f1.kind == .invoice)
        #expect(f1.documentDate == ingestDate("2026-01-15"))
        #expect(f1.dueDate == ingestDate("2026-02-14")) // the entity's default: 30 jours
        #expect(f1.terms == "30 jours")
        #expect(f1.amount == Money(minorUnits: 1234_56, currency: .eur))
        #expect(f1.openAmount == Money(minorUnits: 1234_56, currency: .eur))
        #expect(f1.sourceFile == "ledger.csv")
        #expect(f1.sourceLine == 2)

        let f2 = try ingestDocument(inbox, "F2026-0002")
        #expect(f2.amount.minorUnits == 500_00)
        #expect(f2.openAmount.minorUnits == 200_00)
        #expect(f2.sourceLine == 3)

        let av = try ingestDocument(inbox, "AV2026-0001")
        #expect(av.kind == .creditNote)
        #expect(av.amount.minorUnits == -120_00)
        #expect(av.openAmount.minorUnits == -120_00)
        #expect(av.sourceLine == 4)

        #expect(inbox.manifest.count == 1)
        let m = try #require(inbox.manifest.first)
        #expect(m.file == "ledger.csv")
        #expect(m.kind == .openItems)
        #expect(m.encoding == "utf-8")
        #expect(m.delimiter == ";")
        #expect(m.entity == "FR")
        #expect(m.rowsRead == 3)
        #expect(m.rowsRejected == 0)
        #expect(m.status == "ok")
        #expect(m.size == Int64(Array(text.utf8).count))
        #expect(m.sha256.utf8.count == 64)
        #expect(inbox.filesRejected == 0)
    }

    @Test("a Windows-1252 file is read and the manifest says so")
    func windows1252() throws {
        let text = "N° facture;Code client;Raison sociale;Date facture;Montant TTC;Reste dû\r\n"
            + "F-1;C1;Société Générale;15/01/2026;1 234,56 €;1 000,00 €\r\n"
            + "F-2;C2;Crème & Cœur;16/01/2026;99,90 €;99,90 €\r\n"
        let bytes = InboxBuilder.windows1252(text)
        #expect(!bytes.contains(0xC3)) // really not UTF-8
        let inbox = try ingestInbox(files: [.bytes("export-sage.csv", bytes)])
        #expect(inbox.rejects.isEmpty, "\(inbox.rejects.map(\.diagnostic))")
        let m = try #require(inbox.manifest.first)
        #expect(m.encoding == "windows-1252")
        #expect(m.kind == .openItems)
        #expect(m.rowsRead == 2)
        let f1 = try ingestDocument(inbox, "F-1")
        #expect(f1.customerName == "Société Générale")
        #expect(f1.amount.minorUnits == 1234_56)
        #expect(f1.openAmount.minorUnits == 1000_00)
        let f2 = try ingestDocument(inbox, "F-2")
        #expect(f2.customerName == "Crème & Cœur")
        #expect(f2.amount.minorUnits == 99_90)
    }

    @Test("a file missing a required column is rejected whole; the other files are still read")
    func missingColumn() throws {
        let inbox = try ingestInbox(files: [
            .text("a-ledger.csv", "N° facture;Code client;Date facture;Reste dû\nF-1;C1;15/01/2026;100,00\n"),
            .text("b-ledger.csv", "N° facture;Code client;Date facture;Montant TTC\nF-2;C1;15/01/2026;100,00\n"),
        ])
        #expect(inbox.filesRejected == 1)
        let reject = try #require(inbox.rejects.first { $0.code == "E_MISSING_COLUMN" })
        #expect(reject.file == "a-ledger.csv")
        #expect(reject.line == 0)
        #expect(reject.severity == .error)
        #expect(reject.message.contains("amount"))
        #expect(reject.message.contains("headers found: N° facture, Code client, Date facture, Reste dû"))
        #expect(inbox.rejects.count == 1)

        let bad = try #require(inbox.manifest.first { $0.file == "a-ledger.csv" })
        #expect(bad.status == "rejected")
        #expect(bad.kind == .openItems)
        #expect(bad.rowsRead == 0)
        let good = try #require(inbox.manifest.first { $0.file == "b-ledger.csv" })
        #expect(good.status == "ok")
        #expect(good.rowsRead == 1)
        #expect(inbox.documents.map(\.document) == ["F-2"])
    }

    @Test("bad rows: each rejected with its line and column header; every row accounted for")
    func badRows() throws {
        let text = [
            "N° facture;Code client;Date facture;Montant TTC;Reste dû;Conditions;Échéance", // 1
            "F-1;C1;15/01/2026;100,00;100,00;;",                                            // 2 kept
            "F-2;C1;15/01/2026;douze;;;",                                                   // 3 E_BAD_AMOUNT
            "F-3;C1;31/02/2026;100,00;;;",                                                  // 4 E_BAD_DATE
            "F-1;C1;16/01/2026;50,00;;;",                                                   // 5 E_DUPLICATE_DOCUMENT
            "F-4;C1;15/01/2026;100,00",                                                     // 6 E_FIELD_COUNT
            "F-5;C1;15/01/2026;100,00;;trente jours;",                                      // 7 E_BAD_TERMS
            "",                                                                             // 8 blank
            "F-6;C1;15/01/2026;100,00;;;;en trop",                                          // 9 E_FIELD_COUNT
            "F-7;C1;15/01/2026;100,00;;;15/02/2026",                                        // 10 kept
            "F-8;C1;15/01/2026;100,00;;;;;",                                                // 11 kept (trailing empty)
            "F-9;C1;15/01/2026;100,00;;;32/01/2026",                                        // 12 E_BAD_DATE
        ].joined(separator: "\n") + "\n"
        let inbox = try ingestInbox(files: [.text("ledger.csv", text)])
        let errors = inbox.rejects.filter { $0.severity == .error }
        #expect(errors.map(IngestRejectKey.init) == [
            IngestRejectKey("E_BAD_AMOUNT", "ledger.csv", 3, "Montant TTC"),
            IngestRejectKey("E_BAD_DATE", "ledger.csv", 4, "Date facture"),
            IngestRejectKey("E_DUPLICATE_DOCUMENT", "ledger.csv", 5, "N° facture"),
            IngestRejectKey("E_FIELD_COUNT", "ledger.csv", 6, ""),
            IngestRejectKey("E_BAD_TERMS", "ledger.csv", 7, "Conditions"),
            IngestRejectKey("E_FIELD_COUNT", "ledger.csv", 9, ""),
            IngestRejectKey("E_BAD_DATE", "ledger.csv", 12, "Échéance"),
        ])
        let byLine = Dictionary(uniqueKeysWithValues: errors.map { ($0.line, $0) })
        #expect(byLine[3]?.message.contains("douze") == true)
        #expect(byLine[3]?.raw == "F-2;C1;15/01/2026;douze;;;")
        #expect(byLine[4]?.message.contains("31/02/2026") == true)
        #expect(byLine[5]?.message.contains("line 2") == true)
        #expect(byLine[7]?.message.contains("\"trente jours\"") == true)
        #expect(inbox.documents.map(\.document) == ["F-1", "F-7", "F-8"])
        #expect(try ingestDocument(inbox, "F-1").amount.minorUnits == 100_00) // the first occurrence
        #expect(try ingestDocument(inbox, "F-7").dueDate == ingestDate("2026-02-15"))
        #expect(try ingestDocument(inbox, "F-8").sourceLine == 11)

        let m = try #require(inbox.manifest.first)
        #expect(m.rowsRead == 10)
        #expect(m.rowsRejected == 7)
        #expect(inbox.rowsRead == inbox.documents.count + inbox.rowsRejected)
        #expect(inbox.filesRejected == 0)
    }

    @Test("a file where every amount is like 1,234 is ambiguous")
    func ambiguousAmounts() throws {
        let text = "N° facture;Code client;Date facture;Montant TTC\nF-1;C1;15/01/2026;1,234\nF-2;C1;15/01/2026;2,500\n"
        let inbox = try ingestInbox(files: [.text("ledger.csv", text)])
        #expect(inbox.rejects.map(IngestRejectKey.init) == [
            IngestRejectKey("E_AMBIGUOUS_AMOUNT", "ledger.csv", 2, "Montant TTC"),
            IngestRejectKey("E_AMBIGUOUS_AMOUNT", "ledger.csv", 3, "Montant TTC"),
        ])
        #expect(inbox.rejects.first?.message.contains("1,234") == true)
        #expect(inbox.documents.isEmpty)
        #expect(inbox.rowsRead == 2)
        #expect(inbox.rowsRejected == 2)

        // The conf decides…
        let decided = try ingestInbox(pipeline: ["decimal_separator": "."], files: [.text("ledger.csv", text)])
        #expect(decided.rejects.isEmpty)
        #expect(decided.documents.map(\.amount.minorUnits) == [1234_00, 2500_00])
    }

    @Test("the file's other rows decide an ambiguous amount")
    func otherRowsDecide() throws {
        let text = "N° facture;Code client;Date facture;Montant TTC\nF-1;C1;15/01/2026;1.234\nF-2;C1;15/01/2026;10,50\n"
        let inbox = try ingestInbox(files: [.text("ledger.csv", text)])
        #expect(inbox.rejects.isEmpty, "\(inbox.rejects.map(\.diagnostic))")
        #expect(inbox.documents.map(\.amount.minorUnits) == [1234_00, 10_50])
    }

    @Test("a row the CSV reader rejects does not stop the rows after it from deciding the convention")
    func badRowBeforeTheDecidingOne() throws {
        let text = "N° facture;Code client;Date facture;Montant TTC\nF-1;C1;15/01/2026;1.234\nF-2;C1;\"15/01\"x;5,00\n"
            + "F-3;C1;15/01/2026;10,50\n"
        let inbox = try ingestInbox(files: [.text("ledger.csv", text)])
        #expect(inbox.rejects.map(\.code) == ["E_BAD_QUOTE"])
        #expect(inbox.documents.map(\.amount.minorUnits) == [1234_00, 10_50])
    }

    @Test("the file's own rows decide before the conf's decimal_separator")
    func fileRowsBeforeConf() throws {
        let comma = "N° facture;Code client;Date facture;Montant TTC\nA1;C1;01/10/2026;1.234\nA2;C1;01/10/2026;12,50\n"
        let inbox = try ingestInbox(pipeline: ["decimal_separator": "."], files: [.text("ledger.csv", comma)])
        #expect(inbox.rejects.isEmpty, "\(inbox.rejects.map(\.diagnostic))")
        #expect(inbox.documents.map(\.amount.minorUnits) == [1234_00, 12_50])
        let point = "N° facture;Code client;Date facture;Montant TTC\nB1;C1;01/10/2026;1,234\nB2;C1;01/10/2026;2,500.00\n"
        let other = try ingestInbox(pipeline: ["decimal_separator": ","], files: [.text("ledger.csv", point)])
        #expect(other.rejects.isEmpty, "\(other.rejects.map(\.diagnostic))")
        #expect(other.documents.map(\.amount.minorUnits) == [1234_00, 2500_00])
    }

    @Test("a header ending with empty cells (Excel's trailing `;`) and rows of delimiters only are ignored, not rejected")
    func trailingEmptyHeaderAndDelimiterRows() throws {
        let text = "N° facture;Code client;Montant TTC;Date facture;\r\n"   // 1
            + "T1;C1;10,00;01/10/2026\r\n"                                // 2 kept: no cell for the empty column
            + ";;;\r\n"                                                   // 3 ignored
            + "T2;C1;20,00;02/10/2026;\r\n"                               // 4 kept
            + ";;;;\r\n"                                                  // 5 ignored
            + "T3;C1;30,00\r\n"                                           // 6 E_FIELD_COUNT
        let inbox = try ingestInbox(files: [.text("ledger.csv", text)])
        #expect(inbox.rejects.map(IngestRejectKey.init) == [IngestRejectKey("E_FIELD_COUNT", "ledger.csv", 6, "")])
        #expect(inbox.rejects.first?.message == "expected 4 fields as in the header, found 3")
        #expect(inbox.documents.map(\.document) == ["T1", "T2"])
        #expect(inbox.documents.map(\.amount.minorUnits) == [10_00, 20_00])
        let m = try #require(inbox.manifest.first)
        #expect(m.rowsRead == 3)
        #expect(m.rowsRejected == 1)
    }

    @Test("a link to a file that is gone is rejected as unreadable; the other files are read")
    func brokenLink() throws {
        let box = try InboxBuilder(entities: [InboxBuilder.Entity("FR")], pipeline: [:],
                                   files: [.text("ledger.csv", "document,customer_id,amount,document_date\nL1,C1,10.00,2026-10-20\n")])
        defer { box.remove() }
        #expect(symlink(box.inbox + "/gone.csv", box.inbox + "/lien.csv") == 0)
        let inbox = try IngestStage.read(RunContext(config: try box.loadConfig(), asOf: CivilDate(iso: "2026-11-20")!))
        #expect(inbox.rejects.map(IngestRejectKey.init) == [IngestRejectKey("E_UNREADABLE", "lien.csv", 0, "")])
        #expect(inbox.manifest.map { "\($0.file) \($0.status)" } == ["ledger.csv ok", "lien.csv rejected"])
        #expect(inbox.filesRejected == 1)
        #expect(inbox.documents.map(\.document) == ["L1"])
    }

    @Test("a stray character after a closing quote is rejected in the column of its field")
    func badQuoteColumn() throws {
        let text = "document,customer_id,amount,document_date\nQ1,C1,\"10.00\"x,2026-10-20\nQ2,C1,20.00,2026-10-21\n"
        let inbox = try ingestInbox(files: [.text("ledger.csv", text)])
        #expect(inbox.rejects.map(IngestRejectKey.init) == [IngestRejectKey("E_BAD_QUOTE", "ledger.csv", 2, "amount")])
        #expect(inbox.rejects.first?.message.contains("column 14") == true)
        #expect(inbox.documents.map(\.document) == ["Q2"])
    }

    @Test("a quote never closed rejects its row, in the column of its field; the rows after it are read")
    func quoteNeverClosed() throws {
        let text = "document,customer_id,amount,document_date\nQ1,C1,10.00,2026-10-20\nQ2,C1,\"20.00,2026-10-21\n"
            + "Q3,C1,30.00,2026-10-22\nQ4,C1,40.00,2026-10-23\n"
        let inbox = try ingestInbox(files: [.text("ledger.csv", text)])
        #expect(inbox.rejects.map(IngestRejectKey.init) == [IngestRejectKey("E_BAD_CSV", "ledger.csv", 3, "amount")])
        #expect(inbox.rejects.first?.message == "quoted field opened at line 3, column 7 is never closed; the lines after it are read")
        #expect(inbox.rejects.first?.raw == "Q2,C1,\"20.00,2026-10-21")
        #expect(inbox.documents.map(\.document) == ["Q1", "Q3", "Q4"])
        #expect(inbox.manifest.first?.rowsRead == 4)
        #expect(inbox.manifest.first?.rowsRejected == 1)
    }

    @Test("manual matches: an unknown document is rejected; a bank line in no statement is kept with a warning")
    func manualMatches() throws {
        let ledger = "document,customer_id,amount,document_date\nF1,C1,100.00,2026-10-20\nF2,C1,40.00,2026-10-21\n"
        let bank = "booking_date,remittance,amount,payer_name\n2026-11-03,paiement octobre,140.00,Boulangerie Dupré\n"
        let lineID = try #require(try ingestInbox(files: [.text("ledger.csv", ledger), .text("fr/banque.csv", bank)]).bankLines.first?.id)
        let matches = "bank_line_id,documents,amounts\n\(lineID),F1;F2,100.00;40.00\n\(lineID),F9,\nab12cd34ef56ab78,F1,\n"
        let inbox = try ingestInbox(files: [.text("ledger.csv", ledger), .text("fr/banque.csv", bank), .text("matches.csv", matches)])
        #expect(inbox.rejects.map(IngestRejectKey.init) == [
            IngestRejectKey("E_UNKNOWN_DOCUMENT", "matches.csv", 3, "documents"),
            IngestRejectKey("W_UNKNOWN_BANK_LINE", "matches.csv", 4, "bank_line_id"),
        ])
        #expect(inbox.rejects.last?.message.hasPrefix("bank line `ab12cd34ef56ab78` is in no statement of the inbox nor kept in the state") == true)
        #expect(inbox.matches.map(\.bankLineID) == ["ab12cd34ef56ab78", lineID].sorted())
        #expect(inbox.matches.first { $0.bankLineID == lineID }?.amounts == [100_00, 40_00])
    }

    @Test("customers: an incomplete address or a misshapen postcode is a warning; the address is kept as given")
    func customerAddressWarnings() throws {
        let customers = "Code client;Raison sociale;Pays;Adresse;Code postal;Ville\n"
            + "C1;Boulangerie Lefèvre;FR;18 rue Oberkampf;75011;Paris\n"
            + "C2;Brasserie Dupont;BE;Rue Neuve 12;10000;Bruxelles\n"
            + "C3;Fromagerie Martin;FR;;69007;\n"
            + "C4;Van Dijk BV;NL;Oudegracht 8;3511 NR;Utrecht\n"
            + "C5;Müller GmbH;DE;Marienplatz 1;8033;München\n"
            + "C6;Tea Ltd;GB;1 Long Lane;SW1A1AA;London\n"
            + "C7;Sans adresse SAS;FR;;;\n"
        let inbox = try ingestInbox(files: [.text("clients.csv", customers)])
        #expect(inbox.rejects.map(IngestRejectKey.init) == [
            IngestRejectKey("W_BAD_POSTCODE", "clients.csv", 3, "Code postal"),
            IngestRejectKey("W_INCOMPLETE_ADDRESS", "clients.csv", 4, "Adresse"),
            IngestRejectKey("W_BAD_POSTCODE", "clients.csv", 6, "Code postal"),
            IngestRejectKey("W_BAD_POSTCODE", "clients.csv", 7, "Code postal"),
        ])
        #expect(inbox.rejects.allSatisfy { $0.severity == .warning })
        #expect(inbox.rejects[0].message == "postcode `10000` is not a BE postcode (4 digits)")
        #expect(inbox.rejects[1].message == "the postal address has no address1, city: a letter could not be posted")
        #expect(inbox.customers.count == 7)
        #expect(inbox.customers.map(\.postcode) == ["75011", "10000", "69007", "3511 NR", "8033", "SW1A1AA", ""])
    }

    @Test("customers: bad e-mails and IBANs are warnings; the customer stays")
    func customerWarnings() throws {
        let customers = "Code client;Raison sociale;E-mail;IBAN\n"
            + "C1;ACME SA;compta@acme.example;FR76 3000 6000 0112 3456 7890 189\n"
            + "C2;Beta SARL;pas-une-adresse;FR7630006000011234567890188\n"
            + "C3;Gamma;a@gamma.example, mauvais@;\"BE68539007547034;DE89370400440532013000\"\n"
        let inbox = try ingestInbox(files: [.text("clients.csv", customers)])
        #expect(inbox.rejects.map(IngestRejectKey.init) == [
            IngestRejectKey("W_BAD_EMAIL", "clients.csv", 3, "E-mail"),
            IngestRejectKey("W_BAD_IBAN", "clients.csv", 3, "IBAN"),
            IngestRejectKey("W_BAD_EMAIL", "clients.csv", 4, "E-mail"),
        ].sorted { ($0.line, $0.code) < ($1.line, $1.code) })
        #expect(inbox.rejects.allSatisfy { $0.severity == .warning })
        #expect(inbox.rejects.contains { $0.code == "W_BAD_EMAIL" && $0.message.contains("pas-une-adresse") })
        #expect(inbox.rejects.contains { $0.code == "W_BAD_EMAIL" && $0.message.contains("mauvais@") })
        #expect(inbox.rejects.contains { $0.code == "W_BAD_IBAN" && $0.message.contains("FR7630006000011234567890188") })
        try #require(inbox.customers.map(\.id) == ["C1", "C2", "C3"])
        #expect(inbox.customers[0].ibans == ["FR7630006000011234567890189"])
        #expect(inbox.customers[0].emails.map(\.address) == ["compta@acme.example"])
        #expect(inbox.customers[1].emails.isEmpty)
        #expect(inbox.customers[1].ibans.isEmpty)
        #expect(inbox.customers[2].emails.map(\.address) == ["a@gamma.example"])
        #expect(inbox.customers[2].ibans == ["BE68539007547034", "DE89370400440532013000"])
        #expect(inbox.rowsRejected == 0)
        #expect(inbox.manifest.first?.kind == .customers)
    }

    @Test("a customer in two customer files: the later file's row is a warning at its own line, naming the first's")
    func duplicateCustomerAcrossFiles() throws {
        let first = "Code client;Raison sociale\nC1;ACME SA\nC2;Beta SARL\n"
        let second = "Code client;Raison sociale\nC3;Gamma\nC4;Delta\nC2;Beta bis\n"
        let inbox = try ingestInbox(files: [.text("clients-b.csv", second), .text("clients-a.csv", first)])
        try #require(inbox.rejects.count == 1)
        #expect(inbox.rejects[0] == Reject(file: "clients-b.csv", line: 4, column: "customer_id", severity: .warning,
                                           code: "W_DUPLICATE_CUSTOMER",
                                           message: "customer `C2` is also in clients-a.csv on line 3; the first is kept"))
        #expect(inbox.customers.map(\.id) == ["C1", "C2", "C3", "C4"])
        #expect(inbox.customers.map(\.sourceLine) == [2, 3, 2, 3])
        #expect(inbox.customers[1].name == "Beta SARL")
    }

    @Test("holds on an unknown customer or document are rejected")
    func holds() throws {
        let ledger = "N° facture;Code client;Date facture;Montant TTC\nF-1;C1;15/01/2026;100,00\nF-2;C2;15/01/2026;200,00\n"
        let holds = "Type;Code client;N° facture;Jusqu'au;Montant;Commentaire\n"
            + "litige;C1;F-1;;;contesté\n"
            + "pause;C9;;30/11/2026;;inconnu\n"
            + "promesse;C1;F-999;30/11/2026;100,00;\n"
            + "promesse;C2;F-1;30/11/2026;;pas à lui\n"
            + "promesse;C2;;30/11/2026;150,00;\n"
        let inbox = try ingestInbox(files: [.text("ledger.csv", ledger), .text("holds.csv", holds)])
        #expect(inbox.manifest.map(\.kind) == [.holds, .openItems])
        #expect(inbox.rejects.map(IngestRejectKey.init) == [
            IngestRejectKey("E_UNKNOWN_CUSTOMER", "holds.csv", 3, "Code client"),
            IngestRejectKey("E_UNKNOWN_DOCUMENT", "holds.csv", 4, "N° facture"),
            IngestRejectKey("E_UNKNOWN_DOCUMENT", "holds.csv", 5, "N° facture"),
        ])
        #expect(inbox.rejects.first { $0.line == 3 }?.message.contains("C9") == true)
        #expect(inbox.rejects.first { $0.line == 4 }?.message.contains("F-999") == true)
        try #require(inbox.holds.count == 2)
        #expect(inbox.holds[0].kind == .dispute)
        #expect(inbox.holds[0].entity == "FR")
        #expect(inbox.holds[0].document == "F-1")
        #expect(inbox.holds[0].sourceLine == 2)
        #expect(inbox.holds[1].kind == .promise)
        #expect(inbox.holds[1].amount == Money(minorUnits: 150_00, currency: .eur))
        #expect(inbox.holds[1].until == ingestDate("2026-11-30"))
        #expect(inbox.rowsRead == inbox.documents.count + inbox.holds.count + inbox.rowsRejected)
    }

    struct NewerCase: CustomTestStringConvertible, Sendable {
        let aModified: TimeInterval
        let bModified: TimeInterval
        let winner: String
        let loser: String
        let amount: Int64
        var testDescription: String { "\(winner) is newer" }
    }

    @Test("the same document in two files of one entity: the newer file wins, with a warning", arguments: [
        NewerCase(aModified: 1_790_000_000, bModified: 1_795_000_000, winner: "b.csv", loser: "a.csv", amount: 150_00),
        NewerCase(aModified: 1_795_000_000, bModified: 1_790_000_000, winner: "a.csv", loser: "b.csv", amount: 100_00),
    ])
    func newerFileWins(_ c: NewerCase) throws {
        let header = "N° facture;Code client;Date facture;Montant TTC\n"
        let inbox = try ingestInbox(files: [
            .text("a.csv", header + "F-1;C1;15/01/2026;100,00\nF-A;C1;15/01/2026;10,00\n", modified: c.aModified),
            .text("b.csv", header + "F-B;C1;15/01/2026;20,00\nF-1;C1;15/01/2026;150,00\n", modified: c.bModified),
        ])
        #expect(inbox.documents.map(\.document) == ["F-1", "F-A", "F-B"])
        let f1 = try ingestDocument(inbox, "F-1")
        #expect(f1.amount.minorUnits == c.amount)
        #expect(f1.sourceFile == c.winner)
        let w = try #require(inbox.rejects.first)
        #expect(inbox.rejects.count == 1)
        #expect(w.code == "W_DUPLICATE_DOCUMENT")
        #expect(w.severity == .warning)
        #expect(w.file == "b.csv")
        #expect(w.line == 3)
        #expect(w.column == "N° facture")
        #expect(w.message.contains("the newer file \(c.winner) is used, \(c.loser) is ignored"))
        #expect(inbox.rowsRejected == 0)
        #expect(inbox.rowsRead == 4)
    }

    @Test("a document in another file and twice in this one: the second row here is rejected, whichever file is newer",
          arguments: [(1_790_000_000.0, 1_795_000_000.0), (1_795_000_000.0, 1_790_000_000.0)])
    func repeatedInFileAndAcrossFiles(_ times: (a: TimeInterval, b: TimeInterval)) throws {
        let header = "N° facture;Code client;Date facture;Montant TTC\n"
        let inbox = try ingestInbox(files: [
            .text("a.csv", header + "F-9;C1;15/01/2026;90,00\nF-1;C1;15/01/2026;100,00\n", modified: times.a),
            .text("b.csv", header + "F-1;C1;15/01/2026;150,00\nF-2;C1;15/01/2026;20,00\nF-1;C1;16/01/2026;175,00\n", modified: times.b),
        ])
        // Out of order across the files (F-9 came first): sorted by number.
        #expect(inbox.documents.map(\.document) == ["F-1", "F-2", "F-9"])
        let f1 = try ingestDocument(inbox, "F-1")
        #expect(f1.amount.minorUnits == (times.b > times.a ? 150_00 : 100_00))
        #expect(inbox.rejects.map(\.code) == ["W_DUPLICATE_DOCUMENT", "E_DUPLICATE_DOCUMENT"])
        #expect(inbox.rejects.map(\.line) == [2, 4])
        #expect(inbox.rejects.allSatisfy { $0.file == "b.csv" })
        #expect(inbox.rejects[1].message == "document `F-1` already appears on line 2 of this file")
        #expect(inbox.rowsRejected == 1)
        #expect(inbox.rowsRead == 5)
    }

    struct DueCase: CustomTestStringConvertible, Sendable {
        let document: String
        let dueA: String
        let dueB: String
        let terms: String
        var testDescription: String { document }
    }

    static let dueCases: [DueCase] = [
        DueCase(document: "F-1", dueA: "2026-03-31", dueB: "2026-03-17", terms: "45 jours fin de mois"), // the document's
        DueCase(document: "F-2", dueA: "2026-01-31", dueB: "2026-01-31", terms: "fin de mois"),          // the customer's
        DueCase(document: "F-3", dueA: "2026-03-16", dueB: "2026-03-16", terms: "60 jours"),             // the entity's default
        DueCase(document: "F-4", dueA: "2026-01-25", dueB: "2026-01-25", terms: "net 10"),               // document over customer
        DueCase(document: "F-5", dueA: "2026-03-20", dueB: "2026-03-20", terms: ""),                     // the ledger's due date
        DueCase(document: "F-6", dueA: "2026-03-16", dueB: "2026-03-16", terms: "60 jours"),             // unknown customer
        DueCase(document: "F-7", dueA: "2026-04-15", dueB: "2026-04-15", terms: "90 jours"),
        DueCase(document: "F-8", dueA: "2026-02-28", dueB: "2026-03-02", terms: "30 jours fin de mois"), // customer C4's
    ]

    @Test("due dates from terms when the due date is empty", arguments: dueCases)
    func dueDates(_ c: DueCase) throws {
        let customers = "Code client;Raison sociale;Conditions\nC2;Beta;fin de mois\nC3;Gamma;\nC4;Delta;30 FDM\n"
        let ledger = "N° facture;Code client;Date facture;Montant TTC;Conditions;Échéance\n"
            + "F-1;C1;15/01/2026;100,00;45 jours fin de mois;\n"
            + "F-2;C2;15/01/2026;100,00;;\n"
            + "F-3;C3;15/01/2026;100,00;;\n"
            + "F-4;C2;15/01/2026;100,00;net 10;\n"
            + "F-5;C2;15/01/2026;100,00;fin de mois;20/03/2026\n"
            + "F-6;C9;15/01/2026;100,00;;\n"
            + "F-7;C1;15/01/2026;100,00;90 jours;\n"
            + "F-8;C4;15/01/2026;100,00;;\n"
        for (method, expected) in [("a", c.dueA), ("b", c.dueB)] {
            let inbox = try ingestInbox(
                entities: [.init("FR", ["default_terms": "60 jours", "fdm_method": method])],
                files: [.text("clients.csv", customers), .text("ledger.csv", ledger)])
            let d = try ingestDocument(inbox, c.document)
            #expect(d.dueDate.iso == expected, "method \(method)")
            #expect(d.terms == (c.document == "F-8" ? "30 FDM" : c.terms))
            #expect(inbox.rejects.map(IngestRejectKey.init) == [
                IngestRejectKey("W_TERMS_OVER_CAP", "ledger.csv", 8, "Conditions"),
            ])
            #expect(inbox.documents.count == 8)
        }
    }

    @Test("credit notes are due on their own date, from an open-items CSV or a FEC; invoices beside them take their terms")
    func creditNotesDueOnTheirDate() throws {
        let ledger = "N° facture;Code client;Date facture;Montant TTC;Conditions;Échéance\n"
            + "F-1;C1;15/01/2026;100,00;45 jours;\n"
            + "AV-1;C1;20/01/2026;-50,00;45 jours;\n"
        let fec = FECFixture.text(.pipe, rows: """
            VT|Ventes|VT1|20261005|411000|Clients|C2|Client Deux|FA-9|20261005|Facture|300,00|0,00|||20261005||
            VT|Ventes|VT2|20261012|411000|Clients|C2|Client Deux|AV-9|20261012|Avoir|0,00|30,00|||20261012||
            """)
        let inbox = try ingestInbox(entities: [.init("FR", ["default_terms": "60 jours"])],
                                    files: [.text("ledger.csv", ledger), .text("fr/123456789FEC20261120.txt", fec)])
        #expect(inbox.rejects.isEmpty)
        #expect(try ingestDocument(inbox, "F-1").dueDate.iso == "2026-03-01")
        let csvCredit = try ingestDocument(inbox, "AV-1")
        #expect(csvCredit.kind == .creditNote && csvCredit.dueDate.iso == "2026-01-20" && csvCredit.terms == "")
        #expect(try ingestDocument(inbox, "FA-9").dueDate.iso == "2026-12-04")
        let fecCredit = try ingestDocument(inbox, "AV-9")
        #expect(fecCredit.kind == .creditNote && fecCredit.dueDate.iso == "2026-10-12")
        #expect(fecCredit.openAmount.minorUnits == -30_00)
    }

    @Test("copies in progress, dot-files and the archive are not read")
    func ignoredFiles() throws {
        let ledger = "N° facture;Code client;Date facture;Montant TTC\nF-1;C1;15/01/2026;100,00\n"
        let inbox = try ingestInbox(files: [
            .text("ledger.csv", ledger),
            .text(".ledger.csv", ledger),
            .text("ledger2.csv.tmp", ledger),
            .text("ledger3.csv.part", ledger),
            .text("archive/2026-10/ledger.csv", ledger),
        ])
        #expect(inbox.manifest.map(\.file) == ["ledger.csv"])
        #expect(inbox.rejects.isEmpty)
    }

    @Test("files under an entity's inbox folder belong to it")
    func entityFolders() throws {
        let ledger = "N° facture;Code client;Date facture;Montant TTC\nF-1;C1;15/01/2026;100,00\n"
        let inbox = try ingestInbox(
            entities: [.init("FR", ["inbox_folder": "fr"]), .init("BE", ["inbox_folder": "be", "fdm_method": "b"])],
            files: [.text("fr/ledger.csv", ledger), .text("be/ledger.csv", ledger)])
        #expect(inbox.rejects.isEmpty, "\(inbox.rejects.map(\.diagnostic))")
        #expect(inbox.documents.map(\.key) == [DocumentKey(entity: "BE", document: "F-1"), DocumentKey(entity: "FR", document: "F-1")])
        #expect(inbox.manifest.map(\.entity) == ["BE", "FR"])
    }
}
