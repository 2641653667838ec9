/// Structured creditor references (`reconcile.md`, rule 2): ISO 11649 `RFkk…` and the Belgian
/// structured communication `+++123/4567/89012+++`, each with its check.
public enum StructuredReference: Sendable, Equatable, Hashable {
    /// ISO 11649: `RF` + 2 check digits + up to 21 characters, stored upper case without spaces.
    case rf(String)
    /// Belgian OGM-VCS: 12 digits, the last two = the first ten mod 97 (97 when 0).
    case belgian(String)

    /// The canonical text: `RF18539007547034`, or the 12 digits of a Belgian reference.
    public var canonical: String {
        switch self {
        case .rf(let s), .belgian(let s): s
        }
    }

    /// Reads a reference as printed on an invoice or quoted by a bank; nil unless its check passes.
    public init?(parsing text: String) {
        if let belgian = Self.parseBelgian(text) {
            self = belgian
            return
        }
        let compact = Array(text.utf8.filter { $0 != 0x20 })
        if compact.count >= 5, compact[0] | 0x20 == UInt8(ascii: "r"), compact[1] | 0x20 == UInt8(ascii: "f") {
            let upper = compact.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 32 : $0 }
            let s = String(decoding: upper, as: UTF8.self)
            guard upper.count <= 25, Self.isValidRF(upper) else { return nil }
            self = .rf(s)
            return
        }
        var digits: [UInt8] = []
        for b in compact {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits.append(b)
            case UInt8(ascii: "+"), UInt8(ascii: "*"), UInt8(ascii: "/"): continue
            default: return nil
            }
        }
        guard digits.count == 12, Self.isValidBelgian(digits) else { return nil }
        self = .belgian(String(decoding: digits, as: UTF8.self))
    }

    /// The Belgian form read in one pass over the bytes, without the arrays of the general reading: the
    /// ledger's million payment references are mostly Belgian. Nil when the text is not one (it may still
    /// be an RF reference, or an invalid one: the general reading decides).
    private static func parseBelgian(_ text: String) -> StructuredReference? {
        var first: UInt64 = 0                                  // the first ten digits
        var check = 0                                          // the last two
        var count = 0
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if count < 10 { first = first * 10 + UInt64(b - 0x30) } else { check = check * 10 + Int(b - 0x30) }
                count += 1
                if count > 12 { return nil }
            case 0x20, UInt8(ascii: "+"), UInt8(ascii: "*"), UInt8(ascii: "/"): continue
            default: return nil
            }
        }
        guard count == 12, check == (first % 97 == 0 ? 97 : Int(first % 97)) else { return nil }
        let digits = String(unsafeUninitializedCapacity: 12) { out in
            var n = first
            for i in stride(from: 9, through: 0, by: -1) {
                out[i] = UInt8(0x30 + n % 10)
                n /= 10
            }
            out[10] = UInt8(0x30 + check / 10)
            out[11] = UInt8(0x30 + check % 10)
            return 12
        }
        return .belgian(digits)
    }

    /// Every valid reference found in a free text: `+++…+++` / `***…***` blocks, `RF…` words,
    /// and bare 12-digit numbers.
    public static func find(in text: String) -> [StructuredReference] {
        guard mayHoldReference(text) else { return [] }
        var found: [StructuredReference] = []
        // Belgian forms with their delimiters.
        for block in belgianBlocks(Array(text.utf8)) where block.closed {
            if let r = StructuredReference(parsing: String(decoding: block.content, as: UTF8.self)) { found.append(r) }
        }
        // Words: RF references, also printed in groups of four (`RF18 5390 0754 7034`), and bare 12-digit numbers.
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" || $0 == ":" }).map(String.init)
        for (i, w) in words.enumerated() {
            if w.count >= 4, w.uppercased().hasPrefix("RF") {
                var candidate = w
                var best: StructuredReference? = StructuredReference(parsing: w)
                var j = i + 1
                while j < words.count, words[j].count <= 4, candidate.count + words[j].count <= 25,
                      words[j].unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) }) {
                    candidate += words[j]
                    if let r = StructuredReference(parsing: candidate) { best = r }
                    j += 1
                }
                if let best { found.append(best) }
            }
            if w.utf8.count == 12, w.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let r = StructuredReference(parsing: w) {
                found.append(r)
            }
        }
        var seen = Set<StructuredReference>()
        return found.filter { seen.insert($0).inserted }
    }

    /// False when a text cannot hold a reference `find` would return: no `+++` or `***`, no `R` followed
    /// by `F` (or by a non-ASCII letter that could upper-case to one), no run of 12 digits. Most remittance
    /// texts hold none; they are then read once, byte by byte, instead of being cut into words.
    static func mayHoldReference(_ text: String) -> Bool {
        var previous: UInt8 = 0, repeated = 0, digits = 0
        for b in text.utf8 {
            repeated = b == previous ? repeated + 1 : 1
            if (b == UInt8(ascii: "+") || b == UInt8(ascii: "*")) && repeated >= 3 { return true }
            if previous | 0x20 == UInt8(ascii: "r"), b | 0x20 == UInt8(ascii: "f") || b >= 0x80 { return true }
            digits = b >= 0x30 && b <= 0x39 ? digits + 1 : 0
            if digits >= 12 { return true }
            previous = b
        }
        return false
    }

    /// The contents of the `+++…+++` / `***…***` blocks of a text; `closed` is false for the last one
    /// when the text ends before its closing delimiter.
    static func belgianBlocks(_ bytes: [UInt8]) -> [(content: ArraySlice<UInt8>, closed: Bool)] {
        var blocks: [(content: ArraySlice<UInt8>, closed: Bool)] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if (b == UInt8(ascii: "+") || b == UInt8(ascii: "*")), i + 2 < bytes.count, bytes[i + 1] == b, bytes[i + 2] == b {
                var j = i + 3
                while j < bytes.count, bytes[j] != b { j += 1 }
                blocks.append((bytes[(i + 3)..<j], j < bytes.count))
                i = j + 3
                continue
            }
            i += 1
        }
        return blocks
    }

    /// ISO 7064 mod 97-10 over the reference moved behind its first four characters.
    static func isValidRF(_ s: [UInt8]) -> Bool {
        guard s.count >= 5, s[2] >= 0x30, s[2] <= 0x39, s[3] >= 0x30, s[3] <= 0x39 else { return false }
        var r = 0
        for b in s[4...] + s[0..<4] {
            switch b {
            case 0x30...0x39: r = (r * 10 + Int(b - 0x30)) % 97
            case 0x41...0x5A: r = (r * 100 + Int(b - 55)) % 97
            default: return false
            }
        }
        return r == 1
    }

    static func isValidBelgian(_ d: [UInt8]) -> Bool {
        var n = 0
        for b in d[0..<10] { n = n * 10 + Int(b - 0x30) }
        let check = Int(d[10] - 0x30) * 10 + Int(d[11] - 0x30)
        let expected = n % 97 == 0 ? 97 : n % 97
        return check == expected
    }

    /// The part of a reference without its check: `BE` + the first 10 digits, or `RF` + the body.
    public var weakKey: String {
        switch self {
        case .rf(let s): "RF" + s.dropFirst(4)
        case .belgian(let d):
            // Built from the bytes: a substring joined to a literal costs more, a million times over.
            String(unsafeUninitializedCapacity: 12) { out in
                out[0] = UInt8(ascii: "B")
                out[1] = UInt8(ascii: "E")
                var i = 2
                for b in d.utf8.prefix(10) {
                    out[i] = b
                    i += 1
                }
                return i
            }
        }
    }

    /// The canonical texts of the valid references whose `weakKey` is `weakKey`: the Belgian one (its
    /// check follows from its ten digits), or the RF ones (check digits `c` and `c ± 97` within 00…99).
    static func canonicals(withWeakKey weakKey: String) -> [String] {
        let u = Array(weakKey.utf8)
        guard u.count >= 2 else { return [] }
        let body = u[2...]
        if u[0] == UInt8(ascii: "B"), u[1] == UInt8(ascii: "E") {
            guard body.count == 10, body.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return [] }
            var n = 0
            for b in body { n = n * 10 + Int(b - 0x30) }
            let check = n % 97 == 0 ? 97 : n % 97
            return [String(decoding: body, as: UTF8.self) + (check < 10 ? "0" : "") + String(check)]
        }
        guard u[0] == UInt8(ascii: "R"), u[1] == UInt8(ascii: "F"), !body.isEmpty else { return [] }
        let rf = makeRF(String(decoding: body, as: UTF8.self))
        let c = Int(rf.dropFirst(2).prefix(2))!
        let text = String(decoding: body, as: UTF8.self)
        var out = [rf]
        for alternative in [c - 97, c + 97] where (0...99).contains(alternative) {
            out.append("RF" + (alternative < 10 ? "0" : "") + String(alternative) + text)
        }
        return out
    }

    /// Weak hints (`reconcile.md`, rule 2): every reference-shaped group of a text, whether its check
    /// passes or not, reduced to `weakKey` form; used for suggestions only.
    public static func weakKeys(in text: String) -> [String] {
        var keys: [String] = []
        for block in belgianBlocks(Array(text.utf8)) {
            let digits = block.content.filter { $0 >= 0x30 && $0 <= 0x39 }
            if digits.count == 12 { keys.append("BE" + String(decoding: digits.prefix(10), as: UTF8.self)) }
        }
        for w in text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" || $0 == ":" || $0 == "/" }) {
            let u = Array(w.uppercased().utf8)
            if u.count == 12, u.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                keys.append("BE" + String(decoding: u.prefix(10), as: UTF8.self))
            } else if u.count >= 5, u.count <= 25, u[0] == UInt8(ascii: "R"), u[1] == UInt8(ascii: "F"),
                      u[2] >= 0x30, u[2] <= 0x39, u[3] >= 0x30, u[3] <= 0x39,
                      u.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }) {
                keys.append("RF" + String(decoding: u.dropFirst(4), as: UTF8.self))
            }
        }
        var seen = Set<String>()
        return keys.filter { seen.insert($0).inserted }
    }

    /// `RF` + check digits + `body` (ISO 11649), e.g. for the reference Relance prints on a reminder.
    public static func makeRF(_ body: String) -> String {
        let upper = Array(body.uppercased().utf8)
        var r = 0
        for b in upper + Array("RF00".utf8) {
            switch b {
            case 0x30...0x39: r = (r * 10 + Int(b - 0x30)) % 97
            default: r = (r * 100 + Int(b - 55)) % 97
            }
        }
        let check = 98 - r
        return "RF" + (check < 10 ? "0" : "") + String(check) + String(decoding: upper, as: UTF8.self)
    }
}
