// The journal is the memory of who was reminded when. It is append-only: only relance-render and
// relance approve/reject write it, one fsync'd batch at a time; nothing edits it in place. A line
// torn by a crash is cut off before the next append (the event it held is re-journaled by recovery).

/// `STATE/journal.csv`: reading it, and appending events.
public final class Journal {
    public let path: String
    public private(set) var events: [JournalEvent]
    private var file: AppendOnlyFile?

    /// Reads the journal (an absent file is an empty journal).
    public init(path: String) throws(StageDataError) {
        self.path = path
        if FileTree.exists(path) {
            do {
                try AppendOnlyFile.repairTornTail(path: path)
            } catch {
                throw StageDataError(path: path, line: 0, message: "cannot repair the journal's last line: \(error)")
            }
            events = try JournalEvent.read(path)
        } else {
            events = []
        }
    }

    /// Appends events and fsyncs (one fsync per batch).
    public func append(_ new: [JournalEvent]) throws(StoreError) {
        guard !new.isEmpty else { return }
        if file == nil {
            let fresh = !FileTree.exists(path) || (FileTree.fileSize(path) ?? 0) == 0
            let f = try AppendOnlyFile(path: path)
            if fresh {
                try f.append(Array((JournalEvent.columns.joined(separator: ",") + "\n").utf8))
            }
            file = f
        }
        var w = CSVWriter(style: .machine)
        for e in new { w.writeRow(e.journalCells) }
        try file!.append(w.bytes)
        try file!.sync()
        events += new
    }

    public func close() {
        file?.close()
        file = nil
    }

    /// The history of each document: per step, the date it was done, and the steps pending.
    public func documentHistory() -> [DocumentKey: DocumentDunningState] {
        var states: [DocumentKey: DocumentDunningState] = [:]
        // Which step each action holds each document at, to resolve approvals and withdrawals
        // (whose lines repeat the action's documents).
        for e in events {
            for d in e.documents {
                let key = DocumentKey(entity: e.entity, document: d)
                var s = states[key] ?? DocumentDunningState()
                switch e.event {
                case .pending:
                    s.pending[e.step] = e.actionID
                case .approved, .rejected, .withdrawn:
                    if s.pending[e.step] == e.actionID { s.pending[e.step] = nil }
                    if e.event.marksStepDone, s.done[e.step] == nil { s.done[e.step] = e.at }
                case .sentToOutbox, .skipped:
                    if s.pending[e.step] == e.actionID { s.pending[e.step] = nil }
                    if s.done[e.step] == nil {
                        s.done[e.step] = e.at
                        if e.event == .skipped { s.skipped.insert(e.step) }
                    }
                case .rendered, .heldBack:
                    break
                }
                if e.event == .sentToOutbox || e.event == .approved {
                    s.contacted.insert(e.step)
                    if s.lastContact.map({ e.at > $0 }) ?? true { s.lastContact = e.at }
                }
                states[key] = s
            }
        }
        return states
    }

    /// Ids of actions that have a `rendered` event: never rendered again.
    public var renderedActionIDs: Set<String> { Set(events.filter { $0.event == .rendered }.map(\.actionID)) }

    /// Whether this exact event (date, action, kind, step) is already journaled.
    public func contains(at: CivilDate, actionID: String, event: JournalEvent.Kind, step: String) -> Bool {
        events.contains { $0.at == at && $0.actionID == actionID && $0.event == event && $0.step == step }
    }
}

/// What the journal says of one document.
public struct DocumentDunningState: Sendable, Equatable {
    /// Step id → the date it was done (sent, approved, rejected or skipped).
    public var done: [String: CivilDate] = [:]
    /// Step id → the pending action holding it.
    public var pending: [String: String] = [:]
    /// Steps done by skipping them. A skipped preventive step imposes no spacing on the next step; a
    /// skipped B2B-only step does, like a sent one (`dunning.md`, "When a step fires").
    public var skipped: Set<String> = []
    /// Steps actually sent (sent to the outbox or approved), as opposed to skipped or rejected.
    public var contacted: Set<String> = []
    /// The last day a step was done other than by skipping.
    public var lastContact: CivilDate?

    public init() {}

    /// The day `step` reached the customer (sent to the outbox, or approved); nil when it did not: not
    /// done yet, skipped, or rejected by the collector.
    public func reached(_ step: String) -> CivilDate? {
        contacted.contains(step) && !skipped.contains(step) ? done[step] : nil
    }
}
