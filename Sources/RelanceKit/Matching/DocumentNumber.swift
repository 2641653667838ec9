/// Document numbers as customers quote them in a remittance text: `F2026-0142`, `f 2026-0142`,
/// `FACTURE N° 2026/0142`. Both sides are reduced to a key — upper case, letters and digits only,
/// a common prefix (`FA`, `FAC`, `F`, `INV`, `N°`…) and leading zeros removed — and a text is cut at
/// non-alphanumeric boundaries, so that `F-12` never matches inside `F-123` (`reconcile.md`, rule 3).
public enum DocumentNumber {
    private static let prefixes = ["FACTURE", "INVOICE", "FACT", "FAC", "INV", "FA", "NO", "N", "F"]

    /// The comparison key of a document number; empty when nothing is left.
    public static func key(_ text: String) -> String {
        var buffer: [UInt8] = []
        return String(decoding: keyBytes(text, buffer: &buffer), as: UTF8.self)
    }

    /// The key's bytes, worked out in `buffer` (a caller keying a million numbers passes the same one
    /// each time, and needs no string: see `NumberIndex`).
    static func keyBytes(_ text: String, buffer s: inout [UInt8]) -> ArraySlice<UInt8> {
        s.removeAll(keepingCapacity: true)
        appendKeyBytes(of: text.utf8, to: &s)
        return s[keyStart(s)...]
    }

    /// Appends the letters (upper-cased) and digits of a text, the rest dropped.
    private static func appendKeyBytes(of text: some Sequence<UInt8>, to s: inout [UInt8]) {
        for b in text {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): s.append(b - 32)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): s.append(b)
            default: continue
            }
        }
    }

    /// Where the key starts in letters and digits: after a common prefix followed by a digit (`F2026`
    /// but not `FR2026`, which stays `FR2026`), then after leading zeros (one character at least stays).
    private static func keyStart(_ s: [UInt8]) -> Int {
        var start = 0
        // Most keys start with no prefix's first letter and are spared the comparisons.
        if let b = s.first, prefixInitials.contains(b) {
            for p in prefixBytes {
                if s.count > p.count, s.starts(with: p), s[p.count] >= UInt8(ascii: "0"), s[p.count] <= UInt8(ascii: "9") {
                    start = p.count
                    break
                }
            }
        }
        while s.count - start > 1, s[start] == UInt8(ascii: "0") { start += 1 }
        return start
    }

    private static let prefixBytes = prefixes.map { Array($0.utf8) }
    private static let prefixInitials = Array(Set(prefixBytes.map { $0[0] }))

    /// Every candidate key in a text: each word (a run between spaces and punctuation other than
    /// `- / . _`), and each run of two or three adjacent words (`F 2026-0142`, `N° 2026 0142`).
    public static func candidateKeys(in text: String) -> [String] {
        var keys: [String] = []
        forEachCandidateKey(in: text, shape: .any) { keys.append(String(decoding: $0, as: UTF8.self)) }
        return keys
    }

    /// The candidate keys of a text, in the order of `candidateKeys(in:)`, without those of a shape no
    /// document has (the long runs of words a sentence makes, its words without digits are never turned
    /// into strings nor looked up). Works on the text's bytes: one buffer per text, not a string per word;
    /// `body` gets each key's bytes.
    static func forEachCandidateKey(in text: String, shape: KeyShape, _ body: (ArraySlice<UInt8>) -> Void) {
        var text = text
        text.makeContiguousUTF8()
        text.utf8.withContiguousStorageIfAvailable { bytes in
            // The words, as byte ranges.
            var words: [Range<Int>] = []
            var start = -1
            for (i, b) in bytes.enumerated() {
                let isWordByte = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                    || b == UInt8(ascii: "-") || b == UInt8(ascii: "/") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_")
                    || b >= 0x80
                if isWordByte {
                    if start < 0 { start = i }
                } else if start >= 0 {
                    words.append(start..<i)
                    start = -1
                }
            }
            if start >= 0 { words.append(start..<bytes.count) }
            // A word is joined to the next only when it holds no digit (a prefix such as `F`, `N°`, `FACT`):
            // `F 2026-0142` is one number, but `F-12 3` is not `F-123`.
            var joined: [UInt8] = []
            for i in words.indices {
                joined.removeAll(keepingCapacity: true)
                for j in i..<min(i + 3, words.count) {
                    let word = bytes[words[j]]
                    appendKeyBytes(of: word, to: &joined)
                    let from = keyStart(joined)
                    if from < joined.count, shape.admits(joined[from...]) {
                        body(joined[from...])
                    }
                    if word.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) { break }
                }
            }
        }
    }

    /// What the keys of a ledger's numbers look like: a candidate of another shape is none of them.
    struct KeyShape {
        private var longest = 0
        private var everyKeyHasDigit = true

        /// Admits every key (no ledger to compare with).
        static let any = KeyShape(longest: .max, everyKeyHasDigit: false)

        init() {}

        private init(longest: Int, everyKeyHasDigit: Bool) {
            self.longest = longest
            self.everyKeyHasDigit = everyKeyHasDigit
        }

        mutating func add(_ key: ArraySlice<UInt8>) {
            longest = max(longest, key.count)
            if !key.contains(where: isDigit) { everyKeyHasDigit = false }
        }

        func admits(_ key: ArraySlice<UInt8>) -> Bool {
            key.count <= longest && (!everyKeyHasDigit || key.contains(where: isDigit))
        }

        private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    }
}
