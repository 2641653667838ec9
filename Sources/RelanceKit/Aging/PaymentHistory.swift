// The state that makes KPIs improve as runs accumulate (aging.md, issue 5): every invoice seen (its
// month's sales), every settlement (document date → settlement date), and a snapshot of receivables
// per month. A pipeline started with only open items still gets DSO and CEI after a few months.
// The age stage merges this run into it; the report stage saves it (never in a dry run).

/// Sales, settlements and month-end snapshots, per entity and currency.
public struct PaymentHistory: Sendable {
    /// Invoices seen: their date and amount, in document order.
    public var sales = ByDocument<Sale>()
    /// Documents settled, in document order.
    public var settlements = ByDocument<SettledDocument>()
    /// Receivables at month end, by entity, currency and month (its first day).
    public var monthEnds: [MonthKey: MonthEndSnapshot] = [:]

    public struct Sale: DocumentRow, Equatable {
        public var entity: String
        public var document: String
        public var customerID: String
        public var documentDate: CivilDate
        public var amount: Money

        public init(entity: String, document: String, customerID: String, documentDate: CivilDate, amount: Money) {
            self.entity = entity
            self.document = document
            self.customerID = customerID
            self.documentDate = documentDate
            self.amount = amount
        }
    }

    public struct MonthKey: Hashable, Sendable, Comparable {
        public var entity: String
        public var currency: String
        public var month: CivilDate
        public static func < (a: MonthKey, b: MonthKey) -> Bool {
            (a.entity, a.currency, a.month) < (b.entity, b.currency, b.month)
        }
    }

    public init() {}

    static let salesFile = "sales.csv"
    static let settlementsFile = "settlements.csv"
    static let monthEndsFile = "month-ends.csv"

    /// Reads the history kept in a folder (the state, or the age stage's folder); absent files are empty.
    /// The sales are read on another core while this one reads the settlements (a million rows each at scale).
    public static func load(from folder: String) throws(StageDataError) -> PaymentHistory {
        var h = PaymentHistory()
        let salesPath = folder + "/" + salesFile
        let sales = BackgroundResult {
            Result { () throws(StageDataError) in FileTree.exists(salesPath) ? ByDocument(try Sale.read(salesPath)) : ByDocument() }
        }
        if FileTree.exists(folder + "/" + settlementsFile) {
            // A settlement's row is the settled document's stage row (see `write`).
            h.settlements = ByDocument(try SettledDocument.read(folder + "/" + settlementsFile))
        }
        h.sales = try sales.wait().get()
        if FileTree.exists(folder + "/" + monthEndsFile) {
            let r = try StageFileReader(path: folder + "/" + monthEndsFile)
            let c = try r.columns(["entity", "currency", "month", "total_receivables", "current_receivables", "sales_of_month"])
            while try r.next() {
                let key = MonthKey(entity: r.text(c[0]), currency: r.text(c[1]), month: try r.date(c[2]))
                h.monthEnds[key] = MonthEndSnapshot(month: key.month, totalReceivables: Int64(try r.int(c[3])),
                                                    currentReceivables: Int64(try r.int(c[4])), salesOfMonth: Int64(try r.int(c[5])))
            }
        }
        return h
    }

    /// Writes the history into a folder, in document order, so that the same history gives the same
    /// bytes. The sales are written on another core while this one does the settlements.
    public func write(to folder: String) throws(StoreError) {
        let sales = self.sales
        try alongside({ () throws(StoreError) in try Sale.write(sales.rows, to: folder + "/" + Self.salesFile) }) { () throws(StoreError) in
            // A settlement's row is the settled document's stage row (its key is its entity and document).
            try SettledDocument.write(settlements.rows, to: folder + "/" + Self.settlementsFile)
            var m = try StageFileWriter(columns: ["entity", "currency", "month", "total_receivables", "current_receivables", "sales_of_month"],
                                        path: folder + "/" + Self.monthEndsFile)
            for (k, v) in monthEnds.sorted(by: { $0.key < $1.key }) {
                m.row([k.entity, k.currency, k.month.iso, String(v.totalReceivables), String(v.currentReceivables), String(v.salesOfMonth)])
            }
            try m.commit()
        }
    }
}

extension PaymentHistory.Sale: StageRecord {
    static let stageColumns = ["entity", "customer_id", "document", "document_date", "currency", "amount"]

    var stageCells: [String] { StageCells.of(self) }

    func writeCells<Sink: StageCellSink>(to sink: inout Sink) {
        sink.cell(entity)
        sink.cell(customerID)
        sink.cell(document)
        sink.cell(documentDate)
        sink.cell(amount.currency.code)
        sink.cell(amount)
    }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        self.init(entity: r.text(c[0]), document: r.text(c[2]), customerID: r.text(c[1]), documentDate: try r.date(c[3]),
                  amount: try r.money(c[5], try r.currency(c[4])))
    }
}
