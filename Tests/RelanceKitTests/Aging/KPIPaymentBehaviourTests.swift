import Testing
@testable import RelanceKit

private func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

private func record(_ doc: String, _ due: String, _ settled: String, _ amount: Int64) -> SettlementRecord {
    SettlementRecord(documentDate: day(doc), dueDate: day(due), settledOn: day(settled), amount: amount)
}

@Suite("KPI: days to pay, days late, late rate, trend, payer class")
struct KPIPaymentBehaviourTests {
    // As of 2025-12-31 the trailing 12 months are 2025-01-01 … 2025-12-31.
    static let history = [
        record("2025-01-01", "2025-01-31", "2025-02-10", 1_000),  // 40 days to pay, 10 late
        record("2025-06-01", "2025-07-01", "2025-06-26", 3_000),  // 25 days to pay, 5 early
        record("2024-11-01", "2024-12-01", "2024-12-31", 5_000),  // settled 12 months ago: out
        record("2025-12-01", "2025-12-31", "2026-01-05", 7_000),  // settled after the as-of: out
    ]

    @Test("amount-weighted averages over the trailing 12 months, half-even on the tenth")
    func weightedAverages() {
        let asOf = day("2025-12-31")
        // (1 000 × 40 + 3 000 × 25) / 4 000 = 28.75 → 28.8
        #expect(PaymentBehaviour.avgDaysToPay(Self.history, asOf: asOf) == 288)
        // (1 000 × 10 + 3 000 × −5) / 4 000 = −1.25 → −1.2 (half-even)
        #expect(PaymentBehaviour.avgDaysLate(Self.history, asOf: asOf) == -12)
        #expect(PaymentBehaviour.avgDaysLate([], asOf: asOf) == nil)
    }

    @Test("days across 29 February count in leap years")
    func leapYears() {
        let leap = [record("2024-02-28", "2024-02-28", "2024-03-01", 100)]
        let common = [record("2025-02-28", "2025-02-28", "2025-03-01", 100)]
        #expect(PaymentBehaviour.avgDaysToPay(leap, asOf: day("2024-12-31")) == 20)
        #expect(PaymentBehaviour.avgDaysToPay(common, asOf: day("2025-12-31")) == 10)
        // trailing 12 months from 2025-02-28 start after 2024-02-28: 2024-02-29 is in
        let onLeapDay = [record("2024-02-01", "2024-02-20", "2024-02-29", 100)]
        #expect(PaymentBehaviour.avgDaysLate(onLeapDay, asOf: day("2025-02-28")) == 90)
    }

    struct RateCase: CustomTestStringConvertible, Sendable {
        let overdue: Int64, open: Int64, rate: Int?
        var testDescription: String { "\(overdue)/\(open)" }
    }

    @Test("late rate in ten-thousandths", arguments: [
        RateCase(overdue: 2_500, open: 10_000, rate: 2_500),
        RateCase(overdue: 1, open: 3, rate: 3_333),
        RateCase(overdue: 2, open: 3, rate: 6_667),
        RateCase(overdue: 1, open: 20_000, rate: 0),  // 0.5 → 0
        RateCase(overdue: 3, open: 20_000, rate: 2),  // 1.5 → 2
        RateCase(overdue: 0, open: 0, rate: nil),
    ])
    func lateRate(_ c: RateCase) {
        #expect(PaymentBehaviour.lateRate(overdue: c.overdue, open: c.open) == c.rate)
    }

    @Test("trend: +10 days or more over the last 90 days is worsening")
    func trend() {
        let asOf = day("2025-12-31")  // last 90 days: 2025-10-03 … 2025-12-31
        let prior = record("2025-05-01", "2025-05-22", "2025-06-01", 100)   // 10 late
        let recent = record("2025-11-01", "2025-11-11", "2025-12-01", 100)  // 20 late
        #expect(PaymentBehaviour.trend([prior, recent], asOf: asOf) == .worsening)
        // prior 10 and 11 days → 10.5; recent 20 → +9.5: not flagged
        let prior11 = record("2025-05-01", "2025-05-21", "2025-06-01", 100)
        #expect(PaymentBehaviour.trend([prior, prior11, recent], asOf: asOf) == nil)
        // settled on 2025-10-02, the window's eve (5 days late), counts in the prior 12 months: 20 vs 5
        let eve = record("2025-09-01", "2025-09-27", "2025-10-02", 100)
        #expect(PaymentBehaviour.trend([eve, recent], asOf: asOf) == .worsening)
        #expect(PaymentBehaviour.trend([recent], asOf: asOf) == nil)
    }

    /// An exact average of `hundredths` / 100 days (nil: no history).
    private static func late(hundredths: Int?) -> PaymentBehaviour.WeightedDays {
        hundredths.map { PaymentBehaviour.WeightedDays(weighted: Int128($0), weight: 100) } ?? .init()
    }

    struct ClassCase: CustomTestStringConvertible, Sendable {
        let hundredths: Int?, expected: PayerClass
        var testDescription: String { "\(hundredths.map { "\(Double($0) / 100)" } ?? "none") → \(expected)" }
    }

    @Test("payer class with the default thresholds 0 / 15 / 30, bounds inclusive, on the exact average", arguments: [
        ClassCase(hundredths: nil, expected: .new),
        ClassCase(hundredths: -500, expected: .excellent),
        ClassCase(hundredths: 0, expected: .excellent),
        ClassCase(hundredths: 1, expected: .good),        // 0.01, shown 0.0
        ClassCase(hundredths: 1500, expected: .good),
        ClassCase(hundredths: 1504, expected: .average),  // shown 15.0
        ClassCase(hundredths: 1510, expected: .average),
        ClassCase(hundredths: 3000, expected: .average),
        ClassCase(hundredths: 3004, expected: .poor),     // shown 30.0
    ])
    func payerClass(_ c: ClassCase) {
        #expect(PayerClass(avgDaysLate: Self.late(hundredths: c.hundredths)) == c.expected)
    }

    @Test("payer class with custom thresholds")
    func customThresholds() {
        #expect(PayerClass(avgDaysLate: Self.late(hundredths: 600), excellent: 5, good: 10, average: 20) == .good)
        #expect(PayerClass(avgDaysLate: Self.late(hundredths: 500), excellent: 5, good: 10, average: 20) == .excellent)
        #expect(PayerClass(avgDaysLate: Self.late(hundredths: 501), excellent: 5, good: 10, average: 20) == .good)
        #expect(PayerClass(avgDaysLate: Self.late(hundredths: 2001), excellent: 5, good: 10, average: 20) == .poor)
    }

    @Test("2 400.00 paid 15 days late and 100.00 paid 16: 15.04 days, shown 15.0, class average (not good)")
    func classOnTheUnroundedAverage() {
        let asOf = day("2026-11-20")
        let records = [record("2026-09-01", "2026-10-01", "2026-10-16", 240_000),
                       record("2026-09-01", "2026-10-01", "2026-10-17", 10_000)]
        let summary = PaymentBehaviour.summary(records, asOf: asOf)
        #expect(summary.avgDaysLateTenths == 150)
        #expect(summary.daysLate == PaymentBehaviour.WeightedDays(weighted: 3_760_000, weight: 250_000))
        #expect(PayerClass(avgDaysLate: summary.daysLate) == .average)
    }
}
