import Testing
@testable import RelanceKit

@Suite("ReportStage.lateRate")
struct ReportLateRateTests {
    struct LateRateCase: CustomTestStringConvertible, Sendable {
        let name: String
        let overdue: Int64
        let open: Int64
        let expected: CSVCell
        var testDescription: String { name }
    }

    static let cases: [LateRateCase] = [
        LateRateCase(name: "nothing overdue", overdue: 0, open: 100_00, expected: .number("0.0000")),
        LateRateCase(name: "all overdue", overdue: 100_00, open: 100_00, expected: .number("1.0000")),
        LateRateCase(name: "one third rounds down", overdue: 1, open: 3, expected: .number("0.3333")),
        LateRateCase(name: "two thirds rounds up", overdue: 2, open: 3, expected: .number("0.6667")),
        LateRateCase(name: "one eighth", overdue: 1, open: 8, expected: .number("0.1250")),
        LateRateCase(name: "half of a ten-thousandth rounds up", overdue: 1, open: 20_000, expected: .number("0.0001")),
        LateRateCase(name: "just under half a ten-thousandth", overdue: 1, open: 20_001, expected: .number("0.0000")),
        LateRateCase(name: "0.99995 rounds up to 1", overdue: 19_999, open: 20_000, expected: .number("1.0000")),
        LateRateCase(name: "overdue above open (credits)", overdue: 150_00, open: 100_00, expected: .number("1.5000")),
        LateRateCase(name: "large amounts", overdue: 123_456_789_01, open: 987_654_321_09, expected: .number("0.1250")),
        LateRateCase(name: "nothing open: empty", overdue: 0, open: 0, expected: .empty),
        LateRateCase(name: "customer in credit: empty", overdue: 10_00, open: -5_00, expected: .empty),
    ]

    @Test("overdue / open with 4 decimals, half-up", arguments: cases)
    func lateRate(_ c: LateRateCase) {
        #expect(ReportStage.lateRate(c.overdue, c.open) == c.expected)
    }
}
