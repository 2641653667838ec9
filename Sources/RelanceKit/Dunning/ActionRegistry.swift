// The registry remembers every action Relance ever journaled, as a whole (its most advanced step,
// all its documents, the amount claimed), while the journal records each invoice at its own step.
// Reports and approvals read actions from here, so that they do not depend on which run planned them.
// An action keeps the figures of the day it was rendered (pending or sent: dunning.md, "Pending actions
// keep the figures of the day they were planned"); one only held back or skipped so far is the same id
// on a later run that may send it with other figures (interest accrues), so that run's version
// replaces it, appended as a new line: the last line of an id is its current version.

/// `STATE/actions.csv`: a line per action id, appended before the action's first journal event, and
/// again whenever a run journals an action not yet rendered with other figures; the last line wins.
public final class ActionRegistry {
    public let path: String
    public private(set) var actions: [String: Action] = [:]

    public init(path: String) throws(StageDataError) {
        self.path = path
        guard FileTree.exists(path) else { return }
        do {
            try AppendOnlyFile.repairTornTail(path: path)
        } catch {
            throw StageDataError(path: path, line: 0, message: "cannot repair the registry's last line: \(error)")
        }
        let registry = try Action.readRegistry(path)
        actions.reserveCapacity(registry.count)  // sized once: every night adds actions, never removes any
        for a in registry { actions[a.id] = a }
    }

    /// Records the actions not yet known, and the new version of those known but not in `rendered`
    /// (ids with a `rendered` event before this run) when its line differs, with one fsync. A rendered
    /// action is never replaced: the reports and the letter list show what was sent.
    public func record(_ new: [Action], rendered: Set<String>) throws(StoreError) {
        let fresh = new.filter { a in
            guard let known = actions[a.id] else { return true }
            return !rendered.contains(a.id) && known.registryCells != a.registryCells
        }
        guard !fresh.isEmpty else { return }
        let file = try AppendOnlyFile(path: path)
        defer { file.close() }
        if (FileTree.fileSize(path) ?? 0) == 0 {
            try file.append(Array((Action.registryColumns.joined(separator: ",") + "\n").utf8))
        }
        var w = CSVWriter(style: .machine)
        for a in fresh {
            w.writeRow(a.registryCells.map { .number($0) })
            actions[a.id] = a
        }
        try file.append(w.bytes)
        try file.sync()
    }
}

extension Action {
    static let registryColumns = ["action_id", "entity", "customer_id", "currency", "channel", "step", "template",
                                  "approval", "plan", "language", "documents", "amount_claimed", "interest", "indemnity",
                                  "status", "reason", "attach", "cc_sales_rep"]

    var registryCells: [String] {
        [id, entity, customerID, currency.code, channel.rawValue, step, template, approval.rawValue, plan,
         language.rawValue, documents.joined(separator: ";"), amountClaimed.machineString, interest.machineString,
         indemnity.machineString, status.rawValue, reason, attach.rawValue, ccSalesRep ? "yes" : "no"]
    }

    /// Reads registry lines (the documents are kept as lines without amounts).
    static func readRegistry(_ path: String) throws(StageDataError) -> [Action] {
        let r = try StageFileReader(path: path)
        let c = try r.columns(registryColumns)
        var out: [Action] = []
        out.reserveCapacity(r.rowsLeftAtMost())
        while try r.next() { out.append(try Action(summaryRow: r, columns: c)) }
        return out
    }

    /// An action from a row with the registry's columns (also the first columns of the plan's actions.csv).
    init(summaryRow r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        let currency = try r.currency(c[3])
        guard let channel = DunningStep.Channel(rawValue: r.text(c[4])),
              let approval = DunningStep.Approval(rawValue: r.text(c[7])),
              let language = Language(rawValue: r.text(c[9])),
              let status = Status(rawValue: r.text(c[14])),
              let attach = DunningStep.Attachment(rawValue: r.text(c[16])) else {
            throw r.fail("unreadable action")
        }
        let zero = Money.zero(currency)
        let lines = r.text(c[10]).split(separator: ";").map {
            ActionLine(document: String($0), step: r.text(c[5]), documentDate: CivilDate(daysSinceEpoch: 0),
                       dueDate: CivilDate(daysSinceEpoch: 0), daysOverdue: 0, amount: zero, openAmount: zero)
        }
        self.init(id: r.text(c[0]), entity: r.text(c[1]), customerID: r.text(c[2]), currency: currency, channel: channel,
                  step: r.text(c[5]), template: r.text(c[6]), approval: approval, plan: r.text(c[8]), language: language,
                  lines: lines, amountClaimed: try r.money(c[11], currency), interest: try r.money(c[12], currency),
                  indemnity: try r.money(c[13], currency), status: status, reason: r.text(c[15]), attach: attach,
                  ccSalesRep: r.text(c[17]) == "yes")
    }
}
