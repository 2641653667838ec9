/// Stage 3: open items → aged items (days overdue, bucket, hold status) and customer balances.
public enum AgeStage {
    public static let agedItemsFile = "aged-items.csv"
    public static let balancesFile = "customer-balances.csv"

    public static func run(_ ctx: RunContext) throws(StageFailure) -> StageOutcome {
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
        let aged = aging.age(items).sorted {
            ($0.item.entity, $0.item.customerID, $0.item.dueDate, $0.item.document)
                < ($1.item.entity, $1.item.customerID, $1.item.dueDate, $1.item.document)
        }
        let balances = aging.balances(aged)

        let folder = StageFolder(runDirectory: ctx.runDirectory, name: Stage.age.folderName)
        do {
            let tmp = try folder.begin()
            try AgedItem.write(aged, to: tmp + "/" + agedItemsFile)
            var w = StageFileWriter(columns: ["entity", "customer_id", "currency", "open_total", "overdue_total"] + buckets.tokens)
            for b in balances {
                let digits = b.currency.minorDigits
                w.row([b.entity, b.customerID, b.currency.code,
                       Money.machineString(minorUnits: b.openTotal, minorDigits: digits),
                       Money.machineString(minorUnits: b.overdueTotal, minorDigits: digits)]
                      + b.buckets.map { Money.machineString(minorUnits: $0, minorDigits: digits) })
            }
            try w.write(to: tmp + "/" + balancesFile)
            let outcome = StageOutcome(summary: [
                ("open_items", .integer(Int64(aged.count))),
                ("overdue_items", .integer(Int64(aged.filter(\.isOverdue).count))),
                ("customers", .integer(Int64(balances.count))),
            ])
            try AtomicFile.write(JSONValue.object(outcome.summary).text(), to: tmp + "/stage.json")
            try folder.commit(tmp)
            return outcome
        } catch {
            throw StageFailure("cannot write the age folder: \(error)")
        }
    }
}

extension AgedItem: StageRecord {
    static let stageColumns = OpenItem.stageColumns + ["days_overdue", "bucket", "status"]

    var stageCells: [String] { item.stageCells + [String(daysOverdue), bucket, status.rawValue] }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        let n = OpenItem.stageColumns.count
        let item = try OpenItem(stage: r, columns: Array(c[0..<n]))
        guard let status = ItemStatus(rawValue: r.text(c[n + 2])) else { throw r.fail("unknown status `\(r.text(c[n + 2]))`") }
        self.init(item: item, daysOverdue: try r.int(c[n]), bucket: r.text(c[n + 1]), status: status)
    }
}
