import Testing
@testable import RelanceKit

@Suite("Amounts per currency")
struct MoneyPerCurrencyTests {
    static let jpy = Currency(code: "JPY")!, kwd = Currency(code: "KWD")!
    static func m(_ cents: Int64, _ c: Currency) -> Money { Money(minorUnits: cents, currency: c) }

    @Test("sums per currency, in currency order, never across currencies")
    func sums() {
        let sums = Money.sumsPerCurrency([Self.m(100_00, .usd), Self.m(300_00, .eur), Self.m(100_00, .usd), Self.m(-50_00, .eur),
                                          Self.m(1_000, Self.jpy), Self.m(-1_000, Self.jpy)])
        #expect(sums == [Self.m(250_00, .eur), Self.m(0, Self.jpy), Self.m(200_00, .usd)])
        #expect(Money.sumsPerCurrency([Money]()) == [])
    }

    @Test("written `EUR 300.00;USD 200.00` with each currency's digits, and read back")
    func text() {
        let amounts = [Self.m(300_00, .eur), Self.m(1234, Self.jpy), Self.m(-5, Self.kwd), Self.m(200_00, .usd)]
        let text = Money.perCurrencyText(amounts)
        #expect(text == "EUR 300.00;JPY 1234;KWD -0.005;USD 200.00")
        #expect(Money.parsePerCurrency(text) == amounts)
        #expect(Money.parsePerCurrency("USD 200.00;EUR 300.00") == [Self.m(300_00, .eur), Self.m(200_00, .usd)])
        #expect(Money.parsePerCurrency("") == [])
    }

    @Test("anything else is not read", arguments: ["30000", "EUR 300", "EUR 300.0", "EUR  300.00", "XXX 1.00", "EUR 1.00;EUR 2.00",
                                                  "EUR 1.00;", "EUR 1,00", "EUR -0.00"])
    func malformed(_ text: String) {
        #expect(Money.parsePerCurrency(text) == nil)
    }
}
