import Foundation
import Testing
@testable import RelanceKit

/// One e-mail (reminder-1) and one letter (formal notice, registered) per language, rendered from the
/// demo's conf, plans and templates for fixed customers and invoices at a fixed as-of, compared byte
/// for byte with `Tests/RelanceKitTests/Golden/` (see `GoldenFile` for re-recording).
///
/// A difference means the bytes a customer receives changed: a template, a formatter, the MIME or
/// PDF writer, the QR encoder. Look at the new rendering before recording it.
@Suite("Golden renderings")
struct GoldenRenderTests {
    static let asOf = CivilDate(year: 2026, month: 11, day: 20)!
    /// Europe/Paris on 20 November 2026: UTC+1.
    static let utcOffsetMinutes = 60

    struct Invoice {
        var document: String
        /// Days between the due date and the as-of (positive: overdue).
        var daysOverdue: Int
        var minorUnits: Int64
    }

    struct Scenario: Sendable, CustomTestStringConvertible {
        var language: Language
        var entity: String
        var customer: Customer
        var testDescription: String { language.rawValue }
    }

    static let scenarios: [Scenario] = [
        Scenario(language: .fr, entity: "FR", customer: Customer(
            entity: "FR", id: "C0412", name: "Boulangerie Lefèvre & Fils SARL",
            emails: [MailAddress(displayName: nil, address: "compta@lefevre-boulangerie.example")],
            contactName: "Zoé Lefèvre", language: .fr, country: "FR", address1: "18 rue des Écoles", address2: "Bâtiment B",
            postcode: "69002", city: "Lyon", vatNumber: "FR45412345678", phone: "+33 4 78 12 34 56")),
        Scenario(language: .en, entity: "FR", customer: Customer(
            entity: "FR", id: "C0587", name: "O'Brien & Daughters Ltd",
            emails: [MailAddress(displayName: nil, address: "accounts@obrien-daughters.example")],
            contactName: "Siobhán O'Brien", language: .en, country: "IE", address1: "14 Merrion Square",
            postcode: "D02 XK45", city: "Dublin", vatNumber: "IE6388047V")),
        Scenario(language: .nl, entity: "BE", customer: Customer(
            entity: "BE", id: "B0233", name: "Brouwerij Van den Bossche BV",
            emails: [MailAddress(displayName: nil, address: "boekhouding@vdbossche.example")],
            contactName: "Anaïs Van den Bossche", language: .nl, country: "BE", address1: "Veldstraat 112",
            postcode: "9000", city: "Gent", vatNumber: "BE0412345678")),
        Scenario(language: .de, entity: "FR", customer: Customer(
            entity: "FR", id: "C0791", name: "Müller & Söhne GmbH",
            emails: [MailAddress(displayName: nil, address: "buchhaltung@mueller-soehne.example")],
            contactName: "Jürgen Weiß", language: .de, country: "DE", address1: "Großstraße 7",
            postcode: "66111", city: "Saarbrücken", vatNumber: "DE123456789")),
    ]

    /// Two invoices (and, for the e-mail, a credit note) whose step has come today.
    static func invoices(_ s: Scenario, letter: Bool) -> [Invoice] {
        let prefix = s.entity == "BE" ? "BE-2026-0" : "2026/00"
        return letter
            ? [Invoice(document: prefix + "311", daysOverdue: 41, minorUnits: 1_250_000),
               Invoice(document: prefix + "347", daysOverdue: 32, minorUnits: 348_960)]
            : [Invoice(document: prefix + "518", daysOverdue: 5, minorUnits: 184_320),
               Invoice(document: prefix + "532", daysOverdue: 3, minorUnits: 15_000)]
    }

    struct Rendering {
        var action: Action
        var context: TemplateContext
        var template: MessageTemplate
        var customer: Customer
        var entity: EntityConfig
        var config: PipelineConfig
    }

    /// Plans the scenario's action with the demo's plans and rates, as the plan stage would, and loads
    /// its template: reminder-1 by e-mail, or the formal notice by registered letter.
    static func prepare(_ s: Scenario, letter: Bool) throws -> Rendering {
        let config = try PipelineConfig.load(RenderTestPaths.demo)
        var plans: [String: DunningPlan] = [:]
        for name in ["standard-fr", "standard-en-eu"] {
            let plan = try DunningPlan.load(path: RenderTestPaths.demo + "/plans/" + name + ".plan")
            plans[plan.name] = plan
        }
        let entity = try #require(config.entity(s.entity))
        var items: [AgedItem] = []
        var history: [DocumentKey: DocumentDunningState] = [:]
        for inv in invoices(s, letter: letter) {
            let due = asOf.adding(days: -inv.daysOverdue)
            let money = Money(minorUnits: inv.minorUnits, currency: .eur)
            let item = OpenItem(entity: s.entity, document: inv.document, customerID: s.customer.id, kind: .invoice,
                                documentDate: due.adding(days: -30), dueDate: due, amount: money, openAmount: money)
            items.append(AgedItem(item: item, daysOverdue: inv.daysOverdue, bucket: "", status: .open))
            // The earlier steps done on their days; the last one at least min_days_between (5) ago.
            var state = DocumentDunningState()
            state.done["preventive"] = due.adding(days: -10)
            if letter {
                state.done["reminder-1"] = asOf.adding(days: -29)
                state.done["reminder-2"] = asOf.adding(days: -19)
                state.done["reminder-3"] = asOf.adding(days: -12)
                state.done["call"] = asOf.adding(days: -7)
            }
            history[item.key] = state
        }
        if !letter {
            // A credit note the reminder mentions (it does not reduce the amount claimed).
            let credit = Money(minorUnits: -12_000, currency: .eur)
            let prefix = s.entity == "BE" ? "BE-AV-2026-0" : "AV-2026-00"
            items.append(AgedItem(item: OpenItem(entity: s.entity, document: prefix + "41", customerID: s.customer.id,
                                                 kind: .creditNote, documentDate: asOf.adding(days: -16),
                                                 dueDate: asOf.adding(days: -16), amount: credit, openAmount: credit),
                                  daysOverdue: 16, bucket: "", status: .open))
        }
        var planner = Planner(asOf: asOf, plans: plans, config: config, customers: CustomerDirectory([s.customer]),
                              history: history)
        planner.rates = try ReferenceRates.load(path: try #require(config.ratesPath))
        let actions = try planner.plan(items)
        try #require(actions.count == 1, "\(actions.map { "\($0.step) \($0.status) \($0.reason)" })")
        let action = actions[0]
        let expected = letter ? "formal-notice" : "reminder-1"
        try #require(action.step == expected && action.status == .planned && action.language == s.language)
        try #require(action.channel == (letter ? .registeredLetter : .email))
        let template = try MessageTemplate.load(directory: RenderTestPaths.templates, language: s.language, name: action.template,
                                                extension: letter ? "letter" : "txt")
        let context = MessageData.context(action: action, entity: entity, customer: s.customer,
                                          step: plans[action.plan]?.step(action.step), otherItems: items, asOf: asOf)
        return Rendering(action: action, context: context, template: template, customer: s.customer, entity: entity,
                         config: config)
    }

    static func email(_ s: Scenario) throws -> [UInt8] {
        let r = try prepare(s, letter: false)
        return try EmailComposer(config: r.config, asOf: asOf, utcOffsetMinutes: utcOffsetMinutes)
            .compose(r.action, template: r.template, context: r.context, customer: r.customer, entity: r.entity, attachments: [])
    }

    static func letter(_ s: Scenario) throws -> [UInt8] {
        let r = try prepare(s, letter: true)
        return try LetterComposer(config: r.config, asOf: asOf)
            .compose(r.action, template: r.template, context: r.context, customer: r.customer, entity: r.entity).bytes
    }

    @Test("reminder-1 e-mail matches its golden file", arguments: scenarios)
    func email(_ s: Scenario) throws {
        GoldenFile.check(try Self.email(s), "reminder-1.\(s.language.rawValue).eml")
    }

    @Test("formal-notice letter matches its golden file", arguments: scenarios)
    func letter(_ s: Scenario) throws {
        GoldenFile.check(try Self.letter(s), "formal-notice.\(s.language.rawValue).pdf")
    }

    /// What looking at the first recordings found: cut table labels ("Geforderter Be…", "Vervaldat…")
    /// and the French space before the colon in the other languages' payment block.
    @Test("a letter cuts no label and puts a space before a colon only in French", arguments: scenarios)
    func letterLabels(_ s: Scenario) throws {
        let text = String(decoding: try Self.letter(s), as: UTF8.self)
        #expect(!text.contains("\\205) Tj"), "a cell cut with …")
        let labels = LetterLabels.of(s.language)
        let colon = s.language == .fr ? " : " : ": "
        // How the writer puts a string in a content stream (WinAnsi, escaped), without the closing parenthesis.
        func shown(_ s: String) -> String { String(String(decoding: PDFDocument.literalString(WinAnsi.encode(s)), as: UTF8.self).dropLast()) }
        #expect(text.contains(shown(labels.claimed) + ") Tj"))
        #expect(text.contains(shown(labels.reference + colon + "RF")))
        #expect(text.contains(shown(labels.claimed + colon)))
        // The last line of a foreign address is the country's name, not its ISO code.
        let country = ["fr": nil, "en": "IRELAND", "nl": nil, "de": "DEUTSCHLAND"][s.language.rawValue]!
        if let country { #expect(text.contains("(" + country + ") Tj")) }
    }

    /// The golden files only mean something if a rendering depends on nothing but its inputs: no
    /// clock, no random identifier, no host name.
    @Test("a letter is deterministic: the same bytes twice, its only date the as-of at 07:00, no /ID")
    func letterIsDeterministic() throws {
        let s = Self.scenarios[0]
        let first = try Self.letter(s)
        let second = try Self.letter(s)
        #expect(first == second)
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-1.4\n"))
        #expect(text.components(separatedBy: "(D:").count == 2, "one date only")
        #expect(text.contains("/CreationDate (D:20261120070000)"))
        #expect(!text.contains("/ModDate"))
        #expect(!text.contains("/ID"))
        let host = ProcessInfo.processInfo.hostName
        #expect(host.count < 8 || !text.contains(host))
    }

    @Test("an e-mail is deterministic: the same bytes twice, Date and Message-ID from the as-of and the action")
    func emailIsDeterministic() throws {
        let s = Self.scenarios[0]
        let first = try Self.email(s)
        #expect(first == (try Self.email(s)))
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.hasPrefix("Date: Fri, 20 Nov 2026 07:00:00 +0100\r\n"))
        let host = ProcessInfo.processInfo.hostName
        #expect(host.count < 8 || !text.contains(host))
    }

    @Test("a difference is reported at its first differing line, bytes escaped")
    func differenceReport() {
        let golden = Array("Subject: Rappel\r\nTo: a@b.example\r\n\r\nMontant : 150,00 \u{20AC}\r\n".utf8)
        var rendered = golden
        rendered[rendered.count - 7] = 0x31   // "0 €" → "1 €" on line 4
        #expect(GoldenFile.difference(expected: golden, actual: rendered)
                == #"first difference at line 4: golden «Montant : 150,00 \xE2\x82\xAC\r\n», rendered «Montant : 150,01 \xE2\x82\xAC\r\n»; golden 58 bytes, rendered 58 bytes"#)
        #expect(GoldenFile.difference(expected: golden, actual: Array(golden.dropLast(2)))
                == #"first difference at line 4: golden «Montant : 150,00 \xE2\x82\xAC\r\n», rendered «Montant : 150,00 \xE2\x82\xAC»; golden 58 bytes, rendered 56 bytes"#)
        #expect(GoldenFile.difference(expected: golden, actual: golden + Array("x".utf8))
                == "first difference at line 5: golden end of file, rendered «x»; golden 58 bytes, rendered 59 bytes")
        let pdf = Array("%PDF-1.4\n<< /Length 12 >>\nstream\n(Betrag) Tj\nendstream\n".utf8)
        let changed = Array("%PDF-1.4\n<< /Length 13 >>\nstream\n(Betrag:) Tj\nendstream\n".utf8)
        #expect(GoldenFile.difference(expected: pdf, actual: changed)
                == "first difference at line 2: golden «<< /Length 12 >>\\n», rendered «<< /Length 13 >>\\n»; next at line 4: golden «(Betrag) Tj\\n», rendered «(Betrag:) Tj\\n»; golden 55 bytes, rendered 56 bytes")
    }

    @Test("the golden folder is found from the source tree")
    func goldenFolder() {
        #expect(GoldenFile.directory.hasSuffix("/Tests/RelanceKitTests/Golden"))
        #expect(FileManager.default.fileExists(atPath: GoldenFile.directory + "/reminder-1.fr.eml"))
    }
}
