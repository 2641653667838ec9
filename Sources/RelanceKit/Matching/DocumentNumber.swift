/// Document numbers as customers quote them in a remittance text: `F2026-0142`, `f 2026-0142`,
/// `FACTURE N° 2026/0142`. Both sides are reduced to a key — upper case, letters and digits only,
/// a common prefix (`FA`, `FAC`, `F`, `INV`, `N°`…) and leading zeros removed — and a text is cut at
/// non-alphanumeric boundaries, so that `F-12` never matches inside `F-123` (`reconcile.md`, rule 3).
public enum DocumentNumber {
    private static let prefixes = ["FACTURE", "INVOICE", "FACT", "FAC", "INV", "FA", "NO", "N", "F"]

    /// The comparison key of a document number; empty when nothing is left.
    public static func key(_ text: String) -> String {
        var s: [UInt8] = []
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): s.append(b - 32)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): s.append(b)
            default: continue
            }
        }
        // A common prefix counts only when digits follow it (`F2026` but not `FR2026` → stays `FR2026`).
        for p in prefixes {
            let pb = Array(p.utf8)
            if s.count > pb.count, s.starts(with: pb), s[pb.count] >= UInt8(ascii: "0"), s[pb.count] <= UInt8(ascii: "9") {
                s.removeFirst(pb.count)
                break
            }
        }
        while s.count > 1, s[0] == UInt8(ascii: "0") { s.removeFirst() }
        return String(decoding: s, as: UTF8.self)
    }

    /// Every candidate key in a text: each word (a run between spaces and punctuation other than
    /// `- / . _`), and each run of two or three adjacent words (`F 2026-0142`, `N° 2026 0142`).
    public static func candidateKeys(in text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        for b in text.utf8 {
            let isWordByte = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: "-") || b == UInt8(ascii: "/") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_")
                || b >= 0x80
            if isWordByte {
                current.append(b)
            } else if !current.isEmpty {
                words.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        // A word is joined to the next only when it holds no digit (a prefix such as `F`, `N°`, `FACT`):
        // `F 2026-0142` is one number, but `F-12 3` is not `F-123`.
        var keys: [String] = []
        for i in words.indices {
            var joined = ""
            for j in i..<min(i + 3, words.count) {
                joined += words[j]
                let k = key(joined)
                if !k.isEmpty { keys.append(k) }
                if words[j].utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) { break }
            }
        }
        return keys
    }
}
