/// How this run's bank credits ended, counted and added up per currency (reconcile.md, Quality bar:
/// "matched / partial / unmatched counts and amounts are reported"), for the reconcile stage's summary,
/// `run.json` and the line `relance run` prints.
///
/// - matched: a credit applied by rules 1–4 that left none of the documents it paid partly open (a
///   surplus left on the customer as an unapplied credit included: its documents are settled);
/// - partial: a credit applied by rules 1–4 that left a document it paid partly open, as the ledger
///   stood when the credit was applied (the first of two instalments is partial, the second matched);
/// - unmatched: a credit left with rule `unmatched`.
/// Credits already booked and credits a reversal cancelled are in none of the three. Amounts are the
/// credits' own amounts.
struct MatchTally {
    struct Totals: Equatable {
        var count: Int64 = 0
        var minorUnits: Int64 = 0

        mutating func add(_ m: Money) {
            count += 1
            minorUnits += m.minorUnits
        }
    }

    struct PerCurrency: Equatable {
        var matched = Totals(), partial = Totals(), unmatched = Totals()
    }

    var matched = Totals(), partial = Totals(), unmatched = Totals()
    /// By currency code.
    var byCurrency: [String: (currency: Currency, totals: PerCurrency)] = [:]

    /// `documents` are the ledger's as the reconciler started from them; `result` is what it made of them.
    init(_ result: Reconciler.Result, documents: [OpenItem]) {
        let partialLines = Self.partialLines(result, documents: documents)
        for i in result.lines.indices where result.lines[i].line.isCredit {
            let rule = result.lines[i].rule, amount = result.lines[i].line.amount
            switch rule {
            case .alreadyBooked, .reversal: continue
            default: break
            }
            var entry = byCurrency[amount.currency.code] ?? (amount.currency, PerCurrency())
            if rule == .unmatched {
                unmatched.add(amount)
                entry.totals.unmatched.add(amount)
            } else if !partialLines.isEmpty, partialLines.contains(result.lines[i].line.id) {
                partial.add(amount)
                entry.totals.partial.add(amount)
            } else {
                matched.add(amount)
                entry.totals.matched.add(amount)
            }
            byCurrency[amount.currency.code] = entry
        }
    }

    /// The ids of the credits that left a document partly open: the allocations (and write-offs) are
    /// replayed in the order they were made, from the ledger's open amounts, so that what a credit left
    /// open is seen before a later credit of the run pays the rest.
    static func partialLines(_ result: Reconciler.Result, documents: [OpenItem]) -> Set<String> {
        guard !result.allocations.isEmpty else { return [] }
        var open: [DocumentKey: Int64] = [:]
        for a in result.allocations { open[DocumentKey(entity: a.entity, document: a.document)] = 0 }
        // Only the documents the run paid: one pass over the ledger, no index of all of it.
        var seen = Set<DocumentKey>()
        for d in documents {
            let key = DocumentKey(entity: d.entity, document: d.document)
            if open[key] != nil, seen.insert(key).inserted { open[key] = d.openAmount.minorUnits }
        }
        var writeOffs: [String: [WriteOff]] = [:]
        for w in result.writeOffs { writeOffs[w.bankLineID, default: []].append(w) }
        var partial = Set<String>()
        // A credit's allocations are made together: one run of equal bank line ids.
        var start = 0
        while start < result.allocations.count {
            let id = result.allocations[start].bankLineID
            var end = start
            var paid: [DocumentKey] = []
            while end < result.allocations.count, result.allocations[end].bankLineID == id {
                let a = result.allocations[end]
                let key = DocumentKey(entity: a.entity, document: a.document)
                // A document the ledger did not hold (an unapplied credit of the run) leaves nothing open.
                if seen.contains(key) {
                    open[key]! -= a.amount.minorUnits
                    paid.append(key)
                }
                end += 1
            }
            for w in writeOffs[id] ?? [] {
                let key = DocumentKey(entity: w.entity, document: w.document)
                if seen.contains(key) { open[key]! -= w.amount.minorUnits }
            }
            if paid.contains(where: { open[$0]! != 0 }) { partial.insert(id) }
            start = end
        }
        return partial
    }

    /// The stage summary's `amounts`: per currency (by code), the three amounts as machine strings, JSON
    /// strings rather than numbers so that no reader takes them through a floating point.
    var amountsJSON: JSONValue {
        .array(byCurrency.keys.sorted().map { code in
            let (currency, t) = byCurrency[code]!
            let text = { (v: Int64) in JSONValue.string(Money.machineString(minorUnits: v, minorDigits: currency.minorDigits)) }
            return .object([
                ("currency", .string(code)),
                ("matched", text(t.matched.minorUnits)),
                ("partial", text(t.partial.minorUnits)),
                ("unmatched", text(t.unmatched.minorUnits)),
            ])
        })
    }
}
