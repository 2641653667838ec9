/// An amount in minor units (cents for EUR) of one currency. Arithmetic checks currency and overflow.
public struct Money: Hashable, Sendable {
    /// The amount in minor units of `currency` (1234 = 12.34 EUR, 1234 JPY, 1.234 KWD).
    public var minorUnits: Int64
    public var currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    public static func zero(_ c: Currency) -> Money { Money(minorUnits: 0, currency: c) }

    public var isZero: Bool { minorUnits == 0 }
    public var isNegative: Bool { minorUnits < 0 }
    public var isPositive: Bool { minorUnits > 0 }

    /// `self + other`; throws on a currency mismatch or Int64 overflow.
    public func adding(_ other: Money) throws(MoneyError) -> Money {
        guard currency == other.currency else { throw .currencyMismatch(currency, other.currency) }
        let (r, o) = minorUnits.addingReportingOverflow(other.minorUnits)
        if o { throw .overflow }
        return Money(minorUnits: r, currency: currency)
    }

    /// `self - other`; throws on a currency mismatch or Int64 overflow.
    public func subtracting(_ other: Money) throws(MoneyError) -> Money {
        guard currency == other.currency else { throw .currencyMismatch(currency, other.currency) }
        let (r, o) = minorUnits.subtractingReportingOverflow(other.minorUnits)
        if o { throw .overflow }
        return Money(minorUnits: r, currency: currency)
    }

    /// `-self`; `Int64.min` (which has no opposite) saturates to `Int64.max`.
    public func negated() -> Money {
        let (r, o) = Int64(0).subtractingReportingOverflow(minorUnits)
        return Money(minorUnits: o ? Int64.max : r, currency: currency)
    }
}

/// Why money arithmetic failed.
public enum MoneyError: Error, Equatable, Sendable, CustomStringConvertible {
    case currencyMismatch(Currency, Currency)
    case overflow

    public var description: String {
        switch self {
        case let .currencyMismatch(a, b): return "cannot combine \(a) and \(b) amounts"
        case .overflow: return "amount out of range"
        }
    }
}
