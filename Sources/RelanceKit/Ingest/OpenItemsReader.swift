/// Reads an open-items CSV from any accounting tool (`inputs.md`, "Ledger: open-items CSV"): one row
/// per invoice or credit note, amounts and dates in any of the usual forms, due dates from the terms
/// when the export has none.
struct OpenItemsReader {
    let context: IngestContext
    private let termsCache = PaymentTermsCache()
    /// The settings every row reads, taken out of the context once: a call on the context for every
    /// row would copy it (400 bytes) each time.
    private let currency: Currency
    private let dateOrder: DateOrder

    init(context: IngestContext) {
        self.context = context
        currency = context.config.currency
        dateOrder = context.config.dateOrder
    }

    /// Terms as a row uses them: the position of their text in the snapshot, and the terms read from it
    /// (nil when unreadable).
    private struct KnownTerms {
        let position: Int32
        let terms: PaymentTerms?
    }

    /// What the rows of a file ask again and again, found once: the terms of each text and of each
    /// customer, looked up with the field's bytes (`ByteKeyTable`), and the entities' settings.
    private struct Memos {
        var termsOfText = ByteKeyTable<KnownTerms>()
        /// The terms of each customer id, tagged with the entity's position.
        var termsOfCustomer = ByteKeyTable<KnownTerms>()
        /// By entity position: the "fin de mois" method and default terms.
        var entities: [(method: EndOfMonthMethod, defaultTerms: String)] = []
        var currency: (code: UInt32, currency: Currency)? = nil
        /// The position of the empty terms text (a row that gives its due date).
        var noTerms: Int32 = -1
        /// The entity of every row of a file without an `entity` column: its folder's, or the only one.
        var fileEntity: Result<String, EntityError>? = nil
    }

    /// What one file gave the snapshot.
    struct FileOutcome {
        /// Rows read and rejected, rejects and warnings; no records: the rows went into the snapshot.
        /// (Of `Never`: a row gives a reject or nothing, not an `OpenItem?` of 200 bytes to copy back.)
        var result = FileReadResult<Never>()
        /// The entities of its documents, sorted.
        var entities: [String] = []
    }

    /// Reads every row of `file` into `snapshot` (ledger file number `fileNumber` of the run). A
    /// document repeated within the file is rejected (the second row); one another file has too is
    /// taken from the newer file, with a warning naming both.
    func read(_ file: InboxFile, reader: CSVReader, match: ColumnMatch, fileNumber: Int,
              into snapshot: inout LedgerSnapshot) -> FileOutcome {
        var outcome = FileOutcome()
        let columns = Columns(match)
        let convention = InputRow.decimalConvention(reader: reader, columns: [columns.amount, columns.openAmount],
                                                    match: match, conf: context.decimalConvention)
        let text = reader.text
        snapshot.addFile(fileNumber, path: file.relativePath, modified: file.modified, text: text)
        var entities: [UInt16] = []
        var warnings: [Reject] = []
        var memos = Memos()
        if columns.entity == nil { memos.fileEntity = context.entity(folder: file.folderEntity, column: "") }
        text.withUnsafeBufferPointer { text in
            InputRow.readRows(reader, file: file.relativePath, match: match, into: &outcome.result, keepsRecords: false) { input throws(Reject) in
                let parsed = try parse(input, columns: columns, file: file, convention: convention, text: text,
                                       snapshot: &snapshot, memos: &memos)
                let entity = parsed.entity
                let addition: LedgerSnapshot.Addition
                if let row = row(input, parsed, columns: columns, fileNumber: fileNumber, text: text, snapshot: &snapshot) {
                    addition = snapshot.add(row, text: text)
                } else {
                    addition = snapshot.add(item(input, parsed, columns: columns, file: file, snapshot: snapshot), file: fileNumber,
                                            line: input.row.line, modified: file.modified, text: text)
                }
                switch addition {
                case .repeatedInFile(let line):
                    throw input.reject("E_DUPLICATE_DOCUMENT", column: "document",
                                       "document `\(input.text(at: columns.document))` already appears on line \(line) of this file")
                case .inAnotherFile(let earlier, let earlierModified):
                    let newer = file.modified > earlierModified
                    let (kept, dropped) = newer ? (file.relativePath, earlier) : (earlier, file.relativePath)
                    warnings.append(Reject(file: file.relativePath, line: input.row.line, column: input.columnName("document"),
                                           severity: .warning, code: "W_DUPLICATE_DOCUMENT",
                                           message: "document `\(input.text(at: columns.document))` of entity \(snapshot.entity(at: entity)) is in \(earlier) and \(file.relativePath); the newer file \(kept) is used, \(dropped) is ignored for it"))
                case .added:
                    break
                }
                if entities.last != entity && !entities.contains(entity) { entities.append(entity) }
                if parsed.overCap {
                    warnings.append(input.reject("W_TERMS_OVER_CAP", column: columns.terms != nil ? "terms" : nil,
                                                 "payment terms \"\(snapshot.termsText(at: parsed.terms))\" exceed the French cap (60 days, or 45 days end of month)",
                                                 severity: .warning))
                }
                // Taken into the snapshot rather than kept here: a million rows are not held twice.
                return nil
            }
        }
        outcome.result.rejects += warnings
        outcome.entities = entities.map { snapshot.entity(at: $0) }.sorted()
        return outcome
    }

    /// The row as the snapshot keeps it, its texts where they are in the file; nil when one of them is
    /// not (its doubled quotes undoubled) or the file is too large for the row's positions.
    private func row(_ r: InputRow, _ p: Parsed, columns c: Columns, fileNumber: Int, text: UnsafeBufferPointer<UInt8>,
                     snapshot: inout LedgerSnapshot) -> LedgerRow? {
        guard let document = r.row.trimmedRange(c.document, in: text).flatMap(TextSpan.init),
              let customerID = r.row.trimmedRange(c.customerID, in: text).flatMap(TextSpan.init),
              let customerName = r.row.trimmedRange(c.customerName, in: text).flatMap(TextSpan.init),
              let externalRef = r.row.trimmedRange(c.externalRef, in: text).flatMap(TextSpan.init),
              let paymentRef = r.row.trimmedRange(c.paymentRef, in: text).flatMap(TextSpan.init),
              let poNumber = r.row.trimmedRange(c.poNumber, in: text).flatMap(TextSpan.init),
              let line = Int32(exactly: r.row.line), let file = Int32(exactly: fileNumber) else { return nil }
        var documentString: Int32 = -1
        for b in document.bytes(in: text) where b >= 0x80 {
            documentString = snapshot.keepDocumentString(document.string(in: text))
            break
        }
        return LedgerRow(amount: p.amount, openAmount: p.openAmount, currency: p.currency,
                         document: document, customerID: customerID, customerName: customerName,
                         externalRef: externalRef, paymentRef: paymentRef, poNumber: poNumber,
                         documentDate: p.documentDate, dueDate: p.dueDate, line: line, terms: p.terms,
                         file: file, entity: p.entity, kind: p.kind, documentString: documentString)
    }

    /// The row as a whole `OpenItem`.
    private func item(_ r: InputRow, _ p: Parsed, columns c: Columns, file: InboxFile, snapshot: LedgerSnapshot) -> OpenItem {
        OpenItem(entity: snapshot.entity(at: p.entity), document: r.text(at: c.document), customerID: r.text(at: c.customerID),
                 customerName: r.text(at: c.customerName), kind: p.kind, documentDate: p.documentDate, dueDate: p.dueDate,
                 terms: snapshot.termsText(at: p.terms), amount: Money(minorUnits: p.amount, currency: p.currency),
                 openAmount: Money(minorUnits: p.openAmount, currency: p.currency),
                 externalRef: r.text(at: c.externalRef), paymentRef: r.text(at: c.paymentRef), poNumber: r.text(at: c.poNumber),
                 sourceFile: file.relativePath, sourceLine: r.row.line)
    }

    /// The positions of the columns this reader uses, found once per file.
    private struct Columns {
        let document, customerID, customerName, entity, currency, amount, openAmount, kind: Int?
        let documentDate, dueDate, terms, externalRef, paymentRef, poNumber: Int?

        init(_ match: ColumnMatch) {
            document = match["document"]
            customerID = match["customer_id"]
            customerName = match["customer_name"]
            entity = match["entity"]
            currency = match["currency"]
            amount = match["amount"]
            openAmount = match["open_amount"]
            kind = match["kind"]
            documentDate = match["document_date"]
            dueDate = match["due_date"]
            terms = match["terms"]
            externalRef = match["external_ref"]
            paymentRef = match["payment_ref"]
            poNumber = match["po_number"]
        }
    }

    /// What a row gives besides its texts.
    private struct Parsed {
        /// The entity's position in the snapshot.
        var entity: UInt16
        var kind: DocumentKind
        var currency: Currency
        var amount, openAmount: Int64
        var documentDate, dueDate: CivilDate
        /// The position in the snapshot of the terms text that gave the due date (empty when the row gave it).
        var terms: Int32
        /// Whether those terms exceed the French cap.
        var overCap: Bool
    }

    /// The row's values, checked.
    private func parse(_ r: InputRow, columns c: Columns, file: InboxFile, convention: DecimalConvention?,
                       text: UnsafeBufferPointer<UInt8>, snapshot: inout LedgerSnapshot, memos: inout Memos) throws(Reject) -> Parsed {
        if let bad = r.fieldCountReject() { throw bad }
        guard !r.isBlank(at: c.document) else { throw r.reject("E_MISSING_VALUE", column: "document", "the document number is empty") }
        guard !r.isBlank(at: c.customerID) else { throw r.reject("E_MISSING_VALUE", column: "customer_id", "the customer id is empty") }

        let entity: UInt16
        switch memos.fileEntity ?? context.entity(folder: file.folderEntity, column: r.text(at: c.entity)) {
        case .success(let e): entity = snapshot.entityPosition(e)
        case .failure(let e): throw r.reject("E_UNKNOWN_ENTITY", column: "entity", e.message)
        }
        while memos.entities.count <= Int(entity) {
            let e = context.config.entity(snapshot.entity(at: UInt16(memos.entities.count)))!
            memos.entities.append((e.endOfMonthMethod, e.defaultTerms))
        }

        var currency = self.currency
        if !r.isBlank(at: c.currency) {
            guard let code = currencyCode(r, at: c.currency!, memos: &memos) else {
                throw r.reject("E_BAD_CURRENCY", column: "currency", "expected an ISO 4217 currency code, found `\(r.text(at: c.currency))`")
            }
            currency = code
        }

        guard var amount = try r.amountValue("amount", at: c.amount, minorDigits: currency.minorDigits, convention: convention)?.minorUnits else {
            throw r.reject("E_MISSING_VALUE", column: "amount", "the amount is empty")
        }
        let open = try r.amountValue("open_amount", at: c.openAmount, minorDigits: currency.minorDigits, convention: convention)?.minorUnits

        let kindText = c.kind == nil ? "" : HeaderName.normalize(r.text(at: c.kind))
        var kind: DocumentKind = amount < 0 ? .creditNote : .invoice
        switch kindText {
        case "": break
        case "invoice", "facture", "fac", "inv", "factuur", "rechnung": kind = .invoice
        case "creditnote", "credit", "avoir", "av", "cn", "creditnota", "gutschrift": kind = .creditNote
        default:
            throw r.reject("E_BAD_KIND", column: "kind", "expected `invoice` or `credit_note`, found `\(r.text("kind"))`")
        }
        // A credit note may be exported with a positive amount and its kind: it is owed to the customer.
        if kind == .creditNote && amount > 0 { amount = -amount }
        if kind == .invoice && amount < 0 {
            throw r.reject("E_BAD_AMOUNT", column: "amount", "an invoice with a negative amount (\(r.text("amount"))): mark it as a credit note")
        }
        var openAmount = open ?? amount
        if (amount < 0 && openAmount > 0) || (amount > 0 && openAmount < 0) { openAmount = -openAmount }
        if openAmount.magnitude > amount.magnitude {
            throw r.reject("E_OPEN_EXCEEDS_AMOUNT", column: "open_amount",
                           "the open amount \(r.text("open_amount")) is larger than the document's amount \(r.text("amount"))")
        }

        let order = dateOrder
        guard let documentDate = try r.dateValue("document_date", at: c.documentDate, order: order) else {
            throw r.reject("E_MISSING_VALUE", column: "document_date", "the document date is empty")
        }

        var dueDate: CivilDate
        if memos.noTerms < 0 { memos.noTerms = snapshot.termsPosition("") }
        var termsPosition = memos.noTerms
        var overCap = false
        switch try r.dateValue("due_date", at: c.dueDate, order: order) {
        case let d?: dueDate = d
        case nil where !kind.isDueByTerms:
            dueDate = documentDate
        case nil:
            let known = terms(r, columns: c, entity: entity, text: text, snapshot: &snapshot, memos: &memos)
            guard let terms = known.terms else {
                throw r.reject("E_BAD_TERMS", column: c.terms != nil ? "terms" : nil,
                               "cannot read the payment terms \"\(snapshot.termsText(at: known.position))\" (expected e.g. `30 jours`, `net 30`, `45 jours fin de mois`)")
            }
            termsPosition = known.position
            dueDate = terms.dueDate(from: documentDate, method: memos.entities[Int(entity)].method)
            overCap = terms.exceedsFrenchCap
        }
        if dueDate < documentDate {
            throw r.reject("E_BAD_DATE", column: "due_date", "the due date \(dueDate.iso) is before the document date \(documentDate.iso)")
        }

        return Parsed(entity: entity, kind: kind, currency: currency, amount: amount, openAmount: openAmount,
                      documentDate: documentDate, dueDate: dueDate, terms: termsPosition, overCap: overCap)
    }

    /// The terms of a row that gives no due date: the document's, else the customer's, else the
    /// entity's default (aging.md). Found by the bytes of the terms or of the customer id, once per
    /// text and per customer.
    private func terms(_ r: InputRow, columns c: Columns, entity: UInt16, text: UnsafeBufferPointer<UInt8>,
                       snapshot: inout LedgerSnapshot, memos: inout Memos) -> KnownTerms {
        func known(_ text: String) -> KnownTerms {
            KnownTerms(position: snapshot.termsPosition(text), terms: termsCache.terms(text))
        }
        if !r.isBlank(at: c.terms) {
            guard let range = r.row.trimmedRange(c.terms, in: text) else { return known(r.text(at: c.terms)) }
            let bytes = UnsafeBufferPointer(rebasing: text[range])
            if let hit = memos.termsOfText.value(for: bytes) { return hit }
            let found = known(r.text(at: c.terms))
            memos.termsOfText.insert(bytes, found)
            return found
        }
        func ofCustomer() -> KnownTerms {
            let text = context.customers.terms(entity: snapshot.entity(at: entity), id: r.text(at: c.customerID)) ?? ""
            return known(text.isEmpty ? memos.entities[Int(entity)].defaultTerms : text)
        }
        guard let range = r.row.trimmedRange(c.customerID, in: text) else { return ofCustomer() }
        let bytes = UnsafeBufferPointer(rebasing: text[range])
        if let hit = memos.termsOfCustomer.value(for: bytes, tag: entity) { return hit }
        let found = ofCustomer()
        memos.termsOfCustomer.insert(bytes, tag: entity, found)
        return found
    }

    /// The currency of the field at `index`, the previous row's when the code is the same.
    private func currencyCode(_ r: InputRow, at index: Int, memos: inout Memos) -> Currency? {
        r.row.withField(index) { bytes in
            if bytes.count == 3 {
                let code = UInt32(bytes[0]) << 16 | UInt32(bytes[1]) << 8 | UInt32(bytes[2])
                if let last = memos.currency, last.code == code { return last.currency }
                let c = Currency(utf8: bytes)
                if let c { memos.currency = (code, c) }
                return c
            }
            return Currency(utf8: bytes)
        }
    }
}
