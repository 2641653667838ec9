extension OpenItem: StageRecord {
    static let stageColumns = ["entity", "document", "customer_id", "customer_name", "kind", "document_date", "due_date",
                               "terms", "currency", "amount", "open_amount", "external_ref", "payment_ref", "po_number",
                               "source_file", "source_line"]

    var stageCells: [String] {
        [entity, document, customerID, customerName, kind.rawValue, documentDate.iso, dueDate.iso, terms,
         amount.currency.code, amount.machineString, openAmount.machineString, externalRef, paymentRef, poNumber,
         sourceFile, String(sourceLine)]
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
