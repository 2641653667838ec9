/// The RFC 5322 `Date` header value, computed without Foundation so that it
/// never depends on the machine's locale or time zone database.
public enum MailDate {
    /// `"Fri, 20 Nov 2026 07:00:00 +0100"` for a civil date and time (month and
    /// day 1-based) at `utcOffsetMinutes` east of UTC (`60` for `+0100`,
    /// `-300` for `-0500`). Seconds are always `00`.
    public static func format(year: Int, month: Int, day: Int, hour: Int, minute: Int,
                              utcOffsetMinutes: Int) -> String {
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"] // 1970-01-01 was a Thursday
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let weekday = weekdays[((days % 7) + 7) % 7]
        let monthName = months[min(max(month, 1), 12) - 1]
        let sign = utcOffsetMinutes < 0 ? "-" : "+"
        let offset = abs(utcOffsetMinutes)
        return "\(weekday), \(day) \(monthName) \(pad(year, 4)) \(pad(hour, 2)):\(pad(minute, 2)):00 "
            + "\(sign)\(pad(offset / 60, 2))\(pad(offset % 60, 2))"
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's `days_from_civil`).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
