// A hold starts on the first as-of at which a run saw it (inputs.md, Holds): the state remembers
// that date, and for a promise without an amount, the overdue balance it was meant to settle, one
// amount per currency (`EUR 300.00;USD 200.00`).

/// `STATE/holds.csv`: every hold a run has seen, with the day it was first seen.
public struct HoldRecord: Sendable, Equatable {
    public var hold: Hold
    public var firstSeen: CivilDate
    /// The customer's (or document's) overdue balance on the day the hold was first seen, per
    /// currency in currency order, positive balances only (`Hold.overdueAmounts`).
    public var overdueAtStart: [Money]
    /// What a state file written before amounts were kept per currency holds instead: one integer
    /// of minor units, its currency unsaid. `merge` gives it a currency (the promised amount's, else
    /// the entity's, the one the reports showed it in) and the record is written back per currency.
    var legacyOverdueAtStart: Int64? = nil

    public init(hold: Hold, firstSeen: CivilDate, overdueAtStart: [Money]) {
        self.hold = hold
        self.firstSeen = firstSeen
        self.overdueAtStart = overdueAtStart
    }

    /// Identity of a hold across runs: its kind, who and what it is on, and its end date.
    public var key: String {
        [hold.kind.rawValue, hold.entity, hold.customerID, hold.document, hold.until?.iso ?? ""].joined(separator: "|")
    }
}

/// A promise to pay in one currency, checked at the as-of date (`inputs.md`, Holds).
public struct PromiseCheck: Sendable, Equatable {
    public enum Status: String, Sendable {
        case kept, open, broken
    }
    public var record: HoldRecord
    public var currency: Currency
    /// The promised amount, else the overdue balance in `currency` when the promise started, minor units.
    public var target: Int64
    /// Allocations in `currency` booked from the start to `until` + grace, minor units.
    public var paid: Int64
    /// `until` + the plan's grace days.
    public var deadline: CivilDate
    public var status: Status

    /// One check per currency the promise concerns: the promised amount's, else each currency of the
    /// overdue balance at start (payments in one currency never settle another's balance); a promise
    /// with neither is checked once in `currency`, with a target of 0 (it can only be open or broken).
    /// `allocations` may be all of them or only the customer's (`byCustomer`), as callers checking many promises pass.
    public static func check(_ record: HoldRecord, allocations: [Allocation], graceDays: Int, asOf: CivilDate,
                             currency: Currency) -> [PromiseCheck] {
        let h = record.hold
        let deadline = (h.until ?? asOf).adding(days: graceDays)
        let targets = h.amount.map { [$0] } ?? (record.overdueAtStart.isEmpty ? [Money.zero(currency)] : record.overdueAtStart)
        let covered = allocations.filter {
            $0.entity == h.entity && $0.customerID == h.customerID && (h.document.isEmpty || $0.document == h.document)
                && $0.bookingDate >= record.firstSeen && $0.bookingDate <= deadline
        }
        return targets.map { t in
            let paid = covered.lazy.filter { $0.amount.currency == t.currency }.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
            let target = t.minorUnits
            let status: Status = paid >= target && target > 0 ? .kept : (asOf > deadline ? .broken : .open)
            return PromiseCheck(record: record, currency: t.currency, target: target, paid: paid, deadline: deadline, status: status)
        }
    }

    /// The allocations of the customers of `records`, by customer, to check each promise against its own.
    static func byCustomer(_ allocations: [Allocation], for records: [HoldRecord]) -> [CustomerKey: [Allocation]] {
        groupedByCustomer(allocations, customers: Set(records.map { CustomerKey(entity: $0.hold.entity, customerID: $0.hold.customerID) }),
                          key: { CustomerKey(entity: $0.entity, customerID: $0.customerID) })
    }
}

extension HoldRecord: StageRecord {
    static var stageColumns: [String] { Hold.stageColumns + ["first_seen", "overdue_at_start"] }

    var stageCells: [String] { hold.stageCells + [firstSeen.iso, Money.perCurrencyText(overdueAtStart)] }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        let n = Hold.stageColumns.count
        self.init(hold: try Hold(stage: r, columns: Array(c[0..<n])), firstSeen: try r.date(c[n]), overdueAtStart: [])
        let text = r.text(c[n + 1])
        if let amounts = Money.parsePerCurrency(text) {
            overdueAtStart = amounts
        } else {
            // The integer of state files written before amounts were kept per currency.
            legacyOverdueAtStart = Int64(try r.int(c[n + 1]))
        }
    }

    /// The holds of this run, with their first-seen date from the state (today for new ones).
    /// `currency` is each entity's: it gives an overdue balance remembered as a bare integer
    /// (`legacyOverdueAtStart`) its currency, unless the hold's own amount names one.
    static func merge(_ holds: [Hold], known: [HoldRecord], asOf: CivilDate, aged: [AgedItem],
                      currency: (String) -> Currency) -> [HoldRecord] {
        var byKey: [String: HoldRecord] = [:]
        for k in known { byKey[k.key] = k }
        let agedByCustomer = groupedByCustomer(aged, customers: Set(holds.map { CustomerKey(entity: $0.entity, customerID: $0.customerID) }),
                                               key: { CustomerKey(entity: $0.item.entity, customerID: $0.item.customerID) })
        return holds.map { h in
            let fresh = HoldRecord(hold: h, firstSeen: asOf, overdueAtStart: [])
            if let k = byKey[fresh.key] {
                var overdue = k.overdueAtStart
                if let legacy = k.legacyOverdueAtStart, legacy > 0 {
                    overdue = [Money(minorUnits: legacy, currency: h.amount?.currency ?? currency(h.entity))]
                }
                return HoldRecord(hold: h, firstSeen: k.firstSeen, overdueAtStart: overdue)
            }
            let items = agedByCustomer[CustomerKey(entity: h.entity, customerID: h.customerID)] ?? []
            return HoldRecord(hold: h, firstSeen: asOf, overdueAtStart: h.overdueAmounts(in: items))
        }
    }
}
