import Foundation

/// `relance approve PIPELINE (ACTION_ID… | --all) [--step STEP] [--customer ID] [--as-of DATE]` and
/// `relance reject …` (`dunning.md`, Approvals). Approving moves the pending file to the outbox and
/// journals `approved` then `sent_to_outbox`; rejecting journals `rejected` (the step counts as done,
/// nothing is sent) and moves the file to `withdrawn/`. Dated by `--as-of`, by default the as-of of
/// the pipeline's last run.
enum ApprovalCommand {
    static let usage = """
    usage: relance approve PIPELINE (ACTION_ID… | --all) [--step STEP] [--customer ID] [--as-of YYYY-MM-DD]
           relance reject  PIPELINE (ACTION_ID… | --all) [--step STEP] [--customer ID] [--as-of YYYY-MM-DD]
    """

    static func main(_ arguments: [String], approve: Bool) -> Int32 {
        let options: RunOptions
        switch RunOptions.parse(arguments, pipelineFlag: false, valued: ["step", "customer"], switches: ["all"]) {
        case .help: print(usage); return ExitStatus.ok.rawValue
        case .failure(let m): Diagnostics.error(m + "\n" + usage); return ExitStatus.usage.rawValue
        case .success(let o): options = o
        }
        guard options.flags.contains("all") || !options.positional.isEmpty else {
            Diagnostics.error("name the actions to \(approve ? "approve" : "reject"), or give --all\n" + usage)
            return ExitStatus.usage.rawValue
        }
        guard let config = PipelineConfig.loadReportingProblems(options.pipeline) else { return ExitStatus.usage.rawValue }
        let lock: PipelineLock
        do {
            lock = try PipelineLock.acquire(path: config.lockPath)
        } catch {
            Diagnostics.error("\(error)")
            return ExitStatus.locked.rawValue
        }
        defer { lock.release() }
        guard let asOf = options.asOf ?? RunHistory(state: config.state).latest else {
            Diagnostics.error("no run yet: give --as-of")
            return ExitStatus.usage.rawValue
        }
        do {
            let journal = try Journal(path: config.journalPath)
            defer { journal.close() }
            let pending = Approvals.pending(in: journal)
            var chosen = pending.filter { id, events in
                let e = events[0]
                if !options.flags.contains("all") && !options.positional.contains(id) { return false }
                if let step = options.extra["step"], !events.contains(where: { $0.step == step }) { return false }
                if let customer = options.extra["customer"], e.customerID != customer { return false }
                return true
            }
            for id in options.positional where pending[id] == nil {
                Diagnostics.warning("action \(id) is not waiting for approval")
            }
            if chosen.isEmpty {
                print("nothing to \(approve ? "approve" : "reject")")
                return ExitStatus.ok.rawValue
            }
            let ids = chosen.keys.sorted()
            let outbox = config.outbox
            try Outbox.create(at: outbox)
            var failed = false
            if approve {
                // An action whose file has gone is not approved: journaled, it would count as sent.
                for id in ids {
                    guard let gone = Approvals.missingFile(chosen[id]!, outbox: outbox) else { continue }
                    Diagnostics.error("\(gone)")
                    chosen[id] = nil
                    failed = true
                }
                let ids = ids.filter { chosen[$0] != nil }
                try journal.append(ids.flatMap { id in chosen[id]!.map { $0.with(.approved, at: asOf) } })
                for id in ids { try Approvals.release(chosen[id]!, outbox: outbox) }
                try journal.append(ids.flatMap { id in
                    chosen[id]!.map { $0.with(.sentToOutbox, at: asOf, path: Approvals.releasedPath($0.path)) }
                })
                // A released letter is to be printed now: letters.csv lists it at once, not at the next run.
                if ids.contains(where: { Approvals.releasedPath(chosen[$0]![0].path).hasPrefix(Outbox.letters + "/") }) {
                    try Approvals.writeLetterList(journal: journal, config: config, asOf: asOf)
                }
            } else {
                // A rejected item is kept, beside the withdrawn ones (nothing is lost), and the journal
                // names where it now is, action by action: a move that fails leaves the actions before
                // it journaled and the others still pending, each file where the journal says.
                for id in ids { try journal.append(Approvals.setAside(chosen[id]!, as: .rejected, at: asOf, outbox: outbox)) }
            }
            let done = ids.filter { chosen[$0] != nil }
            chosen.removeAll()
            print("\(approve ? "approved" : "rejected"): \(done.count) action(s)")
            for id in done { print("  " + id) }
            return failed ? ExitStatus.failed.rawValue : ExitStatus.ok.rawValue
        } catch {
            Diagnostics.error("\(error)")
            return ExitStatus.failed.rawValue
        }
    }
}

/// Pending actions and their release, shared by `relance approve` and the render stage's recovery.
enum Approvals {
    /// Actions whose last decisive event is `pending`: id → their pending journal lines.
    static func pending(in journal: Journal) -> [String: [JournalEvent]] {
        var out: [String: [JournalEvent]] = [:]
        for e in journal.events {
            switch e.event {
            case .pending:
                if out[e.actionID]?.first?.at != e.at { out[e.actionID] = [] }
                out[e.actionID, default: []].append(e)
            case .approved, .rejected, .withdrawn: out[e.actionID] = nil
            default: break
            }
        }
        return out
    }

    /// Actions approved but not yet in the outbox (a crash between the two events): id → approved lines.
    static func approvedNotSent(in journal: Journal) -> [String: [JournalEvent]] {
        var approved: [String: [JournalEvent]] = [:]
        for e in journal.events {
            if e.event == .approved { approved[e.actionID, default: []].append(e) }
            if e.event == .sentToOutbox { approved[e.actionID] = nil }
        }
        return approved
    }

    /// `pending/mail/X.eml` → `mail/new/X.eml`, `pending/letters/X.pdf` → `letters/X.pdf`,
    /// `pending/legal/CASE_ID` → `legal/CASE_ID`.
    static func releasedPath(_ pendingPath: String) -> String {
        for (pending, released) in [(Outbox.pendingMail, Outbox.mailNew), (Outbox.pendingLetters, Outbox.letters),
                                    (Outbox.pendingLegal, Outbox.legal)] where pendingPath.hasPrefix(pending + "/") {
            return released + "/" + pendingPath.dropFirst(pending.count + 1)
        }
        return pendingPath
    }

    /// Rewrites `letters/letters.csv` after an approval. The recipients come from the customers of the
    /// run of `asOf`, else of the latest run (the approval has no inbox of its own). Without them the
    /// list is left as it is, with a warning: rewritten, it would lose every letter's name and address
    /// (the next run lists the letter).
    static func writeLetterList(journal: Journal, config: PipelineConfig, asOf: CivilDate) throws {
        var customers: CustomerDirectory?
        for date in [asOf, RunHistory(state: config.state).latest].compactMap({ $0 }) {
            let path = RunContext(config: config, asOf: date).stageDirectory(.ingest) + "/" + IngestStage.customersFile
            if FileTree.exists(path), let read = try? Customer.read(path) {
                customers = CustomerDirectory(read)
                break
            }
        }
        guard let customers else {
            Diagnostics.warning("\(Outbox.letters)/letters.csv is not rewritten: no run's customers file could be read for the recipients' addresses; the next run lists the approved letters")
            return
        }
        let registry = try ActionRegistry(path: config.registryPath)
        try LetterList(journal: journal, registry: registry, customers: customers).write(outbox: config.outbox)
    }

    /// Moves the pending file of `lines` (one action) into `withdrawn/`, kept there (nothing is lost), and
    /// returns its journal lines as `kind` (`withdrawn`, `rejected`) naming where it now is. The move
    /// comes first: journaled after, a crash in between leaves the action pending, and the next
    /// withdrawal or rejection finishes it.
    static func setAside(_ lines: [JournalEvent], as kind: JournalEvent.Kind, at date: CivilDate, note: String? = nil,
                         outbox: String) throws(StoreError) -> [JournalEvent] {
        let path = lines[0].path
        let target = Outbox.withdrawn + "/" + (path as NSString).lastPathComponent
        if !path.isEmpty, FileTree.exists(outbox + "/" + path) { try FileTree.rename(outbox + "/" + path, outbox + "/" + target) }
        return lines.map { $0.with(kind, at: date, path: target, note: note) }
    }

    /// Why an action's file cannot be released: it is neither pending nor already released (nil when
    /// it is one or the other). Journaled `sent_to_outbox`, such an action would count as a contact.
    static func missingFile(_ lines: [JournalEvent], outbox: String) -> StoreError? {
        let path = lines[0].path
        guard !path.isEmpty, !FileTree.exists(outbox + "/" + path), !FileTree.exists(outbox + "/" + releasedPath(path)) else { return nil }
        let aside = Outbox.withdrawn + "/" + (path as NSString).lastPathComponent
        let hint = FileTree.exists(outbox + "/" + aside)
            ? ", but in \(aside): an interrupted reject or withdrawal; run `relance reject \(lines[0].actionID)` to record it)" : ")"
        return StoreError(path: outbox + "/" + path, operation: "release action \(lines[0].actionID) (its file is not there" + hint, errno: ENOENT)
    }

    /// Moves a pending file into the outbox proper (nothing to do when it is already there; an error
    /// naming it when it is in neither place, `missingFile`).
    static func release(_ lines: [JournalEvent], outbox: String) throws(StoreError) {
        if let gone = missingFile(lines, outbox: outbox) { throw gone }
        let path = lines[0].path
        guard !path.isEmpty, FileTree.exists(outbox + "/" + path) else { return }
        let target = outbox + "/" + releasedPath(path)
        try FileTree.rename(outbox + "/" + path, target)
        try AtomicFile.syncDirectory((target as NSString).deletingLastPathComponent)
    }
}

extension JournalEvent {
    /// The same line as another event, dated `at`.
    func with(_ kind: Kind, at date: CivilDate, path newPath: String? = nil, note newNote: String? = nil) -> JournalEvent {
        var e = self
        e.event = kind
        e.at = date
        if let newPath { e.path = newPath }
        if let newNote { e.note = newNote }
        return e
    }
}
