// PDF: a small PDF 1.4 writer for the letters, statements and dossier summaries. Pages of text in
// Helvetica and Helvetica-Bold (WinAnsiEncoding, not embedded), lines, rectangles, QR codes as vector
// squares, tables that run over several pages. Output is deterministic: the same calls give the same
// bytes (no clock, no random file identifier). It never reads or writes files.

/// A PDF 1.4 document built page by page and rendered to bytes with `rendered()`.
public struct PDFDocument: Sendable {
    /// A4 in points (210 × 297 mm).
    public static let a4Width = 595.276
    public static let a4Height = 841.89
    /// Points per millimetre.
    public static let pointsPerMillimetre = 72.0 / 25.4

    /// The pages, in order.
    public var pages: [PDFPage] = []
    /// The document information dictionary; nil for none.
    public var info: PDFInfo?

    public init(info: PDFInfo? = nil) {
        self.info = info
    }

    /// Appends an empty A4 page and returns its 0-based index.
    @discardableResult
    public mutating func addPage(width: Double = a4Width, height: Double = a4Height) -> Int {
        pages.append(PDFPage(width: width, height: height))
        return pages.count - 1
    }

    /// The last page; adds one when there is none.
    public var lastPage: PDFPage {
        get { pages.last ?? PDFPage() }
        set {
            if pages.isEmpty { pages.append(newValue) } else { pages[pages.count - 1] = newValue }
        }
    }

    /// Writes `Page n/N` (or `label(n, N)`) on every page, its baseline `bottom` points above the
    /// bottom edge, right-aligned on the right margin. With `onlyWhenSeveral`, a single page gets nothing.
    public mutating func numberPages(rightMargin: Double = 56.7, bottom: Double = 28.35, size: Double = 8, onlyWhenSeveral: Bool = true,
                                     label: (Int, Int) -> String = { "Page \($0)/\($1)" }) {
        guard pages.count > 1 || !onlyWhenSeveral else { return }
        for i in pages.indices {
            let page = pages[i]
            pages[i].text(label(i + 1, pages.count), x: page.width - rightMargin, y: page.height - bottom, size: size, align: .right)
        }
    }

    /// The document as PDF 1.4 bytes: header, objects, cross-reference table, trailer.
    public func rendered() -> [UInt8] {
        // The comment of bytes above 127 tells transfer tools that the file is binary.
        var out: [UInt8] = Array("%PDF-1.4\n".utf8) + [0x25, 0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
        let pageList = pages.isEmpty ? [PDFPage()] : pages
        // Objects: 1 catalog, 2 page tree, 3 and 4 fonts, 5 info (when present), then page and content pairs.
        let firstPage = info == nil ? 5 : 6
        let objectCount = firstPage + 2 * pageList.count  // including object 0
        var offsets = [Int](repeating: 0, count: objectCount)

        func object(_ number: Int, _ body: [UInt8]) {
            offsets[number] = out.count
            out += Array("\(number) 0 obj\n".utf8)
            out += body
            out += Array("\nendobj\n".utf8)
        }

        object(1, Array("<< /Type /Catalog /Pages 2 0 R >>".utf8))
        let kids = pageList.indices.map { "\(firstPage + 2 * $0) 0 R" }.joined(separator: " ")
        object(2, Array("<< /Type /Pages /Kids [\(kids)] /Count \(pageList.count) >>".utf8))
        for (number, font) in zip([3, 4], [PDFFont.helvetica, .helveticaBold]) {
            let widths = font.widths.map(String.init).joined(separator: " ")
            object(number, Array("<< /Type /Font /Subtype /Type1 /BaseFont /\(font.baseFont) /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 255 /Widths [\(widths)] >>".utf8))
        }
        if let info { object(5, info.dictionary) }
        for (i, page) in pageList.enumerated() {
            let pageNumber = firstPage + 2 * i
            let box = "[0 0 \(PDFPage.number(page.width)) \(PDFPage.number(page.height))]"
            object(pageNumber, Array("<< /Type /Page /Parent 2 0 R /MediaBox \(box) /Resources << /Font << /F1 3 0 R /F2 4 0 R >> /ProcSet [/PDF /Text] >> /Contents \(pageNumber + 1) 0 R >>".utf8))
            object(pageNumber + 1, Array("<< /Length \(page.content.count) >>\nstream\n".utf8) + page.content + Array("\nendstream".utf8))
        }

        let xref = out.count
        out += Array("xref\n0 \(objectCount)\n0000000000 65535 f \n".utf8)
        for n in 1..<objectCount {
            let digits = String(offsets[n])
            out += Array((String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n").utf8)
        }
        out += Array("trailer\n<< /Size \(objectCount) /Root 1 0 R\(info == nil ? "" : " /Info 5 0 R") >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return out
    }

    /// `(…)` with `(`, `)` and `\` escaped, and bytes outside printable ASCII as octal escapes.
    static func literalString(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x28]
        for b in bytes {
            switch b {
            case 0x28, 0x29, 0x5C: out += [0x5C, b]
            case 0x20...0x7E: out.append(b)
            default:
                out += [0x5C, 0x30 + (b >> 6), 0x30 + ((b >> 3) & 7), 0x30 + (b & 7)]
            }
        }
        out.append(0x29)
        return out
    }
}

/// The document information dictionary. Nothing is filled in by the writer: no clock is read.
public struct PDFInfo: Sendable, Equatable {
    public var title: String?
    public var author: String?
    public var subject: String?
    public var creator: String?
    /// A PDF date as the caller wants it recorded, e.g. `D:20250131070000Z`.
    public var creationDate: String?

    public init(title: String? = nil, author: String? = nil, subject: String? = nil, creator: String? = nil, creationDate: String? = nil) {
        self.title = title
        self.author = author
        self.subject = subject
        self.creator = creator
        self.creationDate = creationDate
    }

    var dictionary: [UInt8] {
        var out: [UInt8] = Array("<<".utf8)
        for (key, value) in [("Title", title), ("Author", author), ("Subject", subject), ("Creator", creator), ("CreationDate", creationDate)] {
            guard let value else { continue }
            out += Array(" /\(key) ".utf8) + Self.textString(value)
        }
        out += Array(" >>".utf8)
        return out
    }

    /// ASCII as a literal string; anything else as UTF-16BE with a byte-order mark, in hex.
    static func textString(_ s: String) -> [UInt8] {
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return PDFDocument.literalString(Array(s.utf8)) }
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = Array("<FEFF".utf8)
        for unit in s.utf16 {
            for shift in [12, 8, 4, 0] { out.append(hex[Int(unit >> UInt16(shift)) & 0xF]) }
        }
        out.append(0x3E)
        return out
    }
}
