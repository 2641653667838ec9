import Testing
@testable import RelanceKit

@Suite("Header text")
struct HeaderTextTests {
    struct SanitizeCase: CustomTestStringConvertible, Sendable {
        let name: String
        let input: String
        let expected: String
        var testDescription: String { name }
    }

    static let sanitizeCases: [SanitizeCase] = [
        .init(name: "CR", input: "a\rb", expected: "a b"),
        .init(name: "LF", input: "a\nb", expected: "a b"),
        .init(name: "NUL", input: "a\u{0}b", expected: "a b"),
        .init(name: "tab and DEL", input: "a\tb\u{7F}c", expected: "a b c"),
        .init(name: "C1 and line separator", input: "a\u{85}b\u{2028}c", expected: "a b c"),
        .init(name: "runs collapse and trim", input: "  Relance   n°2 \r\n ", expected: "Relance n°2"),
        .init(name: "header injection", input: "Dupont\r\nBcc: evil@x.com", expected: "Dupont Bcc: evil@x.com"),
        .init(name: "no-break space kept", input: "1\u{A0}234", expected: "1\u{A0}234"),
        .init(name: "empty", input: "\r\n\u{0}", expected: ""),
    ]

    @Test("sanitize", arguments: sanitizeCases)
    func sanitize(_ c: SanitizeCase) {
        #expect(HeaderText.sanitize(c.input) == c.expected)
    }

    struct EncodeCase: CustomTestStringConvertible, Sendable {
        let name: String
        let input: String
        let expected: String
        var testDescription: String { name }
    }

    static let encodeCases: [EncodeCase] = [
        .init(name: "ASCII as is", input: "Relance facture F2026-0142", expected: "Relance facture F2026-0142"),
        .init(name: "French reminder subject", input: "Relance n°2 — facture F2026-0142 échue",
              expected: "Relance =?UTF-8?B?bsKwMiDigJQ=?= facture F2026-0142\r\n =?UTF-8?B?w6ljaHVl?="),
        .init(name: "mostly ASCII word uses Q", input: "Rappel: facture-n°1234567",
              expected: "Rappel: =?UTF-8?Q?facture-n=C2=B01234567?="),
        .init(name: "injection stays on one line", input: "Dupont\r\nBcc: evil@x.com",
              expected: "Dupont Bcc: evil@x.com"),
        .init(name: "text that looks encoded is encoded", input: "=?UTF-8?B?eA==?=",
              expected: "=?UTF-8?B?PT9VVEYtOD9CP2VBPT0/PQ==?="),
        .init(name: "long ASCII folds at spaces",
              input: "Relance pour les factures F2026-0142 F2026-0143 F2026-0144 F2026-0145 F2026-0146 F2026-0147",
              expected: "Relance pour les factures F2026-0142 F2026-0143 F2026-0144 F2026-0145\r\n F2026-0146 F2026-0147"),
    ]

    @Test("encodeUnstructured", arguments: encodeCases)
    func encode(_ c: EncodeCase) {
        let value = HeaderText.encodeUnstructured(c.input, headerName: "Subject")
        #expect(value == c.expected)
        #expect(decodeHeader(value) == HeaderText.sanitize(c.input))
    }

    static let roundTrips: [EncodeCase] = [
        .init(name: "200-character French subject",
              input: "Relance n°2 — vos factures échues F2026-0142, F2026-0143 et F2026-0150 : montant dû 12 345,67 € "
                  + "à régler sans délai avant le 3 novembre ; à défaut, nous appliquerons les pénalités prévues à l’échéance",
              expected: ""),
        .init(name: "emoji", input: "Rappel 🧾 facture 👨‍👩‍👧‍👦 payée ✅ merci 🙏🏽", expected: ""),
        .init(name: "right-to-left marks", input: "تذكير \u{200F}فاتورة F2026-0142\u{200E} مستحقة \u{202B}نص\u{202C}",
              expected: ""),
        .init(name: "one long non-ASCII word", input: String(repeating: "é", count: 150), expected: ""),
        .init(name: "long ASCII token", input: "ref " + String(repeating: "X", count: 120) + " fin", expected: ""),
    ]

    @Test("encoded-words ≤ 75, lines ≤ 78, decode back", arguments: roundTrips)
    func roundTrip(_ c: EncodeCase) {
        for headerName in ["Subject", "X-Relance-Action"] {
            let value = HeaderText.encodeUnstructured(c.input, headerName: headerName)
            let physical = "\(headerName): \(value)".components(separatedBy: "\r\n")
            for (index, line) in physical.enumerated() {
                #expect(line.utf8.count <= 78, "\(line)")
                #expect(line.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "\(line)")
                if index > 0 { #expect(line.hasPrefix(" ")) }
            }
            for word in encodedWords(in: value) {
                #expect(word.utf8.count <= 75, "\(word)")
                // Each word decodes to valid UTF-8 on its own: no sequence is split.
                #expect(String(validating: decodeEncodedWord(word)!, as: UTF8.self) != nil)
            }
            #expect(decodeHeader(value) == HeaderText.sanitize(c.input))
        }
        if c.name.hasPrefix("200") { #expect(c.input.count == 200) }
    }

    struct AddressCase: CustomTestStringConvertible, Sendable {
        let name: String
        let address: MailAddress
        let expected: String
        var testDescription: String { name }
    }

    static let addressCases: [AddressCase] = [
        .init(name: "bare", address: .init(displayName: nil, address: "j@x.fr"), expected: "j@x.fr"),
        .init(name: "atoms", address: .init(displayName: "Jean Dupont", address: "j@x.fr"),
              expected: "Jean Dupont <j@x.fr>"),
        .init(name: "comma is quoted", address: .init(displayName: "Dupont, Jean", address: "j@x.fr"),
              expected: "\"Dupont, Jean\" <j@x.fr>"),
        .init(name: "quote and backslash escaped", address: .init(displayName: "A \"B\" \\ C", address: "j@x.fr"),
              expected: "\"A \\\"B\\\" \\\\ C\" <j@x.fr>"),
        .init(name: "only the accented word is encoded", address: .init(displayName: "Service Comptabilité", address: "c@x.fr"),
              expected: "Service =?UTF-8?Q?Comptabilit=C3=A9?= <c@x.fr>"),
        .init(name: "a run of words needing encoding is one item, atoms around it stay",
              address: .init(displayName: "Schäfer Maschinenbau GmbH", address: "s@x.de"),
              expected: "=?UTF-8?Q?Sch=C3=A4fer?= Maschinenbau GmbH <s@x.de>"),
        .init(name: "non-ASCII is encoded", address: .init(displayName: "Hélène Müller", address: "h@x.de"),
              expected: "=?UTF-8?B?SMOpbMOobmUgTcO8bGxlcg==?= <h@x.de>"),
        .init(name: "line break in name", address: .init(displayName: "Dupont\r\nBcc: evil@x.com", address: "j@x.fr"),
              expected: "\"Dupont Bcc: evil@x.com\" <j@x.fr>"),
        .init(name: "empty name", address: .init(displayName: " \r\n", address: "j@x.fr"), expected: "j@x.fr"),
    ]

    @Test("encodeAddress", arguments: addressCases)
    func address(_ c: AddressCase) {
        #expect(HeaderText.encodeAddress(c.address) == c.expected)
    }
}

// MARK: - A small RFC 2047 decoder for the tests

/// The encoded-words of a header value.
private func encodedWords(in value: String) -> [String] {
    value.replacingOccurrences(of: "\r\n", with: "").split(separator: " ").map(String.init)
        .filter { $0.hasPrefix("=?") && $0.hasSuffix("?=") }
}

/// The bytes of one `=?UTF-8?Q|B?…?=` word, or nil when it is not one.
private func decodeEncodedWord(_ word: String) -> [UInt8]? {
    let parts = word.split(separator: "?", omittingEmptySubsequences: false)
    guard parts.count == 5, parts[0] == "=", parts[1] == "UTF-8", parts[4] == "=" else { return nil }
    let text = Array(parts[3].utf8)
    if parts[2] == "B" {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var bits: UInt32 = 0, count = 0
        var out: [UInt8] = []
        for c in text where c != UInt8(ascii: "=") {
            guard let v = alphabet.firstIndex(of: c) else { return nil }
            bits = bits << 6 | UInt32(v)
            count += 6
            if count >= 8 {
                count -= 8
                out.append(UInt8(truncatingIfNeeded: bits >> UInt32(count)))
            }
        }
        return out
    }
    var out: [UInt8] = []
    var i = 0
    while i < text.count {
        if text[i] == UInt8(ascii: "=") {
            guard i + 2 < text.count, let b = UInt8(String(decoding: text[i + 1 ... i + 2], as: UTF8.self), radix: 16)
            else { return nil }
            out.append(b)
            i += 3
        } else {
            out.append(text[i] == UInt8(ascii: "_") ? 0x20 : text[i])
            i += 1
        }
    }
    return out
}

/// Unfolds and decodes an unstructured value: whitespace between two
/// adjacent encoded-words is dropped, all other whitespace kept.
private func decodeHeader(_ value: String) -> String {
    let tokens = value.replacingOccurrences(of: "\r\n", with: "").split(separator: " ").map(String.init)
    var out: [UInt8] = []
    var previousWasEncoded = false
    for (index, token) in tokens.enumerated() {
        if let bytes = decodeEncodedWord(token) {
            if index > 0 && !previousWasEncoded { out.append(0x20) }
            out.append(contentsOf: bytes)
            previousWasEncoded = true
        } else {
            if index > 0 { out.append(0x20) }
            out.append(contentsOf: Array(token.utf8))
            previousWasEncoded = false
        }
    }
    return String(decoding: out, as: UTF8.self)
}
