/// One transaction on a bank statement, from CAMT or a bank CSV. Credits are positive,
/// debits negative.
public struct BankLine: Sendable, Equatable {
    /// The stable id of the spec README (Ids): 16 hex digits, `-2`, `-3`… for repeats in one file.
    public var id: String
    /// The entity whose account this is; empty when no entity claims the account.
    public var entity: String
    /// The account (IBAN, normalised) the statement is for.
    public var account: String
    public var bookingDate: CivilDate
    public var valueDate: CivilDate?
    /// Signed: positive for a credit.
    public var amount: Money
    public var payerName: String
    public var payerIBAN: String
    /// The remittance text (all unstructured parts joined by a space).
    public var remittance: String
    /// The structured creditor reference, when the bank gives one.
    public var structuredRef: String
    /// The bank's own reference of the transaction (AcctSvcrRef or a CSV reference column).
    public var bankRef: String
    public var endToEndID: String
    /// Input file (relative to the inbox) and 1-based line.
    public var sourceFile: String
    public var sourceLine: Int
    /// The bank flags the line as the reversal of an earlier one (CAMT `RvslInd`): a debit so flagged
    /// returns a customer's credit.
    public var reversal: Bool
    /// The bank's additional information (CAMT `AddtlTxInf`, then the entry's `AddtlNtryInf`): rule 3
    /// looks for document numbers in it too. Kept apart from `remittance`, which the id and the
    /// reports take as they always have.
    public var additionalInfo: String

    public init(id: String = "", entity: String, account: String, bookingDate: CivilDate, valueDate: CivilDate? = nil,
                amount: Money, payerName: String = "", payerIBAN: String = "", remittance: String = "",
                structuredRef: String = "", bankRef: String = "", endToEndID: String = "",
                sourceFile: String = "", sourceLine: Int = 0, reversal: Bool = false, additionalInfo: String = "") {
        self.id = id
        self.entity = entity
        self.account = account
        self.bookingDate = bookingDate
        self.valueDate = valueDate
        self.amount = amount
        self.payerName = payerName
        self.payerIBAN = payerIBAN
        self.remittance = remittance
        self.structuredRef = structuredRef
        self.bankRef = bankRef
        self.endToEndID = endToEndID
        self.sourceFile = sourceFile
        self.sourceLine = sourceLine
        self.reversal = reversal
        self.additionalInfo = additionalInfo
    }

    public var isCredit: Bool { amount.minorUnits > 0 }
}
