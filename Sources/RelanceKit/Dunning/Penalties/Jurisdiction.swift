/// The law an entity's late-payment penalties follow (dunning.md, Penalties).
public enum Jurisdiction: String, Sendable, Equatable, CaseIterable {
    /// France: ECB main refinancing rate + 10 points (Code de commerce L441-10).
    case FR
    /// Belgium: ECB rate + 8 points, rounded up to the next half point (loi du 2 août 2002).
    case BE
    /// Germany: Basiszinssatz + 9 points (BGB § 288 (2)).
    case DE
    /// The Netherlands: statutory commercial rate, compounded yearly (BW 6:119a).
    case NL
    /// United Kingdom: Bank of England base rate + 8 points, fixed for the debt
    /// (Late Payment of Commercial Debts (Interest) Act 1998).
    case UK
    /// Any other EU member: ECB rate + 8 points (directive 2011/7/EU).
    case EU

    /// The currency in which the fixed indemnity applies: GBP for the UK, EUR otherwise.
    public var indemnityCurrency: Currency { self == .UK ? .gbp : .eur }
}
