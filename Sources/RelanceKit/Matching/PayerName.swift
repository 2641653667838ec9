import Foundation

/// Payer and customer names compared for rule 4 of `reconcile.md`: upper case, accents folded,
/// punctuation removed, legal forms (`SA`, `SARL`, `GmbH`, `B.V.`, `& Fils`…) dropped.
public enum PayerName {
    static let legalForms: Set<String> = [
        "SA", "SARL", "SAS", "SASU", "EURL", "SRL", "SPRL", "BV", "BVBA", "NV", "GMBH", "AG", "LTD", "LLC", "INC",
        "KG", "OHG", "SNC", "SCI", "SCS", "SCA", "SE", "PLC", "SPA", "SL", "CV", "CVBA", "VOF", "COMMV", "SC", "SCRL",
        "LIMITED", "CORP", "CO", "CIE", "GMBHCOKG",
    ]
    /// Two-word endings: `& Fils`, `et Cie`, `& Co`, `en Zonen`.
    static let connectors: Set<String> = ["ET", "AND", "EN", "UND", "Y"]
    static let family: Set<String> = ["FILS", "CIE", "CO", "ZONEN", "ZOON", "SOHN", "SOHNE", "SONS", "SON", "FRERES"]

    /// The tokens of a name after normalisation; the legal forms are removed unless nothing else is left.
    public static func tokens(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        for ch in folded(name).unicodeScalars {
            if ch == "." || ch == "'" || ch == "’" { continue } // B.V. → BV, L'EPICURIEN → LEPICURIEN
            if ch == "&" || ch == "+" {
                if !current.isEmpty { words.append(current); current = "" }
                words.append("ET")
                continue
            }
            if (ch >= "A" && ch <= "Z") || (ch >= "0" && ch <= "9") {
                current.unicodeScalars.append(ch)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var kept: [String] = []
        var i = 0
        while i < words.count {
            let w = words[i]
            if connectors.contains(w), i + 1 < words.count, family.contains(words[i + 1]) { i += 2; continue }
            if legalForms.contains(w) { i += 1; continue }
            kept.append(w)
            i += 1
        }
        return kept.isEmpty ? words : kept
    }

    /// The name upper case with its accents folded (`ß` → `SS`). Most names are ASCII, whose folding
    /// only upper-cases the letters: done on the bytes, without Foundation's folding (a tenth of
    /// matching by payer at a million bank lines). `tokens` reads the result the same either way.
    static func folded(_ name: String) -> String {
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: name.utf8.map { $0 &- 0x61 < 26 ? $0 &- 0x20 : $0 }, as: UTF8.self)
        }
        return foundationFolded(name)
    }

    /// Foundation's folding, for any name.
    static func foundationFolded(_ name: String) -> String {
        name.replacingOccurrences(of: "ß", with: "SS")
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).uppercased()
    }

    /// The normalised name: its tokens joined by one space.
    public static func normalize(_ name: String) -> String { tokens(name).joined(separator: " ") }

    /// Similarity of two normalised names in ten-thousandths: 10 000 when equal; 8 000…9 000 for a
    /// token overlap ≥ 0.8 or an edit distance ≤ 2 on names of at least 8 characters; 0 otherwise.
    public static func similarity(_ a: String, _ b: String) -> Int {
        if a.isEmpty || b.isEmpty { return 0 }
        if a == b { return 10_000 }
        var best = 0
        let ta = Set(a.split(separator: " ")), tb = Set(b.split(separator: " "))
        let overlap = ta.intersection(tb).count * 10_000 / max(ta.count, tb.count)
        if overlap >= 8_000 { best = 8_000 + (overlap - 8_000) / 2 }
        let ca = Array(a.utf8.filter { $0 != 0x20 }), cb = Array(b.utf8.filter { $0 != 0x20 })
        if ca.count >= 8, cb.count >= 8, abs(ca.count - cb.count) <= 2 {
            let d = editDistance(ca, cb, limit: 2)
            if d == 0 { best = max(best, 9_000) } else if d <= 2 { best = max(best, 9_000 - 500 * d) }
        }
        return best
    }

    /// Levenshtein distance, cut at `limit + 1`.
    static func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            cur[0] = i
            var rowMin = cur[0]
            for j in 1...max(b.count, 1) where !b.isEmpty {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMin = min(rowMin, cur[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
