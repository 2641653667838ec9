/// Reads an open-items CSV from any accounting tool (`inputs.md`, "Ledger: open-items CSV"): one row
/// per invoice or credit note, amounts and dates in any of the usual forms, due dates from the terms
/// when the export has none.
struct OpenItemsReader {
    let context: IngestContext
    private let termsCache = PaymentTermsCache()
    /// Each entity's default terms and "fin de mois" method, the two settings a row needs: looked up
    /// among a handful of entities without copying a whole `EntityConfig` per row.
    private let entityTerms: [(id: String, defaultTerms: String, method: EndOfMonthMethod)]

    init(context: IngestContext) {
        self.context = context
        entityTerms = context.config.entities.map { ($0.id, $0.defaultTerms, $0.endOfMonthMethod) }
    }

    /// What one file gave the snapshot.
    struct FileOutcome {
        /// Rows read and rejected, rejects and warnings; no records: the rows went into the snapshot.
        var result = FileReadResult<OpenItem>()
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
        var entities: [String] = []
        var warnings: [Reject] = []
        InputRow.readRows(reader, file: file.relativePath, match: match, into: &outcome.result, keepsRecords: false) { input in
            let item: OpenItem, overCap: Bool
            switch parse(input, columns: columns, file: file, convention: convention) {
            case .success(let parsed): (item, overCap) = parsed
            case .failure(let reject): return .failure(reject)
            }
            let entity = item.entity, terms = item.terms, document = item.document
            switch snapshot.add(item, file: fileNumber, line: input.row.line, modified: file.modified) {
            case .repeatedInFile(let line):
                return .failure(input.reject("E_DUPLICATE_DOCUMENT", column: "document",
                                             "document `\(document)` already appears on line \(line) of this file"))
            case .inAnotherFile(let earlier, let earlierModified):
                let newer = file.modified > earlierModified
                let (kept, dropped) = newer ? (file.relativePath, earlier.sourceFile) : (earlier.sourceFile, file.relativePath)
                warnings.append(Reject(file: file.relativePath, line: input.row.line, column: input.columnName("document"),
                                       severity: .warning, code: "W_DUPLICATE_DOCUMENT",
                                       message: "document `\(document)` of entity \(entity) is in \(earlier.sourceFile) and \(file.relativePath); the newer file \(kept) is used, \(dropped) is ignored for it"))
            case .added:
                break
            }
            if entities.last != entity && !entities.contains(entity) { entities.append(entity) }
            if overCap {
                warnings.append(input.reject("W_TERMS_OVER_CAP", column: columns.terms != nil ? "terms" : nil,
                                             "payment terms \"\(terms)\" exceed the French cap (60 days, or 45 days end of month)",
                                             severity: .warning))
            }
            // Taken into the snapshot rather than kept here: a million rows are not held twice.
            return .success(nil)
        }
        outcome.result.rejects += warnings
        outcome.entities = entities.sorted()
        return outcome
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

    /// The row's document, and whether the terms that gave its due date exceed the French cap.
    private func parse(_ r: InputRow, columns c: Columns, file: InboxFile, convention: DecimalConvention?) -> Result<(OpenItem, Bool), Reject> {
        if let bad = r.fieldCountReject() { return .failure(bad) }
        let document = r.text(at: c.document)
        guard !document.isEmpty else { return .failure(r.reject("E_MISSING_VALUE", column: "document", "the document number is empty")) }
        let customerID = r.text(at: c.customerID)
        guard !customerID.isEmpty else { return .failure(r.reject("E_MISSING_VALUE", column: "customer_id", "the customer id is empty")) }

        let entity: String
        switch context.entity(folder: file.folderEntity, column: r.text(at: c.entity)) {
        case .success(let e): entity = e
        case .failure(let e): return .failure(r.reject("E_UNKNOWN_ENTITY", column: "entity", e.message))
        }
        let defaults = entityTerms.first { $0.id == entity }!

        var currency = context.config.currency
        let code = r.text(at: c.currency)
        if !code.isEmpty {
            guard let c = Currency(code: code) else {
                return .failure(r.reject("E_BAD_CURRENCY", column: "currency", "expected an ISO 4217 currency code, found `\(code)`"))
            }
            currency = c
        }

        var amount: Int64
        switch r.amount("amount", at: c.amount, minorDigits: currency.minorDigits, convention: convention) {
        case .success(let p?): amount = p.minorUnits
        case .success(nil): return .failure(r.reject("E_MISSING_VALUE", column: "amount", "the amount is empty"))
        case .failure(let rej): return .failure(rej)
        }

        var open: Int64? = nil
        switch r.amount("open_amount", at: c.openAmount, minorDigits: currency.minorDigits, convention: convention) {
        case .success(let p): open = p?.minorUnits
        case .failure(let rej): return .failure(rej)
        }

        let kindText = c.kind == nil ? "" : HeaderName.normalize(r.text(at: c.kind))
        var kind: DocumentKind = amount < 0 ? .creditNote : .invoice
        switch kindText {
        case "": break
        case "invoice", "facture", "fac", "inv", "factuur", "rechnung": kind = .invoice
        case "creditnote", "credit", "avoir", "av", "cn", "creditnota", "gutschrift": kind = .creditNote
        default:
            return .failure(r.reject("E_BAD_KIND", column: "kind", "expected `invoice` or `credit_note`, found `\(r.text("kind"))`"))
        }
        // A credit note may be exported with a positive amount and its kind: it is owed to the customer.
        if kind == .creditNote && amount > 0 { amount = -amount }
        if kind == .invoice && amount < 0 {
            return .failure(r.reject("E_BAD_AMOUNT", column: "amount", "an invoice with a negative amount (\(r.text("amount"))): mark it as a credit note"))
        }
        var openAmount = open ?? amount
        if (amount < 0 && openAmount > 0) || (amount > 0 && openAmount < 0) { openAmount = -openAmount }
        if openAmount.magnitude > amount.magnitude {
            return .failure(r.reject("E_OPEN_EXCEEDS_AMOUNT", column: "open_amount",
                                     "the open amount \(r.text("open_amount")) is larger than the document's amount \(r.text("amount"))"))
        }

        let documentDate: CivilDate
        switch r.date("document_date", at: c.documentDate, order: context.config.dateOrder) {
        case .success(let d?): documentDate = d
        case .success(nil): return .failure(r.reject("E_MISSING_VALUE", column: "document_date", "the document date is empty"))
        case .failure(let rej): return .failure(rej)
        }

        var dueDate: CivilDate
        var termsText = ""
        var overCap = false
        switch r.date("due_date", at: c.dueDate, order: context.config.dateOrder) {
        case .success(let d?): dueDate = d
        case .failure(let rej): return .failure(rej)
        case .success(nil) where !kind.isDueByTerms:
            dueDate = documentDate
        case .success(nil):
            // Terms of the document, else of the customer, else the entity's default (aging.md).
            termsText = r.text(at: c.terms)
            if termsText.isEmpty { termsText = context.customers.terms(entity: entity, id: customerID) ?? "" }
            if termsText.isEmpty { termsText = defaults.defaultTerms }
            guard let terms = termsCache.terms(termsText) else {
                return .failure(r.reject("E_BAD_TERMS", column: c.terms != nil ? "terms" : nil,
                                         "cannot read the payment terms \"\(termsText)\" (expected e.g. `30 jours`, `net 30`, `45 jours fin de mois`)"))
            }
            dueDate = terms.dueDate(from: documentDate, method: defaults.method)
            overCap = terms.exceedsFrenchCap
        }
        if dueDate < documentDate {
            return .failure(r.reject("E_BAD_DATE", column: "due_date", "the due date \(dueDate.iso) is before the document date \(documentDate.iso)"))
        }

        return .success((OpenItem(
            entity: entity, document: document, customerID: customerID, customerName: r.text(at: c.customerName),
            kind: kind, documentDate: documentDate, dueDate: dueDate, terms: termsText,
            amount: Money(minorUnits: amount, currency: currency), openAmount: Money(minorUnits: openAmount, currency: currency),
            externalRef: r.text(at: c.externalRef), paymentRef: r.text(at: c.paymentRef), poNumber: r.text(at: c.poNumber),
            sourceFile: file.relativePath, sourceLine: r.row.line), overCap))
    }
}
