/// Reads finance's holds file (`inputs.md`, "Holds"): disputes, promises and pauses, each checked
/// against the ledger — a hold on an unknown customer or document, or ambiguous between entities,
/// is rejected with the reason.
struct HoldsReader {
    let context: IngestContext
    /// Customer keys present in the ledgers of this run.
    let customersInLedger: Set<CustomerKey>
    /// The ledgers' documents, by entity then number.
    let ledger: LedgerDocuments

    func read(_ file: InboxFile, reader: CSVReader, match: ColumnMatch) -> FileReadResult<Hold> {
        var result = FileReadResult<Hold>()
        let convention = InputRow.decimalConvention(reader: reader, columns: [match["amount"]], match: match,
                                                    conf: context.decimalConvention)
        InputRow.readRows(reader, file: file.relativePath, match: match, into: &result) { input throws(Reject) in
            try parse(input, file: file, convention: convention).get()
        }
        return result
    }

    private func parse(_ r: InputRow, file: InboxFile, convention: DecimalConvention?) -> Result<Hold, Reject> {
        if let bad = r.fieldCountReject() { return .failure(bad) }
        let kindText = HeaderName.normalize(r.text("kind"))
        let kind: Hold.Kind
        switch kindText {
        case "dispute", "litige", "geschil": kind = .dispute
        case "promise", "promesse", "promessedepaiement", "belofte": kind = .promise
        case "pause", "suspension", "hold": kind = .pause
        default:
            return .failure(r.reject("E_BAD_KIND", column: "kind", "expected `dispute`, `promise` or `pause`, found `\(r.text("kind"))`"))
        }
        let customerID = r.text("customer_id")
        guard !customerID.isEmpty else { return .failure(r.reject("E_MISSING_VALUE", column: "customer_id", "the customer id is empty")) }
        let document = r.text("document")

        // The entity: given, else the only entity where this customer (and document) exists.
        var entity = r.text("entity")
        if entity.isEmpty { entity = file.folderEntity ?? "" }
        if entity.isEmpty {
            // The entities where the customer exists; the document, if any, is checked after.
            var candidates = context.config.entities.map(\.id).filter {
                customersInLedger.contains(CustomerKey(entity: $0, customerID: customerID))
            }
            if candidates.count > 1 && !document.isEmpty {
                let owning = candidates.filter { ledger.document(withKey: DocumentKey(entity: $0, document: document))?.customerID == customerID }
                if !owning.isEmpty { candidates = owning }
            }
            if candidates.count > 1 {
                return .failure(r.reject("E_AMBIGUOUS_ENTITY", column: "customer_id",
                                         "customer `\(customerID)` exists in entities \(candidates.joined(separator: ", ")): add an `entity` column"))
            }
            entity = candidates.first ?? ""
        } else if context.config.entity(entity) == nil {
            return .failure(r.reject("E_UNKNOWN_ENTITY", column: "entity", "unknown entity `\(entity)`"))
        }
        guard !entity.isEmpty, customersInLedger.contains(CustomerKey(entity: entity, customerID: customerID)) else {
            return .failure(r.reject("E_UNKNOWN_CUSTOMER", column: "customer_id", "customer `\(customerID)` has no document in the ledger"))
        }
        if !document.isEmpty {
            guard let owner = ledger.document(withKey: DocumentKey(entity: entity, document: document))?.customerID else {
                return .failure(r.reject("E_UNKNOWN_DOCUMENT", column: "document", "document `\(document)` is not in the ledger of entity \(entity)"))
            }
            guard owner == customerID else {
                return .failure(r.reject("E_UNKNOWN_DOCUMENT", column: "document", "document `\(document)` belongs to customer `\(owner)`, not `\(customerID)`"))
            }
        }
        var until: CivilDate? = nil
        switch r.date("until", order: context.config.dateOrder) {
        case .success(let d): until = d
        case .failure(let rej): return .failure(rej)
        }
        if until == nil && kind != .dispute {
            return .failure(r.reject("E_MISSING_VALUE", column: "until", "a \(kind.rawValue) needs an end date (`until`)"))
        }
        var amount: Money? = nil
        let currency = context.config.currency(ofEntity: entity)
        switch r.amount("amount", minorDigits: currency.minorDigits, convention: convention) {
        case .success(let p?): amount = Money(minorUnits: p.minorUnits, currency: currency)
        case .success(nil): break
        case .failure(let rej): return .failure(rej)
        }
        return .success(Hold(kind: kind, entity: entity, customerID: customerID, document: document, until: until,
                             amount: amount, note: r.text("note"), by: r.text("by"),
                             sourceFile: file.relativePath, sourceLine: r.row.line))
    }
}
