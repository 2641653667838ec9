/// The `trend` column of aging.md: whether a customer's payments are getting slower.
public enum PaymentTrend: String, Sendable, Equatable {
    /// Average days late over the last 90 days is at least 10 days above the 12 months before.
    case worsening
}
