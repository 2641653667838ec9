import Testing
@testable import RelanceKit

struct UTF8ValidationCase: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let valid: Bool
    var testDescription: String { name }
}

struct TextEncodingTests {
    static let utf8Cases: [UTF8ValidationCase] = [
        .init(name: "empty", bytes: [], valid: true),
        .init(name: "long ASCII", bytes: Array("document;customer_id;amount;due_date\n".utf8), valid: true),
        .init(name: "accents after ASCII run", bytes: Array("abcdefghijklmnopq é € 𝄞 end".utf8), valid: true),
        .init(name: "Latin-1 é", bytes: [0x61, 0x62, 0xE9, 0x63], valid: false),
        .init(name: "Windows-1252 euro", bytes: Array("12,50 ".utf8) + [0x80], valid: false),
        .init(name: "truncated 2-byte at end", bytes: [0x61, 0xC3], valid: false),
        .init(name: "truncated 3-byte", bytes: [0xE2, 0x82], valid: false),
        .init(name: "overlong 2-byte", bytes: [0xC0, 0xAF], valid: false),
        .init(name: "overlong 3-byte", bytes: [0xE0, 0x80, 0xAF], valid: false),
        .init(name: "surrogate", bytes: [0xED, 0xA0, 0x80], valid: false),
        .init(name: "above U+10FFFF", bytes: [0xF4, 0x90, 0x80, 0x80], valid: false),
        .init(name: "F5 lead", bytes: [0xF5, 0x80, 0x80, 0x80], valid: false),
        .init(name: "max scalar", bytes: [0xF4, 0x8F, 0xBF, 0xBF], valid: true),
        .init(name: "invalid after 8-byte runs", bytes: Array("0123456789abcdef".utf8) + [0xFF], valid: false),
    ]

    @Test(arguments: utf8Cases)
    func validatesUTF8(_ c: UTF8ValidationCase) {
        #expect(c.bytes.withUnsafeBufferPointer { TextEncoding.isValidUTF8($0) } == c.valid)
        #expect(c.bytes.withUnsafeBufferPointer { TextEncoding.isValidUTF8($0) } == (String(validating: c.bytes, as: UTF8.self) != nil))
    }

    @Test func windows1252FullTable() {
        let high = Array(UInt8(0x80)...UInt8(0x9F))
        let text = String(decoding: high.withUnsafeBufferPointer { TextEncoding.windows1252ToUTF8($0) }, as: UTF8.self)
        #expect(text == "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8D}Ž\u{8F}\u{90}‘’“”•–—˜™š›œ\u{9D}žŸ")
        let all = Array(UInt8(0)...UInt8(255))
        let decoded = String(decoding: all.withUnsafeBufferPointer { TextEncoding.windows1252ToUTF8($0) }, as: UTF8.self)
        let scalars = decoded.unicodeScalars.map(\.value)
        #expect(scalars.count == 256)
        #expect(Array(scalars[0..<0x80]) == Array(0..<0x80))
        #expect(Array(scalars[0xA0...]) == Array(0xA0...0xFF))
        #expect(decoded.contains("Société") == false)
    }

    @Test func windows1252Words() {
        let bytes: [UInt8] = [0x53, 0x6F, 0x63, 0x69, 0xE9, 0x74, 0xE9, 0x20, 0x9C, 0x75, 0x76, 0x72, 0x65, 0x20, 0x80]
        let text = String(decoding: bytes.withUnsafeBufferPointer { TextEncoding.windows1252ToUTF8($0) }, as: UTF8.self)
        #expect(text == "Société œuvre €")
        #expect(TextEncoding.windows1252.rawValue == "windows-1252")
        #expect(TextEncoding.utf8.rawValue == "utf-8")
    }
}
