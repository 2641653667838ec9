/// Stage 3: open items → aged items (days overdue, bucket, hold status) and customer balances.
public enum AgeStage {
    public static let agedItemsFile = "aged-items.csv"
    public static let balancesFile = "customer-balances.csv"
    public static let customerKPIsFile = "customer-kpis.csv"
    public static let kpisFile = "kpis.csv"
    /// The merged payment history (sales, settlements, month ends), saved to the state by the report stage.
    public static let historyFolder = "history"

    public static func run(_ ctx: RunContext) throws(StageFailure) -> StageOutcome {
        let ledgerSettled = PaymentHistory.ledgerSettlements(ctx)
        let ledgerInvoices = PaymentHistory.ledgerInvoices(ctx)
        let items: [OpenItem]
        let holds: [Hold]
        do {
            items = try OpenItem.read(ctx.stageDirectory(.reconcile) + "/" + ReconcileStage.openItemsFile)
            holds = try Hold.read(ctx.stageDirectory(.ingest) + "/" + IngestStage.holdsFile)
        } catch {
            throw StageFailure("cannot read the previous stages' output (run relance-reconcile first): \(error)")
        }
        let buckets = AgingBuckets(bounds: ctx.config.buckets)
        let aging = Aging(asOf: ctx.asOf, buckets: buckets, holds: holds)
        var aged = aging.age(items.sortedByCustomer())
        let balances = aging.balances(aged)

        // KPIs from the history kept in the state and this run's sales and settlements.
        var history: PaymentHistory
        do {
            history = try PaymentHistory.load(from: ctx.config.state)
            try history.record(stillOpen: items, ledgerSettled: try ledgerSettled.wait().get(),
                               ledgerInvoices: { () throws(StageDataError) in try ledgerInvoices.wait().get() })
        } catch {
            throw StageFailure("cannot read the payment history: \(error)")
        }
        let calculator = KPICalculator(asOf: ctx.asOf, thresholds: ctx.config.payerClasses)
        for (k, v) in calculator.snapshots(aged: aged, history: history) { history.monthEnds[k] = v }
        let kpis = calculator.compute(aged: aged, history: history)
        for i in aged.indices { aged[i].expectedPaymentDate = kpis.expectedPaymentDates[i] }
        if holds.contains(where: { $0.kind == .promise }) {
            aging.applyGrace(try planGraceDays(ctx, aged: aged, kpis: kpis.customers), to: &aged)
        }

        let folder = StageFolder(runDirectory: ctx.runDirectory, name: Stage.age.folderName)
        do {
            let tmp = try folder.begin()
            // The aged items, a row per open document, are written on the other core meanwhile.
            let agedItems = aged, agedItemsPath = tmp + "/" + agedItemsFile
            try alongside({ () throws(StoreError) in try AgedItem.write(agedItems, to: agedItemsPath) }) {
                var w = try StageFileWriter(columns: ["entity", "customer_id", "currency", "open_total", "overdue_total"] + buckets.tokens,
                                            path: tmp + "/" + balancesFile)
                for b in balances {
                    let digits = b.currency.minorDigits
                    w.row([b.entity, b.customerID, b.currency.code,
                           Money.machineString(minorUnits: b.openTotal, minorDigits: digits),
                           Money.machineString(minorUnits: b.overdueTotal, minorDigits: digits)]
                          + b.buckets.map { Money.machineString(minorUnits: $0, minorDigits: digits) })
                }
                try w.commit()
                try CustomerKPIs.write(kpis.customers, to: tmp + "/" + customerKPIsFile)
                try GroupKPIs.write(kpis.groups, to: tmp + "/" + kpisFile)
                try FileTree.createDirectories(tmp + "/" + historyFolder)
                try history.write(to: tmp + "/" + historyFolder)
            }
            let outcome = StageOutcome(summary: [
                ("open_items", .integer(Int64(aged.count))),
                ("overdue_items", .integer(Int64(aged.filter(\.isOverdue).count))),
                ("customers", .integer(Int64(balances.count))),
            ])
            try AtomicFile.write(JSONValue.object(outcome.summary).text(), to: tmp + "/stage.json")
            try folder.commit(tmp)
            KeptUntilExit.keep(items, aged, history, kpis)
            return outcome
        } catch {
            throw StageFailure("cannot write the age folder: \(error)")
        }
    }
}

/// Each customer's promise grace: the `grace_days` of the plan the plan stage will choose for it,
/// from the same inputs (its `plan` column, the conf's plan rules on today's payer class and open total).
private func planGraceDays(_ ctx: RunContext, aged: [AgedItem], kpis: [CustomerKPIs]) throws(StageFailure) -> [CustomerKey: Int] {
    let plans: [String: DunningPlan]
    do {
        plans = try DunningPlan.loadAll(directory: ctx.config.plansDirectory)
    } catch {
        throw StageFailure("\(error)", status: .usage)
    }
    let customers: [Customer]
    do {
        customers = try Customer.read(ctx.stageDirectory(.ingest) + "/" + IngestStage.customersFile)
    } catch {
        throw StageFailure("cannot read the customers of the ingest stage: \(error)")
    }
    var planner = Planner(asOf: ctx.asOf, plans: plans, config: ctx.config, customers: CustomerDirectory(customers), history: [:])
    for k in kpis { planner.payerClasses[CustomerKey(entity: k.entity, customerID: k.customerID)] = k.payerClass.rawValue }
    planner = planner.counting(aged)
    var grace: [CustomerKey: Int] = [:]
    for a in aged {
        let key = CustomerKey(entity: a.item.entity, customerID: a.item.customerID)
        guard grace[key] == nil, let plan = plans[planner.planName(entity: key.entity, customerID: key.customerID)] else { continue }
        grace[key] = plan.graceDays
    }
    return grace
}

extension AgedItem: StageRecord {
    static let stageColumns = OpenItem.stageColumns + ["days_overdue", "bucket", "status", "expected_payment_date"]

    var stageCells: [String] { StageCells.of(self) }

    func writeCells<Sink: StageCellSink>(to sink: inout Sink) {
        item.writeCells(to: &sink)
        sink.cell(daysOverdue)
        sink.cell(bucket)
        sink.cell(status.rawValue)
        sink.cell(expectedPaymentDate)
    }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        let n = OpenItem.stageColumns.count
        let item = try OpenItem(stage: r, columns: Array(c[0..<n]))
        guard let status = ItemStatus(rawValue: r.text(c[n + 2])) else { throw r.fail("unknown status `\(r.text(c[n + 2]))`") }
        self.init(item: item, daysOverdue: try r.int(c[n]), bucket: r.text(c[n + 1]), status: status,
                  expectedPaymentDate: r.optionalDate(c[n + 3]))
    }
}

extension PaymentHistory {
    /// The documents closed in the ledger with a settlement date (FEC lettering), in document order: read on a
    /// worker while the stage reads and ages the open items (a million rows at scale).
    static func ledgerSettlements(_ ctx: RunContext) -> BackgroundResult<Result<ByDocument<SettledDocument>, StageDataError>> {
        let path = ctx.stageDirectory(.ingest) + "/" + IngestStage.settledFile
        return BackgroundResult {
            Result { () throws(StageDataError) in
                guard FileTree.exists(path) else { return ByDocument() }
                return ByDocument(try SettledDocument.read(path))
            }
        }
    }

    /// The ledger's invoices (ingest's `documents.csv`, a million rows at scale) and this run's
    /// allocations, read on a worker while the stage reads and ages the open items.
    static func ledgerInvoices(_ ctx: RunContext) -> BackgroundResult<Result<LedgerInvoices, StageDataError>> {
        let documents = ctx.stageDirectory(.ingest) + "/" + IngestStage.documentsFile
        let allocations = ctx.stageDirectory(.reconcile) + "/" + ReconcileStage.allocationsFile
        return BackgroundResult { Result { () throws(StageDataError) in try LedgerInvoices(documents: documents, allocations: allocations) } }
    }

    /// What `record` takes from the ledger's documents and this run's allocations, in document order.
    struct LedgerInvoices: Sendable {
        /// The invoices with a positive amount: this run's sales.
        var sold: [Sale] = []
        /// The invoices the ledger shows open that this run's bank lines paid, each settled on the last
        /// booking date of its allocations; `record` keeps those no longer open at the as-of.
        var paidThisRun: [(key: Prehashed<DocumentKey>, settlement: SettledDocument)] = []

        /// Of each allocation, only its document and booking date; of the million ledger rows, only the
        /// invoices' columns: not whole allocations or open items with their strings.
        init(documents: String, allocations: String) throws(StageDataError) {
            let a = try StageFileReader(path: allocations)
            let ac = try a.columns(["entity", "document", "booking_date"])
            // Sized once, not grown by doubling (each doubling hashes every key again); keys hashed once.
            var lastBooking: [Prehashed<DocumentKey>: CivilDate] = [:]
            lastBooking.reserveCapacity(a.rowsLeftAtMost())
            while try a.next() {
                let k = Prehashed(DocumentKey(entity: a.text(ac[0]), document: a.text(ac[1])))
                let on = try a.date(ac[2])
                if lastBooking[k].map({ on > $0 }) ?? true { lastBooking[k] = on }
            }
            let r = try StageFileReader(path: documents)
            let c = try r.columns(["entity", "document", "customer_id", "kind", "document_date", "due_date", "currency",
                                   "amount", "open_amount"])
            let invoice = DocumentKind.invoice.rawValue
            sold.reserveCapacity(r.rowsLeftAtMost())
            while try r.next() {
                guard r.text(c[3]) == invoice else { continue }
                let currency = try r.currency(c[6])
                let amount = try r.money(c[7], currency)
                let key = DocumentKey(entity: r.text(c[0]), document: r.text(c[1]))
                let customerID = r.text(c[2]), documentDate = try r.date(c[4])
                if amount.minorUnits > 0 {
                    sold.append(Sale(entity: key.entity, document: key.document, customerID: customerID,
                                     documentDate: documentDate, amount: amount))
                }
                // Most rows have no allocation this run: that lookup comes first.
                guard !(try r.money(c[8], currency)).isZero else { continue }
                let hashed = Prehashed(key)
                guard let on = lastBooking[hashed] else { continue }
                paidThisRun.append((hashed, SettledDocument(entity: key.entity, customerID: customerID, document: key.document,
                                                            documentDate: documentDate, dueDate: try r.date(c[5]), settledOn: on,
                                                            amount: amount)))
            }
        }
    }

    /// Adds this run's invoices (sales) and the documents this run settled: closed in the ledger with
    /// a settlement date (FEC lettering, `ledgerSettled`, from `ledgerSettlements(_:)`), or fully paid
    /// by bank lines of this run (their last booking date); and forgets the settlements of documents
    /// open again (a payment reversed or rejected). `stillOpen` are the open items after
    /// reconciliation (the age stage has them read already); `ledgerInvoices` waits for those
    /// `ledgerInvoices(_:)` reads meanwhile.
    mutating func record(stillOpen open: [OpenItem], ledgerSettled: ByDocument<SettledDocument>,
                         ledgerInvoices: () throws(StageDataError) -> LedgerInvoices) throws {
        // Closed in the ledger: they replace what the state knew of the same documents.
        settlements.merge(ledgerSettled)
        // A set of a million keys sized once, each hashed once (`Prehashed`).
        var stillOpen = Set<Prehashed<DocumentKey>>(minimumCapacity: open.count)
        for i in open.indices { stillOpen.insert(Prehashed(open[i].key)) }
        // The ledger file is in document order, so this run's sales and settlements come in the
        // history's order and join it by merging.
        let ledger = try ledgerInvoices()
        // Fully paid by bank lines of this run: settled on their last booking date.
        let paid = ledger.paidThisRun.filter { !stillOpen.contains($0.key) }.map(\.settlement)
        sales.merge(ByDocument(ledger.sold))
        settlements.merge(ByDocument(paid))
        // A settlement is the day a document became fully paid: one open at the as-of, wholly or in
        // part (a payment reversed since), is not settled, and its old date would still count in
        // the customer's days late, class and last payment. When it is paid again, that day is its
        // settlement. One pass over the history, a lookup per settlement in the set built above.
        if !stillOpen.isEmpty {
            settlements.removeAll { stillOpen.contains(Prehashed(DocumentKey(entity: $0.entity, document: $0.document))) }
        }
    }
}

extension CustomerKPIs {
    static let columns = ["entity", "customer_id", "currency", "dso_days", "dso_from", "avg_days_to_pay", "avg_days_late",
                          "late_rate", "payer_class", "trend", "last_payment_date"]

    static func write(_ rows: [CustomerKPIs], to path: String) throws(StoreError) {
        var w = try StageFileWriter(columns: columns, path: path)
        for k in rows {
            w.row([k.entity, k.customerID, k.currency.code, tenthsText(k.dso?.tenths), k.dso?.periodStart?.iso ?? "",
                   tenthsText(k.avgDaysToPayTenths), tenthsText(k.avgDaysLateTenths), k.lateRate.map(fractionText) ?? "",
                   k.payerClass.rawValue, k.trend?.rawValue ?? "", k.lastPaymentDate?.iso ?? ""])
        }
        try w.commit()
    }
}

extension GroupKPIs {
    /// The columns of `kpis.csv` (`outputs.md`).
    static let columns = ["entity", "currency", "open_total", "overdue_total", "late_rate", "dso_days", "best_possible_dso",
                          "add_days", "cei_month", "avg_days_late", "forecast_next_4_weeks"]

    static func write(_ rows: [GroupKPIs], to path: String) throws(StoreError) {
        var w = try StageFileWriter(columns: columns, path: path)
        for k in rows {
            let d = k.currency.minorDigits
            w.row([k.entity, k.currency.code, Money.machineString(minorUnits: k.openTotal, minorDigits: d),
                   Money.machineString(minorUnits: k.overdueTotal, minorDigits: d), k.lateRate.map(fractionText) ?? "",
                   tenthsText(k.dso?.tenths), tenthsText(k.bestPossibleDSO?.tenths), tenthsText(k.addDays),
                   tenthsText(k.ceiMonth), tenthsText(k.avgDaysLateTenths),
                   Money.machineString(minorUnits: k.forecastNext4Weeks, minorDigits: d)])
        }
        try w.commit()
    }
}

extension SettledDocument: StageRecord {
    static let stageColumns = ["entity", "customer_id", "document", "document_date", "due_date", "settled_on", "currency", "amount"]

    var stageCells: [String] { StageCells.of(self) }

    func writeCells<Sink: StageCellSink>(to sink: inout Sink) {
        sink.cell(entity)
        sink.cell(customerID)
        sink.cell(document)
        sink.cell(documentDate)
        sink.cell(dueDate)
        sink.cell(settledOn)
        sink.cell(amount.currency.code)
        sink.cell(amount)
    }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        self.init(entity: r.text(c[0]), customerID: r.text(c[1]), document: r.text(c[2]), documentDate: try r.date(c[3]),
                  dueDate: r.optionalDate(c[4]), settledOn: try r.date(c[5]), amount: try r.money(c[7], try r.currency(c[6])))
    }
}
