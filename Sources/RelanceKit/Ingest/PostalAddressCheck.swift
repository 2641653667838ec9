/// What a letter needs to reach a customer, checked at ingest. Problems are warnings: the customer
/// stays, and its letters carry the address as given, but finance learns before the formal notice
/// comes back undelivered.
enum PostalAddressCheck {
    enum Problem: Equatable {
        /// Some of the address is given, but not the named columns.
        case incomplete(missing: [String])
        /// The postcode does not have the country's shape (described in words).
        case postcode(expected: String)
    }

    /// Postcode shapes of the countries our users write to most: `9` a digit, `A` a letter, a space
    /// optional. Other countries are not checked.
    private static let shapes: [String: (patterns: [String], words: String)] = [
        "FR": (["99999"], "5 digits"), "DE": (["99999"], "5 digits"), "ES": (["99999"], "5 digits"),
        "IT": (["99999"], "5 digits"), "BE": (["9999"], "4 digits"), "LU": (["9999", "L-9999"], "4 digits"),
        "CH": (["9999"], "4 digits"), "AT": (["9999"], "4 digits"), "NL": (["9999 AA", "9999AA"], "4 digits and 2 letters"),
        "PT": (["9999-999"], "4 digits, a hyphen and 3 digits"),
    ]

    static func problems(address1: String, postcode: String, city: String, country: String) -> [Problem] {
        let given = [address1, postcode, city].contains { !$0.isEmpty }
        guard given else { return [] }
        var out: [Problem] = []
        let checked = shapes[country]
        var missing: [String] = []
        if address1.isEmpty { missing.append("address1") }
        if postcode.isEmpty && (checked != nil || country == "GB") { missing.append("postcode") }
        if city.isEmpty { missing.append("city") }
        if !missing.isEmpty { out.append(.incomplete(missing: missing)) }
        guard !postcode.isEmpty else { return out }
        if let (patterns, words) = checked {
            let upper = postcode.uppercased()
            if !patterns.contains(where: { fits(upper, $0) }) { out.append(.postcode(expected: words)) }
        } else if country == "GB" && !isBritish(postcode.uppercased()) {
            out.append(.postcode(expected: "a UK postcode such as SW1A 1AA"))
        }
        return out
    }

    private static func fits(_ text: String, _ pattern: String) -> Bool {
        let t = Array(text.utf8), p = Array(pattern.utf8)
        guard t.count == p.count else { return false }
        for (c, want) in zip(t, p) {
            switch want {
            case UInt8(ascii: "9"): if !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) { return false }
            case UInt8(ascii: "A"): if !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c) { return false }
            default: if c != want { return false }
            }
        }
        return true
    }

    /// The outward code (2–4 letters and digits, starting with a letter), a space, the inward code
    /// (a digit and two letters): `SW1A 1AA`, `M1 1AE`, `EC1A 1BB`.
    private static func isBritish(_ text: String) -> Bool {
        let parts = text.split(separator: " ")
        guard parts.count == 2 else { return false }
        let outward = Array(parts[0].utf8), inward = Array(parts[1].utf8)
        let isLetter = { (c: UInt8) in (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c) }
        let isDigit = { (c: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) }
        guard (2...4).contains(outward.count), isLetter(outward[0]), outward.allSatisfy({ isLetter($0) || isDigit($0) }),
              outward.contains(where: isDigit) else { return false }
        return inward.count == 3 && isDigit(inward[0]) && isLetter(inward[1]) && isLetter(inward[2])
    }
}
