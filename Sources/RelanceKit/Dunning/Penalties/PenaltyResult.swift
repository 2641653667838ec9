/// The late-payment penalties of one invoice as of a date.
public struct PenaltyResult: Sendable, Equatable {
    /// A stretch of days at one rate on one principal.
    public struct Piece: Sendable, Equatable {
        /// First day of interest in the piece (inclusive).
        public var from: CivilDate
        /// Last day of interest in the piece (inclusive).
        public var to: CivilDate
        /// Calendar days from `from` to `to`, both included.
        public var days: Int
        /// Yearly rate in basis points (1215 = 12.15 %).
        public var rateBp: Int
        /// The principal the piece accrues on, minor units (the open amount; for NL, plus the
        /// interest capitalised at each anniversary).
        public var principal: Int64

        public init(from: CivilDate, to: CivilDate, days: Int, rateBp: Int, principal: Int64) {
            self.from = from
            self.to = to
            self.days = days
            self.rateBp = rateBp
            self.principal = principal
        }
    }

    /// Late-payment interest, rounded half-even to the minor unit once (per year for NL).
    public var interest: Money
    /// The fixed recovery indemnity; zero for consumers and for invoices not in the
    /// jurisdiction's currency.
    public var indemnity: Money
    /// True when the invoice is not in the jurisdiction's currency, so no fixed indemnity is due
    /// (the letter says interest only).
    public var indemnityNotApplicable: Bool
    /// True when a `[contract]` rate replaced the statutory one.
    public var contractRate: Bool
    /// The half-year pieces, in date order.
    public var pieces: [Piece]

    public init(interest: Money, indemnity: Money, indemnityNotApplicable: Bool, contractRate: Bool, pieces: [Piece]) {
        self.interest = interest
        self.indemnity = indemnity
        self.indemnityNotApplicable = indemnityNotApplicable
        self.contractRate = contractRate
        self.pieces = pieces
    }

    /// Interest plus indemnity (same currency as the invoice).
    public var total: Money {
        Money(minorUnits: interest.minorUnits &+ indemnity.minorUnits, currency: interest.currency)
    }
}
