// Calendar: civil dates (no time, no time zone) as days since 1970-01-01, parsed from the byte
// forms finance exports use and written per language. Never DateFormatter, never Foundation's Calendar.

/// A proleptic Gregorian calendar date, years 1 to 9999, stored as days since 1970-01-01.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Calendar days since 1970-01-01 (which is 0); negative before it.
    public let daysSinceEpoch: Int32

    public init(daysSinceEpoch: Int32) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// Nil unless `year` is 1...9999 and the month and day exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else { return nil }
        self.daysSinceEpoch = Int32(CivilDate.daysFromCivil(year, month, day))
    }

    public var year: Int { civil.year }
    /// 1 = January.
    public var month: Int { civil.month }
    /// 1-based day of the month.
    public var day: Int { civil.day }

    /// Year, month and day at once (one conversion instead of three).
    public var civil: (year: Int, month: Int, day: Int) { CivilDate.civilFromDays(Int(daysSinceEpoch)) }

    /// `days` calendar days later (earlier when negative).
    public func adding(days: Int) -> CivilDate {
        CivilDate(daysSinceEpoch: Int32(clamping: Int(daysSinceEpoch) + days))
    }

    /// The same day `months` months later, clamped to the end of a shorter month (31 Jan + 1 = 28/29 Feb).
    public func adding(months: Int) -> CivilDate {
        let (y, m, d) = civil
        let total = y * 12 + (m - 1) + months
        let ny = total >= 0 ? total / 12 : (total - 11) / 12
        let nm = total - ny * 12 + 1
        let nd = min(d, CivilDate.daysInMonth(year: ny, month: nm))
        return CivilDate(daysSinceEpoch: Int32(clamping: CivilDate.daysFromCivil(ny, nm, nd)))
    }

    /// The last day of this date's month.
    public var endOfMonth: CivilDate {
        let (y, m, _) = civil
        return CivilDate(daysSinceEpoch: Int32(CivilDate.daysFromCivil(y, m, CivilDate.daysInMonth(year: y, month: m))))
    }

    /// The first day of this date's month.
    public var firstOfMonth: CivilDate {
        adding(days: 1 - day)
    }

    /// 28 to 31; 0 for a month outside 1...12.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    public static func isLeapYear(_ y: Int) -> Bool {
        y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
    }

    /// Calendar days from `b` to `a` (positive when `a` is later).
    public static func - (a: CivilDate, b: CivilDate) -> Int {
        Int(a.daysSinceEpoch) - Int(b.daysSinceEpoch)
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let r = (Int(daysSinceEpoch) + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    /// ISO 8601 `YYYY-MM-DD`.
    public var description: String { iso }

    // Howard Hinnant's days_from_civil / civil_from_days (http://howardhinnant.github.io/date_algorithms.html).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
