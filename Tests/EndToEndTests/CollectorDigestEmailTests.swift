import Foundation
import RelanceKit
import RelanceTestSupport
import Testing

/// The collector's digest as the built executables write it (`outputs.md`, E-mails and Call list):
/// `multipart/mixed` holding `multipart/alternative` (text/plain then text/html) and the day's call
/// list attached as text/csv, byte for byte the file in `calls/`.
@Suite("Collector's digest e-mail, end to end", .serialized)
struct CollectorDigestEmailTests {
    @Test("the digest of a day with a call: text and HTML with the call list's columns, the call list attached")
    func digestWithCall() throws {
        let box = try PipelineSandbox()
        try box.useScenarioInbox(
            customers: [PipelineSandbox.customer("B9010", name: "Dupont & Fils SA", email: "compta@dupont.example")],
            invoices: [PipelineSandbox.Invoice("BE-9010", customer: "B9010", due: "2026-06-01", amount: "2500.00")])
        // One step per run, five days apart, each approved the same day; the call comes on 2026-09-16.
        for day in ["2026-09-01", "2026-09-06", "2026-09-11"] {
            #expect(try box.runPipeline(["--as-of", day]).status == 0)
            #expect(try box.decideAll(asOf: day).status == 0)
        }
        let run = try box.runPipeline(["--as-of", "2026-09-16"])
        #expect(run.status == 0, "\(run.stderr)")
        let journal = try box.journal()
        try #require(journal.contains { $0.at.iso == "2026-09-16" && $0.channel == "call" && $0.event == .sentToOutbox })
        let digest = try #require(journal.first { $0.at.iso == "2026-09-16" && $0.customerID == "collector" && $0.event == .sentToOutbox })
        let eml = box.text(box.outbox + "/" + digest.path)
        let csv = try #require(FileManager.default.contents(atPath: box.outbox + "/calls/2026-09-16-calls.csv"))

        // The shape: mixed → alternative (text/plain, text/html), then the CSV.
        let mix = "=_rl_" + digest.actionID + "_mix"
        let alt = "=_rl_" + digest.actionID + "_alt"
        #expect(eml.contains("Content-Type: multipart/mixed;\r\n boundary=\"" + mix + "\"\r\n\r\n--" + mix
            + "\r\nContent-Type: multipart/alternative;\r\n boundary=\"" + alt + "\"\r\n\r\n--" + alt
            + "\r\nContent-Type: text/plain; charset=utf-8\r\n"))
        #expect(eml.contains("--" + alt + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"))
        let attachment = "--" + alt + "--\r\n--" + mix + "\r\nContent-Type: text/csv; name=\"2026-09-16-calls.csv\"\r\n"
            + "Content-Disposition: attachment; filename=\"2026-09-16-calls.csv\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        let start = try #require(eml.range(of: attachment))
        let end = try #require(eml.range(of: "--" + mix + "--\r\n", range: start.upperBound..<eml.endIndex))
        let decoded = Data(base64Encoded: String(eml[start.upperBound..<end.lowerBound]), options: .ignoreUnknownCharacters)
        #expect(decoded == csv)
        let rows = String(decoding: csv, as: UTF8.self).split(separator: "\n")
        #expect(rows.count == 2)
        #expect(rows.last == "B9010,Dupont & Fils SA,Contact B9010,'+32 2 000 00 00,2500.00,107,call,reminder-3 (email),2026-09-11,0,BE-9010")

        // The parts read back by Python: the call's columns in the text (the amount formatted) and in the HTML table.
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { print("skipped: python3 not found"); return }
        let script = """
        import sys, email, email.policy
        m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)
        defects = list(m.defects) + [d for part in m.walk() for d in part.defects]
        print('types', ' '.join(p.get_content_type() for p in m.walk()))
        print('defects', len(defects))
        print(m.get_body(preferencelist=('plain',)).get_content())
        print(m.get_body(preferencelist=('html',)).get_content())
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", script, box.outbox + "/" + digest.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        // The parts' own CRLF line ends come through get_content(): compared as LF.
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .replacingOccurrences(of: "\r\n", with: "\n")
        p.waitUntilExit()
        #expect(text.contains("types multipart/mixed multipart/alternative text/plain text/html text/csv\n"), "\(text)")
        #expect(text.contains("defects 0\n"))
        #expect(text.contains("""
            À appeler aujourd'hui (1)
              - B9010 · Dupont & Fils SA · Contact B9010 · +32 2 000 00 00
                impayé échu 2\u{A0}500,00\u{A0}€ · retard max. 107 j · étape call
                dernière action reminder-3 (email) du 2026-09-11 · promesses 0
                note : BE-9010

            """), "\(text)")
        #expect(text.contains("<tr><td>B9010</td><td>Dupont &amp; Fils SA</td><td>Contact B9010</td><td>+32 2 000 00 00</td>"
            + "<td style=\"text-align: right;\">2\u{A0}500,00\u{A0}€</td>"), "\(text)")
    }
}
