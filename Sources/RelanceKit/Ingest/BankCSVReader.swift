/// Reads a bank export in CSV (`inputs.md`, "Bank statements"): one signed amount or separate
/// debit and credit columns. The account is the `account` column's, else the IBAN the block above the
/// header names, else the file's entity's first account.
struct BankCSVReader {
    let context: IngestContext
    /// The IBAN written in the block of lines above the header, if any.
    var blockAccount: String? = nil

    func read(_ file: InboxFile, reader: CSVReader, match: ColumnMatch) -> FileReadResult<BankLine> {
        var result = FileReadResult<BankLine>()
        let amountColumns = ["amount", "debit", "credit"].compactMap { match[$0] }
        let convention = context.decimalConvention
            ?? InputRow.detectConvention(bytes: file.bytes, delimiter: reader.delimiter, columns: amountColumns,
                                          headerLine: match.line)
        InputRow.readRows(reader, file: file.relativePath, match: match, into: &result) { input in
            parse(input, file: file, convention: convention)
        }
        BankLineID.assign(&result.records)
        return result
    }

    /// nil for a line without movement (zero amount).
    private func parse(_ r: InputRow, file: InboxFile, convention: DecimalConvention?) -> Result<BankLine?, Reject> {
        if let bad = r.fieldCountReject() { return .failure(bad) }
        var account = IBAN.normalize(r.text("account"))
        if account.isEmpty, let blockAccount { account = blockAccount }
        var entity = file.folderEntity ?? ""
        if !account.isEmpty, let owner = context.config.entities.first(where: { $0.ibans.contains(account) }) {
            entity = owner.id
        }
        if entity.isEmpty && context.config.entities.count == 1 { entity = context.config.entities[0].id }
        if account.isEmpty {
            // The export does not name the account: the entity's first account stands for it.
            guard let e = context.config.entity(entity) else {
                return .failure(r.reject("E_UNKNOWN_ACCOUNT", "the bank file names no account and its folder maps to no entity"))
            }
            account = e.ibans.first ?? ("ENTITY-" + e.id)
        }
        var currency = context.config.entity(entity)?.currency ?? context.config.currency
        let code = r.text("currency")
        if !code.isEmpty {
            guard let c = Currency(code: code) else {
                return .failure(r.reject("E_BAD_CURRENCY", column: "currency", "expected an ISO 4217 currency code, found `\(code)`"))
            }
            currency = c
        }
        let digits = currency.minorDigits
        var amount: Int64 = 0
        var found = false
        if r.has("amount") {
            switch r.amount("amount", minorDigits: digits, convention: convention) {
            case .success(let p?): amount = p.minorUnits; found = true
            case .success(nil): break
            case .failure(let rej): return .failure(rej)
            }
        }
        if !found {
            switch r.amount("credit", minorDigits: digits, convention: convention) {
            case .success(let p?): amount += p.minorUnits.magnitude > 0 ? Int64(p.minorUnits.magnitude) : 0; found = true
            case .success(nil): break
            case .failure(let rej): return .failure(rej)
            }
            switch r.amount("debit", minorDigits: digits, convention: convention) {
            case .success(let p?): amount -= Int64(p.minorUnits.magnitude); found = true
            case .success(nil): break
            case .failure(let rej): return .failure(rej)
            }
        }
        guard found else {
            if !r.has("amount") && !r.has("credit") && !r.has("debit") {
                return .failure(r.reject("E_MISSING_COLUMN", "no amount column (amount, or debit and credit)"))
            }
            return .failure(r.reject("E_MISSING_VALUE", column: r.has("amount") ? "amount" : "credit", "the amount is empty"))
        }
        if amount == 0 { return .success(nil) }

        let booking: CivilDate
        switch r.date("booking_date", order: context.config.dateOrder) {
        case .success(let d?): booking = d
        case .success(nil): return .failure(r.reject("E_MISSING_VALUE", column: "booking_date", "the booking date is empty"))
        case .failure(let rej): return .failure(rej)
        }
        var valueDate: CivilDate? = nil
        switch r.date("value_date", order: context.config.dateOrder) {
        case .success(let d): valueDate = d
        case .failure(let rej): return .failure(rej)
        }
        let payerIBAN = IBAN.normalize(r.text("payer_iban"))
        return .success(BankLine(
            entity: entity, account: account, bookingDate: booking, valueDate: valueDate,
            amount: Money(minorUnits: amount, currency: currency), payerName: r.text("payer_name"),
            payerIBAN: IBAN.isValid(payerIBAN) ? payerIBAN : "", remittance: r.text("remittance"),
            bankRef: r.text("bank_reference"), sourceFile: file.relativePath, sourceLine: r.row.line))
    }
}
