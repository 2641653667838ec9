/// Exact integer division rounded half-even, the one rounding the KPIs and penalties apply.
///
/// Numerators are `Int128` so that products of amounts (Int64 minor units) by days or basis
/// points never overflow before the single rounding.
enum HalfEven {
    /// `numerator / denominator` rounded half-even; `denominator` must not be 0.
    static func divide(_ numerator: Int128, by denominator: Int128) -> Int128 {
        precondition(denominator != 0, "division by zero")
        var n = numerator, d = denominator
        if d < 0 { n = -n; d = -d }
        var q = n / d  // truncates towards zero
        let r = n - q * d
        let twice = (r < 0 ? -r : r) * 2
        if twice > d || (twice == d && q & 1 != 0) {
            q += n < 0 ? -1 : 1
        }
        return q
    }

    /// `numerator / denominator` rounded half-even, nil when the result does not fit in Int64.
    static func divideToInt64(_ numerator: Int128, by denominator: Int128) -> Int64? {
        Int64(exactly: divide(numerator, by: denominator))
    }

    /// A count of tenths (one decimal) rounded half-even to a whole number: 25 → 2, 35 → 4, −25 → −2.
    static func wholeFromTenths(_ tenths: Int) -> Int {
        Int(divide(Int128(tenths), by: 10))
    }
}
