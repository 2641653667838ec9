/// Finance's own decision to stop chasing: a dispute, a promise to pay or a pause (`holds.csv`).
public struct Hold: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case dispute, promise, pause
    }
    public var kind: Kind
    public var entity: String
    public var customerID: String
    /// The document concerned; empty for the whole customer.
    public var document: String
    /// End date (promises and pauses).
    public var until: CivilDate?
    /// Promised amount, when given.
    public var amount: Money?
    public var note: String
    public var by: String
    public var sourceFile: String
    public var sourceLine: Int

    public init(kind: Kind, entity: String, customerID: String, document: String = "", until: CivilDate? = nil,
                amount: Money? = nil, note: String = "", by: String = "", sourceFile: String = "", sourceLine: Int = 0) {
        self.kind = kind
        self.entity = entity
        self.customerID = customerID
        self.document = document
        self.until = until
        self.amount = amount
        self.note = note
        self.by = by
        self.sourceFile = sourceFile
        self.sourceLine = sourceLine
    }

    /// The promises and disputes active at `asOf` per customer (`customers.csv`'s `open_promises` and
    /// `open_disputes`, the call list's `promises`), each promise with its customer's grace days.
    static func activeCounts(_ holds: [Hold], asOf: CivilDate, graceDays: (CustomerKey) -> Int) -> [CustomerKey: (promises: Int, disputes: Int)] {
        var counts: [CustomerKey: (promises: Int, disputes: Int)] = [:]
        for h in holds where h.kind != .pause {
            let key = CustomerKey(entity: h.entity, customerID: h.customerID)
            guard h.isActive(asOf: asOf, graceDays: graceDays(key)) else { continue }
            if h.kind == .promise { counts[key, default: (0, 0)].promises += 1 } else { counts[key, default: (0, 0)].disputes += 1 }
        }
        return counts
    }

    /// Whether the hold suspends dunning at `asOf` (`grace` extra days after a promise).
    public func isActive(asOf: CivilDate, graceDays: Int = 0) -> Bool {
        switch kind {
        case .dispute: return true
        case .pause: return until.map { asOf <= $0 } ?? true
        case .promise: return until.map { asOf <= $0.adding(days: graceDays) } ?? true
        }
    }

    /// Whether it covers this document of this customer.
    public func covers(entity: String, customerID: String, document: String) -> Bool {
        self.entity == entity && self.customerID == customerID && (self.document.isEmpty || self.document == document)
    }
}
