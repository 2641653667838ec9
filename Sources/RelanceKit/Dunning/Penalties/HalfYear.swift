/// A calendar half-year, `2026-H1` (1 January – 30 June) or `2026-H2` (1 July – 31 December):
/// the period a reference rate applies to.
public struct HalfYear: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    /// 1 or 2.
    public let half: Int

    /// Nil unless `half` is 1 or 2 and `year` is 1...9999.
    public init?(year: Int, half: Int) {
        guard (1...9999).contains(year), half == 1 || half == 2 else { return nil }
        self.year = year
        self.half = half
    }

    /// The half-year containing `date`.
    public init(containing date: CivilDate) {
        let (y, m, _) = date.civil
        self.year = y
        self.half = m <= 6 ? 1 : 2
    }

    /// Reads `2026-H1` / `2026-h2` (the conf's lower-case keys).
    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count == 7, b[4] == 0x2D, b[5] | 0x20 == 0x68, b[6] == 0x31 || b[6] == 0x32,
              b[0..<4].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let y = b[0..<4].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        self.init(year: y, half: Int(b[6] - 0x30))
    }

    /// 1 January or 1 July.
    public var start: CivilDate { CivilDate(year: year, month: half == 1 ? 1 : 7, day: 1)! }
    /// 30 June or 31 December.
    public var end: CivilDate { CivilDate(year: year, month: half == 1 ? 6 : 12, day: half == 1 ? 30 : 31)! }

    /// `2026-H1`.
    public var description: String {
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-H\(half)"
    }

    public static func < (a: HalfYear, b: HalfYear) -> Bool { (a.year, a.half) < (b.year, b.half) }
}
