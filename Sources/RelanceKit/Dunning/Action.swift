/// One message, letter, call or hand-off planned for a customer today: the invoices due for a step,
/// grouped per entity × customer × currency × channel (`dunning.md`, "Grouping into actions").
public struct Action: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// To render (auto → outbox, manual → pending).
        case planned
        /// Nothing is sent and no step is done (`held_back` in the journal), with the reason.
        case heldBack = "held_back"
        /// Preventive steps no longer due (the invoice is overdue): journaled `skipped`.
        case skipped
        /// A pending action whose situation changed: moved to `withdrawn/`, journaled `withdrawn`.
        case withdraw
    }
    /// 12 hex digits (spec README, Ids).
    public var id: String
    public var entity: String
    public var customerID: String
    public var currency: Currency
    public var channel: DunningStep.Channel
    /// The most advanced step among its invoices: gives the template and the tone.
    public var step: String
    public var template: String
    public var approval: DunningStep.Approval
    public var plan: String
    public var language: Language
    public var lines: [ActionLine]
    /// Open amounts of its invoices (+ interest and indemnity when the step claims penalties).
    public var amountClaimed: Money
    public var interest: Money
    public var indemnity: Money
    public var status: Status
    public var reason: String
    public var attach: DunningStep.Attachment
    public var ccSalesRep: Bool

    /// Sorted document numbers.
    public var documents: [String] { lines.map(\.document).sorted() }

    /// The ISO 11649 reference that Relance prints on the reminder: `RF` + check + the id in upper case.
    public var paymentReference: String { StructuredReference.makeRF(id) }
}

/// One invoice of an action, at its own step.
public struct ActionLine: Sendable, Equatable {
    public var document: String
    public var step: String
    public var documentDate: CivilDate
    public var dueDate: CivilDate
    public var daysOverdue: Int
    public var amount: Money
    public var openAmount: Money
    /// Late-payment interest and the fixed indemnity, for steps with `penalties = yes` (else zero).
    public var interest: Money
    public var indemnity: Money

    public init(document: String, step: String, documentDate: CivilDate, dueDate: CivilDate, daysOverdue: Int,
                amount: Money, openAmount: Money, interest: Money? = nil, indemnity: Money? = nil) {
        self.document = document
        self.step = step
        self.documentDate = documentDate
        self.dueDate = dueDate
        self.daysOverdue = daysOverdue
        self.amount = amount
        self.openAmount = openAmount
        self.interest = interest ?? .zero(openAmount.currency)
        self.indemnity = indemnity ?? .zero(openAmount.currency)
    }
}

/// The deterministic action id: `sha256(entity | customer_id | currency | channel | step | documents | revision)`,
/// first 12 hex digits, where `revision` counts earlier withdrawn actions with the same other fields.
public enum ActionID {
    public static func make(entity: String, customerID: String, currency: Currency, channel: String, step: String,
                            documents: [String], revision: Int) -> String {
        let key = [entity, customerID, currency.code, channel, step, documents.sorted().joined(separator: ";"), String(revision)]
            .joined(separator: "|")
        return String(SHA256.hexDigest(of: key).prefix(12))
    }
}
