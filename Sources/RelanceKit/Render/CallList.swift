/// The day's call list (`outputs.md`, Call list): one row per customer with a `call` journaled
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
        /// The customer's overdue open amounts (in the currency of its first item).
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

    /// The calls journaled `sent_to_outbox` on `asOf`, with the customers' overdue items and last contacts.
    init(journal: [JournalEvent], aged: [AgedItem], customers: CustomerDirectory, asOf: CivilDate, currency: Currency) {
        var callsToday: [CustomerKey: JournalEvent] = [:]
        for e in journal where e.at == asOf && e.event == .sentToOutbox && e.channel == "call" {
            callsToday[CustomerKey(entity: e.entity, customerID: e.customerID)] = e
        }
        guard !callsToday.isEmpty else { rows = []; return }
        var lastContact: [CustomerKey: JournalEvent] = [:]
        for e in journal where e.event == .sentToOutbox && e.channel != "call" {
            lastContact[CustomerKey(entity: e.entity, customerID: e.customerID)] = e
        }
        var rows: [Row] = []
        for (key, call) in callsToday {
            let items = aged.filter { $0.item.entity == key.entity && $0.item.customerID == key.customerID }
            let overdue = items.filter(\.isOverdue).reduce(Int64(0)) { $0 + $1.item.openAmount.minorUnits }
            let oldest = items.filter(\.isOverdue).map(\.daysOverdue).max() ?? 0
            let c = customers[key.entity, key.customerID]
            let last = lastContact[key]
            rows.append(Row(entity: key.entity, customerID: key.customerID, name: c?.name ?? "", contactName: c?.contactName ?? "",
                            phone: c?.phone ?? "",
                            amountOverdue: Money(minorUnits: overdue, currency: items.first?.item.openAmount.currency ?? currency),
                            oldestDaysLate: oldest, step: call.step, lastAction: last.map { $0.step + " (" + $0.channel + ")" } ?? "",
                            lastActionDate: last?.at, promises: 0, note: call.documents.joined(separator: ";")))
        }
        rows.sort {
            ($1.amountOverdue.minorUnits, CustomerKey(entity: $0.entity, customerID: $0.customerID))
                < ($0.amountOverdue.minorUnits, CustomerKey(entity: $1.entity, customerID: $1.customerID))
        }
        self.rows = rows
    }

    /// `calls/AS_OF-calls.csv` in the machine dialect.
    var csvBytes: [UInt8] {
        var w = CSVWriter(style: .machine)
        w.writeHeader(Self.columns)
        for r in rows {
            w.writeRow([.text(r.customerID), .text(r.name), .text(r.contactName), .text(r.phone),
                        .number(Money.machineString(minorUnits: r.amountOverdue.minorUnits, minorDigits: r.amountOverdue.currency.minorDigits)),
                        .number(String(r.oldestDaysLate)), .text(r.step), .text(r.lastAction), .text(r.lastActionDate?.iso ?? ""),
                        .number(String(r.promises)), .text(r.note)])
        }
        return w.bytes
    }
}
