/// One page of a `PDFDocument`: its size and the drawing operators of its content stream.
///
/// Coordinates are in points (1/72 inch) from the top-left corner of the page, y growing downwards;
/// text is placed by its baseline. The page turns them into PDF's bottom-left system.
public struct PDFPage: Sendable {
    /// Width and height in points.
    public let width: Double
    public let height: Double
    /// The content stream operators, ASCII.
    private(set) var content: [UInt8] = []

    public init(width: Double = PDFDocument.a4Width, height: Double = PDFDocument.a4Height) {
        self.width = width
        self.height = height
    }

    /// Horizontal placement of text relative to the x given.
    public enum Alignment: Sendable {
        case left, center, right
    }

    /// Draws `text` in `font` at `size` points with its baseline at `y`, starting at `x`
    /// (or ending at `x` when right-aligned, centred on it when centred). Characters WinAnsi lacks show as `?`.
    public mutating func text(_ text: String, x: Double, y: Double, font: PDFFont = .helvetica, size: Double = 10, align: Alignment = .left) {
        let bytes = WinAnsi.encode(text)
        guard !bytes.isEmpty else { return }
        var left = x
        switch align {
        case .left: break
        case .center: left = x - font.width(ofEncoded: bytes, size: size) / 2
        case .right: left = x - font.width(ofEncoded: bytes, size: size)
        }
        append("BT /\(font.resourceName) \(Self.number(size)) Tf \(Self.number(left)) \(Self.number(height - y)) Td ")
        content += PDFDocument.literalString(bytes)
        append(" Tj ET\n")
    }

    /// Draws `text` wrapped to lines of at most `width` points, the first baseline at `y`, one line every
    /// `leading` points (1.25 × size when nil). Returns the baseline just below the last line.
    @discardableResult
    public mutating func paragraph(_ text: String, x: Double, y: Double, width: Double, font: PDFFont = .helvetica, size: Double = 10, leading: Double? = nil) -> Double {
        let step = leading ?? size * 1.25
        var baseline = y
        for line in Self.wrap(text, width: width, font: font, size: size) {
            self.text(line, x: x, y: baseline, font: font, size: size)
            baseline += step
        }
        return baseline
    }

    /// Splits `text` into lines no wider than `width` points, at spaces; a word wider than the line is cut.
    /// Line breaks in `text` are kept.
    public static func wrap(_ text: String, width: Double, font: PDFFont = .helvetica, size: Double = 10) -> [String] {
        var lines: [String] = []
        for hardLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            for word in hardLine.split(separator: " ") {
                let candidate = current.isEmpty ? String(word) : current + " " + word
                if font.width(of: candidate, size: size) <= width {
                    current = candidate
                    continue
                }
                if !current.isEmpty { lines.append(current) }
                current = String(word)
                while font.width(of: current, size: size) > width, current.count > 1 {
                    var cut = current.count - 1
                    while cut > 1, font.width(of: String(current.prefix(cut)), size: size) > width { cut -= 1 }
                    lines.append(String(current.prefix(cut)))
                    current = String(current.dropFirst(cut))
                }
            }
            lines.append(current)
        }
        return lines
    }

    /// A straight line `lineWidth` points thick, in grey level `gray` (0 black, 1 white).
    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, lineWidth: Double = 0.5, gray: Double = 0) {
        append("q \(Self.number(gray)) G \(Self.number(lineWidth)) w \(Self.number(x1)) \(Self.number(height - y1)) m \(Self.number(x2)) \(Self.number(height - y2)) l S Q\n")
    }

    /// How a rectangle is painted.
    public enum Paint: Sendable {
        /// Outline only, `lineWidth` points thick.
        case stroke(lineWidth: Double)
        /// Filled in grey level `gray` (0 black, 1 white).
        case fill(gray: Double)
    }

    /// A rectangle whose top-left corner is (x, y), `width` × `height` points.
    public mutating func rectangle(x: Double, y: Double, width: Double, height h: Double, paint: Paint = .stroke(lineWidth: 0.5)) {
        let r = "\(Self.number(x)) \(Self.number(height - y - h)) \(Self.number(width)) \(Self.number(h)) re"
        switch paint {
        case let .stroke(lineWidth): append("q 0 G \(Self.number(lineWidth)) w \(r) S Q\n")
        case let .fill(gray): append("q \(Self.number(gray)) g \(r) f Q\n")
        }
    }

    /// Draws `code` with its top-left module at (x, y), each module `moduleSize` points square, in black,
    /// as one path of rectangles (a horizontal run of dark modules is one rectangle). The quiet zone
    /// (4 modules) is not drawn: keep it free of ink.
    public mutating func qr(_ code: QRCode, x: Double, y: Double, moduleSize: Double) {
        var path: [UInt8] = Array("q 0 g\n".utf8)
        for row in 0..<code.size {
            var col = 0
            while col < code.size {
                guard code.isDark(x: col, y: row) else { col += 1; continue }
                let start = col
                while col < code.size, code.isDark(x: col, y: row) { col += 1 }
                let left = x + Double(start) * moduleSize
                let top = y + Double(row) * moduleSize
                path += Array("\(Self.number(left)) \(Self.number(height - top - moduleSize)) \(Self.number(Double(col - start) * moduleSize)) \(Self.number(moduleSize)) re\n".utf8)
            }
        }
        path += Array("f Q\n".utf8)
        content += path
    }

    private mutating func append(_ s: String) { content += Array(s.utf8) }

    /// A PDF number with at most 3 decimals, no exponent, no trailing zeros: `12`, `-3.5`, `0.125`.
    static func number(_ v: Double) -> String {
        let scaled = (v * 1000).rounded()
        guard scaled.isFinite, abs(scaled) < 9e15 else { return "0" }
        let n = Int64(scaled)
        let negative = n < 0
        let m = n.magnitude
        var s = String(m / 1000)
        var frac = m % 1000
        if frac != 0 {
            var digits = 3
            while frac % 10 == 0 { frac /= 10; digits -= 1 }
            let f = String(frac)
            s += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return negative && m != 0 ? "-" + s : s
    }
}
