// The payment history's sales and settlements are a row per document, a million of each at scale.
// They are kept as one array in document-key order (entity, then number), the order the state's
// files and the ingest stage's documents are written in: a run's rows join the state's by one
// merge, and the files are written without sorting, where a dictionary hashed every key twice
// and sorted a million pairs before each write.

/// A row of the history that names its document.
public protocol DocumentRow: Sendable {
    var entity: String { get }
    var document: String { get }
}

/// Rows, one per document, in document-key order (`DocumentKey`'s order: entity, then number).
public struct ByDocument<Row: DocumentRow>: Sendable {
    /// In document-key order, no document twice.
    public private(set) var rows: [Row] = []

    public init() {}

    /// Rows in any order; of two rows of one document, the later is kept (as a dictionary would).
    /// Rows already in order, as read from a file written by `rows`, are only checked.
    public init(_ rows: [Row]) {
        if Self.isStrictlyOrdered(rows) {
            self.rows = rows
            return
        }
        // Positions break ties, so that the later of two rows of one document comes last.
        let order = rows.indices.sorted { a, b in
            Self.before(rows[a], rows[b]) || (!Self.before(rows[b], rows[a]) && a < b)
        }
        var kept: [Row] = []
        kept.reserveCapacity(rows.count)
        for (n, i) in order.enumerated() {
            if n + 1 < order.count && !Self.before(rows[i], rows[order[n + 1]]) { continue }
            kept.append(rows[i])
        }
        self.rows = kept
    }

    public var count: Int { rows.count }
    public var isEmpty: Bool { rows.isEmpty }

    /// The row of a document, found by halving; setting it inserts, replaces or (nil) removes it.
    public subscript(key: DocumentKey) -> Row? {
        get {
            let i = position(of: key)
            return i < rows.count && Self.same(rows[i], key) ? rows[i] : nil
        }
        set {
            let i = position(of: key)
            let found = i < rows.count && Self.same(rows[i], key)
            switch (found, newValue) {
            case (true, let row?): rows[i] = row
            case (true, nil): rows.remove(at: i)
            case (false, let row?): rows.insert(row, at: i)
            case (false, nil): break
            }
        }
    }

    /// Adds `newer`'s rows; a document in both takes `newer`'s row. One pass over both.
    public mutating func merge(_ newer: ByDocument<Row>) {
        if newer.isEmpty { return }
        if rows.isEmpty {
            rows = newer.rows
            return
        }
        var merged: [Row] = []
        merged.reserveCapacity(rows.count + newer.rows.count)
        rows.withUnsafeBufferPointer { old in
            newer.rows.withUnsafeBufferPointer { new in
                var i = 0, j = 0
                while i < old.count && j < new.count {
                    if Self.before(old[i], new[j]) {
                        merged.append(old[i])
                        i += 1
                    } else {
                        if !Self.before(new[j], old[i]) { i += 1 }  // the same document: the newer row
                        merged.append(new[j])
                        j += 1
                    }
                }
                merged.append(contentsOf: old[i...])
                merged.append(contentsOf: new[j...])
            }
        }
        rows = merged
    }

    /// Removes the rows that `shouldRemove` picks, keeping the others in order. One pass.
    public mutating func removeAll(where shouldRemove: (Row) throws -> Bool) rethrows {
        try rows.removeAll(where: shouldRemove)
    }

    /// The first position whose row does not come before `key`.
    private func position(of key: DocumentKey) -> Int {
        var low = 0, high = rows.count
        while low < high {
            let mid = (low + high) / 2
            let r = rows[mid]
            if r.entity != key.entity ? r.entity < key.entity : r.document < key.document { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private static func same(_ row: Row, _ key: DocumentKey) -> Bool {
        row.entity == key.entity && row.document == key.document
    }

    /// Document-key order on the fields in place (a `DocumentKey` made per comparison retains its strings).
    private static func before(_ a: Row, _ b: Row) -> Bool {
        a.entity != b.entity ? a.entity < b.entity : a.document < b.document
    }

    private static func isStrictlyOrdered(_ rows: [Row]) -> Bool {
        rows.withUnsafeBufferPointer { p in
            var i = 1
            while i < p.count {
                if !before(p[i - 1], p[i]) { return false }
                i += 1
            }
            return true
        }
    }
}

extension ByDocument: Sequence {
    public func makeIterator() -> IndexingIterator<[Row]> { rows.makeIterator() }
    public var underestimatedCount: Int { rows.count }
}

extension SettledDocument: DocumentRow {}
