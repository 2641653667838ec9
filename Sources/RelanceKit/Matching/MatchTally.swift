/// How this run's bank credits ended, counted and added up per currency (reconcile.md, Quality bar:
/// "matched / partial / unmatched counts and amounts are reported"), for the reconcile stage's summary,
/// `run.json` and the line `relance run` prints.
///
/// - matched: a credit applied by rules 1–4 that left none of the documents it paid partly open (a
///   surplus left on the customer as an unapplied credit included: its documents are settled);
/// - partial: a credit applied by rules 1–4 that left a document it paid partly open, as the ledger
///   stood when the credit was applied, write-offs done (the first of two instalments is partial, the
///   second matched): the reconciler notes it then (`Result.partialLineIDs`), at no extra pass;
/// - unmatched: a credit left with rule `unmatched`.
/// Credits already booked and credits a reversal cancelled are in none of the three. Amounts are the
/// credits' own amounts.
struct MatchTally {
    /// The credits' amounts in minor units, one currency's.
    struct Amounts: Equatable {
        var matched: Int64 = 0, partial: Int64 = 0, unmatched: Int64 = 0
    }

    /// Credits counted over every currency; amounts only per currency (never added across them).
    var matched: Int64 = 0, partial: Int64 = 0, unmatched: Int64 = 0
    var amounts: [Currency: Amounts] = [:]

    /// `result` is the reconciler's: its lines' rules, and the credits it noted as partial when it applied them.
    init(_ result: Reconciler.Result) {
        for i in result.lines.indices where result.lines[i].line.isCredit {
            let rule = result.lines[i].rule, amount = result.lines[i].line.amount
            switch rule {
            case .alreadyBooked, .reversal: continue
            default: break
            }
            if rule == .unmatched {
                unmatched += 1
                amounts[amount.currency, default: Amounts()].unmatched += amount.minorUnits
            } else if !result.partialLineIDs.isEmpty, result.partialLineIDs.contains(result.lines[i].line.id) {
                partial += 1
                amounts[amount.currency, default: Amounts()].partial += amount.minorUnits
            } else {
                matched += 1
                amounts[amount.currency, default: Amounts()].matched += amount.minorUnits
            }
        }
    }

    /// The stage summary's `amounts`: per currency (by code), the three amounts as machine strings, JSON
    /// strings rather than numbers so that no reader takes them through a floating point.
    var amountsJSON: JSONValue {
        .array(amounts.keys.sorted().map { currency in
            let t = amounts[currency]!
            let text = { (v: Int64) in JSONValue.string(Money.machineString(minorUnits: v, minorDigits: currency.minorDigits)) }
            return .object([
                ("currency", .string(currency.code)),
                ("matched", text(t.matched)),
                ("partial", text(t.partial)),
                ("unmatched", text(t.unmatched)),
            ])
        })
    }
}
