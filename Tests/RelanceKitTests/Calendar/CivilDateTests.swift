import Testing
@testable import RelanceKit

@Suite("CivilDate")
struct CivilDateTests {
    private func date(_ y: Int, _ m: Int, _ d: Int) -> CivilDate { CivilDate(year: y, month: m, day: d)! }

    @Test func epoch() {
        #expect(date(1970, 1, 1).daysSinceEpoch == 0)
        #expect(date(1969, 12, 31).daysSinceEpoch == -1)
        #expect(date(2000, 3, 1).daysSinceEpoch == 11017)
        #expect(date(2026, 11, 20).daysSinceEpoch == 20777)
        #expect(CivilDate(daysSinceEpoch: 20777).description == "2026-11-20")
    }

    @Test func roundTripEveryDay1900To2100() {
        var expected = (year: 1900, month: 1, day: 1)
        let first = date(1900, 1, 1).daysSinceEpoch
        let last = date(2100, 12, 31).daysSinceEpoch
        var failures = 0
        for n in first...last {
            let d = CivilDate(daysSinceEpoch: n)
            if d.civil != expected || CivilDate(year: expected.year, month: expected.month, day: expected.day)?.daysSinceEpoch != n { failures += 1 }
            expected.day += 1
            if expected.day > CivilDate.daysInMonth(year: expected.year, month: expected.month) {
                expected.day = 1
                expected.month += 1
                if expected.month > 12 { expected.month = 1; expected.year += 1 }
            }
        }
        #expect(failures == 0)
        #expect(expected == (2101, 1, 1))
    }

    @Test func extremes() {
        #expect(date(1, 1, 1).description == "0001-01-01")
        #expect(date(9999, 12, 31).description == "9999-12-31")
        #expect(date(9999, 12, 31).adding(days: -Int(date(9999, 12, 31).daysSinceEpoch)) == date(1970, 1, 1))
        #expect(CivilDate(year: 0, month: 1, day: 1) == nil)
        #expect(CivilDate(year: 10000, month: 1, day: 1) == nil)
    }

    @Test(arguments: [(2024, true), (2025, false), (2000, true), (1900, false), (2100, false), (2400, true), (1996, true)])
    func leapYears(_ year: Int, _ leap: Bool) {
        #expect(CivilDate.isLeapYear(year) == leap)
        #expect((CivilDate(year: year, month: 2, day: 29) != nil) == leap)
        #expect(CivilDate.daysInMonth(year: year, month: 2) == (leap ? 29 : 28))
    }

    @Test(arguments: [
        ("2026-12-31", 1, "2027-01-01"), ("2026-01-01", -1, "2025-12-31"), ("2024-02-28", 1, "2024-02-29"),
        ("2025-02-28", 1, "2025-03-01"), ("2026-11-20", 30, "2026-12-20"), ("2026-11-20", 365, "2027-11-20"),
        ("2027-11-20", 366, "2028-11-20"), ("2028-11-20", 366, "2029-11-21"), ("2026-11-20", -3650, "2016-11-22"),
    ])
    func addingDays(_ from: String, _ days: Int, _ to: String) {
        #expect(CivilDate(iso: from)!.adding(days: days).iso == to)
    }

    @Test(arguments: [
        ("2024-01-31", 1, "2024-02-29"), ("2025-01-31", 1, "2025-02-28"), ("2026-03-31", 1, "2026-04-30"),
        ("2026-11-20", 2, "2027-01-20"), ("2026-01-15", -1, "2025-12-15"), ("2026-03-31", -1, "2026-02-28"),
        ("2024-02-29", 12, "2025-02-28"), ("2026-11-20", -24, "2024-11-20"), ("2026-05-31", 0, "2026-05-31"),
    ])
    func addingMonths(_ from: String, _ months: Int, _ to: String) {
        #expect(CivilDate(iso: from)!.adding(months: months).iso == to)
    }

    @Test(arguments: [
        ("2024-02-10", "2024-02-29", "2024-02-01"), ("2025-02-10", "2025-02-28", "2025-02-01"),
        ("2000-02-01", "2000-02-29", "2000-02-01"), ("1900-02-28", "1900-02-28", "1900-02-01"),
        ("2026-12-31", "2026-12-31", "2026-12-01"), ("2026-04-15", "2026-04-30", "2026-04-01"),
    ])
    func monthBounds(_ d: String, _ end: String, _ first: String) {
        let date = CivilDate(iso: d)!
        #expect(date.endOfMonth.iso == end)
        #expect(date.firstOfMonth.iso == first)
    }

    @Test(arguments: [
        ("2026-11-20", "2026-11-20", 0), ("2026-12-20", "2026-11-20", 30), ("2026-11-20", "2026-12-20", -30),
        ("2027-01-01", "2026-01-01", 365), ("2025-01-01", "2024-01-01", 366), ("2026-03-01", "2026-02-28", 1),
    ])
    func differences(_ a: String, _ b: String, _ days: Int) {
        #expect(CivilDate(iso: a)! - CivilDate(iso: b)! == days)
    }

    @Test(arguments: [
        ("2026-11-20", 5), ("1970-01-01", 4), ("2000-01-01", 6), ("2024-02-29", 4), ("2026-11-22", 7),
        ("2026-11-23", 1), ("1969-12-29", 1), ("1900-01-01", 1),
    ])
    func weekdays(_ d: String, _ weekday: Int) {
        #expect(CivilDate(iso: d)!.weekday == weekday)
    }

    @Test func ordering() {
        #expect(date(2026, 1, 1) < date(2026, 1, 2))
        #expect([date(2026, 3, 1), date(2025, 12, 31)].max() == date(2026, 3, 1))
    }
}
