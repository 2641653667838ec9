import Testing
@testable import RelanceKit

@Suite("EPC QR payload")
struct EPCQRPayloadTests {
    static func eur(_ units: Int64) -> Money { Money(minorUnits: units, currency: .eur) }

    @Test func version002WithStructuredReference() throws {
        let payload = try EPCPayload.make(bic: "gebabebb", name: "Café Œuvre SARL", iban: "BE68 5390 0754 7034", amount: Self.eur(123456), reference: "RF18 5390 0754 7034")
        #expect(payload == "BCD\n002\n1\nSCT\nGEBABEBB\nCafé Œuvre SARL\nBE68539007547034\nEUR1234.56\n\nRF18539007547034\n\n")
    }

    @Test func purposeAndNoBIC() throws {
        let payload = try EPCPayload.make(bic: "", name: "Relance SA", iban: "FR7630006000011234567890189", amount: Self.eur(1), purpose: "GDDS", reference: StructuredReference.makeRF("A1B2"))
        #expect(payload.hasPrefix("BCD\n002\n1\nSCT\n\nRelance SA\nFR7630006000011234567890189\nEUR0.01\nGDDS\nRF"))
        #expect(payload.hasSuffix("\n\n"))
        #expect(payload.split(separator: "\n", omittingEmptySubsequences: false).count == 12)
    }

    @Test(arguments: [
        ("name too long", EPCError.invalidName(String(repeating: "A", count: 71))),
        ("name with a line break", EPCError.invalidName("ACME\nEvil")),
        ("zero amount", EPCError.amountOutOfRange(0)),
        ("amount too large", EPCError.amountOutOfRange(100_000_000_000)),
        ("not EUR", EPCError.notEUR("USD")),
        ("bad reference", EPCError.invalidReference("RF19539007547034")),
        ("bad BIC", EPCError.invalidBIC("GEBA")),
        ("bad purpose", EPCError.invalidPurpose("TOOLONG")),
    ])
    func rejects(_ label: String, _ expected: EPCError) {
        var name = "Relance SA", amount = Self.eur(100), reference = "RF18539007547034", bic = "GEBABEBB", purpose = ""
        switch expected {
        case let .invalidName(n): name = n
        case let .amountOutOfRange(u): amount = Self.eur(u)
        case .notEUR: amount = Money(minorUnits: 100, currency: .usd)
        case let .invalidReference(r): reference = r
        case let .invalidBIC(b): bic = b
        case let .invalidPurpose(p): purpose = p
        default: break
        }
        #expect(throws: expected, "\(label)") {
            try EPCPayload.make(bic: bic, name: name, iban: "BE68539007547034", amount: amount, purpose: purpose, reference: reference)
        }
    }

    @Test func largestAmountAndLongestNameFit() throws {
        let payload = try EPCPayload.make(bic: "GEBABEBBXXX", name: String(repeating: "é", count: 70), iban: "MT84MALT011000012345MTLCAST001S", amount: Self.eur(99_999_999_999), reference: "RF" + "18539007547034")
        #expect(payload.utf8.count <= EPCPayload.maximumBytes)
        #expect(payload.contains("EUR999999999.99\n"))
        #expect(try QRCode.encode(Array(payload.utf8)).version <= 13)
    }
}
