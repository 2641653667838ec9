/// Which learned payer IBANs a run may use, and what it leaves to the next runs.
///
/// A second run for the same as-of must give the same reports as the first (invariant 2). The first run
/// learns IBANs from its confident matches and the state keeps them; were the second run to use them,
/// a payment the first run left unmatched could be matched "by learned IBAN" the second time. So a run
/// uses only what runs of earlier as-ofs learned, and passes on the rest untouched.
extension PayerIBAN {
    private var key: String { entity + "|" + customerID + "|" + iban }

    /// The state's entries split into those learned before `asOf` (or before runs were recorded) and
    /// the others: learned by an earlier run of the same as-of, or by a later as-of before a replay.
    public static func usable(_ state: [PayerIBAN], asOf: CivilDate) -> (usable: [PayerIBAN], later: [PayerIBAN]) {
        var usable: [PayerIBAN] = [], later: [PayerIBAN] = []
        for l in state {
            if let run = l.learnedInRun, run >= asOf { later.append(l) } else { usable.append(l) }
        }
        return (usable, later)
    }

    /// The state for the next runs: `result` (the `usable` entries, kept as they were, and those this
    /// run learned, stamped with `asOf`) and the `later` entries this run did not learn again, sorted by key.
    public static func nextState(result: [PayerIBAN], usable: [PayerIBAN], later: [PayerIBAN], asOf: CivilDate) -> [PayerIBAN] {
        let known = Set(usable.map(\.key))
        var out = result
        var keys = Set<String>()
        for i in out.indices {
            if !known.contains(out[i].key) { out[i].learnedInRun = asOf }
            keys.insert(out[i].key)
        }
        for l in later where keys.insert(l.key).inserted { out.append(l) }
        out.sort { ($0.entity, $0.customerID, $0.iban) < ($1.entity, $1.customerID, $1.iban) }
        return out
    }
}
