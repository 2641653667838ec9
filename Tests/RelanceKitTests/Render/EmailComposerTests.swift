import Foundation
import Testing
@testable import RelanceKit

@Suite("EmailComposer")
struct EmailComposerTests {
    static let asOf = CivilDate(year: 2026, month: 11, day: 20)!

    static let customer = Customer(
        entity: "FR", id: "C77", name: "Société Générale\r\nBcc: evil@attacker.example",
        emails: [MailAddress(displayName: nil, address: "zoe@client.example")],
        contactName: "Zoë Lefèvre", language: .fr, country: "FR")

    struct Composed {
        let bytes: [UInt8]
        let action: Action
    }

    /// A reminder-1 for one invoice of 150,00 €, due 3 days before the as-of, rendered with the demo's fr template.
    static func compose() throws -> Composed {
        let config = try PipelineConfig.load(RenderTestPaths.demo)
        let plan = try DunningPlan.load(path: RenderTestPaths.demo + "/plans/standard-fr.plan")
        let entity = try #require(config.entity("FR"))
        let due = asOf.adding(days: -3)
        let item = AgedItem(item: OpenItem(entity: "FR", document: "2026/00012", customerID: "C77", kind: .invoice,
                                           documentDate: due.adding(days: -30), dueDate: due,
                                           amount: Money(minorUnits: 15_000, currency: .eur),
                                           openAmount: Money(minorUnits: 15_000, currency: .eur)),
                            daysOverdue: 3, bucket: "", status: .open)
        var state = DocumentDunningState()
        state.done["preventive"] = asOf.adding(days: -13)
        let planner = Planner(asOf: asOf, plans: [plan.name: plan], config: config, customers: CustomerDirectory([customer]),
                              history: [item.item.key: state])
        let actions = try planner.plan([item])
        try #require(actions.count == 1)
        let action = actions[0]
        try #require(action.step == "reminder-1" && action.channel == .email && action.status == .planned)
        let template = try MessageTemplate.load(directory: RenderTestPaths.templates, language: .fr, name: action.template)
        let context = MessageData.context(action: action, entity: entity, customer: customer, step: plan.step(action.step),
                                          otherItems: [item], asOf: asOf)
        let composer = EmailComposer(config: config, asOf: asOf, utcOffsetMinutes: 60)
        let bytes = try composer.compose(action, template: template, context: context, customer: customer, entity: entity,
                                         attachments: [])
        return Composed(bytes: bytes, action: action)
    }

    /// The header block, unfolded: one string per header field.
    static func headers(_ bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return [] }
        var fields: [String] = []
        for line in text[..<end.lowerBound].components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), !fields.isEmpty {
                fields[fields.count - 1] += line
            } else {
                fields.append(line)
            }
        }
        return fields
    }

    @Test("CRLF line ends everywhere, no bare CR or LF, no NUL, lines ≤ 998 octets")
    func lineEnds() throws {
        let bytes = try Self.compose().bytes
        for (i, b) in bytes.enumerated() {
            if b == 0x0A { #expect(i > 0 && bytes[i - 1] == 0x0D, "bare LF at \(i)") }
            if b == 0x0D { #expect(i + 1 < bytes.count && bytes[i + 1] == 0x0A, "bare CR at \(i)") }
            #expect(b != 0)
        }
        #expect(bytes.suffix(2) == [0x0D, 0x0A])
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 })
        // Bodies are encoded to ≤ 76 characters a line.
        let headerEnd = lines.firstIndex(of: "")!
        #expect(lines[..<headerEnd].allSatisfy { $0.utf8.count <= 998 })
        #expect(lines[headerEnd...].allSatisfy { $0.utf8.count <= 76 })
        // Everything is 7-bit: non-ASCII text is encoded.
        #expect(bytes.allSatisfy { $0 < 0x80 })
    }

    @Test("the headers: deterministic Date and Message-ID, sender, collector, the customer, MIME and auto-submitted")
    func headers() throws {
        let composed = try Self.compose()
        let id = composed.action.id
        let fields = Self.headers(composed.bytes)
        let names = fields.map { String($0.prefix { $0 != ":" }) }
        // A reminder in euros carries the HTML part and the QR code: the message is multipart.
        #expect(names == ["Date", "From", "Reply-To", "To", "Subject", "Message-ID", "MIME-Version", "Auto-Submitted",
                          "X-Relance-Action", "Content-Type"])
        #expect(fields.contains { $0.hasPrefix("Content-Type: multipart/mixed;") })
        #expect(fields.contains("Date: Fri, 20 Nov 2026 07:00:00 +0100"))
        #expect(fields.contains("From: Demo SARL <no-reply@demo.example>"))
        #expect(fields.contains("Message-ID: <\(id).relance@demo.example>"))
        #expect(fields.contains("MIME-Version: 1.0"))
        #expect(fields.contains("Auto-Submitted: auto-generated"))
        #expect(fields.contains("X-Relance-Action: \(id)"))
        let replyTo = try #require(fields.first { $0.hasPrefix("Reply-To: ") })
        #expect(replyTo == "Reply-To: =?UTF-8?Q?Comptabilit=C3=A9?= clients <compta@demo.example>")
        let to = try #require(fields.first { $0.hasPrefix("To: ") })
        #expect(to.hasSuffix(" <zoe@client.example>"))
        // The line break in the customer's name adds no header.
        #expect(!fields.contains { $0.lowercased().hasPrefix("bcc") })
        let text = String(decoding: composed.bytes, as: UTF8.self)
        #expect(!text.contains("\r\nBcc:"))
        #expect(!text.lowercased().contains("\nbcc:"))
    }

    @Test("the HTML part from the text: the byte path gives the Characters path's bytes, or declines")
    func htmlFromTextFastPath() {
        let texts = [
            "Madame, Monsieur,\n\nSauf erreur de notre part, la facture F-2026-0042 de 1 234,56 € reste impayée.\n\nCordialement,\nL'équipe <Recouvrement> & \"Co\"",
            "", "\n", "\n\n", "\n\n\n", "a\n\n\n\nb", "a\n\n\nb\n", "\n\nx\n\n", "one line", "É\nà\n\nü & ß",
            "emoji 🇧🇪 < 5 > 3\n\n\u{200F}rtl", "tab\tend\n\n  spaces  \n\n",
        ]
        for text in texts {
            for id in [nil, "qr-abc@relance"] {
                #expect(EmailComposer.paragraphsFast(text) != nil, "\(text.debugDescription)")
                #expect(EmailComposer.html(fromText: text, qrContentID: id, language: .fr)
                        == EmailComposer.htmlByCharacters(fromText: text, qrContentID: id, language: .fr), "\(text.debugDescription)")
            }
        }
        // Texts whose Characters differ from their bytes take the Characters path.
        for text in ["a\r\n\r\nb", "a\u{2028}b", "x\u{0085}", "\"\u{301} accent", "f\u{0C}", "<\u{20DD}"] {
            #expect(EmailComposer.paragraphsFast(text) == nil, "\(text.debugDescription)")
            #expect(EmailComposer.html(fromText: text, qrContentID: nil, language: .en)
                    == EmailComposer.htmlByCharacters(fromText: text, qrContentID: nil, language: .en))
        }
    }

    @Test("a second compose is byte-identical")
    func deterministic() throws {
        let first = try Self.compose()
        let second = try Self.compose()
        #expect(first.bytes == second.bytes)
    }

    static let pythonScript = #"""
    import sys, json, email, email.policy
    data = open(sys.argv[1], 'rb').read()
    msg = email.message_from_bytes(data, policy=email.policy.default)
    defects = []
    for part in msg.walk():
        defects += [type(d).__name__ for d in part.defects]
        for k, v in part.items():
            defects += [type(d).__name__ + ' in ' + k for d in getattr(v, 'defects', [])]
    def addrs(name):
        h = msg[name]
        return [] if h is None else [a.display_name + '|' + a.addr_spec for a in h.addresses]
    body = msg.get_body(preferencelist=('plain',))
    print(json.dumps({
        'defects': defects,
        'subject': str(msg['Subject']),
        'from': addrs('From'), 'replyTo': addrs('Reply-To'), 'to': addrs('To'),
        'bcc': msg.get_all('Bcc') or [],
        'messageID': str(msg['Message-ID']),
        'date': str(msg['Date']),
        'text': body.get_content() if body is not None else '',
    }))
    """#

    struct PythonReading: Decodable {
        let defects: [String]
        let subject: String
        let from: [String]
        let replyTo: [String]
        let to: [String]
        let bcc: [String]
        let messageID: String
        let date: String
        let text: String
    }

    static func findPython() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = String(dir) + "/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    @Test("Python's email parser (policy.default) reads it without defects")
    func python() throws {
        guard let python = Self.findPython() else {
            print("python3 not on PATH: skipping the Python email-parser check")
            return
        }
        let composed = try Self.compose()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relance-composer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let eml = directory.appendingPathComponent("\(composed.action.id).eml")
        let script = directory.appendingPathComponent("read.py")
        try Data(composed.bytes).write(to: eml)
        try Data(Self.pythonScript.utf8).write(to: script)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, eml.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(String(decoding: errors, as: UTF8.self))")
        let r = try JSONDecoder().decode(PythonReading.self, from: output)

        #expect(r.defects == [])
        #expect(r.subject == "Rappel : 2026/00012 — 150,00\u{00A0}€ échu")
        #expect(r.from == ["Demo SARL|no-reply@demo.example"])
        #expect(r.replyTo == ["Comptabilité clients|compta@demo.example"])
        #expect(r.to.count == 1)
        #expect(r.to.first?.hasSuffix("|zoe@client.example") == true)
        #expect(r.to.first?.hasPrefix("Zoë Lefèvre – Société Générale") == true)
        #expect(r.to.first.map { !$0.contains("\r") && !$0.contains("\n") } == true)
        #expect(r.bcc == [])
        #expect(r.messageID == "<\(composed.action.id).relance@demo.example>")
        #expect(r.date == "Fri, 20 Nov 2026 07:00:00 +0100")
        #expect(r.text.contains("Bonjour Zoë Lefèvre,"))
        #expect(r.text.contains("Montant dû : 150,00\u{00A0}€"))
    }
}
