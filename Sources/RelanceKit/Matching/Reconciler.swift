// Reconciliation applies bank credits to open documents, in the order of reconcile.md: already
// booked, structured references, document numbers in the texts. It never guesses below the
// confidence threshold, never mixes currencies, and indexes documents by key: no loop over
// documents × bank lines.

/// Matches bank credits with the open documents of the ledger and allocates them.
public struct Reconciler {
    public var documents: [OpenItem]
    public var cutoffs: [String: CivilDate]
    public var minConfidence: Int

    public init(documents: [OpenItem], cutoffs: [String: CivilDate], minConfidence: Int) {
        self.documents = documents
        self.cutoffs = cutoffs
        self.minConfidence = minConfidence
    }

    /// The result: allocations, one reconciliation line per credit, the open items left (unapplied
    /// credits included, as items of kind `unapplied_credit` whose document is the bank line id).
    public struct Result: Sendable {
        public var allocations: [Allocation] = []
        public var lines: [ReconciliationLine] = []
        public var openItems: [OpenItem] = []
    }

    public func reconcile(_ bankLines: [BankLine]) -> Result {
        var result = Result()
        var open: [DocumentKey: OpenItem] = [:]
        var byNumber: [String: [String: [DocumentKey]]] = [:]   // entity → key → documents
        var byReference: [String: [String: DocumentKey]] = [:]  // entity → canonical ref → document
        for d in documents where d.isOpen {
            open[d.key] = d
            // Unapplied credits are open on the customer but are no document a payment can quote.
            if d.kind == .unappliedCredit { continue }
            for number in [d.document, d.externalRef] where !number.isEmpty {
                let k = DocumentNumber.key(number)
                if !k.isEmpty { byNumber[d.entity, default: [:]][k, default: []].append(d.key) }
            }
            if let ref = StructuredReference(parsing: d.paymentRef) {
                byReference[d.entity, default: [:]][ref.canonical] = d.key
            }
        }

        for line in bankLines where line.isCredit {
            let zero = Money.zero(line.amount.currency)
            if let cutoff = cutoffs[line.entity], line.bookingDate <= cutoff {
                result.lines.append(ReconciliationLine(line: line, allocated: zero, unapplied: zero, rule: .alreadyBooked, confidence: 10_000))
                continue
            }
            // Rule 2: a structured reference, given by the bank or found in the text.
            var refs: [StructuredReference] = []
            if let r = StructuredReference(parsing: line.structuredRef) { refs.append(r) }
            refs += StructuredReference.find(in: line.remittance)
            var matched: [DocumentKey] = []
            var rule = MatchRule.unmatched
            // Currencies never mix: a document in another currency is not a candidate.
            let sameCurrency = { (key: DocumentKey) in open[key]?.amount.currency == line.amount.currency }
            for r in refs {
                if let key = byReference[line.entity]?[r.canonical], sameCurrency(key), !matched.contains(key) { matched.append(key) }
            }
            if !matched.isEmpty { rule = .structuredRef }
            // Rule 3: document numbers in the remittance, the end-to-end id.
            if matched.isEmpty, let index = byNumber[line.entity] {
                for text in [line.remittance, line.endToEndID] where !text.isEmpty {
                    for k in DocumentNumber.candidateKeys(in: text) {
                        for key in index[k] ?? [] where sameCurrency(key) && !matched.contains(key) { matched.append(key) }
                    }
                }
                if !matched.isEmpty { rule = .documentNumber }
            }
            guard !matched.isEmpty else {
                result.lines.append(ReconciliationLine(line: line, allocated: zero, unapplied: zero, rule: .unmatched, confidence: 0))
                continue
            }
            allocate(line, to: matched, rule: rule, open: &open, result: &result)
        }

        result.openItems = open.values.filter(\.isOpen).sorted { $0.key < $1.key }
        return result
    }

    /// Credit notes quoted with the invoices first (they add to what can be applied), then invoices
    /// oldest due date first; the last may stay partly open; a surplus is an unapplied credit.
    private func allocate(_ line: BankLine, to keys: [DocumentKey], rule: MatchRule,
                          open: inout [DocumentKey: OpenItem], result: inout Result) {
        let docs = keys.compactMap { open[$0] }.sorted {
            ($0.kind == .creditNote ? 0 : 1, $0.dueDate, $0.document) < ($1.kind == .creditNote ? 0 : 1, $1.dueDate, $1.document)
        }
        var available = line.amount.minorUnits
        var allocatedTotal: Int64 = 0
        var settled: [String] = []
        for var d in docs {
            let take: Int64
            if d.openAmount.minorUnits < 0 {
                take = d.openAmount.minorUnits // the whole credit note is used with the payment
            } else {
                take = min(available, d.openAmount.minorUnits)
            }
            if take == 0 { continue }
            available -= take
            allocatedTotal += take
            d.openAmount.minorUnits -= take
            open[d.key] = d
            settled.append(d.document)
            result.allocations.append(Allocation(bankLineID: line.id, entity: d.entity, customerID: d.customerID,
                                                 document: d.document, amount: Money(minorUnits: take, currency: line.amount.currency),
                                                 rule: rule, confidence: 10_000, bookingDate: line.bookingDate))
        }
        let customer = docs.first { $0.kind == .invoice }?.customerID ?? docs[0].customerID
        let surplus = line.amount.minorUnits - allocatedTotal
        if surplus > 0 {
            let credit = OpenItem(entity: line.entity, document: line.id, customerID: customer, kind: .unappliedCredit,
                                  documentDate: line.bookingDate, dueDate: line.bookingDate,
                                  amount: Money(minorUnits: -surplus, currency: line.amount.currency),
                                  openAmount: Money(minorUnits: -surplus, currency: line.amount.currency),
                                  sourceFile: line.sourceFile, sourceLine: line.sourceLine)
            open[credit.key] = credit
        }
        result.lines.append(ReconciliationLine(
            line: line, documents: settled.sorted(), allocated: Money(minorUnits: allocatedTotal, currency: line.amount.currency),
            unapplied: Money(minorUnits: max(surplus, 0), currency: line.amount.currency), rule: rule, confidence: 10_000,
            customerID: customer))
    }
}
