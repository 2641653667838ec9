/// What a reconciliation run looks the ledger's documents up by, made from the documents alone: the
/// reconcile stage makes them on the other core while it reads the bank lines, and the run then
/// starts searching at once (a million documents take a second or two to index).
struct LedgerIndexes: Sendable {
    /// The documents by slot; every index below lists ledger rows, which `book` resolves to slots.
    var book: OpenDocuments
    var byNumber: [String: NumberIndex] = [:]                  // entity → number key → rows
    var byReference: [String: [String: Int]] = [:]            // entity → canonical ref → row
    var byAmount = DocumentIndex<AmountKey>()                  // open amount at the start → rows, oldest first
    var entityNumber: [String: Int32] = [:]                    // entities with documents a payment can quote
    var customerNumber: [CustomerKey: Int] = [:]               // customers with open documents → position in byCustomer
    var byCustomer: [[DocumentRef]] = []                       // oldest due date first
    /// The customers' names as the documents give them (the customers file, read by the run, has the last word).
    var displayName: [CustomerKey: String] = [:]

    init(_ documents: [OpenItem]) {
        // Customers first: their open documents, oldest first, give the order of the slots (see OpenDocuments).
        // Rows of one customer usually follow each other: the last key is reused, not hashed again.
        var customerRows: [[Int32]] = []
        var customer = CustomerKey(entity: "", customerID: ""), customerAt = -1
        var named = Set<Int>()                                 // customers whose display name is set
        // The rows are read field by field, in place: a copy of a row retains and releases a dozen strings.
        for row in documents.indices {
            if documents[row].customerID != customer.customerID || documents[row].entity != customer.entity || customerAt < 0 {
                customer = CustomerKey(entity: documents[row].entity, customerID: documents[row].customerID)
                if let known = customerNumber[customer] {
                    customerAt = known
                } else {
                    customerAt = customerRows.count
                    customerNumber[customer] = customerAt
                    customerRows.append([])
                }
            }
            // The name of the first row that gives one (the customers file, below, has the last word).
            if !documents[row].customerName.isEmpty, !named.contains(customerAt) {
                named.insert(customerAt)
                if displayName[customer] == nil { displayName[customer] = documents[row].customerName }
            }
            // Unapplied credits are open on the customer but are no document a payment can quote.
            if documents[row].isOpen && documents[row].kind != .unappliedCredit { customerRows[customerAt].append(Int32(row)) }
        }
        // Amount and customer candidates are listed oldest first (due date, document date, number), the
        // order of allocation: each list sorted on its own (a customer has tens of documents, not a million).
        // The two dates are read once, in row order, into one number per row: a comparison then reads 8
        // bytes of a packed array, not two rows scattered over the ledger (numbers only break ties).
        var dates = [Int64](repeating: 0, count: documents.count)
        for row in documents.indices {
            dates[row] = Int64(documents[row].dueDate.daysSinceEpoch) << 32
                + (Int64(documents[row].documentDate.daysSinceEpoch) + Int64(Int32.max) + 1)
        }
        let oldestFirst = { (a: Int32, b: Int32) -> Bool in
            let a = Int(a), b = Int(b)
            if dates[a] != dates[b] { return dates[a] < dates[b] }
            return documents[a].document < documents[b].document
        }
        var order: [Int32] = []
        order.reserveCapacity(documents.count)
        var placed = [Bool](repeating: false, count: documents.count)
        for c in customerRows.indices {
            if customerRows[c].count > 1 { customerRows[c].sort(by: oldestFirst) }
            for row in customerRows[c] {
                order.append(row)
                placed[Int(row)] = true
            }
        }
        for row in documents.indices where !placed[row] { order.append(Int32(row)) }
        book = OpenDocuments(documents, order: order)
        byCustomer = customerRows.map { rows in rows.map { DocumentRef(row: $0, slot: Int32(book.slot(ofRow: Int($0)))) } }
        // The indexes are sized once for the documents a payment can quote, not grown a million times.
        var quotable: [String: Int] = [:], referenced: [String: Int] = [:], counted = (entity: "", count: 0, references: 0)
        func addCounted() {
            quotable[counted.entity, default: 0] += counted.count
            referenced[counted.entity, default: 0] += counted.references
        }
        for row in documents.indices where documents[row].isOpen && documents[row].kind != .unappliedCredit {
            if documents[row].entity != counted.entity {
                if counted.count > 0 { addCounted() }
                counted = (documents[row].entity, 0, 0)
            }
            counted.count += 1
            if !documents[row].paymentRef.isEmpty { counted.references += 1 }
        }
        if counted.count > 0 { addCounted() }
        byAmount = DocumentIndex(capacity: quotable.values.reduce(0, +))
        var entity = "", numbers = NumberIndex(capacity: 0), entityAt: Int32 = -1
        var references: [String: Int] = [:]
        func flushNumbers() {
            if !numbers.isEmpty {
                byNumber[entity] = numbers
            }
            if !references.isEmpty {
                byReference[entity] = references
            }
        }
        var buffer: [UInt8] = []
        func index(_ number: String, _ row: Int) {
            let k = DocumentNumber.keyBytes(number, buffer: &buffer)
            guard !k.isEmpty else { return }
            numbers.append(row, to: k)
        }
        for row in documents.indices where documents[row].isOpen && documents[row].kind != .unappliedCredit {
            if documents[row].entity != entity {
                flushNumbers()
                entity = documents[row].entity
                numbers = byNumber.removeValue(forKey: entity) ?? NumberIndex(capacity: quotable[entity] ?? 0)
                references = byReference.removeValue(forKey: entity) ?? [:]
                if references.isEmpty { references.reserveCapacity(referenced[entity] ?? 0) }
                if let known = entityNumber[entity] {
                    entityAt = known
                } else {
                    entityAt = Int32(entityNumber.count)
                    entityNumber[entity] = entityAt
                }
            }
            index(documents[row].document, row)
            if !documents[row].externalRef.isEmpty { index(documents[row].externalRef, row) }
            if !documents[row].paymentRef.isEmpty, let ref = StructuredReference(parsing: documents[row].paymentRef) {
                references[ref.canonical] = row
            }
            byAmount.append(row, to: AmountKey(entity: entityAt, currency: book.currencyNumber(documents[row].openAmount.currency),
                                               minor: documents[row].openAmount.minorUnits))
        }
        flushNumbers()
        byAmount.sortRows(by: oldestFirst)
    }
}

/// An open amount at the start of the run, in an entity and a currency (rule 5's "amount equals").
struct AmountKey: Hashable, Sendable {
    /// In `LedgerIndexes.entityNumber`: numbers hash faster than the entity and currency codes.
    let entity: Int32
    let currency: Int32
    let minor: Int64
}

/// A ledger row and the slot of its number: the slot for what is open, the row for the number as the
/// row spells it (what the reasons quote).
struct DocumentRef: Sendable {
    let row: Int32
    let slot: Int32
}

