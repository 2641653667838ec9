/// Finance's decision for one bank line (`matches.csv`, `inputs.md`): the documents it pays and,
/// optionally, exactly how much goes to each.
public struct ManualMatch: Sendable, Equatable {
    public var bankLineID: String
    /// The entity of the documents (given, the file's folder, or the only entity holding them all).
    public var entity: String
    public var documents: [String]
    /// Same order as `documents`, in minor units of the documents' currency; empty = allocate as usual.
    public var amounts: [Int64]
    public var sourceFile: String
    public var sourceLine: Int

    public init(bankLineID: String, entity: String, documents: [String], amounts: [Int64] = [],
                sourceFile: String = "", sourceLine: Int = 0) {
        self.bankLineID = bankLineID
        self.entity = entity
        self.documents = documents
        self.amounts = amounts
        self.sourceFile = sourceFile
        self.sourceLine = sourceLine
    }
}

/// A payer IBAN known to belong to a customer: from the customers file or learned from a confident
/// allocation (`STATE/payer-ibans.csv`).
public struct PayerIBAN: Sendable, Equatable, Hashable {
    public var entity: String
    public var customerID: String
    public var iban: String
    /// The booking date of the bank line it was learned from.
    public var learnedOn: CivilDate
    public var bankLineID: String
    /// The as-of of the run that learned it; nil in a state written before runs were recorded (then
    /// taken as earlier than any run). Only what earlier as-ofs learned is used (`PayerIBAN.usable`).
    public var learnedInRun: CivilDate?

    public init(entity: String, customerID: String, iban: String, learnedOn: CivilDate, bankLineID: String,
                learnedInRun: CivilDate? = nil) {
        self.entity = entity
        self.customerID = customerID
        self.iban = iban
        self.learnedOn = learnedOn
        self.bankLineID = bankLineID
        self.learnedInRun = learnedInRun
    }
}

/// The action a Relance RF reference stands for (`README`, Ids): its reference, customer and documents.
public struct RelanceReference: Sendable, Equatable {
    public var reference: String
    public var actionID: String
    public var entity: String
    public var customerID: String
    public var currency: Currency
    public var documents: [String]

    public init(actionID: String, entity: String, customerID: String, currency: Currency, documents: [String]) {
        self.reference = StructuredReference.makeRF(actionID)
        self.actionID = actionID
        self.entity = entity
        self.customerID = customerID
        self.currency = currency
        self.documents = documents
    }
}

/// A proposal for an unmatched line: documents (or a customer), a score 0…10 000, a one-line reason.
public struct Suggestion: Sendable, Equatable {
    public var customerID: String
    public var documents: [String]
    public var score: Int
    public var reason: String

    public init(customerID: String, documents: [String], score: Int, reason: String) {
        self.customerID = customerID
        self.documents = documents
        self.score = score
        self.reason = reason
    }

    /// The `suggestion_n` cell: the documents as a `matches.csv` would list them, else the customer.
    public var text: String { documents.isEmpty ? "customer " + customerID : documents.joined(separator: ";") }
}

/// A small difference closed within the tolerance: reported as a write-off suggestion.
public struct WriteOff: Sendable, Equatable {
    public var bankLineID: String
    public var entity: String
    public var customerID: String
    public var document: String
    public var amount: Money
    public var bookingDate: CivilDate

    public init(bankLineID: String, entity: String, customerID: String, document: String, amount: Money, bookingDate: CivilDate) {
        self.bankLineID = bankLineID
        self.entity = entity
        self.customerID = customerID
        self.document = document
        self.amount = amount
        self.bookingDate = bookingDate
    }
}

extension ManualMatch: StageRecord {
    static let stageColumns = ["bank_line_id", "entity", "documents", "amounts", "source_file", "source_line"]

    var stageCells: [String] {
        [bankLineID, entity, documents.joined(separator: ";"), amounts.map(String.init).joined(separator: ";"), sourceFile,
         String(sourceLine)]
    }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        var amounts: [Int64] = []
        for part in r.text(c[3]).split(separator: ";") {
            guard let v = Int64(part) else { throw r.fail("expected amounts in minor units, found `\(part)`") }
            amounts.append(v)
        }
        self.init(bankLineID: r.text(c[0]), entity: r.text(c[1]), documents: r.text(c[2]).split(separator: ";").map(String.init),
                  amounts: amounts, sourceFile: r.text(c[4]), sourceLine: try r.int(c[5]))
    }
}

extension PayerIBAN: StageRecord {
    static let stageColumns = ["entity", "customer_id", "iban", "learned_on", "bank_line_id", "learned_in_run"]
    static var laterStageColumns: Set<String> { ["learned_in_run"] }

    var stageCells: [String] { [entity, customerID, iban, learnedOn.iso, bankLineID, learnedInRun?.iso ?? ""] }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        self.init(entity: r.text(c[0]), customerID: r.text(c[1]), iban: IBAN.normalize(r.text(c[2])),
                  learnedOn: try r.date(c[3]), bankLineID: r.text(c[4]), learnedInRun: r.optionalDate(c[5]))
    }
}

extension WriteOff: StageRecord {
    static let stageColumns = ["bank_line_id", "entity", "customer_id", "document", "currency", "amount", "booking_date"]

    var stageCells: [String] {
        [bankLineID, entity, customerID, document, amount.currency.code, amount.machineString, bookingDate.iso]
    }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        self.init(bankLineID: r.text(c[0]), entity: r.text(c[1]), customerID: r.text(c[2]), document: r.text(c[3]),
                  amount: try r.money(c[5], try r.currency(c[4])), bookingDate: try r.date(c[6]))
    }
}
