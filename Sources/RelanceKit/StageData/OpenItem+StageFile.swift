extension OpenItem: StageRecord {
    static let stageColumns = ["entity", "document", "customer_id", "customer_name", "kind", "document_date", "due_date",
                               "terms", "currency", "amount", "open_amount", "external_ref", "payment_ref", "po_number",
                               "source_file", "source_line"]

    var stageCells: [String] { StageCells.of(self) }

    /// (`LedgerDocuments.write(to:)` writes the same cells from an inbox file's bytes, in this order:
    /// `LedgerDocumentsTests` compares the two files byte for byte.)
    func writeCells<Sink: StageCellSink>(to sink: inout Sink) {
        sink.cell(entity)
        sink.cell(document)
        sink.cell(customerID)
        sink.cell(customerName)
        sink.cell(kind.rawValue)
        sink.cell(documentDate)
        sink.cell(dueDate)
        sink.cell(terms)
        sink.cell(amount.currency.code)
        sink.cell(amount)
        sink.cell(openAmount)
        sink.cell(externalRef)
        sink.cell(paymentRef)
        sink.cell(poNumber)
        sink.cell(sourceFile)
        sink.cell(sourceLine)
    }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        let currency = try r.currency(c[8])
        guard let kind = DocumentKind(rawValue: r.text(c[4])) else { throw r.fail("unknown kind `\(r.text(c[4]))`") }
        self.init(entity: r.text(c[0]), document: r.text(c[1]), customerID: r.text(c[2]), customerName: r.text(c[3]),
                  kind: kind, documentDate: try r.date(c[5]), dueDate: try r.date(c[6]), terms: r.text(c[7]),
                  amount: try r.money(c[9], currency), openAmount: try r.money(c[10], currency),
                  externalRef: r.text(c[11]), paymentRef: r.text(c[12]), poNumber: r.text(c[13]),
                  sourceFile: r.text(c[14]), sourceLine: try r.int(c[15]))
    }
}
