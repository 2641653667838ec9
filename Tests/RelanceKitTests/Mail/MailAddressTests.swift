import Testing
@testable import RelanceKit

@Suite("Mail addresses")
struct MailAddressTests {
    struct ValidityCase: CustomTestStringConvertible, Sendable {
        let name: String
        let address: String
        let valid: Bool
        var testDescription: String { name }
    }

    static let validityCases: [ValidityCase] = [
        .init(name: "valid", address: "jean.dupont@client.example", valid: true),
        .init(name: "valid with plus and subdomain", address: "ar+relance@mail.demo-co.fr", valid: true),
        .init(name: "valid with atext specials", address: "o'brien_{x}@a-b.co", valid: true),
        .init(name: "missing @", address: "jean.dupont.client.example", valid: false),
        .init(name: "two @", address: "jean@dupont@client.example", valid: false),
        .init(name: "double dot in local part", address: "jean..dupont@client.example", valid: false),
        .init(name: "leading dot", address: ".jean@client.example", valid: false),
        .init(name: "trailing dot in local part", address: "jean.@client.example", valid: false),
        .init(name: "trailing dot in domain", address: "jean@client.example.", valid: false),
        .init(name: "double dot in domain", address: "jean@client..example", valid: false),
        .init(name: "IDN domain", address: "jean@société.fr", valid: false),
        .init(name: "UTF-8 local part", address: "jérôme@client.fr", valid: false),
        .init(name: "space", address: "jean dupont@client.example", valid: false),
        .init(name: "leading space", address: " jean@client.example", valid: false),
        .init(name: "line break", address: "jean@client.example\r\nBcc: evil@x.com", valid: false),
        .init(name: "NUL", address: "jean\u{0}@client.example", valid: false),
        .init(name: "single-label domain", address: "jean@localhost", valid: false),
        .init(name: "numeric TLD", address: "jean@10.0.0.1", valid: false),
        .init(name: "one-letter TLD", address: "jean@client.x", valid: false),
        .init(name: "hyphen at label start", address: "jean@-client.example", valid: false),
        .init(name: "hyphen at label end", address: "jean@client-.example", valid: false),
        .init(name: "empty local part", address: "@client.example", valid: false),
        .init(name: "local part of 64", address: String(repeating: "a", count: 64) + "@client.example", valid: true),
        .init(name: "local part of 65", address: String(repeating: "a", count: 65) + "@client.example", valid: false),
        .init(name: "300 characters", address: String(repeating: "a", count: 60) + "@"
            + String(repeating: "b", count: 60) + "." + String(repeating: "c", count: 60) + "."
            + String(repeating: "d", count: 60) + "." + String(repeating: "e", count: 52) + ".com", valid: false),
        .init(name: "quoted local part", address: "\"jean dupont\"@client.example", valid: false),
    ]

    @Test("isValid", arguments: validityCases)
    func validity(_ c: ValidityCase) {
        #expect(MailAddress.isValid(c.address) == c.valid, "\(c.address)")
    }

    @Test("the 300-character case is 300 characters")
    func longCaseLength() {
        #expect(Self.validityCases.first { $0.name == "300 characters" }!.address.count == 300)
    }

    struct ParseCase: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let expected: MailAddress?
        var testDescription: String { name }
    }

    static let parseCases: [ParseCase] = [
        .init(name: "bare", text: "  j@x.fr ", expected: MailAddress(displayName: nil, address: "j@x.fr")),
        .init(name: "name and brackets", text: "Jean Dupont <j.dupont@client.example>",
              expected: MailAddress(displayName: "Jean Dupont", address: "j.dupont@client.example")),
        .init(name: "quoted name with comma", text: "\"Dupont, Jean\" <j@x.fr>",
              expected: MailAddress(displayName: "Dupont, Jean", address: "j@x.fr")),
        .init(name: "quoted name with escaped quote", text: "\"Jean \\\"JD\\\" Dupont\" <j@x.fr>",
              expected: MailAddress(displayName: "Jean \"JD\" Dupont", address: "j@x.fr")),
        .init(name: "accented name", text: "Hélène Müller <h.muller@client.de>",
              expected: MailAddress(displayName: "Hélène Müller", address: "h.muller@client.de")),
        .init(name: "brackets only", text: "<j@x.fr>", expected: MailAddress(displayName: nil, address: "j@x.fr")),
        .init(name: "name with a line break", text: "Dupont\r\nBcc: evil@x.com <j@x.fr>",
              expected: MailAddress(displayName: "Dupont Bcc: evil@x.com", address: "j@x.fr")),
        .init(name: "invalid address in brackets", text: "Jean <jean@>", expected: nil),
        .init(name: "name without address", text: "Jean Dupont", expected: nil),
        .init(name: "empty", text: "", expected: nil),
    ]

    @Test("init(parsing:)", arguments: parseCases)
    func parsing(_ c: ParseCase) {
        #expect(MailAddress(parsing: c.text) == c.expected)
    }

    struct ListCase: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let valid: [String]
        let invalid: [String]
        var testDescription: String { name }
    }

    static let listCases: [ListCase] = [
        .init(name: "semicolons", text: "a@x.fr; b@y.com ;c@z.de", valid: ["a@x.fr", "b@y.com", "c@z.de"], invalid: []),
        .init(name: "commas", text: "a@x.fr, Bob <b@y.com>", valid: ["a@x.fr", "b@y.com"], invalid: []),
        .init(name: "mixed separators and empties", text: ";a@x.fr,, ;b@y.com;", valid: ["a@x.fr", "b@y.com"], invalid: []),
        .init(name: "quoted commas", text: "\"Dupont, Jean\" <j@x.fr>; \"Martin; Paul\" <p@x.fr>",
              valid: ["j@x.fr", "p@x.fr"], invalid: []),
        .init(name: "invalid entries kept", text: "a@x.fr; not an address; b@@y.com",
              valid: ["a@x.fr"], invalid: ["not an address", "b@@y.com"]),
        .init(name: "empty", text: " ; , ", valid: [], invalid: []),
    ]

    @Test("parseList", arguments: listCases)
    func list(_ c: ListCase) {
        let result = MailAddress.parseList(c.text)
        #expect(result.valid.map(\.address) == c.valid)
        #expect(result.invalid == c.invalid)
    }

    @Test("quoted display names survive list parsing")
    func listNames() {
        let result = MailAddress.parseList("\"Dupont, Jean\" <j@x.fr>, Anne <a@x.fr>")
        #expect(result.valid.map(\.displayName) == ["Dupont, Jean", "Anne"])
    }

    @Test("domain is lower-cased")
    func domain() {
        #expect(MailAddress(displayName: nil, address: "Jean@Client.EXAMPLE").domain == "client.example")
        #expect(MailAddress(displayName: nil, address: "nope").domain == "")
    }
}
