import Testing
@testable import RelanceKit

@Suite("Quoted-printable")
struct QuotedPrintableTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let encoded: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        .init(name: "plain ASCII", text: "Bonjour,", encoded: "Bonjour,"),
        .init(name: "accents", text: "échéance dépassée", encoded: "=C3=A9ch=C3=A9ance d=C3=A9pass=C3=A9e"),
        .init(name: "equals sign", text: "a=b", encoded: "a=3Db"),
        .init(name: "euro and no-break space", text: "1\u{A0}234,56\u{A0}€", encoded: "1=C2=A0234,56=C2=A0=E2=82=AC"),
        .init(name: "trailing spaces before LF", text: "ligne  \nsuite\t\n", encoded: "ligne =20\r\nsuite=09\r\n"),
        .init(name: "CRLF input", text: "a\r\nb\r\n", encoded: "a\r\nb\r\n"),
        .init(name: "empty lines kept", text: "a\n\nb", encoded: "a\r\n\r\nb"),
        .init(name: "lone CR encoded", text: "a\rb", encoded: "a=0Db"),
        .init(name: "76 characters fit", text: String(repeating: "x", count: 76), encoded: String(repeating: "x", count: 76)),
        .init(name: "77 characters break", text: String(repeating: "x", count: 77),
              encoded: String(repeating: "x", count: 75) + "=\r\nxx"),
        .init(name: "triplet not split", text: String(repeating: "x", count: 74) + "é",
              encoded: String(repeating: "x", count: 74) + "=\r\n=C3=A9"),
    ]

    @Test("encode", arguments: cases)
    func encode(_ c: Case) {
        #expect(QuotedPrintable.encode(c.text) == c.encoded)
    }

    @Test("a 300-character line: lines ≤ 76, soft breaks, decodes back")
    func longLine() {
        let text = String(repeating: "Facture échue = à régler ", count: 12)
        #expect(text.count == 300)
        let encoded = QuotedPrintable.encode(text)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.count > 4)
        for line in lines {
            #expect(line.utf8.count <= 76, "\(line)")
            #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"))
        }
        for line in lines.dropLast() { #expect(line.hasSuffix("=")) }
        #expect(!encoded.utf8.contains { $0 >= 0x80 })
        #expect(decodeQP(encoded) == text)
    }

    @Test("every line is ≤ 76 for many widths", arguments: 0 ..< 40)
    func widths(_ n: Int) {
        let text = String(repeating: "a", count: n) + String(repeating: "é=\t ", count: 30) + " "
        let encoded = QuotedPrintable.encode(text)
        #expect(encoded.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
        #expect(decodeQP(encoded) == text)
    }
}

/// A strict decoder for the tests: `=XX`, soft breaks, CRLF → LF.
private func decodeQP(_ encoded: String) -> String {
    var out: [UInt8] = []
    let bytes = Array(encoded.utf8)
    var i = 0
    while i < bytes.count {
        if bytes[i] == UInt8(ascii: "=") {
            if i + 2 < bytes.count, bytes[i + 1] == 0x0D, bytes[i + 2] == 0x0A {
                i += 3
                continue
            }
            let hex = String(decoding: bytes[i + 1 ... i + 2], as: UTF8.self)
            out.append(UInt8(hex, radix: 16)!)
            i += 3
        } else if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
            out.append(0x0A)
            i += 2
        } else {
            out.append(bytes[i])
            i += 1
        }
    }
    return String(decoding: out, as: UTF8.self)
}
