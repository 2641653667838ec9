import Foundation
import Testing
@testable import RelanceKit

@Suite("PDFDocument")
struct PDFDocumentTests {
    static let mm = PDFDocument.pointsPerMillimetre
    static let epc = "BCD\n002\n1\nSCT\nGEBABEBB\nCafé Œuvre SARL\nBE68539007547034\nEUR1234.56\n\nRF18539007547034\n\n"

    /// A one-page French formal notice with the window address, a table, totals and the EPC QR code.
    static func sampleLetter(rows: Int = 3) throws -> PDFDocument {
        var doc = PDFDocument(info: PDFInfo(title: "Mise en demeure", creator: "Relance", creationDate: "D:20250131070000Z"))
        doc.addPage()
        var page = doc.lastPage
        page.text("Café Œuvre SARL", x: 20 * mm, y: 20 * mm, font: .helveticaBold, size: 12)
        page.text("12, rue de l'Église — 75011 Paris", x: 20 * mm, y: 25 * mm, size: 9)
        // French window envelope: 110 mm from the left, 55 mm from the top.
        page.text("Société Générale d'Équipement (SGE)", x: 110 * mm, y: 60 * mm, font: .helveticaBold, size: 10)
        page.text("À l'attention de M. François Lefèvre", x: 110 * mm, y: 65 * mm, size: 10)
        page.text("3 place de la Bourse", x: 110 * mm, y: 70 * mm, size: 10)
        page.text("69002 Lyon", x: 110 * mm, y: 75 * mm, size: 10)
        page.text("Paris, le 31 janvier 2025", x: 110 * mm, y: 100 * mm, size: 10)
        page.text("Objet : Mise en demeure de payer", x: 20 * mm, y: 112 * mm, font: .helveticaBold, size: 11)
        page.paragraph("Madame, Monsieur, malgré nos relances, les factures ci-dessous restent impayées. Nous vous mettons en demeure de régler la somme de 1 234,56 € sous huit jours, faute de quoi des pénalités de retard et l'indemnité forfaitaire de 40 € seront dues (« art. L441-10 »).", x: 20 * mm, y: 122 * mm, width: 170 * mm)
        doc.lastPage = page
        let table = PDFTable(columns: [
            PDFTable.Column("Facture", width: 30 * mm), PDFTable.Column("Date", width: 25 * mm), PDFTable.Column("Échéance", width: 25 * mm),
            PDFTable.Column("Montant", width: 30 * mm, alignment: .right), PDFTable.Column("Reste dû", width: 30 * mm, alignment: .right),
            PDFTable.Column("Jours", width: 30 * mm, alignment: .right),
        ], rows: (0..<rows).map { i in ["F-2024-\(String(1000 + i))", "15/10/2024", "14/11/2024", "411,52 €", "411,52 €", "\(78 + i)"] },
        totals: [["Total", "", "", "", "1 234,56 €", ""]])
        var y = doc.drawTable(table, x: 20 * mm, y: 145 * mm, bottomLimit: 270 * mm, continuationTop: 25 * mm)
        page = doc.lastPage
        y += 10 * mm
        page.text("Règlement par virement : IBAN BE68 5390 0754 7034 — BIC GEBABEBB", x: 20 * mm, y: y, size: 9)
        page.text("Référence à indiquer : RF18 5390 0754 7034", x: 20 * mm, y: y + 5 * mm, font: .helveticaBold, size: 9)
        let code = try QRCode.encode(Array(epc.utf8))
        page.qr(code, x: 160 * mm, y: y - 5 * mm, moduleSize: 0.9 * mm)
        doc.lastPage = page
        doc.numberPages()
        return doc
    }

    /// Object offsets from the xref table, checked against where `n 0 obj` really starts.
    @Test func xrefOffsetsPointAtObjects() throws {
        let bytes = try Self.sampleLetter().rendered()
        #expect(Array(bytes.prefix(8)) == Array("%PDF-1.4".utf8))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasSuffix("%%EOF\n"))
        let tail = String(decoding: bytes.suffix(40), as: UTF8.self)
        let startxref = Int(tail.components(separatedBy: "startxref\n")[1].components(separatedBy: "\n")[0])!
        #expect(Array(bytes[startxref..<(startxref + 5)]) == Array("xref\n".utf8))
        let header = String(decoding: bytes[startxref..<min(bytes.count, startxref + 40)], as: UTF8.self).split(separator: "\n")
        let count = Int(header[1].split(separator: " ")[1])!
        var entry = startxref + "xref\n".utf8.count + header[1].utf8.count + 1
        for n in 0..<count {
            let line = Array(bytes[entry..<(entry + 20)])
            #expect(line[18] == 0x20 && line[19] == 0x0A, "entries are 20 bytes with a two-byte EOL")
            if n > 0 {
                let offset = Int(String(decoding: line[0..<10], as: UTF8.self))!
                let expected = Array("\(n) 0 obj".utf8)
                #expect(Array(bytes[offset..<(offset + expected.count)]) == expected, "object \(n)")
            }
            entry += 20
        }
        #expect(text.contains("/Size \(count) "))
        #expect(text.contains("/CreationDate (D:20250131070000Z)"))
    }

    @Test func deterministic() throws {
        #expect(try Self.sampleLetter().rendered() == Self.sampleLetter().rendered())
    }

    @Test(arguments: [
        ("a(b)c\\d", "(a\\(b\\)c\\\\d)"),
        ("été", "(\\351t\\351)"),
        ("1 234,56 €", "(1 234,56 \\200)"),
    ])
    func escapesStrings(_ input: String, _ expected: String) {
        #expect(String(decoding: PDFDocument.literalString(WinAnsi.encode(input)), as: UTF8.self) == expected)
    }

    @Test(arguments: [
        ("€œŒ", [0x80, 0x9C, 0x8C] as [UInt8]), ("‘’“”", [0x91, 0x92, 0x93, 0x94]), ("–—…", [0x96, 0x97, 0x85]),
        ("àçéèêëîïôùûüÿ", [0xE0, 0xE7, 0xE9, 0xE8, 0xEA, 0xEB, 0xEE, 0xEF, 0xF4, 0xF9, 0xFB, 0xFC, 0xFF]),
        ("e\u{301}", [0xE9]), ("1\u{202F}234\u{A0}€", [0x31, 0xA0, 0x32, 0x33, 0x34, 0xA0, 0x80]), ("日本😀", [0x3F, 0x3F, 0x3F]),
        ("a\nb\tc", [0x61, 0x20, 0x62, 0x20, 0x63]),
    ])
    func winAnsi(_ input: String, _ expected: [UInt8]) {
        #expect(WinAnsi.encode(input) == expected)
    }

    @Test func helveticaWidths() {
        // Helvetica.afm: space 278, A 667, W 944, é 556, € 556; Helvetica-Bold: A 722, W 944.
        #expect(PDFFont.helvetica.width(of: "A", size: 1000) == 667)
        #expect(PDFFont.helvetica.width(of: " W€é", size: 10) == (278 + 944 + 556 + 556) * 10 / 1000.0)
        #expect(PDFFont.helveticaBold.width(of: "A", size: 1000) == 722)
        #expect(PDFFont.helveticaBold.width(of: "i", size: 1000) == 278)
    }

    @Test func wrapsAtSpaces() {
        let lines = PDFPage.wrap("un deux trois quatre cinq six sept huit neuf dix", width: 60, size: 10)
        #expect(lines.count > 1)
        for line in lines { #expect(PDFFont.helvetica.width(of: line, size: 10) <= 60) }
        #expect(lines.joined(separator: " ") == "un deux trois quatre cinq six sept huit neuf dix")
    }

    @Test(arguments: [(0.0, "0"), (12, "12"), (-3.5, "-3.5"), (0.125, "0.125"), (841.89, "841.89"), (1e-9, "0"), (-0.0001, "0")])
    func numbers(_ v: Double, _ expected: String) {
        #expect(PDFPage.number(v) == expected)
    }

    @Test func qrIsOnePath() throws {
        var page = PDFPage()
        page.qr(try QRCode.encode(Array("Hello".utf8)), x: 10, y: 10, moduleSize: 3)
        let content = String(decoding: page.content, as: UTF8.self)
        #expect(content.components(separatedBy: " f Q").count == 2 || content.components(separatedBy: "f Q").count == 2)
        #expect(content.components(separatedBy: " re\n").count > 50)
    }

    // MARK: With the tools installed

    static func write(_ doc: PDFDocument, _ name: String) throws -> (URL, URL) {
        let dir = try ExternalTool.temporaryDirectory("pdf")
        let file = dir.appendingPathComponent(name)
        try Data(doc.rendered()).write(to: file)
        return (dir, file)
    }

    @Test func qpdfAccepts() throws {
        guard let qpdf = ExternalTool.require("qpdf", for: "qpdf --check") else { return }
        for doc in [try Self.sampleLetter(), try Self.sampleLetter(rows: 80), PDFDocument()] {
            let (dir, file) = try Self.write(doc, "letter.pdf")
            defer { try? FileManager.default.removeItem(at: dir) }
            let result = try ExternalTool.run(qpdf, ["--check", file.path])
            #expect(result.status == 0, "\(result.text)\(result.stderr)")
            #expect(result.text.contains("No syntax or stream encoding errors found"))
        }
    }

    @Test func pdftotextReadsAccentsAndEuro() throws {
        guard let pdftotext = ExternalTool.require("pdftotext", for: "pdftotext") else { return }
        let (dir, file) = try Self.write(try Self.sampleLetter(), "letter.pdf")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try ExternalTool.run(pdftotext, ["-layout", "-enc", "UTF-8", file.path, "-"])
        #expect(result.status == 0, "\(result.stderr)")
        // WinAnsi 0xA0 comes back as U+00A0; compare with ordinary spaces.
        let text = result.text.replacingOccurrences(of: "\u{A0}", with: " ")
        for expected in ["Café Œuvre SARL", "Société Générale d'Équipement (SGE)", "À l'attention de M. François Lefèvre",
                         "Mise en demeure de payer", "1 234,56 €", "« art. L441-10 »", "Échéance", "Reste dû", "F-2024-1002",
                         "RF18 5390 0754 7034", "rue de l'Église — 75011 Paris"] {
            #expect(text.contains(expected), "missing \(expected)")
        }
        #expect(!text.contains("Page 1/"), "a one-page letter has no page number")
    }

    @Test func longTableRunsOverPagesWithHeaders() throws {
        guard let pdftotext = ExternalTool.require("pdftotext", for: "table across pages") else { return }
        let doc = try Self.sampleLetter(rows: 80)
        #expect(doc.pages.count >= 3)
        let (dir, file) = try Self.write(doc, "long.pdf")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try ExternalTool.run(pdftotext, ["-layout", "-enc", "UTF-8", file.path, "-"])
        let pages = result.text.split(separator: "\u{0C}", omittingEmptySubsequences: true).map(String.init).filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        #expect(pages.count == doc.pages.count)
        for (i, page) in pages.enumerated() {
            #expect(page.contains("Facture") && page.contains("Échéance") && page.contains("Reste dû"), "header on page \(i + 1)")
            #expect(page.contains("Page \(i + 1)/\(doc.pages.count)"), "page number on page \(i + 1)")
        }
        for i in 0..<80 { #expect(result.text.contains("F-2024-\(1000 + i)"), "row \(i)") }
        #expect(pages.last!.contains("Total"))
    }

    @Test func qrInPDFDecodesToTheEPCPayload() throws {
        guard let pdftoppm = ExternalTool.require("pdftoppm", for: "QR in PDF"), let zbar = ExternalTool.require("zbarimg", for: "QR in PDF") else { return }
        let (dir, file) = try Self.write(try Self.sampleLetter(), "letter.pdf")
        defer { try? FileManager.default.removeItem(at: dir) }
        let prefix = dir.appendingPathComponent("page").path
        let render = try ExternalTool.run(pdftoppm, ["-r", "150", "-png", "-f", "1", "-l", "1", file.path, prefix])
        #expect(render.status == 0, "\(render.stderr)")
        let png = try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.hasSuffix(".png") }
        let image = try #require(png)
        let decoded = try ExternalTool.run(zbar, ["--raw", "-q", "-Sbinary", dir.appendingPathComponent(image).path])
        #expect(decoded.status == 0, "\(decoded.stderr)")
        #expect(decoded.stdout == Array(Self.epc.utf8))
        if let keep = ProcessInfo.processInfo.environment["RELANCE_KEEP_PDF_PNG"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: dir.appendingPathComponent(image).path, toPath: keep)
            try FileManager.default.copyItem(at: file, to: URL(fileURLWithPath: keep + ".pdf"))
        }
    }
}
