/// An invoice the ledger shows as settled by lettering: the history payment-behaviour KPIs are
/// computed from (days to pay, days late; `spec/aging.md`).
public struct SettledDocument: Sendable, Equatable {
    public var entity: String
    public var customerID: String
    /// The invoice number (`PieceRef`).
    public var document: String
    /// Issue date (`PieceDate`, else `EcritureDate`).
    public var documentDate: CivilDate
    /// The due date when known; a FEC gives none (the caller computes it from the terms).
    public var dueDate: CivilDate?
    /// When it was settled: the lettering date (`DateLet`), else the latest `EcritureDate` of
    /// its lettered group; the latest over its groups when it has several.
    public var settledOn: CivilDate
    /// The invoice's gross amount.
    public var amount: Money

    public init(entity: String, customerID: String, document: String, documentDate: CivilDate,
                dueDate: CivilDate? = nil, settledOn: CivilDate, amount: Money) {
        self.entity = entity
        self.customerID = customerID
        self.document = document
        self.documentDate = documentDate
        self.dueDate = dueDate
        self.settledOn = settledOn
        self.amount = amount
    }
}
