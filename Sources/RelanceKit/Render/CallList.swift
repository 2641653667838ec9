/// The day's call list (`outputs.md`, Call list): one row per `call` action journaled
/// `sent_to_outbox` on the as-of, largest amount overdue first. The same rows make
/// `calls/AS_OF-calls.csv` and the call section of the collector's digest, so the two never disagree.
struct CallList {
    /// One customer to phone, its fields in the order of the CSV's columns.
    struct Row {
        var entity: String
        var customerID: String
        var name: String
        var contactName: String
        var phone: String
        /// The customer's overdue open amount in the call's currency.
        var amountOverdue: Money
        /// Calendar days, the oldest overdue item's.
        var oldestDaysLate: Int
        var step: String
        /// `STEP (CHANNEL)` of the customer's last message or letter sent, empty when none.
        var lastAction: String
        var lastActionDate: CivilDate?
        var promises: Int
        /// The documents of the call, `;`-joined.
        var note: String
    }

    static let columns = ["customer_id", "name", "contact_name", "phone", "amount_overdue", "oldest_days_late", "step",
                          "last_action", "last_action_date", "promises", "note"]

    var rows: [Row]

    /// The calls journaled `sent_to_outbox` on `asOf` (a row per call action: a customer called about two
    /// currencies has two rows, amounts never added across currencies), with the customer's overdue items
    /// in the call's currency (`currency`: of each call's journal line, as the registry has it), its open promises
    /// and last contacts.
    init(journal: [JournalEvent], aged: [AgedItem], customers: CustomerDirectory, openPromises: [CustomerKey: Int] = [:],
         asOf: CivilDate, currency: (JournalEvent) -> Currency) {
        // An action has a journal line per step: its documents are gathered under its id.
        var callsToday: [String: (event: JournalEvent, documents: [String])] = [:]
        for e in journal where e.at == asOf && e.event == .sentToOutbox && e.channel == "call" {
            callsToday[e.actionID, default: (e, [])].documents += e.documents
        }
        guard !callsToday.isEmpty else { rows = []; return }
        let called = Set(callsToday.values.map { CustomerKey(entity: $0.event.entity, customerID: $0.event.customerID) })
        var lastContact: [CustomerKey: JournalEvent] = [:]
        for e in journal where e.event == .sentToOutbox && e.channel != "call" {
            let key = CustomerKey(entity: e.entity, customerID: e.customerID)
            if called.contains(key) { lastContact[key] = e }
        }
        // The called customers' items, gathered in one pass (not one pass per call).
        var items: [CustomerKey: [AgedItem]] = [:]
        for a in aged {
            let key = CustomerKey(entity: a.item.entity, customerID: a.item.customerID)
            if called.contains(key) { items[key, default: []].append(a) }
        }
        var rows: [Row] = []
        for (_, call) in callsToday {
            let key = CustomerKey(entity: call.event.entity, customerID: call.event.customerID)
            let own = items[key] ?? []
            let documents = Set(call.documents)
            let callCurrency = currency(call.event)
            let overdue = own.overdueInvoices(in: callCurrency)
            let c = customers[key.entity, key.customerID]
            let last = lastContact[key]
            rows.append(Row(entity: key.entity, customerID: key.customerID, name: c?.name ?? "", contactName: c?.contactName ?? "",
                            phone: c?.phone ?? "",
                            amountOverdue: Money(minorUnits: overdue.openTotal, currency: callCurrency),
                            oldestDaysLate: overdue.map(\.daysOverdue).max() ?? 0, step: call.event.step,
                            lastAction: last.map { $0.step + " (" + $0.channel + ")" } ?? "",
                            lastActionDate: last?.at, promises: openPromises[key] ?? 0,
                            note: Array(documents).sorted().joined(separator: ";")))
        }
        rows.sort {
            if $0.amountOverdue.minorUnits != $1.amountOverdue.minorUnits { return $0.amountOverdue.minorUnits > $1.amountOverdue.minorUnits }
            let a = CustomerKey(entity: $0.entity, customerID: $0.customerID), b = CustomerKey(entity: $1.entity, customerID: $1.customerID)
            if a != b { return a < b }
            return ($0.amountOverdue.currency.code, $0.note) < ($1.amountOverdue.currency.code, $1.note)
        }
        self.rows = rows
    }

    /// `calls/AS_OF-calls.csv` in the machine dialect.
    var csvBytes: [UInt8] {
        var w = CSVWriter(style: .machine)
        w.writeHeader(Self.columns)
        for r in rows {
            w.writeRow([.text(r.customerID), .text(r.name), .text(r.contactName), .text(r.phone),
                        r.amountOverdue.cell,
                        .number(String(r.oldestDaysLate)), .text(r.step), .text(r.lastAction), .text(r.lastActionDate?.iso ?? ""),
                        .number(String(r.promises)), .text(r.note)])
        }
        return w.bytes
    }
}
