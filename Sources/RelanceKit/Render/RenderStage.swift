import Foundation

// Rendering writes the outbox and the journal in the order of outputs.md, so that a run killed at any
// point and started again sends nothing twice and loses nothing. E-mails go in batches (see
// Renderer.batchSize), composed on every core and written in the actions' order; for each batch:
//   1. each e-mail is written to mail/tmp, then the batch is made durable at once (syncfs);
//   2. `rendered` is journaled (one fsync for the batch);
//   3. each file is renamed into mail/new (or pending/mail), the folders fsync'd;
//   4. `sent_to_outbox` (or `pending`) is journaled (one fsync).
// On start, an action with `rendered` but no final event is finished (its file renamed if still in
// tmp, else only the event journaled); a file in tmp without `rendered` is deleted and rendered again.

/// Stage 5: actions → e-mails in the outbox, the call list, journal events.
public enum RenderStage {
    public static let eventsFile = "events.csv"

    public static func run(_ ctx: RunContext) throws(StageFailure) -> StageOutcome {
        let actions: [Action]
        let aged: [AgedItem]
        let customers: CustomerDirectory
        do {
            actions = try Action.readAll(from: ctx.stageDirectory(.plan))
            aged = try AgedItem.read(ctx.stageDirectory(.age) + "/" + AgeStage.agedItemsFile)
            customers = CustomerDirectory(try Customer.read(ctx.stageDirectory(.ingest) + "/" + IngestStage.customersFile))
        } catch {
            throw StageFailure("cannot read the previous stages' output (run relance-plan first): \(error)")
        }
        let plans: [String: DunningPlan]
        do {
            plans = try DunningPlan.loadAll(directory: ctx.config.plansDirectory)
        } catch {
            throw StageFailure("\(error)", status: .usage)
        }
        let outbox = ctx.outbox
        let journal: Journal
        let registry: ActionRegistry
        do {
            try Outbox.create(at: outbox)
            if ctx.dryRun {
                // A dry run works on copies of the journal and the registry, so that the real ones are never touched.
                try FileTree.createDirectories(ctx.runDirectory)
                // Before the first real run there is nothing to copy: the copy starts new, as the real one would.
                for (real, copy) in [(ctx.config.journalPath, ctx.journalPath), (ctx.config.registryPath, ctx.registryPath)] {
                    if FileTree.exists(real) {
                        try AtomicFile.write(try AtomicFile.readBytes(real), to: copy)
                    } else if FileTree.exists(copy) {
                        try FileTree.removeTree(copy)
                    }
                }
            } else {
                try FileTree.createDirectories(ctx.config.state)
            }
            journal = try Journal(path: ctx.journalPath)
            registry = try ActionRegistry(path: ctx.registryPath)
        } catch {
            throw StageFailure("cannot open the outbox or the journal: \(error)")
        }
        defer { journal.close() }
        let before = journal.events.count

        var renderer = Renderer(ctx: ctx, journal: journal, registry: registry, plans: plans, customers: customers, aged: aged)
        do {
            try renderer.recover()
            try renderer.render(actions)
            let promises = promiseSummary(ctx)
            let calls = try renderer.writeCallList(openPromises: promises.open)
            try renderer.writeLetterList()
            try renderer.writeDigest(calls: calls, brokenPromises: promises.broken)
        } catch {
            throw StageFailure("render failed: \(error)")
        }

        let events = Array(journal.events[before...])
        let folder = StageFolder(runDirectory: ctx.runDirectory, name: Stage.render.folderName)
        do {
            let tmp = try folder.begin()
            try JournalEvent.write(events, to: tmp + "/" + eventsFile)
            // A template that cannot be loaded or names an unknown field is a configuration error (exit 2).
            let outcome = StageOutcome(status: renderer.failures.isEmpty ? .ok : .usage, summary: [
                ("emails_sent", .integer(Int64(events.filter { $0.event == .sentToOutbox && $0.channel == "email" }.map(\.actionID).uniqueCount))),
                ("pending", .integer(Int64(events.filter { $0.event == .pending }.map(\.actionID).uniqueCount))),
                ("letters", .integer(Int64(events.filter { ($0.event == .sentToOutbox || $0.event == .pending) && $0.path.hasSuffix(".pdf") }.map(\.actionID).uniqueCount))),
                ("calls", .integer(Int64(events.filter { $0.event == .sentToOutbox && $0.channel == "call" }.map(\.actionID).uniqueCount))),
                ("held_back", .integer(Int64(events.filter { $0.event == .heldBack }.map(\.actionID).uniqueCount))),
                ("skipped", .integer(Int64(events.filter { $0.event == .skipped }.map(\.actionID).uniqueCount))),
                ("recovered", .integer(Int64(renderer.recovered))),
                ("failures", .array(renderer.failures.map { .string($0) })),
            ])
            try AtomicFile.write(JSONValue.object(outcome.summary).text(), to: tmp + "/stage.json")
            try folder.commit(tmp)
            for f in renderer.failures { Diagnostics.error(f) }
            return outcome
        } catch {
            throw StageFailure("cannot write the render folder: \(error)")
        }
    }
}

/// Promises broken as of the run (`until` + grace passed without the payment), one line each; and the
/// promises still open per customer, counted as `customers.csv` counts them (`open_promises`).
/// A file it cannot read is said on stderr, and only what needs it is left out.
private func promiseSummary(_ ctx: RunContext) -> (broken: [String], open: [CustomerKey: Int]) {
    let holds: [Hold]
    do {
        holds = try Hold.read(ctx.stageDirectory(.ingest) + "/" + IngestStage.holdsFile)
    } catch {
        Diagnostics.warning("the call list and the digest count no promises: \(error)")
        return ([], [:])
    }
    // The grace of each customer's plan, as promises.csv uses it, so that the digest and the report agree.
    var grace: [CustomerKey: Int] = [:]
    do {
        grace = PlanStage.graceDays(try PlanStage.customerPlans(ctx), ctx)
    } catch {
        Diagnostics.warning("promises are given the default grace of \(PlanStage.defaultGraceDays) days: \(error)")
    }
    let open = Hold.activeCounts(holds, asOf: ctx.asOf, graceDays: { grace[$0] ?? PlanStage.defaultGraceDays }).mapValues(\.promises)
    let allocations: [Allocation]
    do {
        allocations = try Allocation.read(ctx.stageDirectory(.reconcile) + "/" + ReconcileStage.allocationsFile)
    } catch {
        Diagnostics.warning("the digest lists no broken promise: \(error)")
        return ([], open)
    }
    // The promises seen on earlier runs, as the report stage reads them: unreadable, they are said
    // to be missing, and each promise counts from today.
    var known: [HoldRecord] = []
    do {
        if FileTree.exists(ctx.config.holdsStatePath) { known = try HoldRecord.read(ctx.config.holdsStatePath) }
    } catch {
        Diagnostics.warning("the digest counts each promise from today, the state of earlier promises being unreadable: \(error)")
    }
    let currency = ctx.config.currency(ofEntity:)
    let records = HoldRecord.merge(holds.filter { $0.kind == .promise }, known: known, asOf: ctx.asOf, aged: [], currency: currency)
    let allocationsByCustomer = PromiseCheck.byCustomer(allocations, for: records)
    // A line per currency broken, its amounts with that currency's digits, as promises.csv has them.
    let broken = records.flatMap { r in
        let key = CustomerKey(entity: r.hold.entity, customerID: r.hold.customerID)
        return PromiseCheck.check(r, allocations: allocationsByCustomer[key] ?? [], graceDays: grace[key] ?? PlanStage.defaultGraceDays, asOf: ctx.asOf,
                                  currency: currency(r.hold.entity))
            .filter { $0.status == .broken }
            .map { check in
                r.hold.entity + " / " + r.hold.customerID + " " + r.hold.document + " : "
                    + Money(minorUnits: check.paid, currency: check.currency).machineString + " / "
                    + Money(minorUnits: check.target, currency: check.currency).machineString
                    + " " + check.currency.code + " (" + check.deadline.iso + ")"
            }
    }
    return (broken, open)
}

extension RunContext {
    /// The journal this run writes: the pipeline's, or a dry run's own copy.
    public var journalPath: String { dryRun ? runDirectory + "/journal.csv" : config.journalPath }
    /// The action registry this run writes: the pipeline's, or a dry run's own copy.
    public var registryPath: String { dryRun ? runDirectory + "/actions-registry.csv" : config.registryPath }
}

extension Array where Element == String {
    fileprivate var uniqueCount: Int { Set(self).count }
}
