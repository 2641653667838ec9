import Testing
@testable import RelanceKit

@Suite("Money formatting")
struct MoneyFormattingTests {
    static let nb = "\u{00A0}"

    @Test(arguments: [
        (Int64(123456), 2, "1234.56"), (-123456, 2, "-1234.56"), (1234, 0, "1234"), (-5, 3, "-0.005"),
        (0, 2, "0.00"), (5, 2, "0.05"), (-1, 2, "-0.01"), (Int64.min, 2, "-92233720368547758.08"), (Int64.max, 0, "9223372036854775807"),
    ])
    func machine(_ units: Int64, _ digits: Int, _ expected: String) {
        #expect(Money.machineString(minorUnits: units, minorDigits: digits) == expected)
    }

    @Test("the machine form reads back to its minor units; any other form is refused")
    func machineReadBack() {
        func read(_ text: String, _ digits: Int) -> Int64? {
            Array(text.utf8).withUnsafeBufferPointer { Money.machineMinorUnits($0, minorDigits: digits) }
        }
        for (units, digits) in [(Int64(123456), 2), (-123456, 2), (1234, 0), (-5, 3), (0, 2), (5, 2), (-1, 2),
                                (999_999_999_999_999_999, 0), (-999_999_999_999_999_999, 2)] {
            let text = Money.machineString(minorUnits: units, minorDigits: digits)
            #expect(read(text, digits) == units, "\(text)")
            #expect(Array(text.utf8).withUnsafeBufferPointer { Money.isMachineString($0, minorDigits: digits) })
        }
        for (text, digits) in [("-0.00", 2), ("01.00", 2), ("1.0", 2), ("1.000", 2), ("+1.00", 2), (".50", 2), ("1.", 0),
                               ("", 2), ("-", 2), ("1 000.00", 2), ("9223372036854775807", 0), ("12345678901234567.89", 2)] {
            #expect(read(text, digits) == nil, "\(text)")
        }
    }

    @Test func machineProperty() {
        #expect(Money(minorUnits: -5, currency: Currency(code: "KWD")!).machineString == "-0.005")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let units: Int64
        let currency: String
        let language: Language
        let expected: String
        var testDescription: String { "\(units) \(currency) \(language)" }
    }

    static let cases: [Case] = [
        Case(units: 123456, currency: "EUR", language: .fr, expected: "1\(nb)234,56\(nb)€"),
        Case(units: -123456, currency: "EUR", language: .fr, expected: "-1\(nb)234,56\(nb)€"),
        Case(units: 123456, currency: "EUR", language: .en, expected: "€1,234.56"),
        Case(units: -123456, currency: "EUR", language: .en, expected: "-€1,234.56"),
        Case(units: 123456, currency: "EUR", language: .de, expected: "1.234,56\(nb)€"),
        Case(units: 123456, currency: "EUR", language: .nl, expected: "1.234,56\(nb)€"),
        Case(units: -123456, currency: "EUR", language: .de, expected: "-1.234,56\(nb)€"),
        Case(units: 123456, currency: "GBP", language: .en, expected: "£1,234.56"),
        Case(units: 123456, currency: "USD", language: .en, expected: "$1,234.56"),
        Case(units: 123456, currency: "CHF", language: .en, expected: "CHF\(nb)1,234.56"),
        Case(units: 123456, currency: "USD", language: .fr, expected: "1\(nb)234,56\(nb)$"),
        Case(units: 123456, currency: "CHF", language: .fr, expected: "1\(nb)234,56\(nb)CHF"),
        Case(units: 123456789, currency: "EUR", language: .fr, expected: "1\(nb)234\(nb)567,89\(nb)€"),
        Case(units: 12345678, currency: "EUR", language: .en, expected: "€123,456.78"),
        Case(units: 99, currency: "EUR", language: .fr, expected: "0,99\(nb)€"),
        Case(units: 0, currency: "EUR", language: .en, expected: "€0.00"),
        Case(units: 1234567, currency: "JPY", language: .en, expected: "JPY\(nb)1,234,567"),
        Case(units: -1234567, currency: "KWD", language: .de, expected: "-1.234,567\(nb)KWD"),
        Case(units: 100000, currency: "EUR", language: .nl, expected: "1.000,00\(nb)€"),
    ]

    @Test(arguments: cases)
    func formatted(_ c: Case) {
        #expect(Money(minorUnits: c.units, currency: Currency(code: c.currency)!).formatted(c.language) == c.expected)
    }
}
