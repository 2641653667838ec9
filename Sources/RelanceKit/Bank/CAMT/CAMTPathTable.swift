/// A fixed open-addressing table from `UInt64` keys (packed paths, name hashes) to values: one
/// multiply and a probe or two per lookup, where `Dictionary` would run SipHash on every start tag.
struct CAMTPathTable<Value: Sendable>: Sendable {
    private let keys: [UInt64]
    private let values: [Value?]
    private let shift: UInt64

    init(_ dictionary: [UInt64: Value]) {
        var bits: UInt64 = 4
        while (1 << bits) < dictionary.count * 4 { bits += 1 }
        let size = 1 << Int(bits)
        var keys = [UInt64](repeating: 0, count: size)
        var values = [Value?](repeating: nil, count: size)
        for (k, v) in dictionary {
            var i = Int((k &* 0x9E37_79B9_7F4A_7C15) >> (64 - bits))
            while values[i] != nil { i = (i + 1) & (size - 1) }
            keys[i] = k
            values[i] = v
        }
        self.keys = keys
        self.values = values
        self.shift = 64 - bits
    }

    @inline(__always)
    subscript(key: UInt64) -> Value? {
        let mask = keys.count - 1
        var i = Int((key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while let v = values[i] {
            if keys[i] == key { return v }
            i = (i + 1) & mask
        }
        return nil
    }
}
