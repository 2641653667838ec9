/// A bank line booked after its entity's bank cut-off, kept in the state (`STATE/bank-lines-after-cutoff.csv`).
///
/// The ledger is the truth up to the cut-off and the bank after it (`inputs.md`, Snapshots): a
/// payment after the cut-off keeps reducing the ledger's open amounts until a newer ledger moves the
/// cut-off past its booking date, even when finance has archived its statement meanwhile. Each run
/// reconciles today's lines plus the kept ones whose file is gone, exactly as if the statement were
/// still in the inbox, and keeps for the next run every line still after the cut-off.
public struct CarriedBankLine: Sendable, Equatable {
    public var line: BankLine
    /// It came from a CAMT file: it then stands for the same transaction in a CSV export, as at ingest.
    public var fromCAMT: Bool

    public init(line: BankLine, fromCAMT: Bool) {
        self.line = line
        self.fromCAMT = fromCAMT
    }

    /// What a run reconciles, and what it keeps.
    public struct Merge: Sendable {
        /// Today's lines and the kept lines re-applied, by booking date then id.
        public var lines: [BankLine] = []
        /// Ids of the kept lines re-applied (their file is no longer in the inbox).
        public var reapplied: Set<String> = []
        /// What `linesToKeep()` needs: the cut-offs, today's CAMT files, and which re-applied lines came from a CAMT file.
        fileprivate var cutoffs: [String: CivilDate] = [:]
        fileprivate var todayCAMTFiles: Set<String> = []
        fileprivate var reappliedCAMT: Set<String> = []

        /// Every line still after its entity's cut-off: the state for the next run. Computed apart from
        /// the merge, so that the stage builds it on the other core while this one matches.
        public func linesToKeep() -> [CarriedBankLine] {
            // Counted first: the kept lines (a quarter of a million at scale) are not grown by doubling.
            // Lines are looked at in place: a loop over copies would retain and release a million lines' strings.
            let after = lines.indices.filter { CarriedBankLine.isAfterCutoff(lines[$0], cutoffs) }
            var keep: [CarriedBankLine] = []
            keep.reserveCapacity(after.count)
            for i in after {
                let fromCAMT = CarriedBankLine.isCAMT(lines[i], kept: reapplied, keptCAMT: reappliedCAMT, todayCAMTFiles: todayCAMTFiles)
                keep.append(CarriedBankLine(line: lines[i], fromCAMT: fromCAMT))
            }
            return keep
        }
    }

    /// Whether a line comes from a CAMT statement: one of today's by its file, a kept one (its id in
    /// `kept`) by what the state says (`keptCAMT`).
    fileprivate static func isCAMT(_ l: BankLine, kept: Set<String>, keptCAMT: Set<String>, todayCAMTFiles: Set<String>) -> Bool {
        if !kept.isEmpty && kept.contains(l.id) { return keptCAMT.contains(l.id) }
        return todayCAMTFiles.contains(l.sourceFile)
    }

    /// A line the ledger does not hold yet: booked after its entity's cut-off, or its entity has none.
    fileprivate static func isAfterCutoff(_ l: BankLine, _ cutoffs: [String: CivilDate]) -> Bool {
        cutoffs[l.entity].map { l.bookingDate > $0 } ?? true
    }

    /// Merges today's bank lines with those kept in the state.
    ///
    /// A kept line is re-applied when its id is not among today's lines, its entity is still in the conf,
    /// and its booking date is still after the entity's cut-off (an entity without a cut-off: always);
    /// once the cut-off reaches it, the ledger holds it and it is dropped. A kept line and one of today's
    /// from the other format that are the same transaction (`CrossFormatDuplicates`) count once, the CAMT one.
    ///
    /// - Parameter todayCAMTFiles: the inbox files of today that are CAMT statements.
    public static func merge(today: [BankLine], todayCAMTFiles: Set<String>, kept: [CarriedBankLine],
                             cutoffs: [String: CivilDate], entities: Set<String>) -> Merge {
        func afterCutoff(_ l: BankLine) -> Bool { isAfterCutoff(l, cutoffs) }
        // Sets of ids are built only when the state kept lines: most runs have none to re-apply, and a
        // set of a million ids costs more than the rest of the merge.
        var extra: [BankLine] = []
        var extraIDs = Set<String>()
        var extraCAMT = Set<String>()
        if !kept.isEmpty {
            let todayIDs = Set(today.map(\.id))
            // A state written before 2026-12-05 names the single transaction of a CAMT entry by the entry's
            // reference (`REF`), today's statement by `REF#1` (README, Ids): another id for the same
            // transaction, which is not re-applied beside today's line. Its id under `REF#1` is made
            // as today's ids are, for the few kept lines today does not have.
            func isTodaysUnderOldID(_ k: CarriedBankLine) -> Bool {
                guard k.fromCAMT, !k.line.bankRef.isEmpty else { return false }
                var renamed = k.line
                renamed.bankRef += "#1"
                return todayIDs.contains(BankLineID.base(of: renamed))
            }
            for k in kept where !todayIDs.contains(k.line.id) && entities.contains(k.line.entity) && afterCutoff(k.line)
                && !isTodaysUnderOldID(k) {
                guard extraIDs.insert(k.line.id).inserted else { continue }
                extra.append(k.line)
                if k.fromCAMT { extraCAMT.insert(k.line.id) }
            }
        }
        func isCAMT(_ l: BankLine) -> Bool { Self.isCAMT(l, kept: extraIDs, keptCAMT: extraCAMT, todayCAMTFiles: todayCAMTFiles) }
        var lines = today
        if !extra.isEmpty {
            lines += extra
            // Only a kept line and one of today's pair: today's lines were deduplicated at ingest.
            lines = CrossFormatDuplicates.collapse(lines, isCAMT: isCAMT,
                                                   mayPair: { extraIDs.contains($0.id) != extraIDs.contains($1.id) }).kept
        }
        // Ingest hands its lines over in this order: checked, they are then neither copied nor sorted.
        if !lines.isInFileOrder { lines.sortInFileOrder() }
        var merge = Merge()
        merge.lines = lines
        merge.reapplied = extraIDs.isEmpty ? [] : extraIDs.intersection(merge.lines.lazy.map(\.id))
        merge.cutoffs = cutoffs
        merge.todayCAMTFiles = todayCAMTFiles
        merge.reappliedCAMT = extraCAMT
        return merge
    }
}

extension CarriedBankLine: StageRecord {
    static let stageColumns = BankLine.stageColumns + ["from_camt"]
    static var laterStageColumns: Set<String> { BankLine.laterStageColumns }

    var stageCells: [String] { StageCells.of(self) }

    func writeCells<Sink: StageCellSink>(to sink: inout Sink) {
        line.writeCells(to: &sink)
        sink.cell(fromCAMT ? "yes" : "no")
    }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        let n = BankLine.stageColumns.count
        self.init(line: try BankLine(stage: r, columns: Array(c[0..<n])), fromCAMT: r.text(c[n]) == "yes")
    }
}
