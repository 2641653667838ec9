/// A dunning plan (`plans/NAME.plan`, `dunning.md`): settings and an ordered list of steps.
public struct DunningPlan: Sendable, Equatable {
    public enum Fallback: String, Sendable {
        case letter, none
    }
    public var name: String
    /// Default language of its customers.
    public var language: Language?
    public var minDaysBetween: Int = 5
    public var graceDays: Int = 3
    /// Below this amount (in the entity's currency, as written) a customer is not reminded.
    public var minAmount: String = "10.00"
    public var maxPerCustomerPerRun: Int = 1
    public var fallback: Fallback = .letter
    public var thankYou: Bool = false
    /// Steps in firing order (increasing `at`).
    public var steps: [DunningStep] = []
    /// The file it was read from.
    public var path: String = ""

    public init(name: String) {
        self.name = name
    }

    /// `min_amount` in minor units of a currency.
    public func minAmount(in currency: Currency) -> Int64 {
        if case .success(let p) = AmountParser.parse(minAmount, minorDigits: currency.minorDigits, convention: .point) {
            return p.minorUnits
        }
        return 0
    }

    public func step(_ id: String) -> DunningStep? { steps.first { $0.id == id } }

    public func index(of id: String) -> Int? { steps.firstIndex { $0.id == id } }
}
