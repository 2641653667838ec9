/// Reads a bank export in CSV (`inputs.md`, "Bank statements"): one signed amount or separate
/// debit and credit columns. The account is the `account` column's, else the IBAN the block above the
/// header names, else the file's entity's first account.
struct BankCSVReader {
    let context: IngestContext
    /// The IBAN written in the block of lines above the header, if any.
    var blockAccount: String? = nil

    func read(_ file: InboxFile, reader: CSVReader, match: ColumnMatch) -> FileReadResult<BankLine> {
        var result = FileReadResult<BankLine>()
        let columns = Columns(match)
        let convention = InputRow.decimalConvention(reader: reader, columns: [columns.amount, columns.debit, columns.credit],
                                                    match: match, conf: context.decimalConvention)
        var lastAccount: (cell: String, owner: AccountOwner?)? = nil
        InputRow.readRows(reader, file: file.relativePath, match: match, into: &result) { input throws(Reject) in
            try parse(input, columns: columns, file: file, convention: convention, lastAccount: &lastAccount).get()
        }
        BankLineID.assign(&result.records)
        return result
    }

    /// The positions of the columns this reader uses, found once per file.
    private struct Columns {
        let account, currency, amount, credit, debit, bookingDate, valueDate: Int?
        let payerName, payerIBAN, remittance, bankReference: Int?

        init(_ match: ColumnMatch) {
            account = match["account"]
            currency = match["currency"]
            amount = match["amount"]
            credit = match["credit"]
            debit = match["debit"]
            bookingDate = match["booking_date"]
            valueDate = match["value_date"]
            payerName = match["payer_name"]
            payerIBAN = match["payer_iban"]
            remittance = match["remittance"]
            bankReference = match["bank_reference"]
        }
    }

    /// The account a row's `account` cell stands for, its entity and the entity's currency.
    private struct AccountOwner {
        let account: String
        let entity: String
        let currency: Currency
    }

    /// Works out the owner of an `account` cell; nil when the cell names no account and the file's
    /// folder maps to no entity.
    private func owner(ofAccountCell cell: String, file: InboxFile) -> AccountOwner? {
        let entities = context.config.entities
        var account = IBAN.normalize(cell)
        if account.isEmpty, let blockAccount { account = blockAccount }
        var entity = file.folderEntity ?? ""
        if !account.isEmpty, let owner = entities.firstIndex(where: { $0.ibans.contains(account) }) {
            entity = entities[owner].id
        }
        if entity.isEmpty && entities.count == 1 { entity = entities[0].id }
        let known = entities.firstIndex { $0.id == entity }
        if account.isEmpty {
            // The export does not name the account: the entity's first account stands for it.
            guard let known else { return nil }
            account = entities[known].ibans.first ?? ("ENTITY-" + entities[known].id)
        }
        return AccountOwner(account: account, entity: entity, currency: known.map { entities[$0].currency } ?? context.config.currency)
    }

    /// nil for a line without movement (zero amount). `lastAccount` is the previous row's account
    /// cell and its owner: an export's rows name one account, or a few in runs, so the owner is
    /// worked out once per run of rows rather than looked for among the entities on every row.
    private func parse(_ r: InputRow, columns c: Columns, file: InboxFile, convention: DecimalConvention?,
                       lastAccount: inout (cell: String, owner: AccountOwner?)?) -> Result<BankLine?, Reject> {
        if let bad = r.fieldCountReject() { return .failure(bad) }
        let cell = r.text(at: c.account)
        if lastAccount?.cell != cell { lastAccount = (cell, owner(ofAccountCell: cell, file: file)) }
        guard let owner = lastAccount?.owner else {
            return .failure(r.reject("E_UNKNOWN_ACCOUNT", "the bank file names no account and its folder maps to no entity"))
        }
        var currency = owner.currency
        let code = r.text(at: c.currency)
        if !code.isEmpty {
            guard let c = Currency(code: code) else {
                return .failure(r.reject("E_BAD_CURRENCY", column: "currency", "expected an ISO 4217 currency code, found `\(code)`"))
            }
            currency = c
        }
        let digits = currency.minorDigits
        var amount: Int64 = 0
        var found = false
        if c.amount != nil {
            switch r.amount("amount", at: c.amount, minorDigits: digits, convention: convention) {
            case .success(let p?): amount = p.minorUnits; found = true
            case .success(nil): break
            case .failure(let rej): return .failure(rej)
            }
        }
        if !found {
            switch r.amount("credit", at: c.credit, minorDigits: digits, convention: convention) {
            case .success(let p?): amount += p.minorUnits.magnitude > 0 ? Int64(p.minorUnits.magnitude) : 0; found = true
            case .success(nil): break
            case .failure(let rej): return .failure(rej)
            }
            switch r.amount("debit", at: c.debit, minorDigits: digits, convention: convention) {
            case .success(let p?): amount -= Int64(p.minorUnits.magnitude); found = true
            case .success(nil): break
            case .failure(let rej): return .failure(rej)
            }
        }
        guard found else {
            if c.amount == nil && c.credit == nil && c.debit == nil {
                return .failure(r.reject("E_MISSING_COLUMN", "no amount column (amount, or debit and credit)"))
            }
            return .failure(r.reject("E_MISSING_VALUE", column: c.amount != nil ? "amount" : "credit", "the amount is empty"))
        }
        if amount == 0 { return .success(nil) }

        let booking: CivilDate
        switch r.date("booking_date", at: c.bookingDate, order: context.config.dateOrder) {
        case .success(let d?): booking = d
        case .success(nil): return .failure(r.reject("E_MISSING_VALUE", column: "booking_date", "the booking date is empty"))
        case .failure(let rej): return .failure(rej)
        }
        var valueDate: CivilDate? = nil
        switch r.date("value_date", at: c.valueDate, order: context.config.dateOrder) {
        case .success(let d): valueDate = d
        case .failure(let rej): return .failure(rej)
        }
        let payerIBAN = IBAN.normalize(r.text(at: c.payerIBAN))
        return .success(BankLine(
            entity: owner.entity, account: owner.account, bookingDate: booking, valueDate: valueDate,
            amount: Money(minorUnits: amount, currency: currency), payerName: r.text(at: c.payerName),
            payerIBAN: IBAN.isValid(payerIBAN) ? payerIBAN : "", remittance: r.text(at: c.remittance),
            bankRef: r.text(at: c.bankReference), sourceFile: file.relativePath, sourceLine: r.row.line))
    }
}
