import Testing
@testable import RelanceKit

@Suite("FilePath.safeName")
struct FilePathSafeNameTests {
    struct SafeNameCase: CustomTestStringConvertible, Sendable {
        let name: String
        let input: String
        let expected: String
        var testDescription: String { name }
    }

    static let cases: [SafeNameCase] = [
        SafeNameCase(name: "slash in a document number", input: "2026/00012", expected: "2026_00012"),
        SafeNameCase(name: "kept characters", input: "FA-2026.001_x", expected: "FA-2026.001_x"),
        SafeNameCase(name: "path traversal", input: "../../etc/passwd", expected: ".._.._etc_passwd"),
        SafeNameCase(name: "dot", input: ".", expected: "_"),
        SafeNameCase(name: "dot dot", input: "..", expected: "__"),
        SafeNameCase(name: "empty", input: "", expected: "_"),
        SafeNameCase(name: "spaces and a precomposed accent", input: "Facture Café", expected: "Facture_Caf_"),
        SafeNameCase(name: "decomposed accent", input: "Cafe\u{301}", expected: "Cafe_"),
        SafeNameCase(name: "two CJK characters", input: "日本", expected: "__"),
        SafeNameCase(name: "emoji (4 bytes) is one _", input: "a👍b", expected: "a_b"),
        SafeNameCase(name: "control characters", input: "a\nb\u{0}c\r", expected: "a_b_c_"),
        SafeNameCase(name: "300 characters → 100", input: String(repeating: "a", count: 300), expected: String(repeating: "a", count: 100)),
        SafeNameCase(name: "accent as the 100th character", input: String(repeating: "a", count: 99) + "éé",
                     expected: String(repeating: "a", count: 99) + "_"),
        SafeNameCase(name: "backslash and colon", input: "C:\\x", expected: "C__x"),
    ]

    @Test("only [A-Za-z0-9._-], others become _, at most 100 characters", arguments: cases)
    func safeName(_ c: SafeNameCase) {
        let result = FilePath.safeName(c.input)
        #expect(result == c.expected)
        #expect(result.utf8.count <= 100)
        #expect(result != "." && result != "..")
    }
}
