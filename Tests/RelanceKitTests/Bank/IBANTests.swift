import Testing
@testable import RelanceKit

@Suite("IBAN")
struct IBANTests {
    struct IBANCase: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let valid: Bool
        var testDescription: String { name }
    }

    static let cases: [IBANCase] = [
        IBANCase(name: "FR", text: "FR7630006000011234567890189", valid: true),
        IBANCase(name: "BE", text: "BE68539007547034", valid: true),
        IBANCase(name: "DE", text: "DE89370400440532013000", valid: true),
        IBANCase(name: "GB", text: "GB29NWBK60161331926819", valid: true),
        IBANCase(name: "FR in groups of four", text: "FR76 3000 6000 0112 3456 7890 189", valid: true),
        IBANCase(name: "BE with spaces around", text: "  BE68 5390 0754 7034 ", valid: true),
        IBANCase(name: "DE lower case", text: "de89370400440532013000", valid: true),
        IBANCase(name: "GB lower case with spaces", text: "gb29 nwbk 6016 1331 9268 19", valid: true),
        IBANCase(name: "FR wrong check digits", text: "FR7730006000011234567890189", valid: false),
        IBANCase(name: "FR one digit changed", text: "FR7630006000011234567890188", valid: false),
        IBANCase(name: "DE wrong check", text: "DE88370400440532013000", valid: false),
        IBANCase(name: "BE two digits swapped", text: "BE68539007547043", valid: false),
        IBANCase(name: "too short", text: "BE6853900754", valid: false),
        IBANCase(name: "too long", text: "FR76300060000112345678901891234567890", valid: false),
        IBANCase(name: "no country", text: "7630006000011234567890189", valid: false),
        IBANCase(name: "letters as check digits", text: "FRXX30006000011234567890189", valid: false),
        IBANCase(name: "punctuation", text: "FR76-3000-6000-0112-3456-7890-189", valid: false),
        IBANCase(name: "empty", text: "", valid: false),
    ]

    @Test("mod-97 check", arguments: cases)
    func valid(_ c: IBANCase) {
        #expect(IBAN.isValid(c.text) == c.valid)
    }

    @Test("normalised: upper case, no spaces")
    func normalize() {
        #expect(IBAN.normalize(" fr76 3000 6000 0112 3456 7890 189 ") == "FR7630006000011234567890189")
        #expect(IBAN.normalize("be68\t5390 0754 7034") == "BE68539007547034")
    }
}
