/// What a FEC says about the receivables at the as-of date.
public struct FECLedger: Sendable {
    /// Every document (invoice, credit note, credit adjustment) of the receivable accounts, with
    /// its open amount at as-of, settled or not, in the order of their first line. The due date
    /// is the document date: the caller recomputes it from the terms.
    public var documents: [OpenItem] = []
    /// Payments booked and not lettered at as-of, and credit differences of partially lettered
    /// groups: kind `.unappliedCredit`, negative amounts.
    public var unappliedCredits: [OpenItem] = []
    /// Invoices settled by lettering at as-of, for payment-behaviour KPIs.
    public var settled: [SettledDocument] = []
    /// The date up to which the ledger contains the bank: `bankBookedUntil`, else the latest
    /// `EcritureDate` (on or before as-of) of bank-journal lines on receivable accounts; nil
    /// when there is none.
    public var bankCutoff: CivilDate?
    /// Rejected lines, or the file rejected whole (line 0).
    public var rejects: [Reject] = []
    /// Data lines read (every account), header excluded.
    public var rowsRead = 0
    /// Data lines rejected.
    public var rowsRejected = 0
    /// Receivable lines booked (`EcritureDate`) after as-of, ignored.
    public var linesAfterAsOf = 0
    /// Receivable lines kept.
    public var receivableLines = 0
    /// `.utf8`, or `.windows1252` when the bytes were not valid UTF-8.
    public var encoding: TextEncoding = .utf8
    /// The field delimiter: TAB (0x09) or `|` (0x7C).
    public var delimiter: UInt8 = 0x09

    public init() {}

    /// Sum of `documents`' open amounts and `unappliedCredits`, in minor units.
    public var openBalance: Int64 {
        documents.reduce(0) { $0 + $1.openAmount.minorUnits } + unappliedCredits.reduce(0) { $0 + $1.amount.minorUnits }
    }
}
