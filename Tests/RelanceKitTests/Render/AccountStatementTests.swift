import Foundation
import Testing
@testable import RelanceKit

/// `attach = statement` (`outputs.md`, E-mails: "a statement PDF when the step asks for it"): the PDF
/// of the customer's open items in the action's currency, attached as `application/pdf`.
@Suite("Statement of account")
struct AccountStatementTests {
    static let asOf = CivilDate(year: 2026, month: 11, day: 20)!

    static func item(_ document: String, kind: DocumentKind = .invoice, daysOverdue: Int, minorUnits: Int64, open: Int64? = nil,
                     currency: Currency = .eur, customer: String = "C0412") -> AgedItem {
        let due = asOf.adding(days: -daysOverdue)
        return AgedItem(item: OpenItem(entity: "FR", document: document, customerID: customer, kind: kind,
                                       documentDate: due.adding(days: -30), dueDate: due,
                                       amount: Money(minorUnits: minorUnits, currency: currency),
                                       openAmount: Money(minorUnits: open ?? minorUnits, currency: currency)),
                        daysOverdue: daysOverdue, bucket: "", status: .open)
    }

    /// Two invoices (one partly paid), a credit note, an unapplied credit, an invoice not yet due; an
    /// item in another currency and another customer's item, which the statement leaves out.
    static let aged: [AgedItem] = [
        item("2026/00518", daysOverdue: 5, minorUnits: 184_320),
        item("2026/00311", daysOverdue: 41, minorUnits: 1_250_000, open: 1_000_000),
        item("AV-2026-0041", kind: .creditNote, daysOverdue: 16, minorUnits: -12_000),
        item("PAY-77", kind: .unappliedCredit, daysOverdue: 2, minorUnits: -5_050),
        item("2026/00600", daysOverdue: -12, minorUnits: 30_000),
        item("2026/00700", daysOverdue: 20, minorUnits: 99_900, currency: .usd),
        item("2026/00999", daysOverdue: 20, minorUnits: 77_700, customer: "C9999"),
    ]

    /// The action of the scenario (French reminder-1 of two invoices), with `attach = statement`.
    static func statementAttachments() throws -> (attachments: [MailAttachment], rendering: GoldenRenderTests.Rendering) {
        var r = try GoldenRenderTests.prepare(GoldenRenderTests.scenarios[0], letter: false)
        r.action.attach = .statement
        let attachments = Renderer.attachments(for: r.action, entity: r.entity, customer: r.customer, aged: aged, config: r.config,
                                               asOf: asOf)
        return (attachments, r)
    }

    /// How the PDF writer shows a string in a content stream (WinAnsi, escaped).
    static func shown(_ s: String) -> String { String(decoding: PDFDocument.literalString(WinAnsi.encode(s)), as: UTF8.self) }

    @Test("attach = statement attaches one application/pdf named from the ids")
    func attached() throws {
        let (attachments, r) = try Self.statementAttachments()
        try #require(attachments.count == 1)
        #expect(attachments[0].filename == "statement-FR-C0412-2026-11-20.pdf")
        #expect(attachments[0].mimeType == "application/pdf")
        #expect(attachments[0].contentID == nil)
        #expect(attachments[0].data.starts(with: Array("%PDF-1.4\n".utf8)))
        // In the e-mail: an attachment part after the alternative, base64, with its name.
        let bytes = try EmailComposer(config: r.config, asOf: Self.asOf, utcOffsetMinutes: 60)
            .compose(r.action, template: r.template, context: r.context, customer: r.customer, entity: r.entity, attachments: attachments)
        let text = String(decoding: bytes, as: UTF8.self)
        let part = "Content-Type: application/pdf; name=\"statement-FR-C0412-2026-11-20.pdf\"\r\n"
            + "Content-Disposition: attachment; filename=\"statement-FR-C0412-2026-11-20.pdf\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + MailAttachment.base64Lines(attachments[0].data)
        #expect(text.contains("--" + "=_rl_" + r.action.id + "_mix\r\n" + part))
        // Deterministic: the same bytes twice.
        #expect(try Self.statementAttachments().attachments[0].data == attachments[0].data)
    }

    @Test("the statement lists the customer's open items in the currency, credits negative, and the totals")
    func content() throws {
        let pdf = try #require(try Self.statementAttachments().attachments.first).data
        let text = String(decoding: pdf, as: UTF8.self)
        // Sender, customer, title, as-of.
        for s in ["Relevé de compte", "Situation au 20 novembre 2026", "Client n° : C0412", "Boulangerie Lefèvre & Fils SARL",
                  "18 rue des Écoles", "69002 Lyon"] {
            #expect(text.contains(Self.shown(s)), "missing \(s)")
        }
        let config = try PipelineConfig.load(RenderTestPaths.demo)
        let entity = try #require(config.entity("FR"))
        #expect(text.contains(Self.shown(entity.name)))
        // Rows in due-date order: document, dates, days overdue, amount, open amount.
        let rows: [[String]] = [
            ["2026/00311", "10/09/2026", "10/10/2026", "41", "12\u{A0}500,00\u{A0}€", "10\u{A0}000,00\u{A0}€"],
            ["AV-2026-0041", "05/10/2026", "04/11/2026", "-120,00\u{A0}€"],
            ["2026/00518", "16/10/2026", "15/11/2026", "5", "1\u{A0}843,20\u{A0}€"],
            ["PAY-77", "19/10/2026", "18/11/2026", "-50,50\u{A0}€"],
            ["2026/00600", "02/11/2026", "02/12/2026", "300,00\u{A0}€"],
        ]
        var last = text.startIndex
        for row in rows {
            for cell in row {
                let found = try #require(text.range(of: Self.shown(cell) + " Tj", range: last..<text.endIndex), "missing \(cell) after \(row)")
                last = found.upperBound
            }
        }
        // Balance: 10 000 + 1 843,20 + 300 − 120 − 50,50; overdue: the two late invoices.
        let balance = try #require(text.range(of: Self.shown("Solde") + " Tj", range: last..<text.endIndex))
        #expect(text.range(of: Self.shown("11\u{A0}972,70\u{A0}€") + " Tj", range: balance.upperBound..<text.endIndex) != nil)
        #expect(text.contains(Self.shown("Dont échu") + " Tj"))
        #expect(text.contains(Self.shown("11\u{A0}843,20\u{A0}€") + " Tj"))
        // Left out: the USD item and the other customer's.
        #expect(!text.contains("2026/00700") && !text.contains("2026/00999"))
        // Its only date is the as-of; no /ID.
        #expect(text.contains("/CreationDate (D:20261120070000)"))
        #expect(!text.contains("/ID"))
    }

    @Test("no heading is cut, in any language", arguments: [Language.fr, .en, .de, .nl])
    func headingsFit(_ language: Language) throws {
        let config = try PipelineConfig.load(RenderTestPaths.demo)
        let entity = try #require(config.entity("FR"))
        let pdf = AccountStatement(config: config, asOf: Self.asOf)
            .compose(entity: entity, customer: nil, customerID: "C0412", currency: .eur,
                     items: AccountStatement.items(Self.aged, entity: "FR", customerID: "C0412", currency: .eur), language: language)
        let text = String(decoding: pdf.bytes, as: UTF8.self)
        #expect(!text.contains("\\205) Tj"), "a cell cut with …")
        let labels = LetterLabels.of(language)
        for s in [labels.item, labels.daysOverdue, labels.amount, labels.open, labels.balance, labels.overdue] {
            #expect(text.contains(Self.shown(s) + " Tj"), "missing \(s)")
        }
    }

    @Test("the recipient sits in the letters' envelope window: DIN 5008 for a German customer, the French one otherwise")
    func envelopeWindow() throws {
        let config = try PipelineConfig.load(RenderTestPaths.demo)
        let entity = try #require(config.entity("FR"))
        for country in ["DE", "FR"] {
            let customer = Customer(entity: "FR", id: "C0412", name: "Weber Logistik GmbH", country: country,
                                    address1: "Hafenstraße 12", postcode: "20457", city: "Hamburg")
            var window = PDFPage()
            _ = LetterComposer(config: config, asOf: Self.asOf)
                .recipientBlock(customer, customerID: "C0412", entity: "FR", labels: LetterLabels.of(.fr), on: &window)
            let drawn = String(decoding: window.content, as: UTF8.self)
            let pdf = AccountStatement(config: config, asOf: Self.asOf)
                .compose(entity: entity, customer: customer, customerID: "C0412", currency: .eur, items: [], language: .fr)
            #expect(String(decoding: pdf.bytes, as: UTF8.self).contains(drawn), "\(country)")
            // Where the letters put it: x = 25 mm for Germany, 110 mm otherwise.
            let x = PDFPage.number((country == "DE" ? 25 : 110) * PDFDocument.pointsPerMillimetre)
            #expect(drawn.contains(" Tf \(x) "), "\(drawn)")
        }
    }

    @Test("an English statement, and one running over several pages is numbered")
    func englishAndPages() throws {
        let config = try PipelineConfig.load(RenderTestPaths.demo)
        let entity = try #require(config.entity("FR"))
        let many = (0..<90).map { Self.item(String(format: "2026/%05d", $0), daysOverdue: $0 - 10, minorUnits: 10_000 + Int64($0)) }
        let pdf = AccountStatement(config: config, asOf: Self.asOf)
            .compose(entity: entity, customer: GoldenRenderTests.scenarios[1].customer, customerID: "C0587", currency: .eur,
                     items: AccountStatement.items(many, entity: "FR", customerID: "C0412", currency: .eur), language: .en)
        #expect(pdf.pages >= 2)
        let text = String(decoding: pdf.bytes, as: UTF8.self)
        for s in ["Statement of account", "As of 20 November 2026", "Customer no.: C0587", "Days overdue", "Balance",
                  "Page 1/\(pdf.pages)", "€100.89"] {
            #expect(text.contains(Self.shown(s)), "missing \(s)")
        }
    }

    @Test("qpdf --check accepts the statement and pdftotext reads its amounts back")
    func externalTools() throws {
        let pdf = try #require(try Self.statementAttachments().attachments.first).data
        let dir = try ExternalTool.temporaryDirectory("statement")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("statement.pdf").path
        try Data(pdf).write(to: URL(fileURLWithPath: path))
        if let qpdf = ExternalTool.require("qpdf", for: "statement qpdf") {
            let r = try ExternalTool.run(qpdf, ["--check", path])
            #expect(r.status == 0, "\(r.text) \(r.stderr)")
        }
        if let pdftotext = ExternalTool.require("pdftotext", for: "statement pdftotext") {
            let r = try ExternalTool.run(pdftotext, ["-layout", path, "-"])
            #expect(r.status == 0)
            let words = r.text.replacingOccurrences(of: "\u{A0}", with: " ")
            for s in ["Relevé de compte", "2026/00311", "10 000,00 €", "-120,00 €", "-50,50 €", "11 972,70 €", "11 843,20 €"] {
                #expect(words.contains(s), "pdftotext lacks \(s): \(words)")
            }
        }
    }
}
