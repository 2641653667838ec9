/// The documents of every ledger file of a run, one per entity and number: ledger files are
/// snapshots, so when two files of one entity hold the same document the newer file's row wins
/// (`inputs.md`, Snapshots). Rows live in one array (`LedgerDocuments`) and, once an entity needs one,
/// a dictionary holds their positions, so that a million documents are neither copied into hash
/// buckets nor moved while sorting.
///
/// The same dictionary also tells a document repeated within one file (a reject) from one repeated
/// across files (a warning): each document remembers the last file that presented it, and the line.
/// One hash of each key per row, where a per-file dictionary beside this one cost a second.
struct LedgerSnapshot {
    private var ledger = LedgerDocuments()
    /// Per ledger file: when it was modified.
    private var modified: [(Int64, Int64)] = []
    /// The file (its position among the run's ledger files) and line that last presented a document
    /// another file had presented before it, by position; any other was last presented by its own row.
    private var presentedAgain: [Int: (file: Int32, line: Int32)] = [:]
    /// The positions of the documents of the entities that need a dictionary (`EntityRun.indexed`).
    private var positions: [Prehashed<DocumentKey>: Int] = [:]
    /// By the text's bytes: two spellings of one text (a composed and a decomposed `é`) are equal
    /// strings, but each row keeps its own.
    private var termsPositions: [[UInt8]: Int32] = [:]
    /// The last terms text asked for, and its position: the FEC's documents all ask for "".
    private var lastTerms: (text: String, position: Int32)? = nil
    private var reserved = 0
    /// Per entity: while all its documents came from one file in strictly increasing number order, as
    /// most exports and the FEC give them, none can repeat another, and a document after the last is new
    /// without a dictionary (the dictionary of a million keys was a sixth of reading a CSV ledger). The
    /// first document out of that order, or from another file, indexes the entity's documents, and the
    /// dictionary decides from then on.
    private struct EntityRun {
        let file: Int32
        var last: Int
        var indexed = false
    }
    /// By entity position.
    private var runs: [EntityRun?] = []

    /// What adding a row did.
    enum Addition {
        case added
        /// The same file already has the document, on `line`: the row is not taken.
        case repeatedInFile(line: Int)
        /// Another file has it too: the newer of the two is kept; `earlierFile` is the file of the row
        /// that was there. (Its path, not the row: the addition of every row is copied, so it stays small.)
        case inAnotherFile(earlierFile: String, earlierModified: (Int64, Int64))
    }

    mutating func reserve(_ count: Int) {
        ledger.rows.reserveCapacity(count)
        reserved = count
    }

    /// Makes ledger file number `file` known: its path, when it was modified and, for an open-items
    /// CSV whose rows keep their texts where they are (`add(_:text:)`), its text.
    mutating func addFile(_ file: Int, path: String, modified time: (Int64, Int64), text: FileBytes = .empty) {
        while ledger.files.count <= file {
            ledger.files.append(.init(path: "", text: .empty))
            modified.append((0, 0))
        }
        ledger.files[file] = .init(path: path, text: text)
        modified[file] = time
    }

    /// The position of `entity` among the snapshot's entities (a handful).
    mutating func entityPosition(_ entity: String) -> UInt16 {
        if let i = ledger.entities.firstIndex(of: entity) { return UInt16(i) }
        ledger.entities.append(entity)
        runs.append(nil)
        return UInt16(ledger.entities.count - 1)
    }

    func entity(at position: UInt16) -> String { ledger.entities[Int(position)] }

    func termsText(at position: Int32) -> String { ledger.termsTexts[Int(position)] }

    /// The position of a terms text among the snapshot's (a few distinct texts).
    mutating func termsPosition(_ terms: String) -> Int32 {
        if let last = lastTerms, last.text.utf8.elementsEqual(terms.utf8) { return last.position }
        let key = Array(terms.utf8)
        let i = termsPositions[key] ?? Int32(ledger.termsTexts.count)
        if i == ledger.termsTexts.count {
            ledger.termsTexts.append(terms)
            termsPositions[key] = i
        }
        lastTerms = (terms, i)
        return i
    }

    /// Keeps the string of a document number that is not ASCII; its position goes in the row.
    mutating func keepDocumentString(_ document: String) -> Int32 {
        ledger.documentStrings.append(document)
        return Int32(ledger.documentStrings.count - 1)
    }

    /// Adds a document kept whole (a FEC's, or a CSV row whose texts are not all in its file) from
    /// line `line` of ledger file number `file`, modified at `time`.
    /// `text` is the file's text when it is an open-items CSV, whose other rows may keep their texts there.
    mutating func add(_ item: consuming OpenItem, file: Int, line: Int, modified time: (Int64, Int64),
                      text: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)) -> Addition {
        if file >= ledger.files.count || ledger.files[file].path.isEmpty { addFile(file, path: item.sourceFile, modified: time) }
        let row = LedgerRow(amount: item.amount.minorUnits, openAmount: item.openAmount.minorUnits, currency: item.amount.currency,
                            documentDate: item.documentDate, dueDate: item.dueDate, line: Int32(clamping: line),
                            item: Int32(ledger.items.count), terms: termsPosition(item.terms), file: Int32(file),
                            entity: entityPosition(item.entity), kind: item.kind, documentString: -1)
        ledger.items.append(item)
        return add(row, text: text)
    }

    /// Adds a row of an open-items CSV whose texts are in `text`, the text of its file (`addFile`).
    mutating func add(_ row: LedgerRow, text: UnsafeBufferPointer<UInt8>) -> Addition {
        let next = ledger.rows.count
        let entity = Int(row.entity)
        guard var run = runs[entity] else {
            runs[entity] = EntityRun(file: row.file, last: next)
            append(row)
            return .added
        }
        if !run.indexed {
            let last = ledger.rows[run.last]
            if run.file == row.file && ledger.documentBefore(last, text: text, row, text: text) {
                run.last = next
                runs[entity] = run
                append(row)
                return .added
            }
            index(entity)
            runs[entity]!.indexed = true
        }
        // One hash: the slot is claimed for a new document, or tells where the known one is.
        let key = DocumentKey(entity: ledger.entities[entity], document: ledger.document(of: row, text: text))
        let at = Self.claim(&positions[Prehashed(key), default: -1], next)
        if at == next {
            append(row)
            return .added
        }
        let presented = presentedAgain[at] ?? (ledger.rows[at].file, ledger.rows[at].line)
        if presented.file == row.file { return .repeatedInFile(line: Int(presented.line)) }
        presentedAgain[at] = (row.file, row.line)
        let earlierFile = Int(ledger.rows[at].file)
        let earlier = Addition.inAnotherFile(earlierFile: ledger.files[earlierFile].path, earlierModified: modified[earlierFile])
        if modified[Int(row.file)] > modified[earlierFile] { ledger.rows[at] = row }
        return earlier
    }

    private mutating func append(_ row: LedgerRow) {
        ledger.rows.append(row)
    }

    /// Puts the documents of entity number `entity` in the dictionary (room for every row the reader
    /// expects, made once).
    private mutating func index(_ entity: Int) {
        if positions.isEmpty { positions.reserveCapacity(max(reserved, ledger.rows.count)) }
        let name = ledger.entities[entity]
        let keys = ledger.withFileTexts { texts in
            ledger.rows.indices.filter { ledger.rows[$0].entity == entity }
                .map { (DocumentKey(entity: name, document: ledger.document(of: ledger.rows[$0], in: texts)), $0) }
        }
        for (key, i) in keys { positions[Prehashed(key)] = i }
    }

    private static func claim(_ slot: inout Int, _ next: Int) -> Int {
        if slot < 0 { slot = next }
        return slot
    }

    /// Takes the documents out of the snapshot, by entity then number (the order most exports
    /// already have, checked first), sorted where they lie.
    mutating func takeSortedDocuments() -> LedgerDocuments {
        var documents = LedgerDocuments()
        swap(&documents, &ledger)
        documents.sortByKey()
        return documents
    }
}
