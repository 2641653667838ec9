import Testing
@testable import RelanceKit

private func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }
private func eur(_ cents: Int64) -> Money { Money(minorUnits: cents, currency: .eur) }
private func gbp(_ pence: Int64) -> Money { Money(minorUnits: pence, currency: .gbp) }

/// The values of pipelines/demo/rates.conf that the cases below use (copied, so that editing the
/// demo file cannot silently change these hand computations).
private let rates = try! ReferenceRates.parse("""
    [rates ECB]
    2025-h1 = 3.15
    2025-h2 = 2.15
    2026-h1 = 2.15
    [rates BASISZINS]
    2025-h2 = 1.27
    [rates BOE]
    2025-h2 = 4.25
    2026-h1 = 3.75
    [rates NL]
    2024-h2 = 12.25
    2025-h1 = 11.15
    2025-h2 = 10.15
    """, path: "test-rates.conf")

@Suite("Penalties")
struct PenaltiesTests {
    @Test("FR worked example of dunning.md: 1 200,00 € due 2025-12-15, as of 2026-03-15")
    func frenchExample() throws {
        // 2025-12-16 … 2025-12-31: 16 days at ECB 1 July 2025 (2.15) + 10 = 12.15 % (1215 bp)
        // 2026-01-01 … 2026-03-15: 74 days at ECB 1 January 2026 (2.15) + 10 = 12.15 %
        // 120 000 × (1215 × 16 + 1215 × 74) / (10 000 × 365) = 13 122 000 000 / 3 650 000
        //   = 3 595.068… → 3 595 cents = 35,95 €; plus the 40,00 € indemnity: 75,95 €.
        let r = try Penalties.compute(jurisdiction: .FR, openAmount: eur(120_000), dueDate: day("2025-12-15"),
                                      asOf: day("2026-03-15"), rates: rates, consumer: false)
        #expect(r.pieces == [
            PenaltyResult.Piece(from: day("2025-12-16"), to: day("2025-12-31"), days: 16, rateBp: 1215, principal: 120_000),
            PenaltyResult.Piece(from: day("2026-01-01"), to: day("2026-03-15"), days: 74, rateBp: 1215, principal: 120_000),
        ])
        #expect(r.interest == eur(3_595))
        #expect(r.indemnity == eur(4_000))
        #expect(r.total == eur(7_595))
        #expect(!r.indemnityNotApplicable)
    }

    @Test("FR across 1 July 2025, where the rate changes")
    func frenchRateChange() throws {
        // 15 days of 2025-H1 at 3.15 + 10 = 13.15 %, 77 days of 2025-H2 at 12.15 %:
        // 120 000 × (1315 × 15 + 1215 × 77) / 3 650 000 = 13 593 600 000 / 3 650 000 = 3 724.27 → 3 724
        let r = try Penalties.compute(jurisdiction: .FR, openAmount: eur(120_000), dueDate: day("2025-06-15"),
                                      asOf: day("2025-09-15"), rates: rates, consumer: false)
        #expect(r.pieces.map(\.days) == [15, 77])
        #expect(r.pieces.map(\.rateBp) == [1315, 1215])
        #expect(r.interest == eur(3_724))
    }

    @Test("UK £12 000: Bank Rate + 8 fixed at the half-year it fell overdue, £100 fixed sum")
    func unitedKingdom() throws {
        // overdue from 2025-07-01: Bank Rate on 30 June 2025 = 4.25 → 12.25 % for the whole debt.
        // 92 days (July 31 + August 31 + September 30):
        // 1 200 000 × 1225 × 92 / 3 650 000 = 37 052.05 → 37 052 pence = £370.52
        let r = try Penalties.compute(jurisdiction: .UK, openAmount: gbp(1_200_000), dueDate: day("2025-06-30"),
                                      asOf: day("2025-09-30"), rates: rates, consumer: false)
        #expect(r.interest == gbp(37_052))
        #expect(r.indemnity == gbp(10_000))
        // into 2026-H1 the rate stays 12.25 % though 2026-H1's reference is 3.75:
        // 1 200 000 × 1225 × (16 + 31) / 3 650 000 = 18 928.77 → 18 929
        let later = try Penalties.compute(jurisdiction: .UK, openAmount: gbp(1_200_000), dueDate: day("2025-12-15"),
                                          asOf: day("2026-01-31"), rates: rates, consumer: false)
        #expect(later.pieces.map(\.rateBp) == [1225, 1225])
        #expect(later.interest == gbp(18_929))
    }

    struct UKIndemnityCase: CustomTestStringConvertible, Sendable {
        let pence: Int64, indemnity: Int64
        var testDescription: String { "£\(pence / 100).\(pence % 100) → £\(indemnity / 100)" }
    }

    @Test("UK fixed sum by debt size", arguments: [
        UKIndemnityCase(pence: 99_999, indemnity: 4_000),
        UKIndemnityCase(pence: 100_000, indemnity: 7_000),
        UKIndemnityCase(pence: 999_999, indemnity: 7_000),
        UKIndemnityCase(pence: 1_000_000, indemnity: 10_000),
    ])
    func ukIndemnity(_ c: UKIndemnityCase) throws {
        let r = try Penalties.compute(jurisdiction: .UK, openAmount: gbp(c.pence), dueDate: day("2025-06-30"),
                                      asOf: day("2025-07-01"), rates: rates, consumer: false)
        #expect(r.indemnity == gbp(c.indemnity))
    }

    @Test("BE: ECB 2.15 + 8 = 10.15 % rounded up to 10.50 %")
    func belgium() throws {
        // 90 days (August 31 + September 30 + October 29) at 1050 bp on 1 000,00 €:
        // 100 000 × 1050 × 90 / 3 650 000 = 2 589.04 → 2 589 cents
        let r = try Penalties.compute(jurisdiction: .BE, openAmount: eur(100_000), dueDate: day("2025-07-31"),
                                      asOf: day("2025-10-29"), rates: rates, consumer: false)
        #expect(r.pieces.map(\.rateBp) == [1050])
        #expect(r.interest == eur(2_589))
        #expect(r.indemnity == eur(4_000))
    }

    @Test("rounding up to the half point", arguments: [(1015, 1050), (1000, 1000), (1001, 1050), (1050, 1050), (1051, 1100), (1225, 1250), (-30, 0)])
    func halfPoint(_ pair: (Int, Int)) {
        #expect(Penalties.roundUpToHalfPoint(pair.0) == pair.1)
    }

    @Test("DE: Basiszinssatz 1.27 + 9 = 10.27 %")
    func germany() throws {
        // 30 days on 1 000,00 €: 100 000 × 1027 × 30 / 3 650 000 = 844.11 → 844
        let r = try Penalties.compute(jurisdiction: .DE, openAmount: eur(100_000), dueDate: day("2025-06-30"),
                                      asOf: day("2025-07-30"), rates: rates, consumer: false)
        #expect(r.interest == eur(844))
    }

    @Test("NL over 14 months: the first year's interest joins the principal")
    func netherlands() throws {
        // 10 000,00 € due 2024-06-30, as of 2025-08-31; interest from 2024-07-01.
        // Year 1 (2024-07-01 … 2025-06-30): 184 days at 12.25 % + 181 days at 11.15 %
        //   1 000 000 × (1225 × 184 + 1115 × 181) / 3 650 000 = 427 215 000 000 / 3 650 000
        //   = 117 045.21 → 117 045 cents, added to the principal: 1 117 045
        // Year 2 (2025-07-01 … 2025-08-31): 62 days at 10.15 %
        //   1 117 045 × 1015 × 62 / 3 650 000 = 19 259.08 → 19 259
        // Total 136 304 cents = 1 363,04 € (simple interest would give 1 342,86 €).
        let r = try Penalties.compute(jurisdiction: .NL, openAmount: eur(1_000_000), dueDate: day("2024-06-30"),
                                      asOf: day("2025-08-31"), rates: rates, consumer: false)
        #expect(r.pieces == [
            PenaltyResult.Piece(from: day("2024-07-01"), to: day("2024-12-31"), days: 184, rateBp: 1225, principal: 1_000_000),
            PenaltyResult.Piece(from: day("2025-01-01"), to: day("2025-06-30"), days: 181, rateBp: 1115, principal: 1_000_000),
            PenaltyResult.Piece(from: day("2025-07-01"), to: day("2025-08-31"), days: 62, rateBp: 1015, principal: 1_117_045),
        ])
        #expect(r.interest == eur(136_304))
        #expect(r.indemnity == eur(4_000))
    }

    @Test("a missing half-year is an error naming it, never a zero rate")
    func missingHalfYear() {
        let partial = ReferenceRates(rates: [.ECB: [HalfYear(year: 2025, half: 2)!: 215]])
        #expect(throws: PenaltyError.missingRate(series: "ECB", halfYear: "2026-H1")) {
            try Penalties.compute(jurisdiction: .FR, openAmount: eur(120_000), dueDate: day("2025-12-15"),
                                  asOf: day("2026-03-15"), rates: partial, consumer: false)
        }
        #expect(PenaltyError.missingRate(series: "ECB", halfYear: "2026-H1").description.contains("2026-H1"))
    }

    @Test("a consumer pays the interest but no B2B indemnity")
    func consumer() throws {
        let r = try Penalties.compute(jurisdiction: .FR, openAmount: eur(120_000), dueDate: day("2025-12-15"),
                                      asOf: day("2026-03-15"), rates: rates, consumer: true)
        #expect(r.interest == eur(3_595))
        #expect(r.indemnity == eur(0))
        #expect(!r.indemnityNotApplicable)
    }

    @Test("a USD invoice of a French entity: interest only, flagged")
    func foreignCurrency() throws {
        let usd = Money(minorUnits: 120_000, currency: .usd)
        let r = try Penalties.compute(jurisdiction: .FR, openAmount: usd, dueDate: day("2025-12-15"),
                                      asOf: day("2026-03-15"), rates: rates, consumer: false)
        #expect(r.interest == Money(minorUnits: 3_595, currency: .usd))
        #expect(r.indemnity == Money(minorUnits: 0, currency: .usd))
        #expect(r.indemnityNotApplicable)
        // and a EUR invoice of a UK entity
        let uk = try Penalties.compute(jurisdiction: .UK, openAmount: eur(120_000), dueDate: day("2025-06-30"),
                                       asOf: day("2025-07-30"), rates: rates, consumer: false)
        #expect(uk.indemnityNotApplicable && uk.indemnity.isZero)
    }

    @Test("a contract rate replaces the statutory one")
    func contractRate() throws {
        var withContract = rates
        withContract.contractRates[.FR] = 1200
        // 120 000 × 1200 × 90 / 3 650 000 = 3 550.68 → 3 551
        let r = try Penalties.compute(jurisdiction: .FR, openAmount: eur(120_000), dueDate: day("2025-12-15"),
                                      asOf: day("2026-03-15"), rates: withContract, consumer: false)
        #expect(r.interest == eur(3_551))
        #expect(r.contractRate)
        // a contract rate needs no reference rate at all
        let bare = ReferenceRates(contractRates: [.EU: 1000])
        // 1 825 × 1000 × 1 / 3 650 000 = 0.5 → 0 and 5 475 × 1000 / 3 650 000 = 1.5 → 2 (half-even)
        let half = try Penalties.compute(jurisdiction: .EU, openAmount: eur(1_825), dueDate: day("2025-06-30"),
                                         asOf: day("2025-07-01"), rates: bare, consumer: false)
        #expect(half.interest == eur(0))
        let oneAndHalf = try Penalties.compute(jurisdiction: .EU, openAmount: eur(5_475), dueDate: day("2025-06-30"),
                                               asOf: day("2025-07-01"), rates: bare, consumer: false)
        #expect(oneAndHalf.interest == eur(2))
    }

    @Test("nothing before the day after the due date")
    func notOverdue() throws {
        let r = try Penalties.compute(jurisdiction: .FR, openAmount: eur(120_000), dueDate: day("2026-03-15"),
                                      asOf: day("2026-03-15"), rates: ReferenceRates(), consumer: false)
        #expect(r.interest == eur(0) && r.indemnity == eur(0) && r.pieces.isEmpty)
    }

    @Test("a leap day counts as a day, the divisor stays 365")
    func leapDay() throws {
        let leap = ReferenceRates(contractRates: [.EU: 1000])
        // 2024-02-01 … 2024-03-01 = 30 days: 365 000 × 1000 × 30 / 3 650 000 = 3 000
        let r = try Penalties.compute(jurisdiction: .EU, openAmount: eur(365_000), dueDate: day("2024-01-31"),
                                      asOf: day("2024-03-01"), rates: leap, consumer: false)
        #expect(r.pieces.map(\.days) == [30])
        #expect(r.interest == eur(3_000))
    }
}
