import Testing
@testable import RelanceKit

@Suite("Currency and Money")
struct MoneyTests {
    @Test(arguments: [("EUR", 2), ("eur", 2), (" usd ", 2), ("JPY", 0), ("KRW", 0), ("CLP", 0), ("KWD", 3), ("BHD", 3), ("TND", 3), ("CHF", 2), ("CLF", 4)])
    func knownCurrencies(_ code: String, _ digits: Int) throws {
        let c = try #require(Currency(code: code))
        #expect(c.minorDigits == digits)
        #expect(c.code == code.trimmingSpaces.uppercasedASCII)
        #expect(c.description == c.code)
    }

    @Test(arguments: ["", "EU", "EURO", "XYZ", "E U", "XAU", "FRF", "DEM", "€"])
    func unknownCurrencies(_ code: String) {
        #expect(Currency(code: code) == nil)
    }

    @Test func staticsAndOrder() {
        #expect(Currency.eur.code == "EUR" && Currency.usd.code == "USD" && Currency.gbp.code == "GBP" && Currency.chf.code == "CHF")
        #expect([Currency.usd, .eur, .gbp, .chf].sorted() == [.chf, .eur, .gbp, .usd])
        // Every pair of codes orders as the codes' text does; equal codes are equal currencies.
        let codes = ["AED", "BHD", "CHF", "CLF", "EUR", "GBP", "JPY", "KWD", "USD", "XOF", "ZWG"]
        let currencies = codes.reversed().compactMap { Currency(code: $0.lowercased()) }
        #expect(currencies.sorted().map(\.code) == codes)
        #expect(Set(currencies + currencies).count == codes.count)
    }

    @Test("an amount is sixteen bytes: millions of them are held by every large stage")
    func compactAmounts() {
        #expect(MemoryLayout<Currency>.size <= 8)
        #expect(MemoryLayout<Money>.stride == 16)
    }

    @Test func arithmetic() throws {
        let a = Money(minorUnits: 1000, currency: .eur)
        let b = Money(minorUnits: 250, currency: .eur)
        #expect(try a.adding(b) == Money(minorUnits: 1250, currency: .eur))
        #expect(try b.subtracting(a) == Money(minorUnits: -750, currency: .eur))
        #expect(try b.subtracting(a).isNegative)
        #expect(Money.zero(.usd).isZero)
        #expect(a.negated() == Money(minorUnits: -1000, currency: .eur))
        #expect(throws: MoneyError.currencyMismatch(.eur, .usd)) { try a.adding(Money(minorUnits: 1, currency: .usd)) }
        #expect(throws: MoneyError.overflow) { try Money(minorUnits: .max, currency: .eur).adding(Money(minorUnits: 1, currency: .eur)) }
        #expect(throws: MoneyError.overflow) { try Money(minorUnits: .min, currency: .eur).subtracting(Money(minorUnits: 1, currency: .eur)) }
    }
}

extension String {
    fileprivate var trimmingSpaces: String { String(self.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed()) }
    fileprivate var uppercasedASCII: String { uppercased() }
}
