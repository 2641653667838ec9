import Foundation
import RelanceKit
import RelanceTestSupport
import Testing

/// `attach = statement` through the built executables (`outputs.md`, E-mails: "a statement PDF when
/// the step asks for it"): the demo's reminder-1 made to ask for it, on a scenario inbox.
@Suite("Statement attached to an e-mail, end to end", .serialized)
struct StatementAttachmentTests {
    @Test("reminder-1 with attach = statement carries the customer's statement PDF, which qpdf accepts")
    func statementAttached() throws {
        let box = try PipelineSandbox()
        let plan = box.pipeline + "/plans/standard-fr.plan"
        let text = box.text(plan)
        try #require(text.contains("template = reminder-1\n"))
        try text.replacingOccurrences(of: "template = reminder-1\n", with: "template = reminder-1\nattach = statement\n")
            .write(toFile: plan, atomically: true, encoding: .utf8)
        try box.useScenarioInbox(
            customers: [PipelineSandbox.customer("B9020", name: "Brasserie Lefèvre SA", email: "compta@lefevre.example")],
            invoices: [PipelineSandbox.Invoice("BE-9020", customer: "B9020", due: "2026-10-01", amount: "1000.00"),
                       PipelineSandbox.Invoice("BE-9021", customer: "B9020", due: "2026-11-01", amount: "300.00"),
                       PipelineSandbox.Invoice("AV-9020", customer: "B9020", due: "2026-09-20", amount: "-120.00")])
        let run = try box.runPipeline(["--as-of", "2026-10-04"])
        #expect(run.status == 0, "\(run.stderr)")
        let pending = try #require(try box.journal().first { $0.event == .pending && $0.step == "reminder-1" })
        let eml = box.text(box.outbox + "/" + pending.path)
        let name = "statement-BE-B9020-2026-10-04.pdf"
        let head = "Content-Type: application/pdf; name=\"" + name + "\"\r\nContent-Disposition: attachment; filename=\""
            + name + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        let start = try #require(eml.range(of: head))
        let end = try #require(eml.range(of: "\r\n--", range: start.upperBound..<eml.endIndex))
        let pdf = try #require(Data(base64Encoded: String(eml[start.upperBound..<end.lowerBound]), options: .ignoreUnknownCharacters))
        #expect(pdf.starts(with: Array("%PDF-1.4\n".utf8)))
        let content = String(decoding: pdf, as: UTF8.self)
        // The amounts as the content stream shows them (WinAnsi: \240 no-break space, \200 euro).
        for shown in ["(BE-9020) Tj", "(1\\240000,00\\240\\200) Tj", "(-120,00\\240\\200) Tj",
                      "(300,00\\240\\200) Tj", "(1\\240180,00\\240\\200) Tj"] {
            #expect(content.contains(shown), "missing \(shown)")
        }
        #expect(content.contains("/CreationDate (D:20261004070000)"))

        guard let qpdf = ["/usr/bin/qpdf", "/usr/local/bin/qpdf"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { print("skipped: qpdf not found"); return }
        let path = box.root + "/statement.pdf"
        try pdf.write(to: URL(fileURLWithPath: path))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: qpdf)
        p.arguments = ["--check", path]
        p.standardOutput = Pipe()
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }
}
