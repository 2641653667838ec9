/// The half-year reference-rate table penalties are computed from (dunning.md, Penalties), and
/// the contract rates that replace the statutory rate of a jurisdiction.
public struct ReferenceRates: Sendable, Equatable {
    /// A published series of reference rates.
    public enum Series: String, Sendable, Equatable, CaseIterable {
        /// ECB main refinancing operations rate on 1 January (H1) and 1 July (H2): FR, BE, EU.
        case ECB
        /// Deutsche Bundesbank Basiszinssatz (BGB § 247), set on 1 January and 1 July: DE.
        case BASISZINS
        /// Bank of England Bank Rate on 31 December (H1) and 30 June (H2): UK.
        case BOE
        /// Dutch statutory commercial rate (wettelijke handelsrente, BW 6:119a), margin included: NL.
        case NL
    }

    /// Rates in basis points (265 = 2.65 %; may be negative), per series and half-year.
    public var rates: [Series: [HalfYear: Int]]
    /// Total yearly rate in basis points replacing the statutory one, per jurisdiction.
    public var contractRates: [Jurisdiction: Int]

    public init(rates: [Series: [HalfYear: Int]] = [:], contractRates: [Jurisdiction: Int] = [:]) {
        self.rates = rates
        self.contractRates = contractRates
    }

    /// The rate of `series` for `halfYear` in basis points, nil when the table has none.
    public func rate(_ series: Series, _ halfYear: HalfYear) -> Int? {
        rates[series]?[halfYear]
    }
}
