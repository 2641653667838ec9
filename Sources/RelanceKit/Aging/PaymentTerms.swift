/// Payment terms as finance writes them, in French or English (`aging.md`, "Due dates from payment
/// terms"): `30 jours`, `net 30`, `45 jours fin de mois le 10`, `FDM+45`, `comptant`…
public enum PaymentTerms: Sendable, Equatable {
    /// Due on the document date (`comptant`, `à réception`, `on receipt`, `0`).
    case immediate
    /// Document date + N days (`net 30`, `30 jours`, `30J`).
    case net(days: Int)
    /// `N jours fin de mois` / `N FDM` / `EOM N`: read by the entity's method (a or b).
    case daysEndOfMonth(days: Int)
    /// End of the document's month, then + N days (`fin de mois 45 jours`, `FDM+45`): always method b.
    case endOfMonthPlus(days: Int)
    /// As `daysEndOfMonth` read by method a, then the given day of the next month (`45 jours fin de mois le 10`).
    case daysEndOfMonthOnDay(days: Int, day: Int)
    /// End of the document's month (`fin de mois`, `EOM`).
    case endOfMonth
    /// End of the document's month, then the given day of the next month (`fin de mois le 10`).
    case endOfMonthOnDay(day: Int)

    /// The due date of a document issued on `date`.
    public func dueDate(from date: CivilDate, method: EndOfMonthMethod) -> CivilDate {
        switch self {
        case .immediate: return date
        case .net(let n): return date.adding(days: n)
        case .daysEndOfMonth(let n):
            switch method {
            case .a: return date.adding(days: n).endOfMonth
            case .b: return date.endOfMonth.adding(days: n)
            }
        case .endOfMonthPlus(let n): return date.endOfMonth.adding(days: n)
        case .daysEndOfMonthOnDay(let n, let day): return Self.day(day, after: date.adding(days: n).endOfMonth)
        case .endOfMonth: return date.endOfMonth
        case .endOfMonthOnDay(let day): return Self.day(day, after: date.endOfMonth)
        }
    }

    /// Beyond the French caps of 60 days, or 45 days end of month (listed as a warning, not enforced).
    public var exceedsFrenchCap: Bool {
        switch self {
        case .immediate, .endOfMonth, .endOfMonthOnDay: return false
        case .net(let n): return n > 60
        case .daysEndOfMonth(let n), .endOfMonthPlus(let n), .daysEndOfMonthOnDay(let n, _): return n > 45
        }
    }

    /// The `day`-th of the month after the month ending on `monthEnd` (clamped to that month's length).
    private static func day(_ day: Int, after monthEnd: CivilDate) -> CivilDate {
        let next = monthEnd.adding(days: 1)
        let last = CivilDate.daysInMonth(year: next.year, month: next.month)
        return next.adding(days: min(day, last) - 1)
    }
}

extension PaymentTerms {
    /// Reads a terms text; nil when it cannot be read (the caller rejects the row quoting the text).
    public init?(parsing text: String) {
        var tokens = Self.tokens(text)
        guard !tokens.isEmpty else { return nil }
        // A trailing "on the 10th" (`le 10`) after an end-of-month marker.
        var onDay: Int? = nil
        if tokens.count >= 2, case .number(let d) = tokens[tokens.count - 1], tokens[tokens.count - 2] == .on {
            guard (1...31).contains(d) else { return nil }
            onDay = d
            tokens.removeLast(2)
        }
        // The shapes finance writes, once filler words are gone.
        var numbers: [Int] = []
        var shape = ""
        var endOfMonthFirstIsB = false
        for t in tokens {
            switch t {
            case .number(let n): numbers.append(n); shape += "N"
            case .endOfMonth(let b): if shape.isEmpty { endOfMonthFirstIsB = b }; shape += "E"
            case .immediate: shape += "I"
            case .plus: shape += "+"
            case .on: shape += "O"
            }
        }
        switch (shape, onDay) {
        case ("I", nil): self = .immediate
        case ("N", nil): self = numbers[0] == 0 ? .immediate : .net(days: numbers[0])
        case ("NE", nil): self = .daysEndOfMonth(days: numbers[0])
        case ("NE", let d?): self = .daysEndOfMonthOnDay(days: numbers[0], day: d)
        case ("EN", nil): self = endOfMonthFirstIsB ? .endOfMonthPlus(days: numbers[0]) : .daysEndOfMonth(days: numbers[0])
        case ("E+N", nil): self = .endOfMonthPlus(days: numbers[0])
        case ("E", nil): self = .endOfMonth
        case ("E", let d?): self = .endOfMonthOnDay(day: d)
        default: return nil
        }
    }

    private enum Token: Equatable {
        case number(Int)
        /// `explicitB`: written end-of-month first in words (`fin de mois 45 jours`), which always means method b;
        /// `EOM 30` keeps the entity's method.
        case endOfMonth(explicitB: Bool)
        case immediate
        case plus
        case on
    }

    /// Words folded to ASCII lower case; filler words (`jours`, `net`, `days`…) dropped.
    private static func tokens(_ text: String) -> [Token] {
        var words: [String] = []
        var current = ""
        var number = ""
        func flush() {
            if !current.isEmpty { words.append(current); current = "" }
            if !number.isEmpty { words.append(number); number = "" }
        }
        for scalar in text.lowercased().unicodeScalars {
            let c = fold(scalar)
            if c.isEmpty { flush(); continue }
            if c == "+" { flush(); words.append("+"); continue }
            if c.first!.isNumber {
                if !current.isEmpty { words.append(current); current = "" }
                number += c
            } else {
                if !number.isEmpty { words.append(number); number = "" }
                current += c
            }
        }
        flush()

        var out: [Token] = []
        var i = 0
        while i < words.count {
            let w = words[i]
            func next(_ k: Int) -> String? { i + k < words.count ? words[i + k] : nil }
            if let n = Int(w) {
                guard n <= 3650 else { return [] }
                out.append(.number(n))
            } else if w == "fin", next(1) == "de", next(2) == "mois" {
                out.append(.endOfMonth(explicitB: out.isEmpty))
                i += 2
            } else if w == "end", next(1) == "of", next(2) == "month" {
                out.append(.endOfMonth(explicitB: out.isEmpty))
                i += 2
            } else if w == "fdm" {
                out.append(.endOfMonth(explicitB: out.isEmpty && next(1) == "+"))
            } else if w == "eom" {
                out.append(.endOfMonth(explicitB: false))
            } else if w == "+" {
                out.append(.plus)
            } else if w == "le" || w == "on" || w == "the", let n = next(1), Int(n) != nil {
                if out.last != .on { out.append(.on) }
            } else if ["comptant", "immediate", "immediat", "immediately", "cash", "receipt", "reception"].contains(w) {
                if out.last != .immediate { out.append(.immediate) }
            } else if ["net", "jours", "jour", "days", "day", "j", "d", "a", "on", "le", "the", "due", "upon", "payable", "à", "de", "of", "th", "st", "nd", "rd", "er",
                        "paiement", "payment", "reglement", "date", "facture", "invoice", "from", "after", "apres", "des"].contains(w) {
                // Filler words.
            } else {
                return [] // An unknown word: the text cannot be read.
            }
            i += 1
        }
        return out
    }

    /// One scalar folded to lower-case ASCII: letters unaccented, digits kept, `+` kept, anything else a separator ("").
    private static func fold(_ s: Unicode.Scalar) -> String {
        switch s {
        case "a"..."z", "0"..."9", "+": return String(s)
        case "à", "â", "ä": return "a"
        case "é", "è", "ê", "ë": return "e"
        case "î", "ï": return "i"
        case "ô", "ö": return "o"
        case "ù", "û", "ü": return "u"
        case "ç": return "c"
        default: return ""
        }
    }
}
