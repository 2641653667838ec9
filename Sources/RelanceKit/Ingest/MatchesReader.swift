/// Reads finance's manual matches (`matches.csv`, `inputs.md`): a bank line id, the documents it
/// pays (`;`-separated), optionally the amounts in the same order and the entity. Each document
/// must be in the ledger (else `E_UNKNOWN_DOCUMENT` with the line); amounts must be as many as the
/// documents and, when the bank line is in this run, add up to no more than it.
struct MatchesReader {
    let context: IngestContext
    /// The ledgers' documents, by entity then number.
    let ledger: LedgerDocuments
    /// The bank lines of this run by id.
    let bankLines: [String: BankLine]
    /// The ids of the bank lines the state keeps (booked after the cut-off, their statement archived):
    /// reconcile applies matches to them too.
    let keptLineIDs: Set<String>

    func read(_ file: InboxFile, reader: CSVReader, match: ColumnMatch) -> FileReadResult<ManualMatch> {
        var result = FileReadResult<ManualMatch>()
        var warnings: [Reject] = []
        InputRow.readRows(reader, file: file.relativePath, match: match, into: &result) { input throws(Reject) in
            let m = try parse(input, file: file).get()
            // Kept, as finance decided it, but said: a mistyped id would otherwise match nothing, silently.
            if bankLines[m.bankLineID] == nil, !keptLineIDs.contains(m.bankLineID) {
                warnings.append(input.reject("W_UNKNOWN_BANK_LINE", column: "bank_line_id",
                                             "bank line `\(m.bankLineID)` is in no statement of the inbox nor kept in the state: the match is kept and applies when the line arrives (the ids are those of the report's reconciliation.csv and unmatched-payments.csv)",
                                             severity: .warning))
            }
            return m
        }
        result.rejects += warnings
        return result
    }

    static func split(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == ";" || $0 == "|" }).map { InputRow.trimmed(String($0)) }.filter { !$0.isEmpty }
    }

    private func parse(_ r: InputRow, file: InboxFile) -> Result<ManualMatch, Reject> {
        if let bad = r.fieldCountReject() { return .failure(bad) }
        let lineID = r.text("bank_line_id")
        guard !lineID.isEmpty else { return .failure(r.reject("E_MISSING_VALUE", column: "bank_line_id", "the bank line id is empty")) }
        let docs = Self.split(r.text("documents"))
        guard !docs.isEmpty else { return .failure(r.reject("E_MISSING_VALUE", column: "documents", "no document given")) }
        let line = bankLines[lineID]
        // The entity: given, the file's folder, the bank line's, else the only entity holding every document.
        var entity = r.text("entity")
        if !entity.isEmpty {
            guard context.config.entity(entity) != nil else {
                return .failure(r.reject("E_UNKNOWN_ENTITY", column: "entity", "unknown entity `\(entity)`"))
            }
        } else if let folder = file.folderEntity {
            entity = folder
        } else if let line, !line.entity.isEmpty {
            entity = line.entity
        } else {
            let holding = context.config.entities.map(\.id).filter { e in docs.allSatisfy { ledger.document(withKey: DocumentKey(entity: e, document: $0)) != nil } }
            if holding.count > 1 {
                return .failure(r.reject("E_AMBIGUOUS_ENTITY", column: "documents",
                                         "the documents exist in entities \(holding.joined(separator: ", ")): add an `entity` column"))
            }
            entity = holding.first ?? (context.config.entities.count == 1 ? context.config.entities[0].id : "")
        }
        var currency: Currency? = nil
        for d in docs {
            guard let c = ledger.document(withKey: DocumentKey(entity: entity, document: d))?.amount.currency else {
                return .failure(r.reject("E_UNKNOWN_DOCUMENT", column: "documents",
                                         "document `\(d)` is not in the ledger\(entity.isEmpty ? "" : " of entity \(entity)")"))
            }
            if let currency, currency != c {
                return .failure(r.reject("E_MIXED_CURRENCY", column: "documents", "the documents are in \(currency.code) and \(c.code)"))
            }
            currency = c
        }
        var amounts: [Int64] = []
        let amountTexts = Self.split(r.text("amounts"))
        if !amountTexts.isEmpty {
            guard amountTexts.count == docs.count else {
                return .failure(r.reject("E_BAD_AMOUNT", column: "amounts",
                                         "\(amountTexts.count) amount(s) for \(docs.count) document(s): give one per document, in the same order"))
            }
            let c = currency ?? context.config.currency
            for t in amountTexts {
                guard case .success(let p) = AmountParser.parse(t, minorDigits: c.minorDigits,
                                                                convention: context.decimalConvention) else {
                    return .failure(r.reject("E_BAD_AMOUNT", column: "amounts", "expected an amount such as 1234,56, found `\(t)`"))
                }
                amounts.append(p.minorUnits)
            }
            if let line, line.amount.currency == c, amounts.reduce(0, +) > line.amount.minorUnits {
                return .failure(r.reject("E_BAD_AMOUNT", column: "amounts",
                                         "the amounts add up to more than the bank line (\(line.amount.machineString) \(c.code))"))
            }
        }
        return .success(ManualMatch(bankLineID: lineID, entity: entity, documents: docs, amounts: amounts,
                                    sourceFile: file.relativePath, sourceLine: r.row.line))
    }
}
