import Foundation
import Testing
@testable import RelanceKit
import RelanceTestSupport

/// Reads an inbox with `extraConf` appended to the conf (`[bank_csv]`…), as of 2026-11-20.
private func ingestBank(entities: [InboxBuilder.Entity], extraConf: String = "",
                        files: [InboxBuilder.File]) throws -> IngestedInbox {
    let box = try InboxBuilder(entities: entities, extraConf: extraConf, files: files)
    defer { box.remove() }
    let config = try box.loadConfig()
    return try IngestStage.read(RunContext(config: config, asOf: CivilDate(iso: "2026-11-20")!))
}

private func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

/// A BNP Paribas-style export: Windows-1252, `;`, the account and balance above the header, one signed amount.
private let bnpExport = [
    "Compte courant PRO;FR76 3000 4000 0312 3456 7890 143;Solde au 16/11/2026;48 215,37 €",  // 1
    "Période du 01/11/2026 au 16/11/2026",                                                      // 2
    "",                                                                                         // 3
    "Date opération;Libellé court;Type opération;Libellé opération;Montant opération",         // 4
    "03/11/2026;VIR SEPA RECU;Virement reçu;VIR SEPA RECU /DE BOULANGERIE DUPRÉ SARL /MOTIF F2026-0142;1 250,00", // 5
    "05/11/2026;PRLV SEPA URSSAF;Prélèvement;PRLV SEPA URSSAF ÎLE-DE-FRANCE ECH/051126;-3 412,18",              // 6
    "31/11/2026;VIR SEPA RECU;Virement reçu;VIR SEPA RECU /DE CRÈMERIE LÉON;80,00",                             // 7 bad date
    "12/11/2026;VIR SEPA RECU;Virement reçu;VIR SEPA RECU /DE SARL CÔTÉ JARDIN /MOTIF FACT 2026-0150;2 040,50",  // 8
].joined(separator: "\r\n") + "\r\n"

/// A Belfius-style export: the search criteria and last balance above the header, French headers
/// that Belfius writes (`Nom contrepartie contient`, `Communications`), `1.234,56` amounts.
private let belfiusExport = [
    "Date de comptabilisation à partir de;01/11/2026",                                          // 1
    "Date de comptabilisation jusqu'à;15/11/2026",                                              // 2
    "Montant à partir de;",                                                                     // 3
    "Montant jusqu'à;",                                                                         // 4
    "Dernier solde;12.345,67 EUR",                                                              // 5
    "Date du dernier solde;15/11/2026",                                                         // 6
    "Nom du titulaire;RELANCE BELGIQUE SRL",                                                    // 7
    "Compte;BE68 5390 0754 7034",                                                               // 8
    "",                                                                                         // 9
    "Compte;Date de comptabilisation;Numéro d'extrait;Numéro de transaction;Compte contrepartie;Nom contrepartie contient;Rue et numéro;Code postal et localité;Transaction;Date valeur;Montant;Devise;BIC;Code pays;Communications", // 10
    "BE68 5390 0754 7034;04/11/2026;00211;0042;BE71 0961 2345 6769;Brasserie Vandenbroucke SA;Rue Haute 12;1000 Bruxelles;VIREMENT EUROPEEN;04/11/2026;1.815,00;EUR;GKCCBEBB;BE;+++090/9337/55493+++", // 11
    "BE68 5390 0754 7034;06/11/2026;00212;0043;;Proximus SA;;;DOMICILIATION EUROPEENNE;06/11/2026;-129,99;EUR;;BE;Facture mobile 11/2026", // 12
].joined(separator: "\n") + "\n"

/// A Crédit Agricole-style export: no IBAN above the header, separate debit and credit columns
/// (a debit written positive or negative), a label on several lines, a trailing `;`.
private let creditAgricoleExport = [
    "Téléchargement du 16/11/2026",                                            // 1
    "",                                                                        // 2
    "Compte de Dépôt carte n° 12345678901;",                                   // 3
    "Solde au 16/11/2026 12 345,67 €;",                                        // 4
    "",                                                                        // 5
    "Date;Libellé;Débit euros;Crédit euros;",                                  // 6
    "02/11/2026;\"VIREMENT EN VOTRE FAVEUR",                                   // 7
    "SARL LES JARDINS D'ÉMILIE",                                               // 8
    "FACTURE F2026-0150 \";;840,00;",                                          // 9
    "04/11/2026;\"PRELEVEMENT EDF\";97,12;;",                                  // 10
    "05/11/2026;\"CARTE X1234 STATION TOTAL\";-45,00;;",                        // 11
].joined(separator: "\r\n") + "\r\n"

@Suite("Bank CSV ingest")
struct BankCSVIngestTests {
    static let fr = InboxBuilder.Entity("FR", ["iban": "FR7610107001011234567890129, FR7630004000031234567890143"])
    static let be = InboxBuilder.Entity("BE", ["iban": "BE68539007547034", "currency": "EUR"])

    @Test("a BNP-style export: the block above the header is skipped, its IBAN names the account, lines are the file's")
    func bnp() throws {
        let bytes = InboxBuilder.windows1252(bnpExport)
        #expect(!bytes.contains(0xC3))
        let inbox = try ingestBank(entities: [Self.fr], files: [.bytes("banque/releve-bnp.csv", bytes)])
        let m = try #require(inbox.manifest.first)
        #expect(m.kind == .bankCSV)
        #expect(m.encoding == "windows-1252")
        #expect(m.delimiter == ";")
        #expect(m.status == "ok")
        #expect(m.rowsRead == 4)
        #expect(m.rowsRejected == 1)
        #expect(inbox.rejects.map(IngestRejectKey.init) == [IngestRejectKey("E_BAD_DATE", "banque/releve-bnp.csv", 7, "Date opération")])

        #expect(inbox.bankLines.map(\.sourceLine) == [5, 6, 8])
        #expect(inbox.bankLines.map(\.amount.minorUnits) == [1250_00, -3412_18, 2040_50])
        #expect(inbox.bankLines.map(\.bookingDate) == [day("2026-11-03"), day("2026-11-05"), day("2026-11-12")])
        // The account the block names, not the entity's first one.
        #expect(Set(inbox.bankLines.map(\.account)) == ["FR7630004000031234567890143"])
        #expect(Set(inbox.bankLines.map(\.entity)) == ["FR"])
        #expect(inbox.bankLines[0].remittance == "VIR SEPA RECU /DE BOULANGERIE DUPRÉ SARL /MOTIF F2026-0142")
        #expect(inbox.bankLines[1].remittance == "PRLV SEPA URSSAF ÎLE-DE-FRANCE ECH/051126")
    }

    @Test("a Belfius-style export: nine lines above the header, account, counterparty and communication columns")
    func belfius() throws {
        let inbox = try ingestBank(entities: [Self.fr, Self.be],
                                   files: [.bytes("be/bank/belfius.csv", InboxBuilder.windows1252(belfiusExport))])
        #expect(inbox.rejects.isEmpty, "\(inbox.rejects.map(\.diagnostic))")
        let m = try #require(inbox.manifest.first)
        #expect(m.kind == .bankCSV)
        #expect(m.rowsRead == 2)
        #expect(m.entity == "BE")
        #expect(inbox.bankLines.count == 2)
        let credit = try #require(inbox.bankLines.first { $0.isCredit })
        #expect(credit.sourceLine == 11)
        #expect(credit.entity == "BE")
        #expect(credit.account == "BE68539007547034")
        #expect(credit.amount == Money(minorUnits: 1815_00, currency: .eur))
        #expect(credit.payerName == "Brasserie Vandenbroucke SA")
        #expect(credit.payerIBAN == "BE71096123456769")
        #expect(credit.remittance == "+++090/9337/55493+++")
        #expect(credit.bankRef == "0042")
        #expect(credit.valueDate == day("2026-11-04"))
        let debit = try #require(inbox.bankLines.first { !$0.isCredit })
        #expect(debit.sourceLine == 12)
        #expect(debit.amount.minorUnits == -129_99)
    }

    @Test("a Crédit Agricole-style export: debit and credit columns, a debit written either way, a label on three lines")
    func creditAgricole() throws {
        let inbox = try ingestBank(entities: [Self.fr],
                                   files: [.bytes("banque/ca.csv", InboxBuilder.windows1252(creditAgricoleExport))])
        #expect(inbox.rejects.isEmpty, "\(inbox.rejects.map(\.diagnostic))")
        #expect(inbox.manifest.first?.rowsRead == 3)
        #expect(inbox.bankLines.map(\.sourceLine) == [7, 10, 11])
        #expect(inbox.bankLines.map(\.amount.minorUnits) == [840_00, -97_12, -45_00])
        // No IBAN above the header: the entity's first account.
        #expect(Set(inbox.bankLines.map(\.account)) == ["FR7610107001011234567890129"])
        #expect(inbox.bankLines[0].remittance == "VIREMENT EN VOTRE FAVEUR\r\nSARL LES JARDINS D'ÉMILIE\r\nFACTURE F2026-0150") // trimmed
    }

    @Test("a header on the first line is still the header; a file without any is rejected naming its first line")
    func firstLineAndNone() throws {
        let plain = "Date opération;Libellé;Montant\n03/11/2026;VIR SEPA RECU /DE DUPONT SA;150,00\n"
        let none = "Relevé de compte\nDu 01/11/2026 au 15/11/2026\n03/11/2026;VIR SEPA RECU;150,00\n"
        let inbox = try ingestBank(entities: [Self.fr], files: [.text("a.csv", plain), .text("b.csv", none)])
        #expect(inbox.bankLines.map(\.sourceLine) == [2])
        #expect(inbox.rejects.map(IngestRejectKey.init) == [IngestRejectKey("E_UNKNOWN_FORMAT", "b.csv", 0, "")])
        #expect(inbox.rejects.first?.message.hasSuffix("headers found: Relevé de compte") == true)
    }

    @Test("[bank_csv] maps headers no alias knows, and header_line forces the header")
    func confMapping() throws {
        let text = "Extrait n° 11\nSolde;1 200,00\nJour;Détail de l'opération;Somme;Réf.\n"
            + "03/11/2026;VIR DUPONT SA F2026-0142;150,00;X1\n04/11/2026;FRAIS TENUE DE COMPTE;-9,50;X2\n"
        let conf = "[bank_csv]\nbooking_date = Jour\nremittance = Détail de l'opération\namount = Somme\nbank_reference = Réf.\n"
        let inbox = try ingestBank(entities: [Self.fr], extraConf: conf, files: [.text("export.csv", text)])
        #expect(inbox.rejects.isEmpty, "\(inbox.rejects.map(\.diagnostic))")
        #expect(inbox.bankLines.map(\.sourceLine) == [4, 5])
        #expect(inbox.bankLines.map(\.amount.minorUnits) == [150_00, -9_50])
        #expect(inbox.bankLines.map(\.bankRef) == ["X1", "X2"])

        // Without the mapping the file is not recognised; with only header_line, the line is forced
        // (and found lacking, reported with its line).
        let unmapped = try ingestBank(entities: [Self.fr], files: [.text("export.csv", text)])
        #expect(unmapped.rejects.map(\.code) == ["E_UNKNOWN_FORMAT"])
        let forced = try ingestBank(entities: [Self.fr], extraConf: "[bank_csv]\nheader_line = 3\nbooking_date = Jour\n",
                                    files: [.text("export.csv", text)])
        #expect(forced.rejects.map(\.code) == ["E_MISSING_COLUMN"])
        #expect(forced.rejects.first?.message.contains("headers found (line 3): Jour, Détail de l'opération, Somme, Réf.") == true)
    }

    @Test("[bank_csv] mistakes are conf errors with their line")
    func confErrors() throws {
        for (conf, message) in [("[bank_csv]\nbooking = Jour\n", "unknown [bank_csv] key `booking`"),
                                ("[bank_csv]\nheader_line = zero\n", "header_line must be a line number")] {
            let box = try InboxBuilder(entities: [Self.fr], extraConf: conf)
            defer { box.remove() }
            #expect {
                _ = try box.loadConfig()
            } throws: { error in
                "\(error)".contains(message)
            }
        }
    }

    @Test("IBAN.find: the first valid IBAN in free text", arguments: [
        (["Compte courant", "FR76 3000 4000 0312 3456 7890 143"], "FR7630004000031234567890143"),
        (["IBAN : BE68 5390 0754 7034 EUR"], "BE68539007547034"),
        (["Compte n° FR7630004000031234567890143 - EUR"], "FR7630004000031234567890143"),
        (["FR76 3000 4000 0312 3456 7890 144"], nil),
        (["Solde au 16/11/2026", "12 345,67"], nil),
    ] as [([String], String?)])
    func findIBAN(texts: [String], expected: String?) {
        #expect(IBAN.find(in: texts) == expected)
    }

    // MARK: The same transaction in a CAMT statement and a CSV export

    /// Belfius' camt.053 of 1–6 November: Vandenbroucke's payment with a structured communication,
    /// Café Léon's with a free text, two genuine identical subscriptions.
    static let camt: String = {
        func entry(_ amount: String, _ date: String, _ ref: String, _ name: String, _ rmt: String) -> String {
            """
            <Ntry><Amt Ccy="EUR">\(amount)</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>\(date)</Dt></BookgDt>
            <AcctSvcrRef>\(ref)</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>\(name)</Nm></Dbtr></RltdPties>
            <RmtInf>\(rmt)</RmtInf></TxDtls></NtryDtls></Ntry>
            """
        }
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
        <BkToCstmrStmt><GrpHdr><MsgId>BELFIUS-211</MsgId></GrpHdr>
        <Stmt><Id>211</Id><Acct><Id><IBAN>BE68539007547034</IBAN></Id><Ccy>EUR</Ccy></Acct>
        \(entry("1815.00", "2026-11-04", "2026-211-0042", "Brasserie Vandenbroucke SA",
                "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr></Tp><Ref>090933755493</Ref></CdtrRefInf></Strd>"))
        \(entry("250.00", "2026-11-05", "2026-211-0051", "Café Léon", "<Ustrd>Facture F2026-0150 Café Léon</Ustrd>"))
        \(entry("99.00", "2026-11-06", "2026-211-0060", "Fitness Pro SRL", "<Ustrd>ABONNEMENT NOVEMBRE</Ustrd>"))
        \(entry("99.00", "2026-11-06", "2026-211-0061", "Fitness Pro SRL", "<Ustrd>ABONNEMENT NOVEMBRE</Ustrd>"))
        </Stmt></BkToCstmrStmt></Document>
        """
    }()

    /// Belfius' CSV export of 1–10 November: the same four credits (other references, another spelling
    /// of the texts) and one more.
    static let csv = [
        "Compte;Date de comptabilisation;Numéro de transaction;Compte contrepartie;Nom contrepartie contient;Montant;Devise;Communications",
        "BE68 5390 0754 7034;04/11/2026;0042;;Brasserie Vandenbroucke SA;1.815,00;EUR;+++090/9337/55493+++", // 2
        "BE68 5390 0754 7034;05/11/2026;0051;;CAFE LEON;250,00;EUR;FACTURE F2026-0150 - CAFÉ LÉON",          // 3
        "BE68 5390 0754 7034;06/11/2026;;;Fitness Pro SRL;99,00;EUR;Abonnement novembre",                   // 4
        "BE68 5390 0754 7034;06/11/2026;;;Fitness Pro SRL;99,00;EUR;Abonnement novembre",                   // 5
        "BE68 5390 0754 7034;10/11/2026;0077;;Atelier Dubois SPRL;300,00;EUR;F2026-0161",                   // 6
    ].joined(separator: "\n") + "\n"

    @Test("a CAMT and a CSV export of the same account: each transaction once, from the CAMT, with a warning")
    func crossFormat() throws {
        let inbox = try ingestBank(entities: [Self.fr, Self.be], files: [
            .text("be/bank/extrait-211.xml", Self.camt),
            .bytes("be/bank/belfius.csv", InboxBuilder.windows1252(Self.csv)),
        ])
        #expect(inbox.bankLines.map(\.amount.minorUnits) == [1815_00, 250_00, 99_00, 99_00, 300_00])
        #expect(inbox.bankLines.map(\.sourceFile) == ["be/bank/extrait-211.xml", "be/bank/extrait-211.xml", "be/bank/extrait-211.xml",
                                                       "be/bank/extrait-211.xml", "be/bank/belfius.csv"])
        #expect(inbox.bankLines[0].structuredRef == "090933755493")
        let warnings = inbox.rejects.filter { $0.code == "W_DUPLICATE_BANK_LINE" }
        #expect(warnings.map(IngestRejectKey.init) == [2, 3, 4, 5].map { IngestRejectKey("W_DUPLICATE_BANK_LINE", "be/bank/belfius.csv", $0, "") })
        #expect(warnings.allSatisfy { $0.severity == .warning })
        #expect(warnings[0].message == "the same transaction as line 5 of be/bank/extrait-211.xml (account, booking date, amount and remittance text agree): counted once, from be/bank/extrait-211.xml")
        #expect(inbox.rejects.count == 4)
        #expect(inbox.manifest.first { $0.file == "be/bank/belfius.csv" }?.duplicates == 4)
        #expect(inbox.manifest.first { $0.file == "be/bank/extrait-211.xml" }?.duplicates == 0)
        #expect(inbox.outcome.summary.first { $0.0 == "bank_lines_duplicate" }?.1 == .integer(4))
    }

    @Test("a statement is recognised from its first bytes, or after 5 000 blank ones; the manifest gives each file's whole size")
    func statementRecognisedWithItsSize() throws {
        let padded = String(repeating: " \n", count: 2_500) + Self.camt
        let inbox = try ingestBank(entities: [Self.fr, Self.be], files: [
            .text("be/bank/extrait-211.xml", Self.camt), .text("be/bank/blanc/extrait-211.xml", padded),
        ])
        #expect(inbox.manifest.map(\.kind) == [.camt, .camt])
        #expect(inbox.manifest.map(\.size) == [Int64(padded.utf8.count), Int64(Self.camt.utf8.count)])
        #expect(inbox.manifest.map(\.rowsRead) == [4, 4])
        #expect(inbox.bankLines.map(\.amount.minorUnits) == [1815_00, 250_00, 99_00, 99_00])
        #expect(inbox.rejects.isEmpty)
    }

    @Test("identical lines inside one file are kept; a statement dropped twice counts once, without a warning")
    func sameFormat() throws {
        // Without the CAMT, the CSV's two subscriptions are two payments.
        let csvOnly = try ingestBank(entities: [Self.fr, Self.be], files: [.text("be/bank/belfius.csv", Self.csv)])
        #expect(csvOnly.bankLines.map(\.amount.minorUnits).sorted() == [99_00, 99_00, 250_00, 300_00, 1815_00])
        #expect(Set(csvOnly.bankLines.map(\.id)).count == 5)
        #expect(csvOnly.rejects.isEmpty)

        let twice = try ingestBank(entities: [Self.fr, Self.be], files: [
            .text("be/bank/extrait-211.xml", Self.camt), .text("be/bank/copie/extrait-211.xml", Self.camt),
        ])
        #expect(twice.bankLines.count == 4)
        #expect(twice.rejects.isEmpty)
        #expect(twice.manifest.map(\.duplicates).sorted() == [0, 4])
        #expect(twice.outcome.summary.first { $0.0 == "bank_lines_duplicate" }?.1 == .integer(4))
    }

    @Test("a statement copied beside itself is parsed once and reads as its own file; one of the same size with other bytes is parsed")
    func copiedStatement() throws {
        // The last subscription still pending: `PDNG` is as long as `BOOK`, so the three files have one size.
        let last = Self.camt.range(of: "2026-211-0061")!.lowerBound
        let status = Self.camt.range(of: "<Sts>BOOK</Sts>", options: .backwards, range: Self.camt.startIndex..<last)!
        let pending = Self.camt.replacingCharacters(in: status, with: "<Sts>PDNG</Sts>")
        #expect(pending.utf8.count == Self.camt.utf8.count)
        let inbox = try ingestBank(entities: [Self.fr, Self.be], files: [
            .text("be/bank/a.xml", pending), .text("be/bank/b.xml", pending), .text("be/bank/c.xml", Self.camt),
        ])
        #expect(inbox.manifest.map(\.file) == ["be/bank/a.xml", "be/bank/b.xml", "be/bank/c.xml"])
        #expect(inbox.manifest.map(\.rowsRead) == [4, 4, 4])
        #expect(inbox.manifest.map(\.duplicates) == [0, 3, 3])
        #expect(inbox.manifest.map(\.entity) == ["BE", "BE", "BE"])
        #expect(inbox.bankLines.map(\.sourceFile) == ["be/bank/a.xml", "be/bank/a.xml", "be/bank/c.xml", "be/bank/a.xml"])
        #expect(inbox.bankLines.map(\.amount.minorUnits) == [1815_00, 250_00, 99_00, 99_00])
        let notBooked = inbox.rejects.filter { $0.code == "W_NOT_BOOKED" }
        #expect(notBooked.map(\.file) == ["be/bank/a.xml", "be/bank/b.xml"])
        #expect(notBooked.map(\.line) == [notBooked[0].line, notBooked[0].line])
        #expect(notBooked[0].message == "entry 2026-211-0061 of 99.00 EUR is not booked (pending); it does not count as a payment")
        #expect(inbox.rejects.count == 2)
    }

    @Test("a CSV line is dropped only for an unpaired CAMT line: one CAMT subscription absorbs one of two CSV ones")
    func pairing() {
        func line(_ file: String, _ text: String, _ line: Int) -> BankLine {
            BankLine(entity: "BE", account: "BE68539007547034", bookingDate: day("2026-11-06"),
                     amount: Money(minorUnits: 99_00, currency: .eur), remittance: text, sourceFile: file, sourceLine: line)
        }
        let lines = [line("a.xml", "ABONNEMENT NOVEMBRE", 5), line("b.csv", "Abonnement  novembre.", 4),
                     line("b.csv", "Abonnement novembre", 5), line("b.csv", "Abonnement décembre", 6)]
        let r = CrossFormatDuplicates.collapse(lines) { $0.sourceFile.hasSuffix(".xml") }
        #expect(r.kept.map(\.sourceLine) == [5, 5, 6])
        #expect(r.kept.map(\.sourceFile) == ["a.xml", "b.csv", "b.csv"])
        #expect(r.duplicates.map(\.dropped.sourceLine) == [4])
    }

    @Test("a bank's CSV label wrapping the CAMT text, as whole words, is the same transaction; a longer number is not")
    func wrappedLabel() {
        func line(_ file: String, _ text: String, _ line: Int, e2e: String = "") -> BankLine {
            BankLine(entity: "FR", account: "FR7630004000031234567890143", bookingDate: day("2026-11-03"),
                     amount: Money(minorUnits: 1250_00, currency: .eur), remittance: text, endToEndID: e2e,
                     sourceFile: file, sourceLine: line)
        }
        let camt = [line("a.xml", "F2026-0142", 10), line("a.xml", "Facture F2026-0150", 20), line("a.xml", "", 30, e2e: "DUPRE-2611-77")]
        let csv = [line("b.csv", "VIR SEPA RECU /DE BOULANGERIE DUPRÉ /MOTIF F2026-01425 /REF 2611030045", 2),
                   line("b.csv", "VIR SEPA RECU /DE BOULANGERIE DUPRÉ /MOTIF F2026-0142 /REF 2611030046", 3),
                   line("b.csv", "VIR SEPA RECU /DE CAFE LEON /MOTIF FACTURE F2026-0150", 4),
                   line("b.csv", "VIR SEPA RECU /DE DUPRE /REF DUPRE-2611-77", 5)]
        let r = CrossFormatDuplicates.collapse(camt + csv) { $0.sourceFile == "a.xml" }
        #expect(r.duplicates.map { "\($0.dropped.sourceLine)→\($0.kept.sourceLine)" } == ["3→10", "4→20", "5→30"])
        #expect(r.kept.map(\.sourceLine) == [10, 20, 30, 2])
        #expect(CrossFormatDuplicates.words("Facture F2026-0142, merci !") == "facture f2026 0142 merci")
    }
}
