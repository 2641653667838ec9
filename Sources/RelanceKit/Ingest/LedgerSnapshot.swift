/// The documents of every ledger file of a run, one per entity and number: ledger files are
/// snapshots, so when two files of one entity hold the same document the newer file's row wins
/// (`inputs.md`, Snapshots). Items live in one array and, once an entity needs one, a dictionary holds
/// their positions, so that a million documents are neither copied into hash buckets nor moved while
/// sorting.
///
/// The same dictionary also tells a document repeated within one file (a reject) from one repeated
/// across files (a warning): each document remembers the last file that presented it, and the line.
/// One hash of each key per row, where a per-file dictionary beside this one cost a second.
struct LedgerSnapshot {
    private var items: [OpenItem] = []
    private var modified: [(Int64, Int64)] = []
    /// The file (its position among the run's ledger files) and line that last presented the document.
    private var presented: [(file: Int, line: Int)] = []
    /// The positions of the documents of the entities that need a dictionary (`EntityRun.indexed`).
    private var positions: [Prehashed<DocumentKey>: Int] = [:]
    private var reserved = 0
    /// Per entity: while all its documents came from one file in strictly increasing number order, as
    /// most exports and the FEC give them, none can repeat another, and a document after the last is new
    /// without a dictionary (the dictionary of a million keys was a sixth of reading a CSV ledger). The
    /// first document out of that order, or from another file, indexes the entity's documents, and the
    /// dictionary decides from then on.
    private struct EntityRun {
        let entity: String
        let file: Int
        var last: Int
        var indexed = false
    }
    private var runs: [EntityRun] = []
    private var current = -1

    /// What adding a row did.
    enum Addition {
        case added
        /// The same file already has the document, on `line`: the row is not taken.
        case repeatedInFile(line: Int)
        /// Another file has it too: the newer of the two is kept; `earlier` is the row that was there.
        case inAnotherFile(earlier: OpenItem, earlierModified: (Int64, Int64))
    }

    mutating func reserve(_ count: Int) {
        items.reserveCapacity(count)
        modified.reserveCapacity(count)
        presented.reserveCapacity(count)
        reserved = count
    }

    /// Adds the row `line` of ledger file number `file`, modified at `time`.
    mutating func add(_ item: consuming OpenItem, file: Int, line: Int, modified time: (Int64, Int64)) -> Addition {
        let next = items.count
        // The entity of the previous row, most often; a handful of entities otherwise.
        if current < 0 || runs[current].entity != item.entity {
            guard let r = runs.firstIndex(where: { $0.entity == item.entity }) else {
                runs.append(EntityRun(entity: item.entity, file: file, last: next))
                current = runs.count - 1
                append(item, file: file, line: line, modified: time)
                return .added
            }
            current = r
        }
        if !runs[current].indexed {
            if runs[current].file == file && items[runs[current].last].document < item.document {
                runs[current].last = next
                append(item, file: file, line: line, modified: time)
                return .added
            }
            index(runs[current].entity)
            runs[current].indexed = true
        }
        // One hash: the slot is claimed for a new document, or tells where the known one is.
        let at = Self.claim(&positions[Prehashed(item.key), default: -1], next)
        if at == next {
            append(item, file: file, line: line, modified: time)
            return .added
        }
        if presented[at].file == file { return .repeatedInFile(line: presented[at].line) }
        presented[at] = (file, line)
        let earlier = Addition.inAnotherFile(earlier: items[at], earlierModified: modified[at])
        if time > modified[at] {
            items[at] = item
            modified[at] = time
        }
        return earlier
    }

    private mutating func append(_ item: consuming OpenItem, file: Int, line: Int, modified time: (Int64, Int64)) {
        items.append(item)
        modified.append(time)
        presented.append((file, line))
    }

    /// Puts the documents of `entity` in the dictionary (room for every row the reader expects, made once).
    private mutating func index(_ entity: String) {
        if positions.isEmpty { positions.reserveCapacity(max(reserved, items.count)) }
        for i in items.indices where items[i].entity == entity {
            positions[Prehashed(items[i].key)] = i
        }
    }

    private static func claim(_ slot: inout Int, _ next: Int) -> Int {
        if slot < 0 { slot = next }
        return slot
    }

    /// Takes the documents out of the snapshot, by entity then number (the order most exports
    /// already have, checked first), sorted where they lie.
    mutating func takeSortedDocuments() -> [OpenItem] {
        var documents: [OpenItem] = []
        swap(&documents, &items)  // held once, so the sort moves them in place
        if !documents.isSortedByKey { documents.sortByKey() }
        return documents
    }
}
