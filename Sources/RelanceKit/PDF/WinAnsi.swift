import Foundation

/// Unicode to WinAnsiEncoding (PDF 1.4 appendix D), the single-byte encoding of the standard fonts.
public enum WinAnsi {
    /// The WinAnsi bytes of `text`: Latin-1 letters and symbols as themselves, the Windows-1252
    /// extras (€, œ, Œ, Š, Ž, Ÿ, curly quotes, dashes, …, •, ™, ‰), U+202F and U+2007 as a no-break
    /// space, U+2011 and U+2212 as a hyphen, tabs and line breaks as spaces; anything else as `?`.
    /// Decomposed accents (`e` + U+0301) are composed first.
    public static func encode(_ text: String) -> [UInt8] {
        var source = text
        if text.unicodeScalars.contains(where: { $0.value >= 0x300 && $0.value <= 0x36F }) {
            source = text.precomposedStringWithCanonicalMapping
        }
        var out: [UInt8] = []
        out.reserveCapacity(source.utf8.count)
        for scalar in source.unicodeScalars { out.append(byte(for: scalar)) }
        return out
    }

    static func byte(for scalar: Unicode.Scalar) -> UInt8 {
        let v = scalar.value
        switch v {
        case 0x20...0x7E, 0xA0...0xFF: return UInt8(v)
        case 0x09, 0x0A, 0x0D: return 0x20
        case 0x2007, 0x202F: return 0xA0
        case 0x2010, 0x2011, 0x2212: return 0x2D
        default: return extras[v] ?? 0x3F
        }
    }

    private static let extras: [UInt32: UInt8] = [
        0x20AC: 0x80, 0x201A: 0x82, 0x0192: 0x83, 0x201E: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
        0x02C6: 0x88, 0x2030: 0x89, 0x0160: 0x8A, 0x2039: 0x8B, 0x0152: 0x8C, 0x017D: 0x8E,
        0x2018: 0x91, 0x2019: 0x92, 0x201C: 0x93, 0x201D: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97,
        0x02DC: 0x98, 0x2122: 0x99, 0x0161: 0x9A, 0x203A: 0x9B, 0x0153: 0x9C, 0x017E: 0x9E, 0x0178: 0x9F,
    ]
}
