/// A part of a bank credit applied to one document (`reconcile.md`, Allocation).
public struct Allocation: Sendable, Equatable {
    public var bankLineID: String
    public var entity: String
    public var customerID: String
    public var document: String
    /// Positive for an invoice settled, negative for a credit note used with it.
    public var amount: Money
    public var rule: MatchRule
    /// 0…10 000 (ten-thousandths): 10 000 for a structured reference or an exact number.
    public var confidence: Int
    public var bookingDate: CivilDate

    public init(bankLineID: String, entity: String, customerID: String, document: String, amount: Money,
                rule: MatchRule, confidence: Int, bookingDate: CivilDate) {
        self.bankLineID = bankLineID
        self.entity = entity
        self.customerID = customerID
        self.document = document
        self.amount = amount
        self.rule = rule
        self.confidence = confidence
        self.bookingDate = bookingDate
    }
}

/// Which rule of `reconcile.md` settled a bank line (the `rule` column of `reconciliation.csv`).
public enum MatchRule: String, Sendable, CaseIterable {
    case alreadyBooked = "already_booked"
    case manual
    case structuredRef = "structured_ref"
    case relanceRef = "relance_ref"
    case documentNumber = "document_number"
    case customerAmount = "customer_amount"
    case reversal
    case unmatched
}

/// One bank credit and what became of it: a row of `reconciliation.csv`.
public struct ReconciliationLine: Sendable, Equatable {
    public var line: BankLine
    public var documents: [String]
    public var allocated: Money
    public var unapplied: Money
    public var rule: MatchRule
    public var confidence: Int
    /// The customer a surplus was left on.
    public var customerID: String
    /// A difference closed within the tolerance (positive: the documents were paid that much less).
    public var writeOff: Money
    /// One line for finance: a write-off suggestion, a reversal, a manual amount that did not fit.
    public var note: String
    /// For a reversal: the line it reverses, or the line that reversed this credit.
    public var relatedLine: String
    /// At most 3, best first (unmatched lines).
    public var suggestions: [Suggestion]

    public init(line: BankLine, documents: [String] = [], allocated: Money, unapplied: Money, rule: MatchRule,
                confidence: Int, customerID: String = "", writeOff: Money? = nil, note: String = "",
                relatedLine: String = "", suggestions: [Suggestion] = []) {
        self.line = line
        self.documents = documents
        self.allocated = allocated
        self.unapplied = unapplied
        self.rule = rule
        self.confidence = confidence
        self.customerID = customerID
        self.writeOff = writeOff ?? Money.zero(line.amount.currency)
        self.note = note
        self.relatedLine = relatedLine
        self.suggestions = suggestions
    }
}

/// A ratio in ten-thousandths as `0.9000`.
func fractionText(_ tenThousandths: Int) -> String {
    let whole = tenThousandths / 10_000
    let frac = tenThousandths % 10_000
    let f = String(frac)
    return String(whole) + "." + String(repeating: "0", count: 4 - f.count) + f
}
