/// One line of a receivable account, read and typed; what lettering works on.
struct FECLine: Sendable {
    /// 1-based line in the file.
    var line: Int
    var journal: FECOptions.JournalKind
    var entryNumber: String
    /// `EcritureDate`: when it was booked.
    var entryDate: CivilDate
    var customerID: String
    var customerName: String
    /// `PieceRef`, else `EcritureNum`.
    var document: String
    /// `PieceDate`, else `EcritureDate`.
    var documentDate: CivilDate
    /// Debit − credit, in minor units.
    var amount: Int64
    /// `EcritureLet`, blanks trimmed; empty when not lettered. Case matters (`AB` ≠ `ab`).
    var letter: String
    var letteredOn: CivilDate?

    /// What the line is to the receivables.
    enum Role: Sendable { case document, payment }

    /// A debit is (part of) an invoice; a credit from a bank journal is a payment; any other
    /// credit is (part of) a credit note or credit adjustment.
    var role: Role { amount < 0 && journal == .bank ? .payment : .document }
}
