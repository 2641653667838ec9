/// A manual match kept in the state (`STATE/manual-matches.csv`, inputs.md: "Applied before automatic
/// matching; remembered in the state"): finance's decision keeps applying once `matches.csv` has left the
/// inbox, until a later `matches.csv` names the same bank line with other documents.
///
/// Each version is stamped with the as-of of the run that first saw it, and a run uses, per bank line, the
/// latest version stamped on or before its as-of; the inbox's row wins over the state's for the same bank
/// line. So a second run of an as-of (invariant 2: byte-identical reports) applies what the first did: the
/// versions stamped with that as-of came from the inbox's `matches.csv`, which is the same on the re-run and
/// wins anyway; a replay of an earlier as-of does not see what later ones learned.
public struct RememberedMatch: Sendable, Equatable {
    public var match: ManualMatch
    /// The as-of of the run whose `matches.csv` gave this version.
    public var learnedInRun: CivilDate

    public init(_ match: ManualMatch, learnedInRun: CivilDate) {
        self.match = match
        self.learnedInRun = learnedInRun
    }

    /// Whether two matches say the same thing (where the row was is not part of the decision).
    static func same(_ a: ManualMatch, _ b: ManualMatch) -> Bool {
        a.bankLineID == b.bankLineID && a.entity == b.entity && a.documents == b.documents && a.amounts == b.amounts
    }

    /// The state's version of each bank line's match that a run of `asOf` uses: the latest stamped on or before it.
    public static func usable(_ state: [RememberedMatch], asOf: CivilDate) -> [String: ManualMatch] {
        var best: [String: RememberedMatch] = [:]
        for r in state where r.learnedInRun <= asOf {
            if let b = best[r.match.bankLineID], b.learnedInRun >= r.learnedInRun { continue }
            best[r.match.bankLineID] = r
        }
        return best.mapValues(\.match)
    }

    /// The matches a run applies: the inbox's (in their order; the first row of a bank line is the one
    /// applied), then the state's usable ones for the bank lines the inbox does not name, by bank line id,
    /// those whose documents are all in `ledger`: ingest checks the inbox's rows so (`E_UNKNOWN_DOCUMENT`),
    /// and a match of documents the ledger no longer holds would keep the line from the automatic rules.
    public static func applied(inbox: [ManualMatch], state: [RememberedMatch], asOf: CivilDate, ledger: [OpenItem]) -> [ManualMatch] {
        let named = Set(inbox.map(\.bankLineID))
        let remembered = usable(state, asOf: asOf)
        let candidates = remembered.keys.sorted().filter { !named.contains($0) }.map { remembered[$0]! }
        guard !candidates.isEmpty else { return inbox }
        var wanted = Set<DocumentKey>()
        for m in candidates { for d in m.documents { wanted.insert(DocumentKey(entity: m.entity, document: d)) } }
        var held = Set<DocumentKey>()
        // One pass over the ledger for the few documents the state's matches name.
        for d in ledger {
            let key = DocumentKey(entity: d.entity, document: d.document)
            if wanted.contains(key) { held.insert(key) }
        }
        return inbox + candidates.filter { m in m.documents.allSatisfy { held.contains(DocumentKey(entity: m.entity, document: $0)) } }
    }

    /// The state after a run of `asOf`: every version of `state`, plus the inbox's matches that differ from
    /// the version the run found usable, stamped `asOf` (replacing a version of the same bank line stamped
    /// `asOf`: a re-run whose `matches.csv` changed). A match the inbox repeats keeps its first stamp, so
    /// that a replay of an as-of between the two runs still sees it. Sorted by bank line id, then stamp.
    public static func nextState(state: [RememberedMatch], inbox: [ManualMatch], asOf: CivilDate) -> [RememberedMatch] {
        var out = state
        let remembered = usable(state, asOf: asOf)
        var seen = Set<String>()
        for m in inbox where seen.insert(m.bankLineID).inserted {
            if let r = remembered[m.bankLineID], same(r, m) { continue }
            out.removeAll { $0.match.bankLineID == m.bankLineID && $0.learnedInRun == asOf }
            out.append(RememberedMatch(m, learnedInRun: asOf))
        }
        out.sort { ($0.match.bankLineID, $0.learnedInRun) < ($1.match.bankLineID, $1.learnedInRun) }
        return out
    }
}

extension RememberedMatch: StageRecord {
    static let stageColumns = ManualMatch.stageColumns + ["learned_in_run"]

    var stageCells: [String] { match.stageCells + [learnedInRun.iso] }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        self.init(try ManualMatch(stage: r, columns: Array(c.prefix(ManualMatch.stageColumns.count))),
                  learnedInRun: try r.date(c[ManualMatch.stageColumns.count]))
    }
}
