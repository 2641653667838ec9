// Words and number forms of the dashboard, in French or English (Dutch and German readers get the
// English words with their own number forms).

struct DashboardWords {
    let language: Language
    var fr: Bool { language == .fr }

    func t(_ fr: String, _ en: String) -> String { self.fr ? fr : en }

    // MARK: numbers

    /// Tenths as a decimal: fr `53,5`, en `53.5`.
    func tenths(_ v: Int) -> String {
        let sign = v < 0 ? "-" : ""
        let m = v.magnitude
        return sign + grouped(UInt64(m / 10)) + (language == .en ? "." : ",") + String(m % 10)
    }

    func days(_ tenths: Int?) -> String {
        guard let tenths else { return "—" }
        return self.tenths(tenths) + "\u{A0}" + t("j", "days")
    }

    func percent(_ tenths: Int?) -> String {
        guard let tenths else { return "—" }
        return self.tenths(tenths) + (language == .en ? "%" : "\u{A0}%")
    }

    func count(_ n: Int) -> String { (n < 0 ? "-" : "") + grouped(UInt64(n.magnitude)) }

    func grouped(_ n: UInt64) -> String {
        let digits = String(n)
        let sep: String
        switch language {
        case .en: sep = ","
        case .fr: sep = "\u{A0}"
        case .de, .nl: sep = "."
        }
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += sep }
            out.append(ch)
        }
        return out
    }

    /// An amount in whole units (for axes and bar labels): fr `20 000 €`, en `€20,000`.
    func whole(_ minor: Int64, _ c: Currency) -> String {
        var scale: Int64 = 1
        for _ in 0..<c.minorDigits { scale *= 10 }
        let major = minor / scale
        let digits = grouped(major.magnitude)
        let sign = major < 0 ? "-" : ""
        let unit = c.symbol ?? c.code
        if language == .en { return sign + unit + (c.symbol == nil ? "\u{A0}" : "") + digits }
        return sign + digits + "\u{A0}" + unit
    }

    /// A change: `+1 234,56 €`, `-€12.00`, `±0`.
    func signedMoney(_ m: Money) -> String { m.isPositive ? "+" + m.formatted(language) : m.formatted(language) }

    // MARK: dates

    static let monthsFR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
    static let monthsEN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    static let shortFR = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
    static let shortEN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    func date(_ d: CivilDate) -> String { d.formatted(fr ? .fr : (language == .en ? .en : language)) }
    func dateShort(_ d: CivilDate?) -> String { d.map { $0.short(language) } ?? "" }
    /// `novembre 2026`, `November 2026`.
    func monthYear(_ d: CivilDate) -> String { (fr ? Self.monthsFR : Self.monthsEN)[d.month - 1] + " " + String(d.year) }
    /// `nov. 2026`, `Nov 2026`.
    func monthShort(_ d: CivilDate) -> String { (fr ? Self.shortFR : Self.shortEN)[d.month - 1] + "\u{A0}" + String(d.year) }
    /// `21 nov.`, `21 Nov`.
    func dayMonth(_ d: CivilDate) -> String { String(d.day) + "\u{A0}" + (fr ? Self.shortFR : Self.shortEN)[d.month - 1] }

    // MARK: tokens

    func bucket(_ token: String) -> String {
        if token == "not_due" { return t("Non échu", "Not due") }
        let label = String(token.map { $0 == "-" ? "–" : $0 })
        return label + "\u{A0}" + t("j", "days")
    }

    func payerClass(_ c: String) -> String {
        switch c {
        case "excellent": return t("excellent", "excellent")
        case "good": return t("bon", "good")
        case "average": return t("moyen", "average")
        case "poor": return t("mauvais", "poor")
        case "new": return t("nouveau", "new")
        default: return c
        }
    }

    func channel(_ c: String) -> String {
        switch c {
        case "email": return "e-mail"
        case "letter": return t("courrier", "letter")
        case "registered_letter", "registered": return t("recommandé", "registered letter")
        case "call": return t("appel", "call")
        case "internal": return t("interne", "internal")
        default: return c
        }
    }

    func step(_ s: String) -> String {
        switch s {
        case "digest": return t("récapitulatif du chargé de recouvrement", "collector's digest")
        case "thank_you": return t("remerciement", "thank-you")
        default: return s
        }
    }
}

/// Escapes text for HTML and XML (content and quoted attributes).
func dashboardEscape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for ch in s.unicodeScalars {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default:
            // Control characters are not allowed in XML; keep tab, newline and carriage return.
            if ch.value < 0x20 && ch != "\t" && ch != "\n" && ch != "\r" { out += " " } else { out.unicodeScalars.append(ch) }
        }
    }
    return out
}
