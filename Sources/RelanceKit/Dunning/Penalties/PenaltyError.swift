/// Why penalties could not be computed.
public enum PenaltyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The rate table has no rate for this series and half-year (`2026-H1`): never taken as zero.
    case missingRate(series: String, halfYear: String)
    /// The interest does not fit in Int64 minor units.
    case overflow

    public var description: String {
        switch self {
        case let .missingRate(series, halfYear):
            return "no \(series) reference rate for \(halfYear): add it to the rates table"
        case .overflow:
            return "penalty interest out of range"
        }
    }
}
