import Testing
@testable import RelanceKit

private func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

@Suite("KPI: CEI, expected payment dates, cash-in forecast")
struct KPICEIAndForecastTests {
    @Test("CEI on a two-month hand case")
    func ceiTwoMonths() {
        let snapshots = [
            MonthEndSnapshot(month: day("2025-03-31"), totalReceivables: 95_000, currentReceivables: 70_000, salesOfMonth: 60_000),
            MonthEndSnapshot(month: day("2025-01-01"), totalReceivables: 100_000, currentReceivables: 60_000, salesOfMonth: 50_000),
            MonthEndSnapshot(month: day("2025-02-01"), totalReceivables: 90_000, currentReceivables: 55_000, salesOfMonth: 40_000),
        ]
        // February: (100 000 + 40 000 − 90 000) / (100 000 + 40 000 − 55 000) = 50 000 / 85 000 = 58.82 % → 58.8
        // March: (90 000 + 60 000 − 95 000) / (90 000 + 60 000 − 70 000) = 55 000 / 80 000 = 68.75 % → 68.8 (half-even)
        #expect(CEI.monthly(snapshots) == [CEI.Month(month: day("2025-02-01"), tenths: 588),
                                           CEI.Month(month: day("2025-03-01"), tenths: 688)])
    }

    @Test("CEI needs the previous month's snapshot and a positive denominator")
    func ceiGapsAndZero() {
        let snapshots = [
            MonthEndSnapshot(month: day("2025-01-01"), totalReceivables: 100, currentReceivables: 0, salesOfMonth: 0),
            MonthEndSnapshot(month: day("2025-03-01"), totalReceivables: 100, currentReceivables: 0, salesOfMonth: 0),
        ]
        #expect(CEI.monthly(snapshots).isEmpty)
        #expect(CEI.index(opening: 0, sales: 0, closingTotal: 0, closingCurrent: 0) == nil)
        #expect(CEI.index(opening: 100, sales: 0, closingTotal: 0, closingCurrent: 0) == 1000)
    }

    struct ExpectedCase: CustomTestStringConvertible, Sendable {
        let name: String, due: String, customer: Int?, entity: Int?, expected: String
        var testDescription: String { name }
    }

    @Test("expected payment date", arguments: [
        ExpectedCase(name: "12.5 days → 12", due: "2025-01-31", customer: 125, entity: 300, expected: "2025-02-12"),
        ExpectedCase(name: "13.5 days → 14", due: "2025-01-31", customer: 135, entity: nil, expected: "2025-02-14"),
        ExpectedCase(name: "early payer −2.5 → −2", due: "2025-01-31", customer: -25, entity: nil, expected: "2025-01-29"),
        ExpectedCase(name: "entity's average, common year", due: "2025-01-31", customer: nil, entity: 300, expected: "2025-03-02"),
        ExpectedCase(name: "entity's average, leap year", due: "2024-01-31", customer: nil, entity: 300, expected: "2024-03-01"),
        ExpectedCase(name: "no history: the due date", due: "2024-01-31", customer: nil, entity: nil, expected: "2024-01-31"),
    ])
    func expectedDate(_ c: ExpectedCase) {
        #expect(CashInForecast.expectedPaymentDate(dueDate: day(c.due), customerAvgDaysLateTenths: c.customer,
                                                   entityAvgDaysLateTenths: c.entity) == day(c.expected))
    }

    @Test("cash-in by ISO week and over the next 28 days")
    func forecast() {
        let asOf = day("2025-12-31")  // a Wednesday: its week starts on Monday 2025-12-29
        let items = [("2025-12-20", 100), ("2025-12-29", 200), ("2026-01-04", 300), ("2026-01-05", 400), ("2026-01-28", 500)]
            .map { CashInForecast.Item(expectedDate: day($0.0), amount: Int64($0.1)) }
        let f = CashInForecast(items: items, asOf: asOf, weeks: 4)
        #expect(f.weeks.map(\.monday) == ["2025-12-29", "2026-01-05", "2026-01-12", "2026-01-19"].map(day))
        #expect(f.weeks.map(\.amount) == [500, 400, 0, 0])
        #expect(f.expectedEarlier == 100)
        #expect(f.expectedLater == 500)
        // 2026-01-01 … 2026-01-28: 300 + 400 + 500
        #expect(CashInForecast.forecastNext4Weeks(items, asOf: asOf) == 1_200)
    }
}
