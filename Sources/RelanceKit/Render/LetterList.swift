import Foundation

/// `letters/letters.csv` (`outputs.md`, Letters): every letter in the outbox (sent, or approved from
/// `pending/letters/`), with its recipient, whether it is registered, and its number of pages. It is
/// rebuilt whole from the journal, so the render stage and `relance approve` write the same list and
/// a letter released by an approval is listed at once, not at the next run.
struct LetterList {
    let journal: Journal
    let registry: ActionRegistry
    let customers: CustomerDirectory

    static let fileName = "letters.csv"
    static let columns = ["action_id", "date", "entity", "customer_id", "name", "address", "registered", "pages", "step",
                          "amount_claimed", "currency", "path"]

    /// The list's bytes, or nil when no letter reached the outbox yet.
    func rendered() -> [UInt8]? {
        // The page count is the note of the letter's `rendered` event (`N page(s)`).
        var pages: [String: String] = [:]
        for e in journal.events where e.event == .rendered && e.path.hasSuffix(".pdf") { pages[e.actionID] = e.note }
        var seen = Set<String>()
        var rows: [(key: (String, String, String), cells: [CSVCell])] = []
        for e in journal.events where e.event == .sentToOutbox && e.path.hasPrefix(Outbox.letters + "/") && seen.insert(e.actionID).inserted {
            let c = customers[e.entity, e.customerID]
            let a = registry.actions[e.actionID]
            let address = [c?.address1 ?? "", c?.address2 ?? "", [c?.postcode ?? "", c?.city ?? ""].joined(separator: " "), c?.country ?? ""]
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: ", ")
            let pageCount = (pages[e.actionID] ?? "").split(separator: " ").first.map(String.init) ?? ""
            rows.append(((e.at.iso, e.entity, e.actionID), [
                .text(e.actionID), .text(e.at.iso), .text(e.entity), .text(e.customerID), .text(c?.name ?? ""), .text(address),
                .text(a?.channel == .registeredLetter ? "yes" : "no"), .number(pageCount), .text(a?.step ?? e.step),
                a?.amountClaimed.cell ?? .empty, .text(a?.currency.code ?? ""), .text(e.path),
            ]))
        }
        guard !rows.isEmpty else { return nil }
        var w = CSVWriter(style: .machine)
        w.writeHeader(Self.columns)
        for r in rows.sorted(by: { $0.key < $1.key }) { w.writeRow(r.cells) }
        return w.bytes
    }

    /// Writes `letters/letters.csv` under the outbox root (atomically); nothing when there is no letter.
    func write(outbox: String) throws(StoreError) {
        guard let bytes = rendered() else { return }
        try AtomicFile.write(bytes, to: outbox + "/" + Outbox.letters + "/" + Self.fileName)
    }
}
