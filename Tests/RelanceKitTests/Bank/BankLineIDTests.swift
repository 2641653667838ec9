import Testing
@testable import RelanceKit

@Suite("BankLineID")
struct BankLineIDTests {
    static func line(amount: Int64 = 1500_00, date: String = "2026-11-02", remittance: String = "VIR SEPA FACTURE F2026-0142",
                     bankRef: String = "", endToEnd: String = "", account: String = "FR7630006000011234567890189") -> BankLine {
        BankLine(entity: "FR", account: account, bookingDate: CivilDate(iso: date)!,
                 amount: Money(minorUnits: amount, currency: .eur), remittance: remittance, bankRef: bankRef, endToEndID: endToEnd)
    }

    @Test("the id is sha256(account|booking_date|amount_minor|currency|ref), first 16 hex digits")
    func exactValue() {
        // sha256("FR7630006000011234567890189|2026-11-02|150000|EUR|BQ-778899")
        #expect(BankLineID.base(of: Self.line(bankRef: "BQ-778899")) == "3dd6ce09513125ae")
        // Without a bank reference or end-to-end id: the normalised remittance.
        #expect(BankLineID.base(of: Self.line()) == "03f6166a43b79d57")
    }

    @Test("same inputs give the same id; the remittance counts normalised")
    func stable() {
        let a = BankLineID.base(of: Self.line())
        #expect(BankLineID.base(of: Self.line()) == a)
        #expect(BankLineID.base(of: Self.line(remittance: "  vir sepa\tfacture   F2026-0142 ")) == a)
        #expect(a.utf8.count == 16)
        #expect(a.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
    }

    @Test("the bank reference, else the end-to-end id, stands for the remittance")
    func referencePriority() {
        let withRef = BankLineID.base(of: Self.line(remittance: "A", bankRef: "BQ-1", endToEnd: "E2E-1"))
        #expect(BankLineID.base(of: Self.line(remittance: "B", bankRef: "BQ-1", endToEnd: "E2E-2")) == withRef)
        let withE2E = BankLineID.base(of: Self.line(remittance: "A", endToEnd: "E2E-1"))
        #expect(BankLineID.base(of: Self.line(remittance: "B", endToEnd: "E2E-1")) == withE2E)
        #expect(withE2E != withRef)
    }

    @Test("each field changes the id")
    func fieldsCount() {
        let base = BankLineID.base(of: Self.line())
        #expect(BankLineID.base(of: Self.line(amount: 1500_01)) != base)
        #expect(BankLineID.base(of: Self.line(date: "2026-11-03")) != base)
        #expect(BankLineID.base(of: Self.line(remittance: "VIR SEPA FACTURE F2026-0143")) != base)
        #expect(BankLineID.base(of: Self.line(account: "BE68539007547034")) != base)
        var usd = Self.line()
        usd.amount = Money(minorUnits: 1500_00, currency: .usd)
        #expect(BankLineID.base(of: usd) != base)
    }

    @Test("repeats in one file get -2, -3 in file order; reading the file again gives the same ids")
    func repeats() {
        var lines = [Self.line(), Self.line(amount: 99_00), Self.line(), Self.line(), Self.line(amount: 99_00)]
        BankLineID.assign(&lines)
        let a = BankLineID.base(of: Self.line())
        let b = BankLineID.base(of: Self.line(amount: 99_00))
        #expect(lines.map(\.id) == [a, b, a + "-2", a + "-3", b + "-2"])
        var again = [Self.line(), Self.line(amount: 99_00), Self.line(), Self.line(), Self.line(amount: 99_00)]
        BankLineID.assign(&again)
        #expect(again.map(\.id) == lines.map(\.id))
    }

    @Test("normalised remittance: upper case, whitespace runs collapsed, trimmed")
    func normalizedRemittance() {
        #expect(BankLineID.normalizedRemittance("  vir  sepa\t\trecu\r\n/de x ") == "VIR SEPA RECU /DE X")
        #expect(BankLineID.normalizedRemittance("") == "")
    }
}
