/// The order of every file of bank lines (`bank-lines.csv`, the reconciliation, the lines kept after
/// the cut-off): booking date, then id.
extension BankLine {
    static func precedes(_ a: BankLine, _ b: BankLine) -> Bool {
        a.bookingDate != b.bookingDate ? a.bookingDate < b.bookingDate : a.id < b.id
    }
}

extension Array where Element == BankLine {
    /// Already by booking date then id (checked in one pass).
    var isInFileOrder: Bool {
        indices.dropFirst().allSatisfy { !BankLine.precedes(self[$0], self[$0 - 1]) }
    }

    /// Sorts by booking date then id, as `sort(by: BankLine.precedes)` would, a million lines at a
    /// time: the sort compares small keys (the date, and an id's first 16 bytes as two integers, the
    /// whole ids only when those are equal) instead of strings, and each line is then moved once into
    /// its place (`moveIntoOrder`), instead of lines of some 200 bytes being moved about by the sort.
    mutating func sortInFileOrder() {
        var keys: [BankLineSortKey] = []
        keys.reserveCapacity(count)
        for i in indices {
            let (high, low) = Self.leadingBytes(self[i].id)
            keys.append(BankLineSortKey(date: self[i].bookingDate.daysSinceEpoch, index: Int32(i), high: high, low: low))
        }
        keys.sort { a, b in
            if a.date != b.date { return a.date < b.date }
            if a.high != b.high { return a.high < b.high }
            if a.low != b.low { return a.low < b.low }
            return self[Int(a.index)].id < self[Int(b.index)].id
        }
        moveIntoOrder { Int(keys[$0].index) }
    }

    /// The first 16 bytes of an id, big-endian, zero-padded: two integers that order as the bytes do.
    /// (An id never holds a NUL byte, so a shorter id orders before the longer ones it starts.)
    private static func leadingBytes(_ id: String) -> (UInt64, UInt64) {
        var high: UInt64 = 0, low: UInt64 = 0
        var n = 0
        for byte in id.utf8.prefix(16) {
            if n < 8 { high |= UInt64(byte) << (56 - 8 * n) } else { low |= UInt64(byte) << (56 - 8 * (n - 8)) }
            n += 1
        }
        return (high, low)
    }
}

/// A line's place in `sortInFileOrder`: its booking date, its id's first 16 bytes, its position.
private struct BankLineSortKey {
    var date: Int32
    var index: Int32
    var high: UInt64
    var low: UInt64
}
