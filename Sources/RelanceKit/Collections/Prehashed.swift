/// A dictionary or set key carrying a hash of its bytes made once, when the key is made.
///
/// Swift's `Dictionary` stores no hashes: each occupied bucket its probe passes is compared with
/// `==`, and two strings of the same length are compared by reading both from the heap (in a table
/// of a million keys, a cache miss per bucket). Here `==` compares the stored hashes first, so only
/// an equal key (or a 64-bit collision, still told apart by the key) reads the strings.
struct Prehashed<Key: Equatable>: Hashable {
    let hash: UInt64
    let key: Key

    static func == (a: Prehashed, b: Prehashed) -> Bool { a.hash == b.hash && a.key == b.key }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}

/// Handed from a worker to the thread that uses it (the age stage's ledger invoices).
extension Prehashed: Sendable where Key: Sendable {}

extension Prehashed where Key == DocumentKey {
    init(_ key: DocumentKey) {
        self.init(hash: ByteHash.of(key.entity, key.document), key: key)
    }
}

extension Prehashed where Key == String {
    init(_ key: String) {
        self.init(hash: ByteHash.of(key), key: key)
    }
}

/// FNV-1a over UTF-8 bytes (64 bits): cheap for short keys, and only a first sort — the dictionary
/// hashes it again with its own seed, and equal hashes still compare the keys.
enum ByteHash {
    static func of(_ text: String) -> UInt64 {
        add(text, to: 0xcbf2_9ce4_8422_2325)
    }

    /// Two texts, a unit separator between them (so that "AB"+"C" and "A"+"BC" differ).
    static func of(_ first: String, _ second: String) -> UInt64 {
        add(second, to: step(add(first, to: 0xcbf2_9ce4_8422_2325), 0x1F))
    }

    private static func add(_ text: String, to start: UInt64) -> UInt64 {
        var text = text
        return text.withUTF8 { bytes in
            var h = start
            for b in bytes { h = step(h, b) }
            return h
        }
    }

    @inline(__always)
    private static func step(_ h: UInt64, _ b: UInt8) -> UInt64 {
        (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
    }
}
