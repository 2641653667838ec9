import Testing
@testable import RelanceKit

@Suite("DocumentNumber")
struct DocumentNumberTests {
    struct KeyCase: CustomTestStringConvertible, Sendable {
        let text: String
        let key: String
        var testDescription: String { "\"\(text)\" → \(key)" }
    }

    static let keys: [KeyCase] = [
        KeyCase(text: "F2026-0142", key: "20260142"),
        KeyCase(text: "f2026-0142", key: "20260142"),
        KeyCase(text: "F 2026-0142", key: "20260142"),
        KeyCase(text: "FACT 2026/0142", key: "20260142"),
        KeyCase(text: "FA2026.0142", key: "20260142"),
        KeyCase(text: "FAC-2026_0142", key: "20260142"),
        KeyCase(text: "INV 2026-0142", key: "20260142"),
        KeyCase(text: "N° 2026-0142", key: "20260142"),
        KeyCase(text: "2026-0142", key: "20260142"),
        KeyCase(text: "F-12", key: "12"),
        KeyCase(text: "F-0012", key: "12"),
        KeyCase(text: "F-123", key: "123"),
        // A prefix counts only when digits follow it.
        KeyCase(text: "FR2026", key: "FR2026"),
        KeyCase(text: "ABC-77", key: "ABC77"),
        KeyCase(text: "---", key: ""),
    ]

    @Test("keys: case, separators, prefixes and leading zeros removed", arguments: keys)
    func key(_ c: KeyCase) {
        #expect(DocumentNumber.key(c.text) == c.key)
    }

    struct FindCase: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let document: String
        let found: Bool
        var testDescription: String { name }
    }

    static let finds: [FindCase] = [
        FindCase(name: "SEPA remittance", text: "VIR SEPA RECU /DE X /MOTIF FACTURE F2026-0142", document: "F2026-0142", found: true),
        FindCase(name: "lower case", text: "reglement facture f2026-0142 merci", document: "F2026-0142", found: true),
        FindCase(name: "prefix apart", text: "PAIEMENT F 2026-0142", document: "F2026-0142", found: true),
        FindCase(name: "FACT and slash", text: "FACT 2026/0142 SOLDE", document: "F2026-0142", found: true),
        FindCase(name: "after a colon", text: "REF:F2026-0142;", document: "F2026-0142", found: true),
        FindCase(name: "other number", text: "FACTURE F2026-0143", document: "F2026-0142", found: false),
        FindCase(name: "F-12 not inside F-123", text: "PAIEMENT F-123", document: "F-12", found: false),
        FindCase(name: "F-12 not inside F-1234 with prefix apart", text: "FACTURE F 1234", document: "F-12", found: false),
        FindCase(name: "F-12 not a prefix of a longer number", text: "VIR F-12345", document: "F-12", found: false),
        FindCase(name: "F-123 found", text: "PAIEMENT F-123", document: "F-123", found: true),
        FindCase(name: "F-12 found among others", text: "F-123 ET F-12", document: "F-12", found: true),
    ]

    @Test("a document number is found in a text, bounded by non-alphanumerics", arguments: finds)
    func find(_ c: FindCase) {
        let keys = DocumentNumber.candidateKeys(in: c.text)
        #expect(keys.contains(DocumentNumber.key(c.document)) == c.found, "keys: \(keys)")
    }

    @Test("two numbers in one text are both found")
    func twoNumbers() {
        let keys = DocumentNumber.candidateKeys(in: "VIR FACTURES F2026-0142 ET F2026-0150")
        #expect(keys.contains("20260142"))
        #expect(keys.contains("20260150"))
        #expect(keys.firstIndex(of: "20260142")! < keys.firstIndex(of: "20260150")!)
    }

    @Test("the exact list of candidate keys of a remittance text, in order")
    func exactKeys() {
        // Words run between spaces and punctuation other than - / . _ (accents belong to the word); a word
        // without a digit is joined to the next ones.
        #expect(DocumentNumber.candidateKeys(in: "Règlement N° 2026 0142, fact. F-12") == [
            "RGLEMENT", "RGLEMENTN", "RGLEMENTN2026", "N", "2026", "2026", "142", "FACT", "FACTF12", "12",
        ])
    }

    @Test("a ledger's key shape: longer keys and, when every number has a digit, keys without one are not offered")
    func shape() {
        var shape = DocumentNumber.KeyShape()
        shape.add(ArraySlice("20260142".utf8))
        var offered: [String] = []
        DocumentNumber.forEachCandidateKey(in: "Paiement facture F2026-0142 merci", shape: shape) { offered.append(String(decoding: $0, as: UTF8.self)) }
        #expect(offered == ["20260142"])
        shape.add(ArraySlice("AVOIR".utf8))
        offered = []
        DocumentNumber.forEachCandidateKey(in: "Paiement facture F2026-0142 merci", shape: shape) { offered.append(String(decoding: $0, as: UTF8.self)) }
        #expect(offered == ["PAIEMENT", "FACTURE", "20260142", "MERCI"])
        offered = []
        DocumentNumber.forEachCandidateKey(in: "Paiement facture F2026-0142 merci", shape: .any) { offered.append(String(decoding: $0, as: UTF8.self)) }
        #expect(offered == DocumentNumber.candidateKeys(in: "Paiement facture F2026-0142 merci"))
        #expect(offered.count == 7)
    }
}

