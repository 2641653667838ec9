/// The documents of one reconciliation run as it applies payments: what each still has open, the
/// unapplied credits it leaves, and who owns each number.
///
/// Each document key has a fixed position (its slot) found by one hash when the run starts; the
/// indexes of the run then hold ledger rows and positions, never keys. A payment changes one open
/// amount in place instead of copying an item (a dozen strings) out of a dictionary and back, and the
/// ledger's rows are read where they are, not copied.
struct OpenDocuments: Sendable {
    /// The ledger's rows, as given.
    let documents: [OpenItem]
    /// Every document key (ledger rows open or not, unapplied credits of the run) → its slot: the place
    /// of the key's first row in the order given; the credits of the run come after the rows.
    private var slotOfKey: [DocumentKey: Int32]
    /// The order given: per slot below the row count, the row there.
    private let rowAt: [Int32]
    /// Per row: the slot of its key (the same number twice in an entity is one document, the last open row).
    private var slotOfRow: [Int32]
    /// Per slot: where the item is: a row (≥ 0), none (`-1`: no open row, or undone), a credit (`-2 - i`).
    private var source: [Int32]
    /// Per slot: what the candidate searches read (open amount, due date, currency), packed apart from
    /// the items: a customer's documents lie all over the ledger, and reading 16 bytes of each, not a
    /// 200-byte item, is what keeps the search of a million payers in the processor's cache.
    private var standing: [Standing]
    /// The currencies of the items, numbered in `Standing`.
    private var currencies: [Currency] = []
    /// Per slot: the last row with the key, open or not (its customer owns the number); -1 for a credit.
    private var ownerRow: [Int32]
    private var credits: [OpenItem] = []

    /// `order` lists every row once: the slots follow it. The candidate searches read a customer's open
    /// documents one after the other; when these are neighbours in `order`, their slots are too, and the
    /// search reads a few cache lines instead of one per document.
    init(_ documents: [OpenItem], order: [Int32]) {
        self.documents = documents
        let n = documents.count
        precondition(order.count == n, "the slot order lists every row once")
        rowAt = order
        var place = [Int32](repeating: 0, count: n)
        for (i, row) in order.enumerated() { place[Int(row)] = Int32(i) }
        slotOfKey = [:]
        slotOfKey.reserveCapacity(n)
        slotOfRow = []
        slotOfRow.reserveCapacity(n)
        source = Array(repeating: -1, count: n)
        standing = Array(repeating: Standing(openMinor: 0, dueDate: CivilDate(daysSinceEpoch: 0), currency: -1), count: n)
        ownerRow = Array(repeating: -1, count: n)
        // Rows read in place, field by field: a copy of a row retains and releases a dozen strings.
        for row in documents.indices {
            var slot = Int(place[row])
            let key = documents[row].key
            if let earlier = slotOfKey.updateValue(Int32(slot), forKey: key) {
                slot = Int(earlier)
                slotOfKey[key] = earlier
            }
            slotOfRow.append(Int32(slot))
            ownerRow[slot] = Int32(row)
            if documents[row].isOpen {
                source[slot] = Int32(row)
                standing[slot] = Standing(openMinor: documents[row].openAmount.minorUnits, dueDate: documents[row].dueDate,
                                          currency: number(documents[row].openAmount.currency))
            }
        }
    }

    private struct Standing {
        var openMinor: Int64
        var dueDate: CivilDate
        /// In `currencies`; -1: no item at the slot.
        var currency: Int32
    }

    /// The number of a currency in `currencies` (a ledger has a handful: a look along the list).
    private mutating func number(_ currency: Currency) -> Int32 {
        if let i = currencies.firstIndex(of: currency) { return Int32(i) }
        currencies.append(currency)
        return Int32(currencies.count - 1)
    }

    /// The slot of a ledger row.
    func slot(ofRow row: Int) -> Int { Int(slotOfRow[row]) }

    /// The slot of a key, when a ledger row or a credit of the run has it.
    func slot(of key: DocumentKey) -> Int? { slotOfKey[key].map(Int.init) }

    /// The item at a slot as the run sees it (open amount included); nil when none is there.
    subscript(slot: Int) -> OpenItem? {
        let s = source[slot]
        guard s != -1 else { return nil }
        var item = s >= 0 ? documents[Int(s)] : credits[Int(-2 - s)]
        item.openAmount.minorUnits = standing[slot].openMinor
        return item
    }

    /// An item is there (open, or paid during the run: a payment leaves it, at zero).
    func exists(_ slot: Int) -> Bool { standing[slot].currency >= 0 }

    func isOpen(_ slot: Int) -> Bool { standing[slot].currency >= 0 && standing[slot].openMinor != 0 }

    /// Open, in the given currency (the number of `currencyNumber`).
    func isOpen(_ slot: Int, in currency: Int32) -> Bool { standing[slot].currency == currency && standing[slot].openMinor != 0 }

    /// The number of a currency for `isOpen(_:in:)`; -2 (no item's) when no item has it.
    func currencyNumber(_ currency: Currency) -> Int32 { currencies.firstIndex(of: currency).map(Int32.init) ?? -2 }

    func openAmount(_ slot: Int) -> Int64 { standing[slot].openMinor }

    func dueDate(_ slot: Int) -> CivilDate { standing[slot].dueDate }

    /// The item's fields read in place (no copy of its strings); the slot must hold an item.
    func field<T>(_ slot: Int, _ read: (OpenItem) -> T) -> T {
        let s = source[slot]
        return s >= 0 ? read(documents[Int(s)]) : read(credits[Int(-2 - s)])
    }

    /// The customer of the last ledger row with the slot's number (nil for a credit of the run).
    func owner(_ slot: Int) -> String? {
        let r = ownerRow[slot]
        return r >= 0 ? documents[Int(r)].customerID : nil
    }

    mutating func setOpenAmount(_ slot: Int, _ minor: Int64) { standing[slot].openMinor = minor }

    /// Whether the slot holds a document of the ledger the run started from (not a credit the run left).
    func isLedgerDocument(_ slot: Int) -> Bool { slot < documents.count && source[slot] >= 0 }

    /// Leaves an unapplied credit; one whose key is already there (a credit of the same line) replaces it.
    mutating func add(_ credit: OpenItem) {
        let code = Int32(-2 - credits.count)
        credits.append(credit)
        let state = Standing(openMinor: credit.openAmount.minorUnits, dueDate: credit.dueDate, currency: number(credit.openAmount.currency))
        if let slot = slotOfKey[credit.key] {
            source[Int(slot)] = code
            standing[Int(slot)] = state
            return
        }
        slotOfKey[credit.key] = Int32(source.count)
        source.append(code)
        standing.append(state)
        ownerRow.append(-1)
    }

    mutating func remove(_ slot: Int) {
        source[slot] = -1
        standing[slot].currency = -1
    }

    /// The items still open, in customer order (entity, customer, due date, document): the order the
    /// age stage works in, so that it only has to check it.
    func openItems() -> [OpenItem] {
        // Ledger order (each key at its first row), then the credits. The slots are listed first, so
        // the items are made in room reserved once and sorted where they lie.
        var open: [Int32] = []
        for row in documents.indices {
            let slot = Int(slotOfRow[row])
            if rowAt[slot] == row, isOpen(slot) { open.append(Int32(slot)) }
        }
        for slot in documents.count..<source.count where isOpen(slot) { open.append(Int32(slot)) }
        var items: [OpenItem] = []
        items.reserveCapacity(open.count)
        for slot in open { items.append(self[Int(slot)]!) }
        items.sortByCustomer()
        return items
    }
}
