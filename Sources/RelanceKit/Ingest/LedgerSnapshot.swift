/// The documents of every ledger file of a run, one per entity and number: ledger files are
/// snapshots, so when two files of one entity hold the same document the newer file's row wins
/// (`inputs.md`, Snapshots). Items live in one array and the dictionary holds their positions, so
/// that a million documents are neither copied into hash buckets nor moved while sorting.
struct LedgerSnapshot {
    private var items: [OpenItem] = []
    private var modified: [(Int64, Int64)] = []
    private var positions: [DocumentKey: Int] = [:]

    mutating func reserve(_ count: Int) {
        items.reserveCapacity(count)
        modified.reserveCapacity(count)
        positions.reserveCapacity(count)
    }

    /// Adds an item; when its document was already there, returns the earlier one (the newer of the
    /// two is kept) so that the caller can warn.
    mutating func add(_ item: OpenItem, modified time: (Int64, Int64)) -> (item: OpenItem, modified: (Int64, Int64))? {
        let key = item.key
        guard let at = positions[key] else {
            positions[key] = items.count
            items.append(item)
            modified.append(time)
            return nil
        }
        let earlier = (items[at], modified[at])
        if time > modified[at] {
            items[at] = item
            modified[at] = time
        }
        return earlier
    }

    /// The documents by entity then number.
    func sortedDocuments() -> [OpenItem] {
        items.sortedByKey()
    }
}
