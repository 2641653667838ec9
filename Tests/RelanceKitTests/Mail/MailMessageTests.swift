import Foundation
import Testing
@testable import RelanceKit

@Suite("Mail messages")
struct MailMessageTests {
    static let subject = "Relance n°2 — facture F2026-0142 échue"
    static let attachmentName = "Facture F2026-0142 échéance « été ».pdf"
    static let pdf: [UInt8] = Array("%PDF-1.4\n".utf8) + (0 ..< 5000).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        + Array("\n%%EOF\n".utf8)

    static func reminder() -> MailMessage {
        MailMessage(
            date: MailDate.format(year: 2026, month: 11, day: 20, hour: 7, minute: 0, utcOffsetMinutes: 60),
            from: MailAddress(displayName: "Démo Industries SAS", address: "no-reply@demo.example"),
            replyTo: MailAddress(displayName: "Dupont, Claire", address: "claire.dupont@demo.example"),
            to: [MailAddress(displayName: "Hélène Müller", address: "h.muller@client.example")],
            cc: [MailAddress(displayName: nil, address: "compta@client.example"),
                 MailAddress(displayName: "Commercial", address: "rep@demo.example")],
            subject: subject,
            messageID: "3f2a9c1d0b7e.relance@demo.example",
            extraHeaders: [("Auto-Submitted", "auto-generated"), ("X-Relance-Action", "A-2026-11-20-0042")],
            textBody: "Bonjour Madame Müller,\n\nSauf erreur de notre part, la facture F2026-0142 de 1\u{A0}234,56\u{A0}€ "
                + "est échue depuis le 5 novembre 2026. Merci de procéder au règlement.\n\nCordialement,\n",
            htmlBody: "<p>Bonjour Madame Müller,</p>\n<p>Sauf erreur de notre part, la facture <b>F2026-0142</b> "
                + "de 1&nbsp;234,56&nbsp;€ est échue.</p>\n",
            attachments: [MailAttachment(filename: attachmentName, mimeType: "application/pdf", data: pdf)],
            boundarySeed: "A-2026-11-20-0042")
    }

    static let expectedHeaderBlock = "Date: Fri, 20 Nov 2026 07:00:00 +0100\r\n"
        + "From: =?UTF-8?B?RMOpbW8=?= Industries SAS <no-reply@demo.example>\r\n"
        + "Reply-To: \"Dupont, Claire\" <claire.dupont@demo.example>\r\n"
        + "To: =?UTF-8?B?SMOpbMOobmUgTcO8bGxlcg==?= <h.muller@client.example>\r\n"
        + "Cc: compta@client.example, Commercial <rep@demo.example>\r\n"
        + "Subject: Relance =?UTF-8?B?bsKwMiDigJQ=?= facture F2026-0142\r\n"
        + " =?UTF-8?B?w6ljaHVl?=\r\n"
        + "Message-ID: <3f2a9c1d0b7e.relance@demo.example>\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Auto-Submitted: auto-generated\r\n"
        + "X-Relance-Action: A-2026-11-20-0042\r\n"
        + "Content-Type: multipart/mixed;\r\n"
        + " boundary=\"=_rl_A202611200042_mix\"\r\n"
        + "\r\n"

    @Test("header block: exact bytes")
    func headerBlock() throws {
        let text = String(decoding: Self.reminder().rendered(), as: UTF8.self)
        let end = try #require(text.range(of: "\r\n\r\n"))
        #expect(String(text[..<end.upperBound]) == Self.expectedHeaderBlock)
    }

    @Test("structure: mixed holding alternative then the attachment")
    func structure() {
        let text = String(decoding: Self.reminder().rendered(), as: UTF8.self)
        let markers = [
            "--=_rl_A202611200042_mix\r\nContent-Type: multipart/alternative;\r\n boundary=\"=_rl_A202611200042_alt\"\r\n\r\n",
            "--=_rl_A202611200042_alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nBonjour Madame M=C3=BCller,\r\n",
            "--=_rl_A202611200042_alt\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>Bonjour",
            "--=_rl_A202611200042_alt--\r\n",
            "--=_rl_A202611200042_mix\r\n"
                + "Content-Type: application/pdf; name=\"Facture F2026-0142 _ch_ance _ _t_ _.pdf\"\r\n"
                + "Content-Disposition: attachment;\r\n"
                + " filename*0*=utf-8''Facture%20F2026-0142%20%C3%A9ch%C3%A9ance%20%C2%AB%20%C3%A9t;\r\n"
                + " filename*1*=%C3%A9%20%C2%BB.pdf\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK",
            "\r\n--=_rl_A202611200042_mix--\r\n",
        ]
        var position = text.startIndex
        for marker in markers {
            let found = text.range(of: marker, range: position ..< text.endIndex)
            #expect(found != nil, "missing or out of order: \(marker)")
            if let found { position = found.upperBound }
        }
        #expect(text.hasSuffix("--=_rl_A202611200042_mix--\r\n"))
    }

    @Test("CRLF everywhere, 7-bit, lines ≤ 998, body lines ≤ 76, deterministic")
    func lines() {
        let bytes = Self.reminder().rendered()
        #expect(bytes == Self.reminder().rendered())
        assertWellFormed(bytes)
    }

    struct ShapeCase: CustomTestStringConvertible, Sendable {
        let name: String
        let html: String?
        let attachments: Int
        let contentType: String
        var testDescription: String { name }
    }

    static let shapes: [ShapeCase] = [
        .init(name: "text only", html: nil, attachments: 0,
              contentType: "Content-Type: multipart/mixed;\r\n boundary=\"=_rl_A1_mix\"\r\n\r\n"
                  + "--=_rl_A1_mix\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"),
        .init(name: "text and html", html: "<p>x</p>", attachments: 0,
              contentType: "Content-Type: multipart/mixed;\r\n boundary=\"=_rl_A1_mix\"\r\n\r\n"
                  + "--=_rl_A1_mix\r\nContent-Type: multipart/alternative;\r\n boundary=\"=_rl_A1_alt\"\r\n\r\n"),
        .init(name: "text and attachment", html: nil, attachments: 1,
              contentType: "Content-Type: multipart/mixed;\r\n boundary=\"=_rl_A1_mix\"\r\n\r\n"
                  + "--=_rl_A1_mix\r\nContent-Type: text/plain; charset=utf-8\r\n"),
    ]

    @Test("message shapes", arguments: shapes)
    func messageShape(_ c: ShapeCase) {
        let message = MailMessage(
            date: "Fri, 20 Nov 2026 07:00:00 +0100",
            from: MailAddress(displayName: nil, address: "no-reply@demo.example"),
            to: [MailAddress(displayName: nil, address: "a@client.example")],
            subject: "Test", messageID: "a1.relance@demo.example", textBody: "Bonjour",
            htmlBody: c.html,
            attachments: Array(repeating: MailAttachment(filename: "x.pdf", mimeType: "application/pdf", data: [1, 2, 3]),
                               count: c.attachments),
            boundarySeed: "A/1")
        let text = String(decoding: message.rendered(), as: UTF8.self)
        #expect(text.contains("MIME-Version: 1.0\r\n" + c.contentType))
        assertWellFormed(message.rendered())
    }

    @Test("inline attachment with Content-ID, plain ASCII name")
    func inlineAttachment() {
        let part = MailAttachment(filename: "qr.png", mimeType: "image/png", data: Array(repeating: 0xFF, count: 100),
                                  contentID: "qr.A1@demo.example").part()
        #expect(part.hasPrefix("Content-Type: image/png; name=\"qr.png\"\r\n"
                + "Content-Disposition: inline; filename=\"qr.png\"\r\n"
                + "Content-Transfer-Encoding: base64\r\nContent-ID: <qr.A1@demo.example>\r\n\r\n"))
        let base64 = part.components(separatedBy: "\r\n\r\n")[1].components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(base64.map(\.count) == [76, 60])
    }

    struct NameCase: CustomTestStringConvertible, Sendable {
        let name: String
        let filename: String
        let contentType: String
        let disposition: String
        var testDescription: String { name }
    }

    static let nameCases: [NameCase] = [
        .init(name: "ASCII name kept", filename: "F2026-0142 copie.pdf",
              contentType: "Content-Type: application/pdf; name=\"F2026-0142 copie.pdf\"",
              disposition: "Content-Disposition: attachment; filename=\"F2026-0142 copie.pdf\""),
        .init(name: "accented name", filename: "été.pdf",
              contentType: "Content-Type: application/pdf; name=\"_t_.pdf\"",
              disposition: "Content-Disposition: attachment; filename*=utf-8''%C3%A9t%C3%A9.pdf"),
        .init(name: "quote and backslash", filename: "a\"b\\c.pdf",
              contentType: "Content-Type: application/pdf; name=\"a_b_c.pdf\"",
              disposition: "Content-Disposition: attachment; filename*=utf-8''a%22b%5Cc.pdf"),
        .init(name: "empty name", filename: "\r\n",
              contentType: "Content-Type: application/pdf; name=\"attachment\"",
              disposition: "Content-Disposition: attachment; filename=\"attachment\""),
    ]

    @Test("attachment names", arguments: nameCases)
    func attachmentNames(_ c: NameCase) {
        let lines = MailAttachment(filename: c.filename, mimeType: "Application/PDF", data: []).part()
            .components(separatedBy: "\r\n")
        #expect(lines[0] == c.contentType)
        #expect(lines[1] == c.disposition)
    }

    @Test("no data can add a header: CR, LF and NUL in every field")
    func injection() {
        let evil = "Dupont\r\nBcc: evil@x.com\n\u{0}X: y"
        var message = Self.reminder()
        message.date = "Fri, 20 Nov 2026 07:00:00 +0100\r\nBcc: evil@x.com"
        message.from.displayName = evil
        message.replyTo = MailAddress(displayName: evil, address: "claire@demo.example")
        message.to = [MailAddress(displayName: evil, address: "h@client.example"),
                      MailAddress(displayName: nil, address: "x@client.example>\r\nBcc: evil@x.com")]
        message.subject = evil
        message.messageID = "id\r\nBcc: evil@x.com"
        message.extraHeaders = [("X-Relance-Action\r\nBcc", evil)]
        message.attachments[0].filename = evil + ".pdf"
        message.attachments[0].mimeType = "application/pdf\r\nBcc: evil@x.com"
        message.boundarySeed = evil
        let bytes = message.rendered()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("\r\nBcc:"))
        #expect(!text.contains("\nX: y"))
        #expect(!bytes.contains(0))
        #expect(message.unusableAddresses == ["x@client.example>\r\nBcc: evil@x.com"])
        #expect(text.contains("To: \"Dupont Bcc: evil@x.com X: y\" <h@client.example>\r\nCc:"))
        assertWellFormed(bytes)
    }

    @Test("a long seed keeps boundaries within 70 characters")
    func longSeed() {
        var message = Self.reminder()
        message.boundarySeed = String(repeating: "A1", count: 80)
        #expect(message.mixedBoundary.count <= 70)
        #expect(message.mixedBoundary.hasPrefix("=_rl_A1A1"))
        message.boundarySeed = "é/é"
        #expect(message.alternativeBoundary == "=_rl_0_alt")
    }

    @Test("many recipients fold the To header")
    func manyRecipients() {
        var message = Self.reminder()
        message.to = (1 ... 30).map { MailAddress(displayName: "Client \($0)", address: "client\($0)@client.example") }
        let text = String(decoding: message.rendered(), as: UTF8.self)
        let header = text[..<text.range(of: "\r\n\r\n")!.lowerBound]
        for line in header.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line)") }
        #expect(text.contains("Client 30 <client30@client.example>\r\nCc:"))
    }

    // MARK: - Python's email parser

    private struct PythonReading: Decodable {
        let defects: [String]
        let subject: String
        let from: [String]
        let replyTo: [String]
        let to: [String]
        let cc: [String]
        let text: String
        let html: String
        let filenames: [String]
        let attachmentSHA256: [String]
        let contentTypes: [String]
    }

    @Test("Python's email parser reads it without defects and decodes everything back")
    func python() throws {
        guard let python = findExecutable("python3") else {
            print("python3 not on PATH: skipping the Python email-parser check")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relance-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let eml = directory.appendingPathComponent("A-2026-11-20-0042.eml")
        let script = directory.appendingPathComponent("read.py")
        try Data(Self.reminder().rendered()).write(to: eml)
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

        let reading = try JSONDecoder().decode(PythonReading.self, from: output)
        let message = Self.reminder()
        #expect(reading.defects == [])
        #expect(reading.subject == Self.subject)
        #expect(reading.from == ["Démo Industries SAS|no-reply@demo.example"])
        #expect(reading.replyTo == ["Dupont, Claire|claire.dupont@demo.example"])
        #expect(reading.to == ["Hélène Müller|h.muller@client.example"])
        #expect(reading.cc == ["|compta@client.example", "Commercial|rep@demo.example"])
        #expect(reading.text == message.textBody.replacingOccurrences(of: "\n", with: "\r\n")
            || reading.text == message.textBody)
        #expect(reading.html.replacingOccurrences(of: "\r\n", with: "\n") == message.htmlBody)
        #expect(reading.filenames == [Self.attachmentName])
        #expect(reading.attachmentSHA256 == [SHA256.hex(SHA256.hash(Self.pdf))])
        #expect(reading.contentTypes == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html",
                                         "application/pdf"])
    }

    static let pythonScript = #"""
    import email, email.policy, hashlib, json, sys

    with open(sys.argv[1], "rb") as f:
        data = f.read()
    msg = email.message_from_bytes(data, policy=email.policy.default)
    defects, types = [], []
    for part in msg.walk():
        types.append(part.get_content_type())
        defects += [repr(d) for d in part.defects]
        for name, value in part.items():
            defects += ["%s: %r" % (name, d) for d in getattr(value, "defects", [])]

    def addresses(name):
        header = msg[name]
        return ["%s|%s" % (a.display_name, a.addr_spec) for a in header.addresses] if header else []

    attachments = list(msg.iter_attachments())
    print(json.dumps({
        "defects": defects,
        "subject": str(msg["subject"]),
        "from": addresses("from"), "replyTo": addresses("reply-to"),
        "to": addresses("to"), "cc": addresses("cc"),
        "text": msg.get_body(("plain",)).get_content(),
        "html": msg.get_body(("html",)).get_content(),
        "filenames": [a.get_filename() for a in attachments],
        "attachmentSHA256": [hashlib.sha256(a.get_content()).hexdigest() for a in attachments],
        "contentTypes": types,
    }))
    """#
}

/// CRLF only, no bare CR or LF, 7-bit without NUL, lines ≤ 998, body lines ≤ 76.
private func assertWellFormed(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    var lines: [[UInt8]] = []
    var current: [UInt8] = []
    var index = 0
    var bareLineEnds = 0
    while index < bytes.count {
        let b = bytes[index]
        if b == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
            lines.append(current)
            current = []
            index += 2
            continue
        }
        if b == 0x0D || b == 0x0A { bareLineEnds += 1 }
        current.append(b)
        index += 1
    }
    #expect(current.isEmpty, "the message must end with CRLF", sourceLocation: sourceLocation)
    #expect(bareLineEnds == 0, "bare CR or LF", sourceLocation: sourceLocation)
    #expect(!bytes.contains { $0 == 0 || $0 >= 0x80 }, "NUL or 8-bit byte", sourceLocation: sourceLocation)
    #expect(lines.allSatisfy { $0.count <= 998 }, sourceLocation: sourceLocation)
    guard let blank = lines.firstIndex(where: \.isEmpty) else {
        Issue.record("no blank line after the headers", sourceLocation: sourceLocation)
        return
    }
    for line in lines[..<blank] {
        #expect(line.count <= 78, "\(String(decoding: line, as: UTF8.self))", sourceLocation: sourceLocation)
    }
    // Body lines: QP and base64 are ≤ 76; part headers may reach 78.
    for line in lines[blank...] where !line.starts(with: Array("Content-".utf8)) && line.first != 0x20 {
        #expect(line.count <= 76, "\(String(decoding: line, as: UTF8.self))", sourceLocation: sourceLocation)
    }
}

private func findExecutable(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}
