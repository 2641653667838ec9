/// One rule of the conf's plan selection (`[plan_rule LABEL]` sections, tried in file order): the
/// first whose every condition holds gives the customer's plan (`dunning.md`, "Which plan").
///
///     [plan_rule key accounts]
///     segment = key_account
///     plan = key-accounts
///
///     [plan_rule outside the EU]
///     eu = no
///     plan = export-en
public struct PlanRule: Sendable, Equatable {
    public var label: String
    public var plan: String
    /// ISO country codes (any of them).
    public var countries: [String] = []
    public var languages: [Language] = []
    /// Membership of the customer's country in the EU.
    public var europeanUnion: Bool?
    public var segments: [String] = []
    /// `excellent`, `good`, `average`, `poor`, `new`.
    public var payerClasses: [String] = []
    public var entities: [String] = []
    /// Bounds on the customer's open total, in minor units (inclusive).
    public var minOpen: Int64?
    public var maxOpen: Int64?
    public var line: Int = 0

    public init(label: String, plan: String) {
        self.label = label
        self.plan = plan
    }

    /// Whether the rule applies. `payerClass` is the customer's class when known.
    public func matches(customer: Customer?, entity: String, openTotal: Int64, payerClass: String = "new") -> Bool {
        let country = customer?.country ?? ""
        if !countries.isEmpty && !countries.contains(country) { return false }
        if !languages.isEmpty && !languages.contains(where: { $0 == customer?.language }) { return false }
        if let eu = europeanUnion, country.isEmpty || Country.isInEuropeanUnion(country) != eu { return false }
        if !segments.isEmpty && !segments.contains(customer?.segment ?? "") { return false }
        if !payerClasses.isEmpty && !payerClasses.contains(payerClass) { return false }
        if !entities.isEmpty && !entities.contains(entity) { return false }
        if let minOpen, openTotal < minOpen { return false }
        if let maxOpen, openTotal > maxOpen { return false }
        return true
    }
}

extension PlanRule {
    /// Reads a `[plan_rule LABEL]` section, appending each problem to `errors` (path and line); nil
    /// without `plan = NAME`. A faulty condition is left out of the rule and the others are still read.
    static func parse(_ s: ConfFile.Section, path: String, errors: inout [ConfError]) -> PlanRule? {
        func fail(_ line: Int, _ message: String) { errors.append(ConfError(path: path, line: line, message: message)) }
        guard let plan = s.value("plan"), !plan.isEmpty else {
            fail(s.line, "a plan rule needs `plan = NAME`")
            return nil
        }
        var rule = PlanRule(label: s.argument ?? "", plan: plan)
        rule.line = s.line
        func list(_ v: String) -> [String] {
            v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        for e in s.entries {
            switch e.key {
            case "plan": break
            case "country": rule.countries = list(e.value).map { $0.uppercased() }
            case "language":
                for l in list(e.value) {
                    guard let lang = Language(rawValue: l.lowercased()) else { fail(e.line, "unknown language `\(l)`"); continue }
                    rule.languages.append(lang)
                }
            case "eu":
                do {
                    rule.europeanUnion = try PipelineConfig.flag(e) { ConfError(path: path, line: $0, message: $1) }
                } catch {
                    errors.append(error)
                }
            case "segment": rule.segments = list(e.value)
            case "payer_class":
                let classes = list(e.value)
                for c in classes where PayerClass(rawValue: c) == nil {
                    fail(e.line, "payer_class must be excellent, good, average, poor or new, found `\(c)`")
                }
                rule.payerClasses = classes.filter { PayerClass(rawValue: $0) != nil }
            case "entity": rule.entities = list(e.value)
            case "min_open", "max_open":
                guard case .success(let p) = AmountParser.parse(e.value, minorDigits: 2, convention: .point) else {
                    fail(e.line, "\(e.key) must be an amount such as 5000.00, found `\(e.value)`")
                    continue
                }
                if e.key == "min_open" { rule.minOpen = p.minorUnits } else { rule.maxOpen = p.minorUnits }
            default: fail(e.line, "unknown plan rule condition `\(e.key)` (country, language, eu, segment, payer_class, entity, min_open, max_open)")
            }
        }
        return rule
    }
}
