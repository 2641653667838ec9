/// The ledger documents of a run, by entity then number, as the snapshot kept them (`LedgerRow`):
/// read as `OpenItem`s, each made when asked for. The stage writes `documents.csv` from the rows
/// (`write(to:)`) without making them.
public struct LedgerDocuments: RandomAccessCollection, Sendable {
    var rows: [LedgerRow] = []
    /// The documents kept whole (`LedgerRow.item`).
    var items: [OpenItem] = []
    /// Per ledger file of the run: its path in the inbox and, for an open-items CSV, its UTF-8 text.
    var files: [LedgerFile] = []
    var entities: [String] = []
    var termsTexts: [String] = []
    /// The numbers of the rows whose number is not ASCII (`LedgerRow.documentString`).
    var documentStrings: [String] = []

    struct LedgerFile: Sendable {
        let path: String
        let text: FileBytes
    }

    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { rows.count }

    public subscript(position: Int) -> OpenItem {
        let r = rows[position]
        if r.isWhole { return items[Int(r.item)] }
        let file = files[Int(r.file)]
        return file.text.withUnsafeBufferPointer { t in
            OpenItem(entity: entities[Int(r.entity)], document: document(of: r, text: t), customerID: r.customerID.string(in: t),
                     customerName: r.customerName.string(in: t), kind: r.kind, documentDate: r.documentDate, dueDate: r.dueDate,
                     terms: termsTexts[Int(r.terms)],
                     amount: Money(minorUnits: r.amount, currency: r.currency), openAmount: Money(minorUnits: r.openAmount, currency: r.currency),
                     externalRef: r.externalRef.string(in: t), paymentRef: r.paymentRef.string(in: t), poNumber: r.poNumber.string(in: t),
                     sourceFile: file.path, sourceLine: Int(r.line))
        }
    }

    /// The document number of a row whose file's text is `text`.
    func document(of r: LedgerRow, text: UnsafeBufferPointer<UInt8>) -> String {
        if r.isWhole { return items[Int(r.item)].document }
        return r.documentString >= 0 ? documentStrings[Int(r.documentString)] : r.document.string(in: text)
    }

    func document(of r: LedgerRow, in texts: [UnsafeBufferPointer<UInt8>]) -> String {
        document(of: r, text: texts[Int(r.file)])
    }

    /// Calls `body` with the text of every ledger file, by file number (empty for a FEC).
    func withFileTexts<R>(_ body: ([UnsafeBufferPointer<UInt8>]) -> R) -> R {
        var texts: [UnsafeBufferPointer<UInt8>] = []
        texts.reserveCapacity(files.count)
        // Nested, so that every file's bytes stay valid while `body` runs: a handful of files.
        func nest(_ i: Int) -> R {
            if i == files.count { return body(texts) }
            return files[i].text.withUnsafeBufferPointer { t in
                texts.append(t)
                return nest(i + 1)
            }
        }
        return nest(0)
    }

    /// Whether document `a` comes before `b` in number order (`String`'s, which the stages use).
    func documentBefore(_ a: LedgerRow, _ b: LedgerRow, in texts: [UnsafeBufferPointer<UInt8>]) -> Bool {
        documentBefore(a, text: texts[Int(a.file)], b, text: texts[Int(b.file)])
    }

    /// `documentBefore(_:_:in:)` with the texts of the rows' files.
    @inline(__always)
    func documentBefore(_ a: LedgerRow, text textA: UnsafeBufferPointer<UInt8>, _ b: LedgerRow, text textB: UnsafeBufferPointer<UInt8>) -> Bool {
        Self.asciiBefore(a, text: textA, b, text: textB)
            ?? (document(of: a, text: textA) < document(of: b, text: textB))
    }

    /// Whether `a` comes before `b`, told from their bytes when both numbers are ASCII, as nearly all
    /// are, and the two orders agree; nil otherwise. Static: the snapshot calls it for every row
    /// without lending itself.
    @inline(__always)
    static func asciiBefore(_ a: LedgerRow, text textA: UnsafeBufferPointer<UInt8>, _ b: LedgerRow, text textB: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard !a.isWhole && !b.isWhole && a.documentString < 0 && b.documentString < 0 else { return nil }
        return bytesBefore(a.document.bytes(in: textA), b.document.bytes(in: textB))
    }

    /// Byte order, eight bytes at a time (a document number is a word or two: no call to `memcmp`).
    @inline(__always)
    static func bytesBefore(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = Swift.min(a.count, b.count)
        var i = 0
        if n >= 8, let pa = a.baseAddress, let pb = b.baseAddress {
            let ra = UnsafeRawPointer(pa), rb = UnsafeRawPointer(pb)
            while i &+ 8 <= n {
                let x = UInt64(bigEndian: ra.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let y = UInt64(bigEndian: rb.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                if x != y { return x < y }
                i &+= 8
            }
        }
        while i < n {
            if a[i] != b[i] { return a[i] < b[i] }
            i &+= 1
        }
        return a.count < b.count
    }

    /// Sorts by entity, then document number, after checking the order the files most often have already.
    mutating func sortByKey() {
        // The entities' order as strings, by their position.
        let rank = entities.indices.sorted { entities[$0] < entities[$1] }.enumerated()
            .reduce(into: [Int](repeating: 0, count: entities.count)) { $0[$1.element] = $1.offset }
        // Taken out, so that the sort moves them where they lie rather than in a copy.
        var rows: [LedgerRow] = []
        swap(&rows, &self.rows)
        let me = self
        self.rows = withFileTexts { texts in
            func before(_ a: LedgerRow, _ b: LedgerRow) -> Bool {
                a.entity != b.entity ? rank[Int(a.entity)] < rank[Int(b.entity)] : me.documentBefore(a, b, in: texts)
            }
            let sorted = rows.withUnsafeBufferPointer { p in
                var i = 1
                while i < p.count {
                    if before(p[i], p[i - 1]) { return false }
                    i += 1
                }
                return true
            }
            if !sorted { rows.sort(by: before) }
            return rows
        }
    }

    /// The document of `key`, found by halving.
    func document(withKey key: DocumentKey) -> OpenItem? {
        withFileTexts { texts in
            var lo = 0, hi = rows.count
            while lo < hi {
                let mid = (lo + hi) / 2
                let r = rows[mid]
                let entity = entities[Int(r.entity)], document = document(of: r, in: texts)
                if entity == key.entity && document == key.document { return self[mid] }
                if entity != key.entity ? entity < key.entity : document < key.document { lo = mid + 1 } else { hi = mid }
            }
            return nil
        }
    }

    /// The customers the documents are of.
    func customerKeys() -> Set<CustomerKey> {
        withFileTexts { texts in
            var keys = Set<CustomerKey>()
            for r in rows {
                let id = r.isWhole ? items[Int(r.item)].customerID : r.customerID.string(in: texts[Int(r.file)])
                keys.insert(CustomerKey(entity: entities[Int(r.entity)], customerID: id))
            }
            return keys
        }
    }

    /// Writes `documents.csv`: the columns of `OpenItem`'s stage file, the texts copied from the files' bytes.
    func write(to path: String) throws(StoreError) {
        var w = try StageFileWriter(columns: OpenItem.stageColumns, path: path)
        withFileTexts { texts in
            rows.withUnsafeBufferPointer { rows in
                for r in rows {
                    if r.isWhole {
                        w.row(items[Int(r.item)])
                        continue
                    }
                    let t = texts[Int(r.file)]
                    // In `OpenItem.writeCells`'s order.
                    w.cell(entities[Int(r.entity)])
                    w.cell(bytes: r.document.bytes(in: t))
                    w.cell(bytes: r.customerID.bytes(in: t))
                    w.cell(bytes: r.customerName.bytes(in: t))
                    w.cell(r.kind.rawValue)
                    w.cell(r.documentDate)
                    w.cell(r.dueDate)
                    w.cell(termsTexts[Int(r.terms)])
                    w.cell(r.currency.code)
                    w.cell(Money(minorUnits: r.amount, currency: r.currency))
                    w.cell(Money(minorUnits: r.openAmount, currency: r.currency))
                    w.cell(bytes: r.externalRef.bytes(in: t))
                    w.cell(bytes: r.paymentRef.bytes(in: t))
                    w.cell(bytes: r.poNumber.bytes(in: t))
                    w.cell(files[Int(r.file)].path)
                    w.cell(Int(r.line))
                    w.endRow()
                }
            }
        }
        try w.commit()
    }
}
