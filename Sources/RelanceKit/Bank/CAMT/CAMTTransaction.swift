/// One transaction of a CAMT entry (`Ntry`, or one of its `NtryDtls/TxDtls`), with the fields
/// the pipeline models. Amounts are signed: positive for a credit (`CRDT`), negative for a debit.
public struct CAMTTransaction: Sendable, Equatable {
    /// The account of the statement: its IBAN (upper case, no blanks), else its other id (`Othr/Id`).
    public var account: String
    /// The account currency (`Acct/Ccy`), when given.
    public var accountCurrency: Currency?
    public var kind: CAMTMessageKind
    /// The message version (2 for `.001.02`).
    public var version: Int
    /// `Stmt/Id` (`Rpt/Id`, `Ntfctn/Id`).
    public var statementID: String
    /// 1-based index of the entry in its statement.
    public var entryIndex: Int
    /// 1-based index of the transaction in its entry.
    public var transactionIndex: Int
    /// How many transactions the entry gave (1 for a single or a batch with no transaction amounts).
    public var transactionCount: Int

    /// Signed amount: `AmtDtls/TxAmt/Amt` of the transaction, else its `Amt`, else the entry's `Amt`,
    /// rounded half-even to the currency's minor unit.
    public var amount: Money
    /// True when rounding to the minor unit changed the written amount.
    public var rounded: Bool
    /// The entry's `Amt`, signed by the entry's `CdtDbtInd`.
    public var entryAmount: Money
    /// `AmtDtls/InstdAmt/Amt` (what the payer instructed, possibly another currency), signed like `amount`.
    public var instructedAmount: Money?
    /// The exchange between the instructed and the transaction amount, when the bank gives one.
    public var exchange: CAMTExchange?
    /// True for `CRDT`, false for `DBIT` (transaction level when present, else the entry's).
    public var isCredit: Bool
    /// `RvslInd` of the entry.
    public var reversal: Bool
    public var status: CAMTEntryStatus

    /// `BookgDt` as a civil date in the reader's time zone; when the entry has none, the value date,
    /// else the statement's creation date (`bookingDateGiven` is then false and a warning is given).
    public var bookingDate: CivilDate
    public var bookingDateGiven: Bool
    public var valueDate: CivilDate?

    /// `Ntry/AcctSvcrRef`.
    public var entryReference: String
    /// `TxDtls/Refs/AcctSvcrRef`.
    public var transactionReference: String
    /// `Refs/EndToEndId`; `NOTPROVIDED` is read as empty.
    public var endToEndID: String
    /// `Refs/UETR` (SWIFT gpi), lower case as written.
    public var uetr: String

    /// `RltdPties/Dbtr/Nm` (v02–v07) or `RltdPties/Dbtr/Pty/Nm` (v08+).
    public var debtorName: String
    public var ultimateDebtorName: String
    /// `RltdPties/DbtrAcct/Id/IBAN`, normalised.
    public var debtorIBAN: String
    /// Every `RmtInf/Ustrd`, in order.
    public var unstructuredRemittance: [String]
    /// `RmtInf/Strd/CdtrRefInf/Ref`.
    public var structuredReference: String
    /// Its type: the `Cd` (`SCOR`), else the `Prtry` (`QRR`, `ISR Reference`), else the `Issr` (`BBA`).
    public var structuredReferenceType: String
    /// `Ntry/AddtlNtryInf`.
    public var additionalEntryInfo: String
    /// `TxDtls/AddtlTxInf`.
    public var additionalTransactionInfo: String
    /// Total charges (`Chrgs/TtlChrgsAndTaxAmt`, else the sum of the charge records), unsigned; transaction
    /// level when present, else the entry's.
    public var charges: Money?
    /// `ChrgInclInd`: true when the charges were deducted from the amount (the payer paid amount + charges).
    public var chargesIncluded: Bool?
    /// 1-based line of the entry's `<Ntry>` in the file.
    public var sourceLine: Int

    /// All `Ustrd` joined by a space.
    public var remittance: String { unstructuredRemittance.joined(separator: " ") }

    public init(account: String = "", accountCurrency: Currency? = nil, kind: CAMTMessageKind = .statement, version: Int = 2,
                statementID: String = "", entryIndex: Int = 1, transactionIndex: Int = 1, transactionCount: Int = 1,
                amount: Money, rounded: Bool = false, entryAmount: Money? = nil, instructedAmount: Money? = nil,
                exchange: CAMTExchange? = nil, isCredit: Bool = true, reversal: Bool = false, status: CAMTEntryStatus = .booked,
                bookingDate: CivilDate, bookingDateGiven: Bool = true, valueDate: CivilDate? = nil,
                entryReference: String = "", transactionReference: String = "", endToEndID: String = "", uetr: String = "",
                debtorName: String = "", ultimateDebtorName: String = "", debtorIBAN: String = "",
                unstructuredRemittance: [String] = [], structuredReference: String = "", structuredReferenceType: String = "",
                additionalEntryInfo: String = "", additionalTransactionInfo: String = "",
                charges: Money? = nil, chargesIncluded: Bool? = nil, sourceLine: Int = 0) {
        self.account = account
        self.accountCurrency = accountCurrency
        self.kind = kind
        self.version = version
        self.statementID = statementID
        self.entryIndex = entryIndex
        self.transactionIndex = transactionIndex
        self.transactionCount = transactionCount
        self.amount = amount
        self.rounded = rounded
        self.entryAmount = entryAmount ?? amount
        self.instructedAmount = instructedAmount
        self.exchange = exchange
        self.isCredit = isCredit
        self.reversal = reversal
        self.status = status
        self.bookingDate = bookingDate
        self.bookingDateGiven = bookingDateGiven
        self.valueDate = valueDate
        self.entryReference = entryReference
        self.transactionReference = transactionReference
        self.endToEndID = endToEndID
        self.uetr = uetr
        self.debtorName = debtorName
        self.ultimateDebtorName = ultimateDebtorName
        self.debtorIBAN = debtorIBAN
        self.unstructuredRemittance = unstructuredRemittance
        self.structuredReference = structuredReference
        self.structuredReferenceType = structuredReferenceType
        self.additionalEntryInfo = additionalEntryInfo
        self.additionalTransactionInfo = additionalTransactionInfo
        self.charges = charges
        self.chargesIncluded = chargesIncluded
        self.sourceLine = sourceLine
    }
}

/// The status of a CAMT entry (`Sts`, `Sts/Cd` or `Sts/Prtry`).
public enum CAMTEntryStatus: Sendable, Equatable {
    /// `BOOK`: only booked lines count as payments.
    case booked
    /// `PDNG`: reported, not counted.
    case pending
    /// `INFO`.
    case information
    /// Another code (`FUTR`, `RJCT`, a proprietary one), or `""` when the entry has none.
    case other(String)

    public init(code: String) {
        switch code {
        case "BOOK": self = .booked
        case "PDNG": self = .pending
        case "INFO": self = .information
        default: self = .other(code)
        }
    }
}

/// A currency exchange given with a transaction (`CcyXchg`): rates are kept as written (decimal text),
/// never as floating point.
public struct CAMTExchange: Sendable, Equatable {
    /// `SrcCcy`, `TrgtCcy`, `UnitCcy` as written (upper-case ISO codes), empty when absent.
    public var sourceCurrency: String
    public var targetCurrency: String
    public var unitCurrency: String
    /// `XchgRate` as written, e.g. `0.9253030601`.
    public var rate: String

    public init(sourceCurrency: String = "", targetCurrency: String = "", unitCurrency: String = "", rate: String = "") {
        self.sourceCurrency = sourceCurrency
        self.targetCurrency = targetCurrency
        self.unitCurrency = unitCurrency
        self.rate = rate
    }
}
