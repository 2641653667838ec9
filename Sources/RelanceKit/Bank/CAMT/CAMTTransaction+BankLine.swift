extension CAMTTransaction {
    /// The pipeline's bank line for this transaction. The id is left empty (`BankLineID.assign` gives it
    /// per file). `bankRef` is the transaction's `AcctSvcrRef`, else the entry's with `#` and the
    /// 1-based transaction index (README, Ids: also for an entry of one transaction, `REF#1`).
    /// `additionalInfo` is the transaction's `AddtlTxInf` and the entry's `AddtlNtryInf` (rule 3 reads
    /// them), the remittance what it always was, so that ids and reports stay the same. The entry's text
    /// is taken only when the entry is this one transaction: in a batch it speaks of all of them, and a
    /// document number in it would go to whichever transaction came first.
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
        // Without `Ustrd` the transaction's info is the remittance already: not kept twice, nor read twice by rule 3.
        var additional = unstructuredRemittance.isEmpty ? "" : additionalTransactionInfo
        if transactionCount <= 1 && !additionalEntryInfo.isEmpty && additionalEntryInfo != additionalTransactionInfo {
            additional += (additional.isEmpty ? "" : " ") + additionalEntryInfo
        }
        return BankLine(entity: entity, account: account, bookingDate: bookingDate, valueDate: valueDate, amount: amount,
                        payerName: debtorName.isEmpty ? ultimateDebtorName : debtorName, payerIBAN: debtorIBAN,
                        remittance: remittanceText, structuredRef: structuredReference, bankRef: bankRef,
                        endToEndID: endToEndID, sourceFile: sourceFile, sourceLine: sourceLine, reversal: reversal,
                        additionalInfo: additional)
    }
}
