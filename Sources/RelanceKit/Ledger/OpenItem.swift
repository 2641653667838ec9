/// What kind of ledger document a row is.
public enum DocumentKind: String, Sendable, CaseIterable {
    case invoice
    case creditNote = "credit_note"
    /// Money received and not applied to any document (an overpayment, an unlettered payment).
    case unappliedCredit = "unapplied_credit"

    /// Whether a document of this kind is due by payment terms when the ledger gives no due date: an
    /// invoice is; a credit note or an unapplied credit is due on its own date (aging.md: terms are
    /// what an invoice gives to pay).
    public var isDueByTerms: Bool { self == .invoice }
}

/// One document of the receivables ledger: an invoice or a credit note, as the customer sees it,
/// with what remains unpaid according to the ledger. Credit notes carry negative amounts.
public struct OpenItem: Sendable, Equatable {
    /// The entity the document belongs to (`[entity ID]`).
    public var entity: String
    /// The invoice or credit-note number, as printed.
    public var document: String
    public var customerID: String
    public var customerName: String
    public var kind: DocumentKind
    public var documentDate: CivilDate
    /// The due date: the ledger's, else computed from the terms at ingest.
    public var dueDate: CivilDate
    /// The terms text that gave the due date (empty when the ledger gave it).
    public var terms: String
    /// Gross amount, tax included; negative for a credit note.
    public var amount: Money
    /// What remains unpaid according to the ledger (same sign as `amount`).
    public var openAmount: Money
    /// A second number the customer may quote (the billing tool's next to the ERP's).
    public var externalRef: String
    /// A structured reference printed on the invoice (RF… or +++…+++).
    public var paymentRef: String
    public var poNumber: String
    /// Where the row came from: file (relative to the inbox) and 1-based line.
    public var sourceFile: String
    public var sourceLine: Int

    public init(entity: String, document: String, customerID: String, customerName: String = "",
                kind: DocumentKind, documentDate: CivilDate, dueDate: CivilDate, terms: String = "",
                amount: Money, openAmount: Money, externalRef: String = "", paymentRef: String = "",
                poNumber: String = "", sourceFile: String = "", sourceLine: Int = 0) {
        self.entity = entity
        self.document = document
        self.customerID = customerID
        self.customerName = customerName
        self.kind = kind
        self.documentDate = documentDate
        self.dueDate = dueDate
        self.terms = terms
        self.amount = amount
        self.openAmount = openAmount
        self.externalRef = externalRef
        self.paymentRef = paymentRef
        self.poNumber = poNumber
        self.sourceFile = sourceFile
        self.sourceLine = sourceLine
    }

    /// Open in the ledger (something remains to pay or to refund).
    public var isOpen: Bool { !openAmount.isZero }

    /// The key a document is known by: numbers are unique per entity, not across entities.
    public var key: DocumentKey { DocumentKey(entity: entity, document: document) }
}

/// A document's identity: the same number in two entities is two documents.
public struct DocumentKey: Hashable, Sendable, Comparable {
    public var entity: String
    public var document: String
    public init(entity: String, document: String) {
        self.entity = entity
        self.document = document
    }
    public static func < (a: DocumentKey, b: DocumentKey) -> Bool {
        (a.entity, a.document) < (b.entity, b.document)
    }
}

/// A customer's identity within an entity.
public struct CustomerKey: Hashable, Sendable, Comparable {
    public var entity: String
    public var customerID: String
    public init(entity: String, customerID: String) {
        self.entity = entity
        self.customerID = customerID
    }
    public static func < (a: CustomerKey, b: CustomerKey) -> Bool {
        (a.entity, a.customerID) < (b.entity, b.customerID)
    }
}
