import Foundation

// The report stage writes what finance opens in the morning, from the stage folders and the
// journal: the aged balance, customers, actions of the day, rejects, the reconciliation, and
// run.json. It computes nothing new; its outputs depend only on the inputs and the as-of.

/// Stage 6: stage folders + journal → `REPORTS/AS_OF/`.
public enum ReportStage {
    public static func run(_ ctx: RunContext) throws(StageFailure) -> StageOutcome {
        let stageFolder = StageFolder(runDirectory: ctx.runDirectory, name: Stage.report.folderName)
        let reportsParent = ctx.dryRun ? ctx.runDirectory : ctx.config.reports
        let reportsFolder = StageFolder(runDirectory: reportsParent, name: ctx.dryRun ? "reports" : ctx.asOf.iso)
        let tmp: String
        do {
            tmp = try stageFolder.begin()
        } catch {
            throw StageFailure("cannot write the reports: \(error)")
        }
        // The reconciliation (a row per bank line, a million at scale) is read, laid out and written on
        // the other core while this one reads and writes everything else.
        let reconciliation = ReconciliationReport(path: ctx.stageDirectory(.reconcile) + "/" + ReconcileStage.reconciliationFile,
                                                  excel: ctx.config.excelCSV, into: tmp)
        func unreadable(_ error: any Error) -> StageFailure {
            StageFailure("cannot read the previous stages' output (run relance-render first): \(error)")
        }
        // A failure waits for the worker first: nothing may still be writing in the folder once the stage is over.
        func failing(_ failure: StageFailure) -> StageFailure {
            _ = reconciliation.wait()
            return failure
        }
        let input: ReportInput
        do {
            input = try ReportInput(ctx)
        } catch {
            throw failing(unreadable(error))
        }
        let outcome: StageOutcome
        do {
            outcome = try write(input, ctx: ctx, to: tmp)
            // The dashboard reads the report files just written, this run's month-end snapshots, and the
            // reports of the latest earlier as-of for its "since the previous run" changes.
            let previous = RunHistory(state: ctx.config.state).entries.map(\.asOf).filter { $0 < ctx.asOf }.max()
                .map { ctx.config.reports + "/" + $0.iso }
            do {
                try Dashboard.write(reportsFolder: tmp, state: ctx.stageDirectory(.age) + "/" + AgeStage.historyFolder,
                                    language: ctx.config.language, pipelineName: ctx.config.name, asOf: ctx.asOf,
                                    previousReports: previous.flatMap { FileTree.isDirectory($0) ? $0 : nil })
            } catch {
                throw StageFailure("cannot write the dashboard: \(error)")
            }
        } catch {
            throw failing(StageFailure("cannot write the reports: \(error)"))
        }
        // The reconciliation, written on the other core meanwhile, is waited for last (the dashboard does
        // not read it); nothing is committed when the reconcile stage's file cannot be read.
        switch reconciliation.wait() {
        case .written: break
        case .unreadable(let error): throw unreadable(error)
        case .unwritable(let error): throw StageFailure("cannot write the reports: \(error)")
        }
        do {
            try AtomicFile.write(JSONValue.object(outcome.summary).text(), to: tmp + "/stage.json")
            try stageFolder.commit(tmp)
            // The reports folder gets the same files, replaced whole.
            let out = try reportsFolder.begin()
            for name in try FileTree.listFiles(under: stageFolder.finalPath) where name != "stage.json" {
                try AtomicFile.publish(stageFolder.finalPath + "/" + name, to: out + "/" + name, syncDirectory: false)
            }
            try reportsFolder.commit(out)
            if !ctx.dryRun {
                // Known holds keep their first-seen date; holds removed from the file are forgotten.
                try HoldRecord.write(input.holdRecords, to: ctx.config.holdsStatePath)
                // The payer IBANs learned from confident matches (the next runs' rule 4), the bank lines
                // after the cut-off (they keep counting once their statement is archived), and finance's
                // manual matches (they keep applying once matches.csv is archived).
                try ReconcileStage.updateState(ctx)
                // The payment history merged by the age stage becomes the state for the next runs.
                let history = ctx.stageDirectory(.age) + "/" + AgeStage.historyFolder
                for name in try FileTree.listFiles(under: history) {
                    try AtomicFile.publish(history + "/" + name, to: ctx.config.state + "/" + name)
                }
            }
            KeptUntilExit.keep(input, reconciliation)
            return outcome
        } catch {
            throw StageFailure("cannot write the reports: \(error)")
        }
    }

    static func write(_ input: ReportInput, ctx: RunContext, to folder: String) throws(StoreError) -> StageOutcome {
        let excel = ctx.config.excelCSV
        let customers = CustomerDirectory(input.customers)

        // aged-balance.csv, a row per open item, is laid out and written on another thread meanwhile.
        var outcome: StageOutcome?
        try alongside({ () throws(StoreError) in try agedBalance(input, customers: customers, excel: excel).write(to: folder) }) { () throws(StoreError) in
            outcome = try writeOthers(input, customers: customers, ctx: ctx, to: folder)
        }
        return outcome!
    }

    /// Every table but the aged balance and the reconciliation, and run.json.
    private static func writeOthers(_ input: ReportInput, customers: CustomerDirectory, ctx: RunContext,
                                    to folder: String) throws(StoreError) -> StageOutcome {
        let excel = ctx.config.excelCSV
        let buckets = AgingBuckets(bounds: ctx.config.buckets)

        // customers.csv
        let holdCounts = Hold.activeCounts(input.holds, asOf: ctx.asOf, graceDays: { input.graceDays[$0] ?? PlanStage.defaultGraceDays })
        var lastPayment: [CustomerKey: CivilDate] = [:]
        for a in input.allocations {
            let k = CustomerKey(entity: a.entity, customerID: a.customerID)
            if lastPayment[k].map({ a.bookingDate > $0 }) ?? true { lastPayment[k] = a.bookingDate }
        }
        var table = ReportTable("customers", header: [
            "entity", "customer_id", "name", "currency", "open_total", "overdue_total",
        ] + buckets.tokens + [
            "dso_days", "avg_days_to_pay", "avg_days_late", "late_rate", "payer_class", "trend", "plan", "last_payment_date",
            "open_promises", "open_disputes",
        ], excel: excel)
        let balances = Aging(asOf: ctx.asOf, buckets: buckets, holds: input.holds).balances(input.aged)
        for b in balances {
            let key = CustomerKey(entity: b.entity, customerID: b.customerID)
            let money = { (v: Int64) in CSVCell.number(Money.machineString(minorUnits: v, minorDigits: b.currency.minorDigits)) }
            let counts = holdCounts[key] ?? (0, 0)
            let kpis = input.customerKPIs[key.entity + "|" + key.customerID + "|" + b.currency.code]
            table.row([.text(b.entity), .text(b.customerID), .text(customers[b.entity, b.customerID]?.name ?? ""),
                       .text(b.currency.code), money(b.openTotal), money(b.overdueTotal)]
                      + b.buckets.map(money)
                      + kpiCells(kpis, fallbackRate: lateRate(b.overdueTotal, b.openTotal))
                      + [.text(input.plans[key] ?? ""), .text(lastPaymentText(lastPayment[key], kpis)),
                         .number(String(counts.promises)), .number(String(counts.disputes))])
        }
        try table.write(to: folder)

        // actions.csv: actions with a journal event dated as-of; status = their last event.
        var actions = ReportTable("actions", header: [
            "action_id", "entity", "customer_id", "step", "channel", "documents", "amount_claimed", "interest", "indemnity",
            "status", "reason", "path",
        ], excel: excel)
        var lastEvent: [String: JournalEvent] = [:]
        for e in input.events where e.at == ctx.asOf {
            if e.event != .rendered { lastEvent[e.actionID] = e }
        }
        var rows: [(key: (String, String, String), cells: [CSVCell])] = []
        for (id, e) in lastEvent {
            let a = input.actions[id]
            rows.append(((e.entity, e.customerID, id), [
                .text(id), .text(e.entity), .text(e.customerID), .text(a?.step ?? e.step), .text(e.channel),
                .text((a?.documents ?? e.documents).joined(separator: ";")), a?.amountClaimed.cell ?? .number(e.amount),
                a?.interest.cell ?? .empty, a?.indemnity.cell ?? .empty,
                .text(e.event.rawValue), .text(e.note), .text(e.path),
            ]))
        }
        for r in rows.sorted(by: { $0.key < $1.key }) { actions.row(r.cells) }
        try actions.write(to: folder)

        // kpis.csv: per entity and currency and for the whole pipeline (`*`, sorted first), from the age stage.
        var kpis = ReportTable("kpis", header: GroupKPIs.columns, excel: excel)
        for row in input.groupKPIs {
            kpis.row(row.enumerated().map { i, v in i < 2 ? .text(v) : (v.isEmpty ? .empty : .number(v)) })
        }
        try kpis.write(to: folder)

        // disputes.csv and promises.csv: the holds, with the day each was first seen, a row per
        // currency concerned (amounts of two currencies are never added together).
        let holdColumns = ["kind", "customer_id", "entity", "document", "until", "amount", "note", "by"]
        var disputes = ReportTable("disputes", header: holdColumns + ["customer_name", "amount_concerned", "currency", "since", "days_open"], excel: excel)
        var promises = ReportTable("promises", header: holdColumns + ["customer_name", "target", "paid", "currency", "since", "deadline", "days_open", "status"], excel: excel)
        let holdCustomers = Set(input.holdRecords.map { CustomerKey(entity: $0.hold.entity, customerID: $0.hold.customerID) })
        let agedByCustomer = groupedByCustomer(input.aged, customers: holdCustomers,
                                               key: { CustomerKey(entity: $0.item.entity, customerID: $0.item.customerID) })
        let allocationsByCustomer = PromiseCheck.byCustomer(input.allocations, for: input.holdRecords)
        for r in input.holdRecords.sorted(by: { ($0.hold.entity, $0.hold.customerID, $0.hold.document, $0.hold.kind.rawValue) < ($1.hold.entity, $1.hold.customerID, $1.hold.document, $1.hold.kind.rawValue) }) {
            let h = r.hold
            let key = CustomerKey(entity: h.entity, customerID: h.customerID)
            // A hold on nothing open (its document settled) is still listed, in the entity's currency.
            let entityCurrency = ctx.config.currency(ofEntity: h.entity)
            let base: [CSVCell] = [.text(h.kind.rawValue), .text(h.customerID), .text(h.entity), .text(h.document), .text(h.until?.iso ?? ""),
                                   h.amount?.cell ?? .empty, .text(h.note), .text(h.by), .text(customers[h.entity, h.customerID]?.name ?? "")]
            switch h.kind {
            case .dispute:
                let concerned = h.openAmounts(in: agedByCustomer[key] ?? [])
                for m in concerned.isEmpty ? [Money.zero(entityCurrency)] : concerned {
                    disputes.row(base + [m.cell, .text(m.currency.code), .text(r.firstSeen.iso), .number(String(ctx.asOf - r.firstSeen))])
                }
            case .promise:
                for check in PromiseCheck.check(r, allocations: allocationsByCustomer[key] ?? [], graceDays: input.graceDays[key] ?? PlanStage.defaultGraceDays,
                                                asOf: ctx.asOf, currency: entityCurrency) {
                    let money = { (v: Int64) in Money(minorUnits: v, currency: check.currency).cell }
                    promises.row(base + [money(check.target), money(check.paid), .text(check.currency.code), .text(r.firstSeen.iso),
                                         .text(check.deadline.iso), .number(String(ctx.asOf - r.firstSeen)), .text(check.status.rawValue)])
                }
            case .pause:
                break
            }
        }
        try disputes.write(to: folder)
        try promises.write(to: folder)

        // rejects.csv
        var rejects = ReportTable("rejects", header: Reject.stageColumns, excel: excel)
        for r in input.rejects {
            rejects.row([.text(r.file), .number(String(r.line)), .text(r.column), .text(r.severity.rawValue), .text(r.code),
                         .text(r.message), .text(r.raw)])
        }
        try rejects.write(to: folder)

        // unmatched-payments.csv (reconciliation.csv is laid out on the other core meanwhile).
        try ReconciliationReport.unmatchedPayments(input.unmatched, excel: excel).write(to: folder)

        // run.json
        let outcome = summary(input, balances: balances, ctx: ctx)
        try AtomicFile.write(Array(runJSON(input, outcome: outcome, ctx: ctx).text().utf8), to: folder + "/run.json", syncDirectory: false)
        return outcome
    }

    /// `aged-balance.csv`: a row per open item, with its plan and last dunning step.
    static func agedBalance(_ input: ReportInput, customers: CustomerDirectory, excel: Bool) -> ReportTable {
        var aged = ReportTable("aged-balance", header: [
            "entity", "customer_id", "customer_name", "document", "kind", "document_date", "due_date", "currency", "amount",
            "open_amount", "days_overdue", "bucket", "status", "plan", "last_step", "last_action_date", "expected_payment_date",
        ], excel: excel)
        for a in input.aged {
            let key = CustomerKey(entity: a.item.entity, customerID: a.item.customerID)
            let name = customers[a.item.entity, a.item.customerID]?.name ?? a.item.customerName
            let state = input.history[a.item.key]
            let last = state.flatMap { s in s.done.lazy.filter { !s.skipped.contains($0.key) }.max { ($0.value, $0.key) < ($1.value, $1.key) } }
            aged.row([.text(a.item.entity), .text(a.item.customerID), .text(name), .text(a.item.document),
                      .text(a.item.kind.rawValue), .text(a.item.documentDate.iso), .text(a.item.dueDate.iso),
                      .text(a.item.amount.currency.code), a.item.amount.cell, a.item.openAmount.cell,
                      .number(String(a.daysOverdue)), .text(a.bucket), .text(a.status.rawValue),
                      .text(input.plans[key] ?? ""), .text(last?.key ?? ""), .text(last?.value.iso ?? ""),
                      .text(a.expectedPaymentDate?.iso ?? "")])
        }
        return aged
    }

    /// `dso_days, avg_days_to_pay, avg_days_late, late_rate, payer_class, trend` of `customers.csv`.
    static func kpiCells(_ k: CustomerKPIText?, fallbackRate: CSVCell) -> [CSVCell] {
        guard let k else { return [.empty, .empty, .empty, fallbackRate, .text("new"), .empty] }
        func n(_ text: String) -> CSVCell { text.isEmpty ? .empty : .number(text) }
        return [n(k.dsoDays), n(k.avgDaysToPay), n(k.avgDaysLate), n(k.lateRate), .text(k.payerClass), .text(k.trend)]
    }

    /// The later of this run's last allocation and the history's last settlement.
    static func lastPaymentText(_ allocation: CivilDate?, _ k: CustomerKPIText?) -> String {
        let settled = k.flatMap { CivilDate(iso: $0.lastPaymentDate) }
        switch (allocation, settled) {
        case (let a?, let s?): return max(a, s).iso
        case (let a?, nil): return a.iso
        case (nil, let s?): return s.iso
        default: return ""
        }
    }

    /// overdue / open as a fraction with 4 decimals (half-up on ten-thousandths); empty when nothing is open.
    static func lateRate(_ overdue: Int64, _ open: Int64) -> CSVCell {
        guard open > 0 else { return .empty }
        let scaled = (Int64(overdue) * 20_000 / open + 1) / 2
        return .number(fractionText(Int(max(scaled, 0))))
    }

    static func summary(_ input: ReportInput, balances: [CustomerBalance], ctx: RunContext) -> StageOutcome {
        var totals: [String: (open: Int64, overdue: Int64, digits: Int)] = [:]
        for b in balances {
            var t = totals[b.currency.code] ?? (0, 0, b.currency.minorDigits)
            t.open += b.openTotal
            t.overdue += b.overdueTotal
            totals[b.currency.code] = t
        }
        let status: ExitStatus = input.filesRejected > 0 ? .fileRejected : .ok
        var last: [String: JournalEvent.Kind] = [:]
        for e in input.events where e.at == ctx.asOf && e.event != .rendered { last[e.actionID] = e.event }
        var byStatus: [String: Int64] = [:]
        for k in last.values { byStatus[k.rawValue, default: 0] += 1 }
        return StageOutcome(status: status, summary: [
            ("actions_today", .object(byStatus.keys.sorted().map { ($0, .integer(byStatus[$0]!)) })),
            ("open_items", .integer(Int64(input.aged.count))),
            ("customers", .integer(Int64(balances.count))),
            ("totals", .array(totals.keys.sorted().map { code in
                let t = totals[code]!
                return .object([
                    ("currency", .string(code)),
                    ("open_total", .number(Money.machineString(minorUnits: t.open, minorDigits: t.digits))),
                    ("overdue_total", .number(Money.machineString(minorUnits: t.overdue, minorDigits: t.digits))),
                ])
            })),
        ])
    }

    static func runJSON(_ input: ReportInput, outcome: StageOutcome, ctx: RunContext) -> JSONValue {
        .object([
            ("pipeline", .string(ctx.config.name)),
            ("as_of", .string(ctx.asOf.iso)),
            ("dry_run", .bool(ctx.dryRun)),
            ("inputs", .array(input.manifest.map { m in
                .object([("file", .string(m.file)), ("size", .integer(m.size)), ("sha256", .string(m.sha256)),
                         ("kind", .string(m.kind.rawValue)), ("encoding", .string(m.encoding)),
                         ("rows_read", .integer(Int64(m.rowsRead))), ("rows_rejected", .integer(Int64(m.rowsRejected))),
                         ("status", .string(m.status))] + (m.duplicates > 0 ? [("duplicates", .integer(Int64(m.duplicates)))] : []))
            })),
            ("stages", .object(input.stageSummaries.map { ($0.0, $0.1) } + [("report", .object(outcome.summary))])),
            ("exit_status", .integer(Int64(outcome.status.rawValue))),
        ])
    }
}

/// A customer's KPIs as the age stage wrote them (`customer-kpis.csv`), the columns the reports use.
struct CustomerKPIText {
    var dsoDays, avgDaysToPay, avgDaysLate, lateRate, payerClass, trend, lastPaymentDate: String
}

/// What the report stage reads.
struct ReportInput {
    var manifest: [ManifestEntry]
    var rejects: [Reject]
    var customers: [Customer]
    var holds: [Hold]
    var allocations: [Allocation]
    /// The reconcile stage's unmatched lines (its `unmatched.csv`).
    var unmatched: [ReconciliationLine]
    var aged: [AgedItem]
    /// The registry's actions by id.
    var actions: [String: Action]
    var holdRecords: [HoldRecord]
    /// `entity|customer|currency` → the age stage's customer KPIs, as the age stage wrote them.
    var customerKPIs: [String: CustomerKPIText] = [:]
    /// The age stage's `kpis.csv` rows, in its column order.
    var groupKPIs: [[String]] = []
    /// Grace days after a promise, per customer, from its plan.
    var graceDays: [CustomerKey: Int] = [:]
    var plans: [CustomerKey: String]
    /// The journal's events, and each document's dunning history drawn from them.
    var events: [JournalEvent]
    var history: [DocumentKey: DocumentDunningState]
    var stageSummaries: [(String, JSONValue)]
    var filesRejected: Int

    init(_ ctx: RunContext) throws {
        // The journal and the registry, which grow every night, are read on another thread meanwhile.
        let (journalPath, registryPath) = (ctx.journalPath, ctx.registryPath)
        let dunning = BackgroundResult {
            Result { () throws(StageDataError) in
                let journal = try Journal(path: journalPath)
                return (journal.events, journal.documentHistory(), try ActionRegistry(path: registryPath).actions)
            }
        }
        // Waited for even when another file cannot be read: the journal's repair is not left half done.
        defer { _ = dunning.wait() }
        let ingest = ctx.stageDirectory(.ingest)
        manifest = try ManifestEntry.read(ingest + "/" + IngestStage.manifestFile)
        rejects = try Reject.read(ingest + "/" + IngestStage.rejectsFile)
        customers = try Customer.read(ingest + "/" + IngestStage.customersFile)
        holds = try Hold.read(ingest + "/" + IngestStage.holdsFile)
        let reconcile = ctx.stageDirectory(.reconcile)
        allocations = try Allocation.read(reconcile + "/" + ReconcileStage.allocationsFile)
        unmatched = try ReconciliationLine.read(reconcile + "/" + ReconcileStage.unmatchedFile)
        aged = try AgedItem.read(ctx.stageDirectory(.age) + "/" + AgeStage.agedItemsFile)
        let ck = try StageFileReader(path: ctx.stageDirectory(.age) + "/" + AgeStage.customerKPIsFile)
        let ckc = try ck.columns(CustomerKPIs.columns)
        customerKPIs.reserveCapacity(ck.rowsLeftAtMost())
        while try ck.next() {
            customerKPIs[ck.text(ckc[0]) + "|" + ck.text(ckc[1]) + "|" + ck.text(ckc[2])] = CustomerKPIText(
                dsoDays: ck.text(ckc[3]), avgDaysToPay: ck.text(ckc[5]), avgDaysLate: ck.text(ckc[6]), lateRate: ck.text(ckc[7]),
                payerClass: ck.text(ckc[8]), trend: ck.text(ckc[9]), lastPaymentDate: ck.text(ckc[10]))
        }
        let gk = try StageFileReader(path: ctx.stageDirectory(.age) + "/" + AgeStage.kpisFile)
        let gkc = try gk.columns(GroupKPIs.columns)
        while try gk.next() { groupKPIs.append(gkc.map { gk.text($0) }) }
        plans = try PlanStage.customerPlans(ctx)
        graceDays = PlanStage.graceDays(plans, ctx)
        let known = FileTree.exists(ctx.config.holdsStatePath) ? try HoldRecord.read(ctx.config.holdsStatePath) : []
        holdRecords = HoldRecord.merge(holds, known: known, asOf: ctx.asOf, aged: aged,
                                      currency: ctx.config.currency(ofEntity:))
        (events, history, actions) = try dunning.wait().get()
        filesRejected = manifest.filter { $0.status == "rejected" }.count
        var summaries: [(String, JSONValue)] = []
        // Plan and render summaries describe one execution (a second run the same day plans nothing):
        // run.json takes the day's actions from the journal instead, so that it is the same every time.
        for stage in [Stage.ingest, .reconcile, .age] {
            let path = ctx.stageDirectory(stage) + "/stage.json"
            if let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) {
                summaries.append((stage.name, .raw(text.trimmingCharacters(in: .whitespacesAndNewlines))))
            }
        }
        stageSummaries = summaries
    }
}
