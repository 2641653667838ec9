import Testing
@testable import RelanceKit

@Suite("StructuredReference")
struct StructuredReferenceTests {
    struct RefCase: CustomTestStringConvertible, Sendable {
        let text: String
        /// nil: the text must be refused.
        let parsed: StructuredReference?
        var testDescription: String { "\"\(text)\"" }
    }

    // Belgian: 10 digits + (n mod 97, 97 when 0). 0909337554 mod 97 = 93; 1234567890 mod 97 = 2;
    // 0000000097 mod 97 = 0 → 97; 2026000142 mod 97 = 39.
    static let belgian: [RefCase] = [
        RefCase(text: "+++090/9337/55493+++", parsed: .belgian("090933755493")),
        RefCase(text: "***090/9337/55493***", parsed: .belgian("090933755493")),
        RefCase(text: "090933755493", parsed: .belgian("090933755493")),
        RefCase(text: "090/9337/55493", parsed: .belgian("090933755493")),
        RefCase(text: "+++ 090/9337/55493 +++", parsed: .belgian("090933755493")),
        RefCase(text: "+++123/4567/89002+++", parsed: .belgian("123456789002")),
        RefCase(text: "+++000/0000/09797+++", parsed: .belgian("000000009797")),
        RefCase(text: "+++202/6000/14239+++", parsed: .belgian("202600014239")),
        // Refused.
        RefCase(text: "+++090/9337/55494+++", parsed: nil),
        RefCase(text: "090933755492", parsed: nil),
        RefCase(text: "+++000/0000/09700+++", parsed: nil),
        RefCase(text: "+++000/0000/00000+++", parsed: nil),
        RefCase(text: "09093375549", parsed: nil),
        RefCase(text: "0909337554930", parsed: nil),
        RefCase(text: "+++090/9337/5549A+++", parsed: nil),
        RefCase(text: "", parsed: nil),
    ]

    @Test("Belgian structured communications", arguments: belgian)
    func belgianReference(_ c: RefCase) {
        #expect(StructuredReference(parsing: c.text) == c.parsed)
    }

    static let rf: [RefCase] = [
        RefCase(text: "RF18539007547034", parsed: .rf("RF18539007547034")),
        RefCase(text: "rf18539007547034", parsed: .rf("RF18539007547034")),
        RefCase(text: "RF18 5390 0754 7034", parsed: .rf("RF18539007547034")),
        RefCase(text: "RF47ABC123", parsed: .rf("RF47ABC123")),
        RefCase(text: "rf47abc123", parsed: .rf("RF47ABC123")),
        RefCase(text: "RF182026000142", parsed: .rf("RF182026000142")),
        // Refused.
        RefCase(text: "RF19539007547034", parsed: nil),
        RefCase(text: "RF18539007547035", parsed: nil),
        RefCase(text: "RF1853900754703", parsed: nil),
        RefCase(text: "RFAB539007547034", parsed: nil),
        RefCase(text: "RF18", parsed: nil),
        RefCase(text: "RF18-5390-0754-7034", parsed: nil),
        RefCase(text: "RF00" + String(repeating: "1", count: 22), parsed: nil),
    ]

    @Test("ISO 11649 RF references", arguments: rf)
    func rfReference(_ c: RefCase) {
        #expect(StructuredReference(parsing: c.text) == c.parsed)
    }

    @Test("canonical text")
    func canonical() {
        #expect(StructuredReference(parsing: "+++090/9337/55493+++")?.canonical == "090933755493")
        #expect(StructuredReference(parsing: "rf18 5390 0754 7034")?.canonical == "RF18539007547034")
    }

    @Test("makeRF gives the check digits of ISO 11649 and round-trips",
          arguments: ["ABC123", "abc123", "539007547034", "2026000142", "0123456789abcdef", "A", "ZZZZZZZZZZZZZZZZZZZZZ"])
    func makeRF(_ body: String) throws {
        let text = StructuredReference.makeRF(body)
        #expect(text.hasPrefix("RF"))
        #expect(text.utf8.count == body.utf8.count + 4)
        let parsed = try #require(StructuredReference(parsing: text))
        #expect(parsed == .rf(text))
        #expect(parsed.canonical == "RF" + text.dropFirst(2).prefix(2) + body.uppercased())
    }

    @Test("makeRF: known values")
    func makeRFKnown() {
        #expect(StructuredReference.makeRF("ABC123") == "RF47ABC123")
        #expect(StructuredReference.makeRF("539007547034") == "RF18539007547034")
        #expect(StructuredReference.makeRF("2026000142") == "RF182026000142")
        #expect(StructuredReference(parsing: StructuredReference.makeRF("ABC123")) == .rf("RF47ABC123"))
    }

    struct FindCase: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let found: [StructuredReference]
        var testDescription: String { name }
    }

    static let finds: [FindCase] = [
        FindCase(name: "Belgian with +++ in a SEPA text",
                 text: "VIR SEPA RECU /DE ACME SA /COMM +++090/9337/55493+++ MERCI",
                 found: [.belgian("090933755493")]),
        FindCase(name: "Belgian with ***", text: "COMMUNICATION: ***123/4567/89002***", found: [.belgian("123456789002")]),
        FindCase(name: "bare 12 digits", text: "PAIEMENT 090933755493 FACTURE", found: [.belgian("090933755493")]),
        FindCase(name: "RF word", text: "REMITTANCE RF47ABC123 THANKS", found: [.rf("RF47ABC123")]),
        FindCase(name: "lower-case RF word", text: "ref rf18539007547034", found: [.rf("RF18539007547034")]),
        FindCase(name: "several, in order, duplicates once",
                 text: "+++090/9337/55493+++ RF47ABC123 123456789002 090933755493",
                 found: [.belgian("090933755493"), .rf("RF47ABC123"), .belgian("123456789002")]),
        FindCase(name: "invalid checks are ignored",
                 text: "+++090/9337/55494+++ RF19539007547034 123456789003 FACTURE F2026-0142",
                 found: []),
        FindCase(name: "13 digits are not a reference", text: "ORDRE 0909337554931", found: []),
        FindCase(name: "nothing", text: "VIREMENT DIVERS", found: []),
        FindCase(name: "RF printed in groups of four", text: "VIR ACME REF RF18 5390 0754 7034 MERCI",
                 found: [.rf("RF18539007547034")]),
    ]

    @Test("find(in:) on free texts", arguments: finds)
    func find(_ c: FindCase) {
        #expect(StructuredReference.find(in: c.text) == c.found)
    }

    @Test("the references a weak key stands for: the Belgian one, the one or two RF check digits allow")
    func canonicalsOfWeakKeys() {
        #expect(StructuredReference.canonicals(withWeakKey: "BE0909337554") == ["090933755493"])
        #expect(StructuredReference.canonicals(withWeakKey: "RF539007547034") == ["RF18539007547034"])
        // Check digits 98 and 01 both pass mod 97.
        #expect(StructuredReference.canonicals(withWeakKey: "RFA24") == ["RF98A24", "RF01A24"])
        for text in ["RF98A24", "RF01A24", "RF18539007547034", "+++090/9337/55493+++"] {
            let reference = StructuredReference(parsing: text)!
            #expect(StructuredReference.canonicals(withWeakKey: reference.weakKey).contains(reference.canonical))
        }
        #expect(StructuredReference.canonicals(withWeakKey: "BE09093375").isEmpty)
    }
}

