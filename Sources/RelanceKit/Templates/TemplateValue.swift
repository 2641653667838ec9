/// A value a template can show or test: typed, so that money and dates are written in the message's language.
public indirect enum TemplateValue: Sendable {
    case text(String)
    case money(Money)
    case date(CivilDate)
    case integer(Int)
    case bool(Bool)
    /// A section over a list repeats once per item, each item's names resolving first.
    case list([TemplateContext])
    /// A nested record reached by a dotted name (`customer.name`) or pushed by a section.
    case context(TemplateContext)

    /// Whether a section `{{#name}}` shows its content (and `{{^name}}` hides it).
    var isTruthy: Bool {
        switch self {
        case let .text(s): return !s.isEmpty
        case let .money(m): return !m.isZero
        case .date: return true
        case let .integer(n): return n != 0
        case let .bool(b): return b
        case let .list(items): return !items.isEmpty
        case .context: return true
        }
    }
}

/// The names a template can use, each bound to a `TemplateValue`.
public struct TemplateContext: Sendable {
    public var values: [String: TemplateValue]

    public init(_ values: [String: TemplateValue] = [:]) {
        self.values = values
    }

    public subscript(key: String) -> TemplateValue? {
        get { values[key] }
        set { values[key] = newValue }
    }
}
