/// A table whose keys are byte strings, looked up with the bytes of a field where they lie in a file.
///
/// A `Dictionary` keyed by `String` wants a string made (validated, copied) for every lookup, and
/// hashes it with SipHash: for a million rows asking for their customer's terms, more time than the
/// rest of the row. Here a key is hashed with FNV-1a and compared as bytes, in an open-addressing
/// table; keys are copied once, when inserted. Bytes that differ are different keys, even when the
/// strings would be equal (a composed and a decomposed `é`): a table of memos only misses then.
struct ByteKeyTable<Value> {
    private struct Slot {
        var hash: UInt64
        var start: Int
        var count: Int32
        var tag: UInt16
        var value: Int32
    }
    private var slots: [Slot?]
    private var keys: [UInt8] = []
    private var values: [Value] = []

    init() {
        slots = Array(repeating: nil, count: 16)
    }

    var count: Int { values.count }

    /// The value of `key` under `tag` (a key is a different key under each tag: a customer id per entity).
    func value(for key: UnsafeBufferPointer<UInt8>, tag: UInt16 = 0) -> Value? {
        let hash = Self.hash(key, tag)
        var i = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while let slot = slots[i] {
            if slot.hash == hash && slot.count == key.count && slot.tag == tag && sameKey(slot, key) { return values[Int(slot.value)] }
            i = (i + 1) & (slots.count - 1)
        }
        return nil
    }

    /// Sets the value of `key` (a key already there keeps its first value).
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, tag: UInt16 = 0, _ value: Value) {
        if self.value(for: key, tag: tag) != nil { return }
        if (values.count + 1) * 2 > slots.count { grow() }
        // A key of 2 GiB is no memo: left out, it is only asked for again.
        guard let count = Int32(exactly: key.count), let position = Int32(exactly: values.count) else { return }
        let slot = Slot(hash: Self.hash(key, tag), start: keys.count, count: count, tag: tag, value: position)
        keys.append(contentsOf: key)
        values.append(value)
        place(slot)
    }

    private func sameKey(_ slot: Slot, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        keys.withUnsafeBufferPointer { k in
            var i = 0
            while i < key.count {
                if k[slot.start &+ i] != key[i] { return false }
                i &+= 1
            }
            return true
        }
    }

    private mutating func place(_ slot: Slot) {
        var i = Int(truncatingIfNeeded: slot.hash) & (slots.count - 1)
        while slots[i] != nil { i = (i + 1) & (slots.count - 1) }
        slots[i] = slot
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: nil, count: old.count * 2)
        for case let slot? in old { place(slot) }
    }

    /// FNV-1a from the tag, its high bits folded into the low ones that pick the slot.
    private static func hash(_ key: UnsafeBufferPointer<UInt8>, _ tag: UInt16) -> UInt64 {
        var h: UInt64 = (0xcbf2_9ce4_8422_2325 ^ UInt64(tag)) &* 0x100_0000_01b3
        for b in key { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h ^ (h >> 32)
    }
}
