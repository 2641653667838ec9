// A million aged items, as many sales and settlements, grouped by customer without a dictionary of
// arrays: each row gets the number of its entity × customer × currency once (one hash, or none when
// it follows a row of the same customer, as in the age stage's sorted items), and the rows of a
// group are then found by position in one flat array (a counting sort). Copying rows into a
// dictionary per customer cost more than every KPI computed from them.

/// Entity × customer × currency groups, numbered in the order first seen.
struct ReceivableGroups: Sendable {
    struct Key: Hashable, Comparable, Sendable {
        var entity: String, customer: String, currency: String

        static func < (a: Key, b: Key) -> Bool {
            (a.entity, a.customer, a.currency) < (b.entity, b.customer, b.currency)
        }
    }

    private(set) var keys: [Key] = []
    private var numbers: [Key: Int] = [:]
    private var last: (key: Key, number: Int)?

    init(capacity: Int = 0) {
        numbers.reserveCapacity(capacity)
    }

    var count: Int { keys.count }

    /// The group's number, a new one when the key is first seen.
    mutating func number(entity: String, customer: String, currency: String) -> Int {
        if let last, last.key.customer == customer, last.key.entity == entity, last.key.currency == currency {
            return last.number
        }
        let key = Key(entity: entity, customer: customer, currency: currency)
        let n: Int
        if let known = numbers[key] {
            n = known
        } else {
            n = keys.count
            keys.append(key)
            numbers[key] = n
        }
        last = (key, n)
        return n
    }
}

/// Positions of rows by group: the rows of group `g` are `positions[offsets[g]..<offsets[g + 1]]`,
/// in their original order.
struct PositionsByGroup {
    private var offsets: [Int]
    private var positions: [Int32]

    /// `groupOf[i]` is the group of row `i` (or -1 for a row in none); `groups` the number of groups.
    init(groupOf: [Int32], groups: Int) {
        var offsets = [Int](repeating: 0, count: groups + 1)
        for g in groupOf where g >= 0 { offsets[Int(g) + 1] += 1 }
        for g in 0..<groups { offsets[g + 1] += offsets[g] }
        var next = offsets
        var positions = [Int32](repeating: 0, count: offsets[groups])
        for (i, g) in groupOf.enumerated() where g >= 0 {
            positions[next[Int(g)]] = Int32(i)
            next[Int(g)] += 1
        }
        self.offsets = offsets
        self.positions = positions
    }

    subscript(group: Int) -> ArraySlice<Int32> { positions[offsets[group]..<offsets[group + 1]] }
}
