/// One line of the journal (`dunning.md`, Journal): `at, action_id, event, entity, customer_id, step,
/// channel, documents, amount, path, note`.
public struct JournalEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case rendered, pending
        case sentToOutbox = "sent_to_outbox"
        case approved, rejected, withdrawn, skipped
        case heldBack = "held_back"

        /// A step is done on the date of one of these (`dunning.md`, "When a step fires").
        public var marksStepDone: Bool {
            switch self {
            case .sentToOutbox, .approved, .rejected, .skipped: true
            default: false
            }
        }
    }
    /// The as-of date of the run (or of the approval).
    public var at: CivilDate
    public var actionID: String
    public var event: Kind
    public var entity: String
    public var customerID: String
    /// The step these documents are at (an action lists its invoices each at its own step).
    public var step: String
    public var channel: String
    /// Sorted document numbers.
    public var documents: [String]
    /// The amount concerned, machine-formatted (`1234.56`); empty when none.
    public var amount: String
    /// Where the file is or goes, relative to the outbox.
    public var path: String
    public var note: String

    public init(at: CivilDate, actionID: String, event: Kind, entity: String, customerID: String, step: String,
                channel: String, documents: [String], amount: String = "", path: String = "", note: String = "") {
        self.at = at
        self.actionID = actionID
        self.event = event
        self.entity = entity
        self.customerID = customerID
        self.step = step
        self.channel = channel
        self.documents = documents
        self.amount = amount
        self.path = path
        self.note = note
    }
}

extension JournalEvent: StageRecord {
    public static let columns = ["at", "action_id", "event", "entity", "customer_id", "step", "channel", "documents",
                                 "amount", "path", "note"]
    static var stageColumns: [String] { columns }

    var stageCells: [String] {
        [at.iso, actionID, event.rawValue, entity, customerID, step, channel, documents.joined(separator: ";"), amount, path, note]
    }

    /// The journal is machine CSV (outputs.md): its text columns are guarded against spreadsheet
    /// formulas (a document `=T-4` is written `'=T-4`), its date, id, event and amount are not.
    var journalCells: [CSVCell] {
        [.number(at.iso), .number(actionID), .number(event.rawValue), .text(entity), .text(customerID), .text(step),
         .text(channel), .text(documents.joined(separator: ";")), .number(amount), .text(path), .text(note)]
    }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        guard let kind = Kind(rawValue: r.text(c[2])) else { throw r.fail("unknown journal event `\(r.text(c[2]))`") }
        let text = { (i: Int) in CSVWriter.unguarded(r.text(c[i])) }
        self.init(at: try r.date(c[0]), actionID: r.text(c[1]), event: kind, entity: text(3), customerID: text(4),
                  step: text(5), channel: text(6), documents: text(7).split(separator: ";").map(String.init), amount: r.text(c[8]),
                  path: text(9), note: text(10))
    }
}
