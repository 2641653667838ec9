import Testing
@testable import RelanceKit

private func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

@Suite("KPI: countback DSO")
struct KPIDSOTests {
    @Test("the textbook example: 212 000 against 100 000, 80 000, 70 000 in 30-day months is 73.7 days")
    func textbookThirtyDayMonths() {
        // 212 000 − 100 000 = 112 000 (30 days); − 80 000 = 32 000 (60 days);
        // 32 000 / 70 000 × 30 = 13.714 → 73.714 → 73.7. No three consecutive calendar months
        // have 30 days, so the example is stated with explicit months.
        let months = [100_000, 80_000, 70_000].map { DSO.MonthOfSales(sales: $0, days: 30) }
        #expect(DSO.countback(receivables: 212_000, months: months) == CountbackResult(tenths: 737, monthsUsed: []))
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let receivables: Int64
        let asOf: String
        let sales: [(String, Int64)]
        let tenths: Int?
        let months: [String]
        var exceeds = false
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // 30 (June 1–30) + 31 (May) + 30 × 32 000 / 70 000 (April) = 74.714
        Case(name: "calendar months Jun/May/Apr 2025", receivables: 212_000, asOf: "2025-06-30",
             sales: [("2025-06-01", 100_000), ("2025-05-01", 80_000), ("2025-04-01", 70_000)],
             tenths: 747, months: ["2025-06-01", "2025-05-01", "2025-04-01"]),
        // leap year: 31 (March) + 29 (February 2024) + 31 × 32 000 / 70 000 (January) = 74.171
        Case(name: "leap February 2024", receivables: 212_000, asOf: "2024-03-31",
             sales: [("2024-03-01", 100_000), ("2024-02-01", 80_000), ("2024-01-01", 70_000)],
             tenths: 742, months: ["2024-03-01", "2024-02-01", "2024-01-01"]),
        // common year: 31 + 28 + 14.171 = 73.171
        Case(name: "common February 2025", receivables: 212_000, asOf: "2025-03-31",
             sales: [("2025-03-01", 100_000), ("2025-02-01", 80_000), ("2025-01-01", 70_000)],
             tenths: 732, months: ["2025-03-01", "2025-02-01", "2025-01-01"]),
        // the as-of's month counts to the as-of only: 15 × 50 000 / 100 000 = 7.5
        Case(name: "exhausted within the as-of's month", receivables: 50_000, asOf: "2025-06-15",
             sales: [("2025-06-01", 100_000), ("2025-05-01", 80_000)], tenths: 75, months: ["2025-06-01"]),
        // 1 × 100 / 400 = 0.25 → 2.5 tenths → 2 (half-even)
        Case(name: "half-even on the tenth", receivables: 100, asOf: "2025-06-01",
             sales: [("2025-06-01", 400)], tenths: 2, months: ["2025-06-01"]),
        // a month without sales adds its days: 30 (June, none) + 31 × 0.5 (May) = 45.5
        Case(name: "month without sales", receivables: 50_000, asOf: "2025-06-30",
             sales: [("2025-05-01", 100_000)], tenths: 455, months: ["2025-06-01", "2025-05-01"]),
        // more receivables than all the history: the whole history, flagged
        Case(name: "receivables beyond the history", receivables: 500, asOf: "2025-06-30",
             sales: [("2025-06-01", 100), ("2025-05-01", 100)], tenths: 610,
             months: ["2025-06-01", "2025-05-01"], exceeds: true),
        // sales after the as-of are ignored
        Case(name: "later months ignored", receivables: 50_000, asOf: "2025-06-30",
             sales: [("2025-07-01", 999_999), ("2025-06-01", 100_000)], tenths: 150, months: ["2025-06-01"]),
        Case(name: "nothing open", receivables: 0, asOf: "2025-06-30", sales: [("2025-06-01", 100)], tenths: 0, months: []),
        Case(name: "no sales history", receivables: 100, asOf: "2025-06-30", sales: [], tenths: nil, months: []),
    ]

    @Test(arguments: cases)
    func countback(_ c: Case) {
        let sales = c.sales.map { MonthlySales(month: day($0.0), amount: $0.1) }
        let result = DSO.countback(receivables: c.receivables, sales: sales, asOf: day(c.asOf))
        if let tenths = c.tenths {
            #expect(result == CountbackResult(tenths: tenths, monthsUsed: c.months.map(day), exceedsHistory: c.exceeds))
        } else {
            #expect(result == nil)
        }
    }

    @Test("best possible DSO on current receivables, and ADD = DSO − best")
    func bestPossibleAndADD() {
        let sales = [MonthlySales(month: day("2025-06-01"), amount: 100_000),
                     MonthlySales(month: day("2025-05-01"), amount: 80_000),
                     MonthlySales(month: day("2025-04-01"), amount: 70_000)]
        let asOf = day("2025-06-30")
        let dso = DSO.countback(receivables: 212_000, sales: sales, asOf: asOf)
        // 100 000 current = June's sales exactly: 30.0 days
        let best = DSO.bestPossible(currentReceivables: 100_000, sales: sales, asOf: asOf)
        #expect(best?.tenths == 300)
        #expect(DSO.addDays(dso: dso, bestPossible: best) == 447)  // 74.7 − 30.0
        #expect(DSO.addDays(dso: nil, bestPossible: best) == nil)
    }

    @Test("amounts beyond Int64 products stay exact")
    func largeAmounts() {
        // 9e18 receivables against 9.2e18 sales over 31 days: 31 × 9/9.2 = 30.326 → 30.3
        let r = DSO.countback(receivables: 9_000_000_000_000_000_000, months: [DSO.MonthOfSales(sales: 9_200_000_000_000_000_000, days: 31)])
        #expect(r?.tenths == 303)
    }
}
