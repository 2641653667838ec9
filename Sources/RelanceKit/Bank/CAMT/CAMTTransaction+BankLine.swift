extension CAMTTransaction {
    /// The pipeline's bank line for this transaction. The id is left empty (`BankLineID.assign` gives it
    /// per file). `bankRef` is the transaction's `AcctSvcrRef`, else the entry's with `#` and the
    /// 1-based transaction index (README, Ids: also for an entry of one transaction, `REF#1`).
    public func bankLine(entity: String, sourceFile: String) -> BankLine {
        let bankRef: String
        if !transactionReference.isEmpty {
            bankRef = transactionReference
        } else if !entryReference.isEmpty {
            bankRef = entryReference + "#" + String(transactionIndex)
        } else {
            bankRef = ""
        }
        let remittanceText = unstructuredRemittance.isEmpty ? additionalTransactionInfo : remittance
        return BankLine(entity: entity, account: account, bookingDate: bookingDate, valueDate: valueDate, amount: amount,
                        payerName: debtorName.isEmpty ? ultimateDebtorName : debtorName, payerIBAN: debtorIBAN,
                        remittance: remittanceText, structuredRef: structuredReference, bankRef: bankRef,
                        endToEndID: endToEndID, sourceFile: sourceFile, sourceLine: sourceLine, reversal: reversal)
    }
}
