import Testing
@testable import RelanceKit
import RelanceTestSupport

@Suite("AmountParser")
struct AmountParserTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let text: String
        let minorUnits: Int64
        var currency: String? = nil
        var convention: DecimalConvention? = nil
        var rounded = false
        var digits = 2
        var given: DecimalConvention? = nil
        var testDescription: String { "\"\(text)\"" }
    }

    static let accepted: [Case] = [
        Case(text: "1234.56", minorUnits: 123456, convention: .point),
        Case(text: "1234,56", minorUnits: 123456, convention: .comma),
        Case(text: "1 234,56", minorUnits: 123456, convention: .comma),
        Case(text: "1\u{00A0}234,56", minorUnits: 123456, convention: .comma),
        Case(text: "1\u{202F}234,56", minorUnits: 123456, convention: .comma),
        Case(text: "1.234,56", minorUnits: 123456, convention: .comma),
        Case(text: "1,234.56", minorUnits: 123456, convention: .point),
        Case(text: "1'234.56", minorUnits: 123456, convention: .point),
        Case(text: "1.234.567,89", minorUnits: 123456789, convention: .comma),
        Case(text: "1,234,567", minorUnits: 123456700, convention: .point),
        Case(text: "1.234.567", minorUnits: 123456700, convention: .comma),
        Case(text: "-12,00", minorUnits: -1200, convention: .comma),
        Case(text: "+12.00", minorUnits: 1200, convention: .point),
        Case(text: "(12.00)", minorUnits: -1200, convention: .point),
        Case(text: "( 12.00 )", minorUnits: -1200, convention: .point),
        Case(text: "12.00-", minorUnits: -1200, convention: .point),
        Case(text: "12,00 €", minorUnits: 1200, currency: "EUR", convention: .comma),
        Case(text: "12,00\u{00A0}€", minorUnits: 1200, currency: "EUR", convention: .comma),
        Case(text: "€12.00", minorUnits: 1200, currency: "EUR", convention: .point),
        Case(text: "-€12.00", minorUnits: -1200, currency: "EUR", convention: .point),
        Case(text: "€-12.00", minorUnits: -1200, currency: "EUR", convention: .point),
        Case(text: "£3.50", minorUnits: 350, currency: "GBP", convention: .point),
        Case(text: "$3.50", minorUnits: 350, currency: "USD", convention: .point),
        Case(text: "EUR 12.00", minorUnits: 1200, currency: "EUR", convention: .point),
        Case(text: "12.00 EUR", minorUnits: 1200, currency: "EUR", convention: .point),
        Case(text: "12.00 eur", minorUnits: 1200, currency: "EUR", convention: .point),
        Case(text: "CHF 1'000.50", minorUnits: 100050, currency: "CHF", convention: .point),
        Case(text: "-1 234 567,8", minorUnits: -123456780, convention: .comma),
        Case(text: "1234", minorUnits: 123400),
        Case(text: "1 234", minorUnits: 123400),
        Case(text: "0,5", minorUnits: 50, convention: .comma),
        Case(text: "0.500", minorUnits: 50, convention: .point),
        Case(text: "1234,567", minorUnits: 123457, convention: .comma, rounded: true),
        Case(text: "1 234,567", minorUnits: 123457, convention: .comma, rounded: true),
        Case(text: "0001234.50", minorUnits: 123450, convention: .point),
        Case(text: "  12.00  ", minorUnits: 1200, convention: .point),
        Case(text: "-0.00", minorUnits: 0, convention: .point),
        Case(text: "12.345", minorUnits: 1234, rounded: true, given: .point),
        Case(text: "12.345 EUR", minorUnits: 1234, currency: "EUR", rounded: true, given: .point),
        Case(text: "12.3400", minorUnits: 1234, convention: .point),
        Case(text: "12.34567", minorUnits: 1235, convention: .point, rounded: true),
        Case(text: "0.125", minorUnits: 12, convention: .point, rounded: true),
        Case(text: "0.135", minorUnits: 14, convention: .point, rounded: true),
        Case(text: "0.1251", minorUnits: 13, convention: .point, rounded: true),
        Case(text: "-0.125", minorUnits: -12, convention: .point, rounded: true),
        Case(text: "-0.135", minorUnits: -14, convention: .point, rounded: true),
        Case(text: "1234", minorUnits: 1234, digits: 0),
        Case(text: "12.5", minorUnits: 12, convention: .point, rounded: true, digits: 0),
        Case(text: "13.5", minorUnits: 14, convention: .point, rounded: true, digits: 0),
        Case(text: "-0,005 KWD", minorUnits: -5, currency: "KWD", convention: .comma, digits: 3),
        Case(text: "9223372036854775807", minorUnits: Int64.max, digits: 0),
        Case(text: "92233720368547758.07", minorUnits: Int64.max, convention: .point),
        // Ambiguous shapes resolved by the caller's convention: the text itself reveals nothing.
        Case(text: "1,234", minorUnits: 123400, given: .point),
        Case(text: "1,234", minorUnits: 123, rounded: true, given: .comma),
        Case(text: "1.234", minorUnits: 123400, given: .comma),
        Case(text: "1.234", minorUnits: 123, rounded: true, given: .point),
        Case(text: "123.456", minorUnits: 12345600, given: .comma),
        Case(text: "€1,234", minorUnits: 123400, currency: "EUR", given: .point),
        // A given convention does not override what the text says.
        Case(text: "1,234.56", minorUnits: 123456, convention: .point, given: .comma),
    ]

    @Test(arguments: accepted)
    func accepts(_ c: Case) {
        let r = AmountParser.parse(c.text, minorDigits: c.digits, convention: c.given)
        #expect(r == .success(ParsedAmount(minorUnits: c.minorUnits, currencyCode: c.currency, convention: c.convention, rounded: c.rounded)))
    }

    struct Bad: CustomTestStringConvertible, Sendable {
        let text: String
        let error: AmountError
        var testDescription: String { "\"\(text)\"" }
    }

    static let rejected: [Bad] = [
        Bad(text: "", error: .empty),
        Bad(text: "   ", error: .empty),
        Bad(text: "\u{00A0}", error: .empty),
        Bad(text: "-", error: .unexpectedCharacter(offset: 1)),
        Bad(text: ",", error: .unexpectedCharacter(offset: 0)),
        Bad(text: "12.3abc", error: .unexpectedCharacter(offset: 4)),
        Bad(text: "1.234.56", error: .unexpectedCharacter(offset: 5)),
        Bad(text: "1,23,456.00", error: .unexpectedCharacter(offset: 4)),
        Bad(text: "12345,678.00", error: .unexpectedCharacter(offset: 5)),
        Bad(text: "1.234,567.8", error: .unexpectedCharacter(offset: 5)),
        Bad(text: "1 234.567,00", error: .unexpectedCharacter(offset: 5)),
        Bad(text: "12.", error: .unexpectedCharacter(offset: 2)),
        Bad(text: ".5", error: .unexpectedCharacter(offset: 0)),
        Bad(text: "(12.00", error: .unexpectedCharacter(offset: 6)),
        Bad(text: "12.00)", error: .unexpectedCharacter(offset: 5)),
        Bad(text: "--12", error: .unexpectedCharacter(offset: 1)),
        Bad(text: "-(12)", error: .unexpectedCharacter(offset: 1)),
        Bad(text: "€12 €", error: .unexpectedCharacter(offset: 6)),
        Bad(text: "12 EURO", error: .unexpectedCharacter(offset: 3)),
        Bad(text: "XYZ 12", error: .unexpectedCharacter(offset: 0)),
        Bad(text: "1,234", error: .ambiguousSeparator),
        Bad(text: "12.345", error: .ambiguousSeparator),
        Bad(text: "1.234", error: .ambiguousSeparator),
        Bad(text: "-123,456 €", error: .ambiguousSeparator),
        Bad(text: "9223372036854775808", error: .overflow),
        Bad(text: "92233720368547758.08", error: .overflow),
        Bad(text: "-9223372036854775808", error: .overflow),
        Bad(text: String(repeating: "9", count: 400), error: .overflow),
        Bad(text: "1" + String(repeating: "0", count: 399) + ",00", error: .overflow),
    ]

    @Test(arguments: rejected)
    func rejects(_ c: Bad) {
        #expect(AmountParser.parse(c.text, minorDigits: 2) == .failure(c.error))
    }

    @Test func manyFractionDigitsDoNotOverflow() {
        let text = "0." + String(repeating: "4", count: 300)
        #expect(AmountParser.parse(text, minorDigits: 2) == .success(ParsedAmount(minorUnits: 44, convention: .point, rounded: true)))
    }

    @Test func parsesFromBytes() {
        let bytes: [UInt8] = Array("x;1 234,56 €;y".utf8)
        let r = bytes.withUnsafeBufferPointer { buf in
            AmountParser.parse(UnsafeBufferPointer(rebasing: buf[2..<14]), minorDigits: 2, convention: nil)
        }
        #expect(r == .success(ParsedAmount(minorUnits: 123456, currencyCode: "EUR", convention: .comma)))
    }
}

@Suite("AmountParser: the plain form's shortcut reads as the full parser does")
struct AmountParserShortcutTests {
    /// Both readings of `text`, and whether the shortcut took it.
    private func readings(_ text: String, _ digits: Int, _ convention: DecimalConvention?)
        -> (shortcut: Result<ParsedAmount, AmountError>, full: Result<ParsedAmount, AmountError>, taken: Bool) {
        var text = text
        return text.withUTF8 { b in
            (AmountParser.parse(b, minorDigits: digits, convention: convention),
             AmountParser.parseAnyForm(b, minorDigits: digits, convention: convention),
             AmountParser.parsePlain(b, minorDigits: digits) != nil)
        }
    }

    @Test("the usual forms take the shortcut and give the same amount, convention and flags")
    func usualForms() {
        let cases: [(String, Int, Int64, DecimalConvention?)] = [
            ("1234.56", 2, 123_456, .point), ("-1234,56", 2, -123_456, .comma), ("0,00", 2, 0, .comma),
            ("1234", 2, 123_400, nil), ("-7", 0, -7, nil), ("12.5", 1, 125, .point), ("999999999999999.99", 2, 99_999_999_999_999_999, .point),
        ]
        for (text, digits, units, convention) in cases {
            let r = readings(text, digits, nil)
            #expect(r.taken, "\(text)")
            #expect(r.shortcut == .success(ParsedAmount(minorUnits: units, convention: convention)), "\(text)")
            #expect(r.shortcut == r.full, "\(text)")
        }
        // Not the plain form: left to the full parser.
        for text in ["1,234", "1.234,56", " 12.00", "12.00 ", "+12.00", "12.", ".50", "-", "1234567890123456", "12.345", "(12.00)"] {
            #expect(!readings(text, 2, nil).taken, "\(text)")
        }
    }

    @Test("random texts of digits, signs and separators: the same result either way")
    func randomTexts() {
        var rng = SplitMix64(seed: 5)
        let alphabet = Array("0123456789-.,+ ()'".utf8)
        var taken = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 1...19, using: &rng)
            var bytes = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
            // One in two texts is made plain-looking: digits with at most one separator near the end.
            if Bool.random(using: &rng) {
                bytes = bytes.map { $0 &- 0x30 < 10 ? $0 : 0x30 + $0 % 10 }
                if bytes.count > 3, Bool.random(using: &rng) { bytes[bytes.count - 3] = Bool.random(using: &rng) ? 0x2E : 0x2C }
                if Bool.random(using: &rng) { bytes[0] = 0x2D }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            for digits in 0...3 {
                for convention in [nil, DecimalConvention.point, .comma] {
                    let r = readings(text, digits, convention)
                    if r.taken { taken += 1 }
                    #expect(r.shortcut == r.full, "\(text) with \(digits) digits, \(String(describing: convention))")
                }
            }
        }
        #expect(taken > 10_000)
    }
}
