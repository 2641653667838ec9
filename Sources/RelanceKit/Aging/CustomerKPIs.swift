/// The payment-behaviour figures of one customer in one currency of one entity (`aging.md`, KPIs),
/// written to `customers.csv`. Days in tenths (one decimal), ratios in ten-thousandths.
public struct CustomerKPIs: Sendable, Equatable {
    public var entity: String
    public var customerID: String
    public var currency: Currency
    public var dso: CountbackResult?
    public var avgDaysToPayTenths: Int?
    public var avgDaysLateTenths: Int?
    public var lateRate: Int?
    public var payerClass: PayerClass
    public var trend: PaymentTrend?
    public var lastPaymentDate: CivilDate?
}

/// The KPIs of an entity (or of the whole pipeline, entity `*`) in one currency: a row of `kpis.csv`.
public struct GroupKPIs: Sendable, Equatable {
    public var entity: String
    public var currency: Currency
    public var openTotal: Int64
    public var overdueTotal: Int64
    public var lateRate: Int?
    public var dso: CountbackResult?
    public var bestPossibleDSO: CountbackResult?
    public var addDays: Int?
    /// CEI of the last complete month before the as-of, in tenths of a percent.
    public var ceiMonth: Int?
    public var avgDaysLateTenths: Int?
    public var forecastNext4Weeks: Int64
}

/// `73.7`, `-2.5`, `0.0` from tenths.
func tenthsText(_ tenths: Int?) -> String {
    guard let t = tenths else { return "" }
    let sign = t < 0 ? "-" : ""
    let m = t.magnitude
    return sign + String(m / 10) + "." + String(m % 10)
}
