/// Ledger rows listed under a key (a document number, an amount), in the order they were added.
/// Nearly every key lists one row, held in the dictionary itself; only the keys listing several share
/// an overflow array. A million keys thus cost one dictionary, not a million small arrays to allocate,
/// retain and free.
struct DocumentIndex<Key: Hashable & Sendable>: Sendable {
    /// ≥ 0: the only row; < 0: `-1 - i`, the rows are `overflow[i]`.
    private var first: [Key: Int32] = [:]
    private var overflow: [[Int32]] = []

    init(capacity: Int = 0) {
        first.reserveCapacity(capacity)
    }

    var isEmpty: Bool { first.isEmpty }

    mutating func append(_ row: Int, to key: Key) {
        let row = Int32(row)
        // One hash for the usual case, a key not yet listed; a second only for a key listing several rows.
        guard let previous = first.updateValue(row, forKey: key) else { return }
        if previous >= 0 {
            first[key] = Int32(-1 - overflow.count)
            overflow.append([previous, row])
        } else {
            first[key] = previous
            overflow[Int(-1 - previous)].append(row)
        }
    }

    /// The rows listed under `key`, oldest addition first; empty when none.
    subscript(key: Key) -> DocumentRows {
        guard let v = first[key] else { return DocumentRows(single: -1, several: nil) }
        return v >= 0 ? DocumentRows(single: v, several: nil) : DocumentRows(single: -1, several: overflow[Int(-1 - v)])
    }

    /// Reorders the rows of every key listing several (one row is always in order).
    mutating func sortRows(by areInIncreasingOrder: (Int32, Int32) -> Bool) {
        for i in overflow.indices { overflow[i].sort(by: areInIncreasingOrder) }
    }
}

/// The rows of one key without an array for the usual single row.
struct DocumentRows: RandomAccessCollection {
    fileprivate let single: Int32
    fileprivate let several: [Int32]?
    var startIndex: Int { 0 }
    var endIndex: Int { several?.count ?? (single >= 0 ? 1 : 0) }
    subscript(i: Int) -> Int { Int(several?[i] ?? single) }
}
