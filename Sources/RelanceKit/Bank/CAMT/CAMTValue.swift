import Foundation

/// Parsers for the CAMT leaf values we keep (ISO 20022 `ActiveOrHistoricCurrencyAndAmount`,
/// `ISODate`, `ISODateTime`), on bytes. Strict: what the schema allows, blanks around tolerated.
enum CAMTValue {
    /// An `xs:decimal` without sign: `[0-9]+(\.[0-9]*)?` or `\.[0-9]+` (leading zeros allowed, any number
    /// of fraction digits) in minor units of
    /// `minorDigits`, rounded half-even; nil when malformed or out of range.
    static func amount(_ b: [UInt8], minorDigits: Int) -> (minorUnits: Int64, rounded: Bool)? {
        var s = 0, e = b.count
        trim(b, &s, &e)
        guard s < e else { return nil }
        var value: Int64 = 0
        var j = s
        var intDigits = 0
        while j < e, b[j] &- 0x30 < 10 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(b[j] &- 0x30))
            if o1 || o2 { return nil }
            value = a
            j += 1
            intDigits += 1
        }
        var fracDigits = 0
        var dropped = -1
        var sticky = false
        if j < e {
            guard b[j] == 0x2E else { return nil }
            j += 1
            guard intDigits > 0 || j < e else { return nil }
            while j < e {
                let c = b[j]
                guard c &- 0x30 < 10 else { return nil }
                let d = Int64(c &- 0x30)
                if fracDigits < minorDigits {
                    let (m, o1) = value.multipliedReportingOverflow(by: 10)
                    let (a, o2) = m.addingReportingOverflow(d)
                    if o1 || o2 { return nil }
                    value = a
                    fracDigits += 1
                } else if dropped < 0 {
                    dropped = Int(d)
                } else if d != 0 {
                    sticky = true
                }
                j += 1
            }
        }
        guard intDigits > 0 || j > s + 1 else { return nil }
        while fracDigits < minorDigits {
            let (m, o) = value.multipliedReportingOverflow(by: 10)
            if o { return nil }
            value = m
            fracDigits += 1
        }
        var rounded = false
        if dropped >= 0 {
            rounded = dropped > 0 || sticky
            if dropped > 5 || (dropped == 5 && (sticky || value & 1 == 1)) {
                let (r, o) = value.addingReportingOverflow(1)
                if o { return nil }
                value = r
            }
        }
        return (value, rounded)
    }

    /// `YYYY-MM-DD`, optionally followed by a zone (`Z`, `+01:00`) which is ignored.
    static func date(_ b: [UInt8]) -> CivilDate? {
        var s = 0, e = b.count
        trim(b, &s, &e)
        guard e - s >= 10, let (date, next) = ymd(b, s) else { return nil }
        if next == e { return date }
        guard zoneSeconds(b, next, e) != nil else { return nil }
        return date
    }

    /// `YYYY-MM-DDThh:mm:ss[.f{1,9}][Z|±hh:mm]`: the civil date of that instant in `timeZone`; without a
    /// zone the time is already local and its date is taken as written.
    static func dateTime(_ b: [UInt8], timeZone: CAMTTimeZone) -> CivilDate? {
        var s = 0, e = b.count
        trim(b, &s, &e)
        guard e - s >= 19, let (date, next) = ymd(b, s), b[next] == 0x54 else { return nil }  // T
        var j = next + 1
        guard let h = two(b, j), b[j + 2] == 0x3A, let mi = two(b, j + 3), b[j + 5] == 0x3A, let sec = two(b, j + 6),
              h <= 24, mi < 60, sec <= 60 else { return nil }
        j += 8
        if j < e, b[j] == 0x2E {
            j += 1
            let start = j
            while j < e, b[j] &- 0x30 < 10 { j += 1 }
            guard j > start, j - start <= 9 else { return nil }
        }
        if j == e { return date }
        guard let offset = zoneSeconds(b, j, e) else { return nil }
        let utc = Int64(date.daysSinceEpoch) * 86_400 + Int64(h * 3600 + mi * 60 + sec) - Int64(offset)
        let local = utc + Int64(timeZone.secondsFromGMT(atUTC: utc))
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return CivilDate(daysSinceEpoch: Int32(clamping: days))
    }

    /// The first 10 bytes at `s` as `YYYY-MM-DD`, and the offset after them.
    private static func ymd(_ b: [UInt8], _ s: Int) -> (CivilDate, Int)? {
        guard s + 10 <= b.count, let y1 = two(b, s), let y2 = two(b, s + 2), b[s + 4] == 0x2D, let m = two(b, s + 5),
              b[s + 7] == 0x2D, let d = two(b, s + 8), let date = CivilDate(year: y1 * 100 + y2, month: m, day: d) else { return nil }
        return (date, s + 10)
    }

    /// `Z`, `±hh:mm` or `±hhmm` filling `s..<e`: seconds east of UTC.
    private static func zoneSeconds(_ b: [UInt8], _ s: Int, _ e: Int) -> Int? {
        if e - s == 1, b[s] == 0x5A { return 0 }
        guard e - s == 6 || e - s == 5, b[s] == 0x2B || b[s] == 0x2D, let h = two(b, s + 1), h <= 14 else { return nil }
        let mPos = e - s == 6 ? s + 4 : s + 3
        if e - s == 6 { guard b[s + 3] == 0x3A else { return nil } }
        guard let m = two(b, mPos), m < 60 else { return nil }
        let v = h * 3600 + m * 60
        return b[s] == 0x2D ? -v : v
    }

    @inline(__always)
    private static func two(_ b: [UInt8], _ j: Int) -> Int? {
        guard j + 1 < b.count, b[j] &- 0x30 < 10, b[j + 1] &- 0x30 < 10 else { return nil }
        return Int(b[j] &- 0x30) * 10 + Int(b[j + 1] &- 0x30)
    }

    static func trim(_ b: [UInt8], _ s: inout Int, _ e: inout Int) {
        while s < e, isBlank(b[s]) { s += 1 }
        while e > s, isBlank(b[e - 1]) { e -= 1 }
    }

    @inline(__always)
    static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }
}

/// The time zone `DtTm` values are converted to: Foundation's `TimeZone`, used only here, at the edge.
/// Its offset is kept per quarter of an hour (zone rules change on such boundaries), since a lookup
/// costs microseconds and a statement's timestamps cluster.
final class CAMTTimeZone {
    private let zone: TimeZone
    private var cachedQuarter: Int64 = .min
    private var cachedOffset = 0

    /// Nil for an identifier Foundation does not know.
    init?(identifier: String) {
        guard let z = TimeZone(identifier: identifier) else { return nil }
        zone = z
    }

    /// Seconds east of UTC in this zone at `utc` (seconds since 1970-01-01T00:00Z).
    func secondsFromGMT(atUTC utc: Int64) -> Int {
        let quarter = utc >= 0 ? utc / 900 : (utc - 899) / 900
        if quarter != cachedQuarter {
            cachedQuarter = quarter
            cachedOffset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(quarter * 900)))
        }
        return cachedOffset
    }
}
