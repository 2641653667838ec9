/// Quoted-printable body encoding (RFC 2045 §6.7) for UTF-8 text parts.
public enum QuotedPrintable {
    /// Longest encoded line, in characters, not counting CRLF.
    static let lineLimit = 76

    /// Encodes `text` as UTF-8 quoted-printable. Input lines end with LF or
    /// CRLF and are written with CRLF; bytes outside printable ASCII and `=`
    /// become `=XX`; a space or tab before a line break is encoded; soft line
    /// breaks (`=` CRLF) keep every line at most 76 characters and never split
    /// an `=XX` triplet.
    public static func encode(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8 + 16)
        var lines = Array(text.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for i in lines.indices where lines[i].last == UInt8(ascii: "\r") {
            lines[i] = lines[i].dropLast()
        }
        for (number, line) in lines.enumerated() {
            if number > 0 { out.append(contentsOf: [0x0D, 0x0A]) }
            encodeLine(line, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    private static func encodeLine(_ line: ArraySlice<UInt8>, into out: inout [UInt8]) {
        var column = 0
        let last = line.endIndex - 1
        for index in line.indices {
            let b = line[index]
            let literal = (b >= 33 && b <= 126 && b != UInt8(ascii: "="))
                || ((b == 0x20 || b == 0x09) && index != last)
            let width = literal ? 1 : 3
            // Keep room for the soft-break `=`, except for the line's last token.
            let limit = index == last ? lineLimit : lineLimit - 1
            if column + width > limit {
                out.append(UInt8(ascii: "="))
                out.append(0x0D)
                out.append(0x0A)
                column = 0
            }
            if literal {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "="))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
            }
            column += width
        }
    }
}
