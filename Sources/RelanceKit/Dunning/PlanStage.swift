/// Stage 4: aged items + plans + journal → the actions due today. Writes nothing to the journal.
public enum PlanStage {
    public static let actionsFile = "actions.csv"
    public static let actionLinesFile = "action-lines.csv"
    public static let customerPlansFile = "customer-plans.csv"

    public static func run(_ ctx: RunContext) throws(StageFailure) -> StageOutcome {
        let aged: [AgedItem]
        let customers: [Customer]
        // The customers are read on the other core while this one reads the aged items.
        let customersPath = ctx.stageDirectory(.ingest) + "/" + IngestStage.customersFile
        let customersRead = BackgroundResult { Result { () throws(StageDataError) in try Customer.read(customersPath) } }
        do {
            let agedRead = Result { () throws(StageDataError) in try AgedItem.read(ctx.stageDirectory(.age) + "/" + AgeStage.agedItemsFile) }
            customers = try customersRead.wait().get()
            aged = try agedRead.get()
        } catch {
            throw StageFailure("cannot read the previous stages' output (run relance-age first): \(error)")
        }
        let plans: [String: DunningPlan]
        do {
            plans = try DunningPlan.loadAll(directory: ctx.config.plansDirectory)
        } catch {
            throw StageFailure("\(error)", status: .usage)
        }
        let journal: Journal
        do {
            journal = try Journal(path: ctx.config.journalPath)
        } catch {
            throw StageFailure("cannot read the journal: \(error)")
        }
        let registry: ActionRegistry
        let settled: [DocumentKey: OpenItem]
        let history = journal.documentHistory()
        do {
            registry = try ActionRegistry(path: ctx.config.registryPath)
            settled = try settledDocuments(ctx, among: Set(history.keys))
        } catch {
            throw StageFailure("cannot read the action registry or the ledger: \(error)")
        }
        let planner = Planner(asOf: ctx.asOf, plans: plans, config: ctx.config, customers: CustomerDirectory(customers),
                              history: history,
                              withdrawn: Set(journal.events.filter { $0.event == .withdrawn }.map(\.actionID)),
                              pending: Approvals.pending(in: journal), registry: registry.actions, settled: settled)
        var classified = planner
        if let path = ctx.config.ratesPath {
            do {
                classified.rates = try ReferenceRates.load(path: path)
            } catch {
                throw StageFailure("\(error)", status: .usage)
            }
        }
        do {
            let r = try StageFileReader(path: ctx.stageDirectory(.age) + "/" + AgeStage.customerKPIsFile)
            let c = try r.columns(["entity", "customer_id", "payer_class"])
            while try r.next() { classified.payerClasses[CustomerKey(entity: r.text(c[0]), customerID: r.text(c[1]))] = r.text(c[2]) }
        } catch {
            throw StageFailure("cannot read the customers' payer classes: \(error)")
        }
        let actions = try classified.plan(aged)

        var customerPlans: [CustomerKey: String] = [:]
        for a in aged {
            let key = CustomerKey(entity: a.item.entity, customerID: a.item.customerID)
            if customerPlans[key] == nil { customerPlans[key] = classified.planName(entity: key.entity, customerID: key.customerID) }
        }

        let folder = StageFolder(runDirectory: ctx.runDirectory, name: Stage.plan.folderName)
        do {
            let tmp = try folder.begin()
            try Action.writeAll(actions, to: tmp)
            var w = try StageFileWriter(columns: ["entity", "customer_id", "plan"], path: tmp + "/" + customerPlansFile)
            for (k, p) in customerPlans.sorted(by: { $0.key < $1.key }) { w.row([k.entity, k.customerID, p]) }
            try w.commit()
            let planned = actions.filter { $0.status == .planned }
            let outcome = StageOutcome(summary: [
                ("actions", .integer(Int64(planned.count))),
                ("auto", .integer(Int64(planned.filter { $0.approval == .auto }.count))),
                ("manual", .integer(Int64(planned.filter { $0.approval == .manual }.count))),
                ("held_back", .integer(Int64(actions.filter { $0.status == .heldBack }.count))),
                ("skipped", .integer(Int64(actions.filter { $0.status == .skipped }.count))),
                ("withdrawn", .integer(Int64(actions.filter { $0.status == .withdraw }.count))),
            ])
            try AtomicFile.write(JSONValue.object(outcome.summary).text(), to: tmp + "/stage.json")
            try folder.commit(tmp)
            return outcome
        } catch {
            throw StageFailure("cannot write the plan folder: \(error)")
        }
    }
}

/// Invoices fully paid as of this run among those reminded before (only they can earn a thank-you):
/// closed in the ledger (open amount 0), or settled by the bank lines of this run. A document merely
/// missing from a new export does not count. Only the key columns of the million ledger rows are read.
func settledDocuments(_ ctx: RunContext, among reminded: Set<DocumentKey>) throws -> [DocumentKey: OpenItem] {
    guard !reminded.isEmpty else { return [:] }
    var stillOpen = Set<DocumentKey>()
    let open = try StageFileReader(path: ctx.stageDirectory(.reconcile) + "/" + ReconcileStage.openItemsFile)
    let oc = try open.columns(["entity", "document"])
    while try open.next() {
        let key = DocumentKey(entity: open.text(oc[0]), document: open.text(oc[1]))
        if reminded.contains(key) { stillOpen.insert(key) }
    }
    let documents = try StageFileReader(path: ctx.stageDirectory(.ingest) + "/" + IngestStage.documentsFile)
    let c = try documents.columns(OpenItem.stageColumns)
    var out: [DocumentKey: OpenItem] = [:]
    while try documents.next() {
        let key = DocumentKey(entity: documents.text(c[0]), document: documents.text(c[1]))
        guard reminded.contains(key), !stillOpen.contains(key) else { continue }
        let item = try OpenItem(stage: documents, columns: c)
        if item.kind == .invoice { out[key] = item }
    }
    return out
}

extension Action {
    static var actionColumns: [String] { registryColumns }
    static let lineColumns = ["action_id", "document", "step", "document_date", "due_date", "days_overdue", "amount",
                              "open_amount", "interest", "indemnity"]

    /// Writes `actions.csv` and `action-lines.csv` into a stage folder.
    static func writeAll(_ actions: [Action], to folder: String) throws(StoreError) {
        var a = try StageFileWriter(columns: actionColumns, path: folder + "/" + PlanStage.actionsFile)
        var l = try StageFileWriter(columns: lineColumns, path: folder + "/" + PlanStage.actionLinesFile)
        for x in actions {
            a.row(x.registryCells)
            for line in x.lines {
                l.row([x.id, line.document, line.step, line.documentDate.iso, line.dueDate.iso, String(line.daysOverdue),
                       line.amount.machineString, line.openAmount.machineString, line.interest.machineString,
                       line.indemnity.machineString])
            }
        }
        try a.commit()
        try l.commit()
    }

    /// Reads the actions of a plan stage folder.
    static func readAll(from folder: String) throws(StageDataError) -> [Action] {
        var lines: [String: [ActionLine]] = [:]
        let lr = try StageFileReader(path: folder + "/" + PlanStage.actionLinesFile)
        let lc = try lr.columns(lineColumns)
        var currencyOf: [String: Currency] = [:]
        var actions: [Action] = []
        let ar = try StageFileReader(path: folder + "/" + PlanStage.actionsFile)
        let ac = try ar.columns(actionColumns)
        while try ar.next() {
            var a = try Action(summaryRow: ar, columns: ac)
            a.lines = []
            currencyOf[a.id] = a.currency
            actions.append(a)
        }
        while try lr.next() {
            let id = lr.text(lc[0])
            guard let currency = currencyOf[id] else { throw lr.fail("line of unknown action `\(id)`") }
            lines[id, default: []].append(ActionLine(
                document: lr.text(lc[1]), step: lr.text(lc[2]), documentDate: try lr.date(lc[3]), dueDate: try lr.date(lc[4]),
                daysOverdue: try lr.int(lc[5]), amount: try lr.money(lc[6], currency), openAmount: try lr.money(lc[7], currency),
                interest: try lr.money(lc[8], currency), indemnity: try lr.money(lc[9], currency)))
        }
        for i in actions.indices { actions[i].lines = lines[actions[i].id] ?? [] }
        return actions
    }
}

extension PlanStage {
    /// The plan of each customer, as this stage wrote it (`customer-plans.csv`), for the stages after it.
    static func customerPlans(_ ctx: RunContext) throws(StageDataError) -> [CustomerKey: String] {
        var plans: [CustomerKey: String] = [:]
        let r = try StageFileReader(path: ctx.stageDirectory(.plan) + "/" + customerPlansFile)
        let c = try r.columns(["entity", "customer_id", "plan"])
        while try r.next() { plans[CustomerKey(entity: r.text(c[0]), customerID: r.text(c[1]))] = r.text(c[2]) }
        return plans
    }

    /// The grace days after a promise of a plan that does not say (`DunningPlan.graceDays`).
    static let defaultGraceDays = DunningPlan(name: "").graceDays

    /// The grace days after a promise of each customer of `plans`, from its plan file (a customer whose
    /// plan cannot be read is left out: callers use `defaultGraceDays`, as `promises.csv` does).
    static func graceDays(_ plans: [CustomerKey: String], _ ctx: RunContext) -> [CustomerKey: Int] {
        let files = (try? DunningPlan.loadAll(directory: ctx.config.plansDirectory)) ?? [:]
        var grace: [CustomerKey: Int] = [:]
        for (k, name) in plans { if let p = files[name] { grace[k] = p.graceDays } }
        return grace
    }
}
