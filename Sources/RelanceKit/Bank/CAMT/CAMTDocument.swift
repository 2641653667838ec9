/// Which CAMT message a file holds.
public enum CAMTMessageKind: Int, Sendable, Equatable, CustomStringConvertible {
    /// camt.052, bank-to-customer account report (intraday).
    case accountReport = 52
    /// camt.053, bank-to-customer statement.
    case statement = 53
    /// camt.054, bank-to-customer debit/credit notification.
    case notification = 54

    /// `camt.052`, `camt.053`, `camt.054`.
    public var description: String { "camt.0\(rawValue)" }
}

/// One CAMT file read whole: its message kind and version and every transaction in file order.
public struct CAMTDocument: Sendable, Equatable {
    public var kind: CAMTMessageKind
    /// The message version: 2 for `camt.053.001.02`.
    public var version: Int
    public var transactions: [CAMTTransaction]
    public var warnings: [CAMTWarning]

    public init(kind: CAMTMessageKind, version: Int, transactions: [CAMTTransaction], warnings: [CAMTWarning]) {
        self.kind = kind
        self.version = version
        self.transactions = transactions
        self.warnings = warnings
    }
}
