import Testing
@testable import RelanceKit

private func termsDate(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

@Suite("PaymentTerms")
struct PaymentTermsTests {
    /// One terms text, what it reads as, and its due dates from a document date by method a and b.
    struct TermsCase: CustomTestStringConvertible, Sendable {
        let text: String
        let terms: PaymentTerms
        var documentDate = "2026-01-15"
        let dueA: String
        var dueB: String? = nil
        var testDescription: String { "\"\(text)\" from \(documentDate)" }
    }

    static let forms: [TermsCase] = [
        // The document date.
        TermsCase(text: "0", terms: .immediate, dueA: "2026-01-15", dueB: "2026-01-15"),
        TermsCase(text: "comptant", terms: .immediate, dueA: "2026-01-15", dueB: "2026-01-15"),
        TermsCase(text: "Comptant", terms: .immediate, dueA: "2026-01-15"),
        TermsCase(text: "à réception", terms: .immediate, dueA: "2026-01-15", dueB: "2026-01-15"),
        TermsCase(text: "A RECEPTION", terms: .immediate, dueA: "2026-01-15"),
        TermsCase(text: "on receipt", terms: .immediate, dueA: "2026-01-15"),
        TermsCase(text: "immediate", terms: .immediate, dueA: "2026-01-15"),
        // Date + N days.
        TermsCase(text: "net 30", terms: .net(days: 30), dueA: "2026-02-14", dueB: "2026-02-14"),
        TermsCase(text: "Net 30", terms: .net(days: 30), dueA: "2026-02-14"),
        TermsCase(text: "30 jours", terms: .net(days: 30), dueA: "2026-02-14"),
        TermsCase(text: "30 days", terms: .net(days: 30), dueA: "2026-02-14"),
        TermsCase(text: "30J", terms: .net(days: 30), dueA: "2026-02-14"),
        TermsCase(text: "45 jours", terms: .net(days: 45), dueA: "2026-03-01"),
        TermsCase(text: "60 days", terms: .net(days: 60), dueA: "2026-03-16"),
        TermsCase(text: "10", terms: .net(days: 10), dueA: "2026-01-25"),
        // N days then end of month (method a), or end of month then N days (method b).
        TermsCase(text: "30 jours fin de mois", terms: .daysEndOfMonth(days: 30), dueA: "2026-02-28", dueB: "2026-03-02"),
        TermsCase(text: "30 FDM", terms: .daysEndOfMonth(days: 30), dueA: "2026-02-28", dueB: "2026-03-02"),
        TermsCase(text: "EOM 30", terms: .daysEndOfMonth(days: 30), dueA: "2026-02-28", dueB: "2026-03-02"),
        TermsCase(text: "45 jours fin de mois", terms: .daysEndOfMonth(days: 45), dueA: "2026-03-31", dueB: "2026-03-17"),
        // End of month first: always method b.
        TermsCase(text: "fin de mois 45 jours", terms: .endOfMonthPlus(days: 45), dueA: "2026-03-17", dueB: "2026-03-17"),
        TermsCase(text: "FDM+45", terms: .endOfMonthPlus(days: 45), dueA: "2026-03-17", dueB: "2026-03-17"),
        TermsCase(text: "FDM + 45", terms: .endOfMonthPlus(days: 45), dueA: "2026-03-17"),
        // As method a, then the given day of the next month.
        TermsCase(text: "45 jours fin de mois le 10", terms: .daysEndOfMonthOnDay(days: 45, day: 10), dueA: "2026-04-10", dueB: "2026-04-10"),
        TermsCase(text: "30 FDM le 15", terms: .daysEndOfMonthOnDay(days: 30, day: 15), dueA: "2026-03-15", dueB: "2026-03-15"),
        // End of the document's month.
        TermsCase(text: "fin de mois", terms: .endOfMonth, dueA: "2026-01-31", dueB: "2026-01-31"),
        TermsCase(text: "EOM", terms: .endOfMonth, dueA: "2026-01-31", dueB: "2026-01-31"),
        TermsCase(text: "fin de mois le 10", terms: .endOfMonthOnDay(day: 10), dueA: "2026-02-10"),
        // Across a year end.
        TermsCase(text: "30 jours fin de mois", terms: .daysEndOfMonth(days: 30), documentDate: "2026-12-15", dueA: "2027-01-31", dueB: "2027-01-30"),
        TermsCase(text: "fin de mois le 10", terms: .endOfMonthOnDay(day: 10), documentDate: "2026-12-20", dueA: "2027-01-10"),
    ]

    @Test("every form of the terms table reads and gives its due date", arguments: forms)
    func form(_ c: TermsCase) throws {
        let parsed = try #require(PaymentTerms(parsing: c.text))
        #expect(parsed == c.terms)
        let date = termsDate(c.documentDate)
        #expect(parsed.dueDate(from: date, method: .a).iso == c.dueA)
        if let b = c.dueB {
            #expect(parsed.dueDate(from: date, method: .b).iso == b)
        }
    }

    @Test("the issue's example: 15 January 2026 + 45 jours fin de mois")
    func issueExample() throws {
        let terms = try #require(PaymentTerms(parsing: "45 jours fin de mois"))
        let date = termsDate("2026-01-15")
        #expect(terms.dueDate(from: date, method: .a) == termsDate("2026-03-31"))
        #expect(terms.dueDate(from: date, method: .b) == termsDate("2026-03-17"))
    }

    static let leapYear: [TermsCase] = [
        TermsCase(text: "net 30", terms: .net(days: 30), documentDate: "2024-02-15", dueA: "2024-03-16"),
        TermsCase(text: "net 30", terms: .net(days: 30), documentDate: "2026-02-15", dueA: "2026-03-17"),
        TermsCase(text: "fin de mois", terms: .endOfMonth, documentDate: "2024-02-05", dueA: "2024-02-29"),
        TermsCase(text: "fin de mois", terms: .endOfMonth, documentDate: "2026-02-05", dueA: "2026-02-28"),
        TermsCase(text: "30 jours fin de mois", terms: .daysEndOfMonth(days: 30), documentDate: "2024-01-20", dueA: "2024-02-29", dueB: "2024-03-01"),
        TermsCase(text: "FDM+45", terms: .endOfMonthPlus(days: 45), documentDate: "2024-02-10", dueA: "2024-04-14"),
        TermsCase(text: "FDM+30", terms: .endOfMonthPlus(days: 30), documentDate: "2024-02-10", dueA: "2024-03-30"),
        TermsCase(text: "FDM+30", terms: .endOfMonthPlus(days: 30), documentDate: "2026-02-10", dueA: "2026-03-30"),
        // The day of the next month is clamped to that month's length.
        TermsCase(text: "fin de mois le 31", terms: .endOfMonthOnDay(day: 31), documentDate: "2024-01-10", dueA: "2024-02-29"),
        TermsCase(text: "fin de mois le 30", terms: .endOfMonthOnDay(day: 30), documentDate: "2026-01-10", dueA: "2026-02-28"),
        TermsCase(text: "30 FDM le 31", terms: .daysEndOfMonthOnDay(days: 30, day: 31), documentDate: "2024-01-15", dueA: "2024-03-31"),
    ]

    @Test("leap years and short months", arguments: leapYear)
    func leap(_ c: TermsCase) throws {
        let parsed = try #require(PaymentTerms(parsing: c.text))
        #expect(parsed == c.terms)
        #expect(parsed.dueDate(from: termsDate(c.documentDate), method: .a).iso == c.dueA)
        if let b = c.dueB {
            #expect(parsed.dueDate(from: termsDate(c.documentDate), method: .b).iso == b)
        }
    }

    static let unreadable: [String] = [
        "", "   ", "trente jours", "30 semaines", "jours", "net", "30 60", "le 10",
        "30 FDM le 45", "30 FDM le 0", "99999 jours", "30 jours ouvrés", "?",
    ]

    @Test("unreadable terms give nil", arguments: unreadable)
    func unreadableText(_ text: String) {
        #expect(PaymentTerms(parsing: text) == nil)
    }

    struct CapCase: CustomTestStringConvertible, Sendable {
        let text: String
        let exceeds: Bool
        var testDescription: String { "\"\(text)\" → \(exceeds)" }
    }

    static let caps: [CapCase] = [
        CapCase(text: "comptant", exceeds: false),
        CapCase(text: "fin de mois", exceeds: false),
        CapCase(text: "fin de mois le 10", exceeds: false),
        CapCase(text: "60 jours", exceeds: false),
        CapCase(text: "61 jours", exceeds: true),
        CapCase(text: "net 90", exceeds: true),
        CapCase(text: "45 jours fin de mois", exceeds: false),
        CapCase(text: "46 jours fin de mois", exceeds: true),
        CapCase(text: "60 jours fin de mois", exceeds: true),
        CapCase(text: "FDM+45", exceeds: false),
        CapCase(text: "FDM+60", exceeds: true),
        CapCase(text: "45 jours fin de mois le 10", exceeds: false),
        CapCase(text: "60 FDM le 10", exceeds: true),
    ]

    @Test("French caps: beyond 60 days or 45 days end of month", arguments: caps)
    func frenchCap(_ c: CapCase) throws {
        let terms = try #require(PaymentTerms(parsing: c.text))
        #expect(terms.exceedsFrenchCap == c.exceeds)
    }
}
