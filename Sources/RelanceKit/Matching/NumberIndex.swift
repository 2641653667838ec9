/// The documents of an entity by number key (rule 3). Keys are upper-case letters and digits: those of
/// up to 16 characters, nearly all, are packed in two integers and hashed as two words, never made into
/// strings (neither the million keys of the ledger nor the candidates of every remittance text); longer
/// ones are kept by string.
struct NumberIndex: Sendable {
    private var short: DocumentIndex<PackedKey>
    private var long = DocumentIndex<String>()
    /// What the keys look like: candidates of another shape are not looked up.
    private(set) var shape = DocumentNumber.KeyShape()

    init(capacity: Int) {
        short = DocumentIndex(capacity: capacity)
    }

    var isEmpty: Bool { short.isEmpty && long.isEmpty }

    mutating func append(_ row: Int, to key: ArraySlice<UInt8>) {
        shape.add(key)
        if let packed = PackedKey(key) { short.append(row, to: packed) } else { long.append(row, to: String(decoding: key, as: UTF8.self)) }
    }

    subscript(key: ArraySlice<UInt8>) -> DocumentRows {
        if let packed = PackedKey(key) { return short[packed] }
        return long[String(decoding: key, as: UTF8.self)]
    }

    /// Up to 16 bytes, zero-padded (no key byte is zero, so two keys pack alike only when equal).
    private struct PackedKey: Hashable {
        let high: UInt64
        let low: UInt64

        init?(_ bytes: ArraySlice<UInt8>) {
            guard bytes.count <= 16 else { return nil }
            var high: UInt64 = 0, low: UInt64 = 0
            for (i, b) in bytes.enumerated() {
                if i < 8 { high |= UInt64(b) << (8 * UInt64(i)) } else { low |= UInt64(b) << (8 * UInt64(i - 8)) }
            }
            self.high = high
            self.low = low
        }
    }
}
