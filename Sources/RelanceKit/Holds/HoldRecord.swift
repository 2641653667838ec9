// A hold starts on the first as-of at which a run saw it (inputs.md, Holds): the state remembers
// that date, and for a promise without an amount, the overdue balance it was meant to settle.

/// `STATE/holds.csv`: every hold a run has seen, with the day it was first seen.
public struct HoldRecord: Sendable, Equatable {
    public var hold: Hold
    public var firstSeen: CivilDate
    /// The customer's (or document's) overdue amount on the day the hold was first seen, in minor units.
    public var overdueAtStart: Int64

    /// Identity of a hold across runs: its kind, who and what it is on, and its end date.
    public var key: String {
        [hold.kind.rawValue, hold.entity, hold.customerID, hold.document, hold.until?.iso ?? ""].joined(separator: "|")
    }
}

/// A promise to pay, checked at the as-of date (`inputs.md`, Holds).
public struct PromiseCheck: Sendable, Equatable {
    public enum Status: String, Sendable {
        case kept, open, broken
    }
    public var record: HoldRecord
    /// The promised amount, else the overdue balance when the promise started.
    public var target: Int64
    /// Allocations booked from the start to `until` + grace.
    public var paid: Int64
    /// `until` + the plan's grace days.
    public var deadline: CivilDate
    public var status: Status

    /// `allocations` may be all of them or only the customer's (`byCustomer`), as callers checking many promises pass.
    public static func check(_ record: HoldRecord, allocations: [Allocation], graceDays: Int, asOf: CivilDate) -> PromiseCheck {
        let h = record.hold
        let deadline = (h.until ?? asOf).adding(days: graceDays)
        let paid = allocations.filter {
            $0.entity == h.entity && $0.customerID == h.customerID && (h.document.isEmpty || $0.document == h.document)
                && $0.bookingDate >= record.firstSeen && $0.bookingDate <= deadline
        }.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
        let target = h.amount?.minorUnits ?? record.overdueAtStart
        let status: Status = paid >= target && target > 0 ? .kept : (asOf > deadline ? .broken : .open)
        return PromiseCheck(record: record, target: target, paid: paid, deadline: deadline, status: status)
    }

    /// The allocations of the customers of `records`, by customer, to check each promise against its own.
    static func byCustomer(_ allocations: [Allocation], for records: [HoldRecord]) -> [CustomerKey: [Allocation]] {
        groupedByCustomer(allocations, customers: Set(records.map { CustomerKey(entity: $0.hold.entity, customerID: $0.hold.customerID) }),
                          key: { CustomerKey(entity: $0.entity, customerID: $0.customerID) })
    }
}

extension HoldRecord: StageRecord {
    static var stageColumns: [String] { Hold.stageColumns + ["first_seen", "overdue_at_start"] }

    var stageCells: [String] { hold.stageCells + [firstSeen.iso, String(overdueAtStart)] }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        let n = Hold.stageColumns.count
        self.init(hold: try Hold(stage: r, columns: Array(c[0..<n])), firstSeen: try r.date(c[n]),
                  overdueAtStart: Int64(try r.int(c[n + 1])))
    }

    /// The holds of this run, with their first-seen date from the state (today for new ones).
    static func merge(_ holds: [Hold], known: [HoldRecord], asOf: CivilDate, aged: [AgedItem]) -> [HoldRecord] {
        var byKey: [String: HoldRecord] = [:]
        for k in known { byKey[k.key] = k }
        let agedByCustomer = groupedByCustomer(aged, customers: Set(holds.map { CustomerKey(entity: $0.entity, customerID: $0.customerID) }),
                                               key: { CustomerKey(entity: $0.item.entity, customerID: $0.item.customerID) })
        return holds.map { h in
            let fresh = HoldRecord(hold: h, firstSeen: asOf, overdueAtStart: 0)
            if let k = byKey[fresh.key] { return HoldRecord(hold: h, firstSeen: k.firstSeen, overdueAtStart: k.overdueAtStart) }
            let overdue = (agedByCustomer[CustomerKey(entity: h.entity, customerID: h.customerID)] ?? []).filter {
                (h.document.isEmpty || $0.item.document == h.document) && $0.isOverdue
            }.reduce(Int64(0)) { $0 + $1.item.openAmount.minorUnits }
            return HoldRecord(hold: h, firstSeen: asOf, overdueAtStart: overdue)
        }
    }
}
