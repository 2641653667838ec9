/// Reads an open-items CSV from any accounting tool (`inputs.md`, "Ledger: open-items CSV"): one row
/// per invoice or credit note, amounts and dates in any of the usual forms, due dates from the terms
/// when the export has none.
struct OpenItemsReader {
    let context: IngestContext
    private let termsCache = PaymentTermsCache()

    init(context: IngestContext) {
        self.context = context
    }

    func read(_ file: InboxFile, reader: CSVReader, match: ColumnMatch) -> FileReadResult<OpenItem> {
        var result = FileReadResult<OpenItem>()
        let amountColumns = ["amount", "open_amount"].compactMap { match[$0] }
        let convention = context.decimalConvention
            ?? InputRow.detectConvention(bytes: file.bytes, delimiter: reader.delimiter, columns: amountColumns,
                                          headerLine: match.line)
        var seen: [DocumentKey: Int] = [:]
        seen.reserveCapacity(file.bytes.count / 80)
        var warnings: [Reject] = []
        InputRow.readRows(reader, file: file.relativePath, match: match, into: &result) { input in
            switch parse(input, file: file, convention: convention) {
            case .success(let item):
                if let earlier = seen[item.key] {
                    return .failure(input.reject("E_DUPLICATE_DOCUMENT", column: "document",
                                                 "document `\(item.document)` already appears on line \(earlier) of this file"))
                }
                seen[item.key] = input.row.line
                if !item.terms.isEmpty, let terms = termsCache.terms(item.terms), terms.exceedsFrenchCap {
                    warnings.append(input.reject("W_TERMS_OVER_CAP", column: input.has("terms") ? "terms" : nil,
                                                 "payment terms \"\(item.terms)\" exceed the French cap (60 days, or 45 days end of month)",
                                                 severity: .warning))
                }
                return .success(item)
            case .failure(let reject):
                return .failure(reject)
            }
        }
        result.rejects += warnings
        return result
    }

    private func parse(_ r: InputRow, file: InboxFile, convention: DecimalConvention?) -> Result<OpenItem, Reject> {
        if let bad = r.fieldCountReject() { return .failure(bad) }
        let document = r.text("document")
        guard !document.isEmpty else { return .failure(r.reject("E_MISSING_VALUE", column: "document", "the document number is empty")) }
        let customerID = r.text("customer_id")
        guard !customerID.isEmpty else { return .failure(r.reject("E_MISSING_VALUE", column: "customer_id", "the customer id is empty")) }

        let entity: String
        switch context.entity(folder: file.folderEntity, column: r.text("entity")) {
        case .success(let e): entity = e
        case .failure(let e): return .failure(r.reject("E_UNKNOWN_ENTITY", column: "entity", e.message))
        }
        let entityConfig = context.config.entity(entity)!

        var currency = context.config.currency
        let code = r.text("currency")
        if !code.isEmpty {
            guard let c = Currency(code: code) else {
                return .failure(r.reject("E_BAD_CURRENCY", column: "currency", "expected an ISO 4217 currency code, found `\(code)`"))
            }
            currency = c
        }

        var amount: Int64
        switch r.amount("amount", minorDigits: currency.minorDigits, convention: convention) {
        case .success(let p?): amount = p.minorUnits
        case .success(nil): return .failure(r.reject("E_MISSING_VALUE", column: "amount", "the amount is empty"))
        case .failure(let rej): return .failure(rej)
        }

        var open: Int64? = nil
        switch r.amount("open_amount", minorDigits: currency.minorDigits, convention: convention) {
        case .success(let p): open = p?.minorUnits
        case .failure(let rej): return .failure(rej)
        }

        let kindText = HeaderName.normalize(r.text("kind"))
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
        switch r.date("document_date", order: context.config.dateOrder) {
        case .success(let d?): documentDate = d
        case .success(nil): return .failure(r.reject("E_MISSING_VALUE", column: "document_date", "the document date is empty"))
        case .failure(let rej): return .failure(rej)
        }

        var dueDate: CivilDate
        var termsText = ""
        switch r.date("due_date", order: context.config.dateOrder) {
        case .success(let d?): dueDate = d
        case .failure(let rej): return .failure(rej)
        case .success(nil):
            // Terms of the document, else of the customer, else the entity's default (aging.md).
            let customer = context.customers[entity, customerID]
            termsText = r.text("terms")
            if termsText.isEmpty { termsText = customer?.terms ?? "" }
            if termsText.isEmpty { termsText = entityConfig.defaultTerms }
            guard let terms = termsCache.terms(termsText) else {
                return .failure(r.reject("E_BAD_TERMS", column: r.has("terms") ? "terms" : nil,
                                         "cannot read the payment terms \"\(termsText)\" (expected e.g. `30 jours`, `net 30`, `45 jours fin de mois`)"))
            }
            dueDate = terms.dueDate(from: documentDate, method: entityConfig.endOfMonthMethod)
        }
        if dueDate < documentDate {
            return .failure(r.reject("E_BAD_DATE", column: "due_date", "the due date \(dueDate.iso) is before the document date \(documentDate.iso)"))
        }

        return .success(OpenItem(
            entity: entity, document: document, customerID: customerID, customerName: r.text("customer_name"),
            kind: kind, documentDate: documentDate, dueDate: dueDate, terms: termsText,
            amount: Money(minorUnits: amount, currency: currency), openAmount: Money(minorUnits: openAmount, currency: currency),
            externalRef: r.text("external_ref"), paymentRef: r.text("payment_ref"), poNumber: r.text("po_number"),
            sourceFile: file.relativePath, sourceLine: r.row.line))
    }
}
