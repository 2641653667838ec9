import Foundation
import RelanceKit
import RelanceTestSupport
import Testing

/// The documents of a demo run read by the tools the outside world uses: Python's e-mail parser,
/// qpdf, pdftotext and zbarimg (each check is skipped, saying so, when its tool is missing).
@Suite("Documents read by real tools", .serialized)
struct DocumentCheckTests {
    static func tool(_ name: String) -> String? {
        for dir in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: dir + "/" + name) {
            return dir + "/" + name
        }
        return nil
    }

    static func run(_ path: String, _ args: [String]) throws -> (status: Int32, out: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("Python's email parser reads every e-mail without defects; the QR image decodes to the EPC payload")
    func emails() throws {
        guard let python = Self.tool("python3") else { print("skipped: python3 not found"); return }
        let box = try PipelineSandbox()
        #expect(try box.runPipeline().status == 0)
        let script = """
        import sys, email, email.policy
        bad = 0
        for path in sys.argv[1:]:
            m = email.message_from_bytes(open(path, 'rb').read(), policy=email.policy.default)
            defects = list(m.defects) + [d for part in m.walk() for d in part.defects]
            if defects or not m['Subject'] or not m['To'] or not m['Message-ID']:
                bad += 1
                print(path, defects)
            for part in m.walk():
                if part.get_content_type() == 'image/png':
                    open(path + '.png', 'wb').write(part.get_payload(decode=True))
        print('bad', bad)
        """
        let folder = box.outbox + "/mail/new"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".eml") }.sorted()
        #expect(files.count == 5)
        let result = try Self.run(python, ["-c", script] + files.map { folder + "/" + $0 })
        #expect(result.out.hasSuffix("bad 0\n"), "\(result.out)")
        guard let zbar = Self.tool("zbarimg") else { print("skipped: zbarimg not found"); return }
        var decoded = 0
        for f in files where FileManager.default.fileExists(atPath: folder + "/" + f + ".png") {
            let qr = try Self.run(zbar, ["--raw", "-q", folder + "/" + f + ".png"])
            let id = String(f.dropLast(4))
            #expect(qr.out.hasPrefix("BCD\n002\n1\nSCT\n"), "\(qr.out)")
            #expect(qr.out.contains(StructuredReference.makeRF(id)), "\(qr.out)")
            decoded += 1
        }
        #expect(decoded == 4) // every reminder; the digest has no QR code
    }

    @Test("formal notices pass qpdf --check, read back with pdftotext, and their QR code decodes")
    func letters() throws {
        let box = try PipelineSandbox()
        // Three weeks of daily runs with every action approved bring the first formal notices.
        var day = CivilDate(iso: "2026-11-20")!
        while day <= CivilDate(iso: "2026-12-14")! {
            #expect(try box.runPipeline(["--as-of", day.iso]).status == 0)
            try box.run("relance", ["approve", box.pipeline, "--all", "--as-of", day.iso])
            day = day.adding(days: 3)
        }
        // letters.csv is rebuilt by the next run from the journal, approvals included.
        #expect(try box.runPipeline(["--as-of", day.iso]).status == 0)
        let folder = box.outbox + "/letters"
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".pdf") }.sorted()
        #expect(pdfs.count >= 2)
        let list = try box.csvRows(folder + "/letters.csv")
        #expect(list.count == pdfs.count)
        #expect(list.contains { $0["registered"] == "yes" && $0["step"] == "formal-notice" })
        for pdf in pdfs { #expect(pdf.count == 16) } // ACTION_ID.pdf
        guard let qpdf = Self.tool("qpdf"), let pdftotext = Self.tool("pdftotext") else {
            print("skipped: qpdf or pdftotext not found")
            return
        }
        for row in list where row["registered"] == "yes" {
            let path = box.outbox + "/" + row["path"]!
            #expect(try Self.run(qpdf, ["--check", path]).status == 0)
            let text = try Self.run(pdftotext, ["-layout", path, "-"]).out
            let subjects = ["Mise en demeure de payer", "Ingebrekestelling", "Formal notice", "Letzte Mahnung"]
            #expect(subjects.contains { text.contains($0) }, "\(text.prefix(600))")
            #expect(text.contains("RF"))
            #expect(text.contains("€"))
        }
        guard let pdftoppm = Self.tool("pdftoppm"), let zbar = Self.tool("zbarimg") else { print("skipped: pdftoppm or zbarimg"); return }
        let first = box.outbox + "/" + list.first { $0["registered"] == "yes" }!["path"]!
        _ = try Self.run(pdftoppm, ["-r", "150", "-png", first, box.root + "/page"])
        let pages = try FileManager.default.contentsOfDirectory(atPath: box.root).filter { $0.hasPrefix("page") && $0.hasSuffix(".png") }.sorted()
        var found = ""
        for p in pages { found += try Self.run(zbar, ["--raw", "-q", box.root + "/" + p]).out }
        #expect(found.hasPrefix("BCD\n002\n1\nSCT\n"), "\(found)")
    }
}
