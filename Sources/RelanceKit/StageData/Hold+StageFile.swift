extension Hold: StageRecord {
    static let stageColumns = ["kind", "entity", "customer_id", "document", "until", "currency", "amount", "note", "by",
                               "source_file", "source_line"]

    var stageCells: [String] {
        [kind.rawValue, entity, customerID, document, until?.iso ?? "", amount?.currency.code ?? "",
         amount?.machineString ?? "", note, by, sourceFile, String(sourceLine)]
    }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        guard let kind = Kind(rawValue: r.text(c[0])) else { throw r.fail("unknown hold kind `\(r.text(c[0]))`") }
        var amount: Money? = nil
        if !r.row.isEmpty(c[6]) { amount = try r.money(c[6], try r.currency(c[5])) }
        self.init(kind: kind, entity: r.text(c[1]), customerID: r.text(c[2]), document: r.text(c[3]),
                  until: r.optionalDate(c[4]), amount: amount, note: r.text(c[7]), by: r.text(c[8]),
                  sourceFile: r.text(c[9]), sourceLine: try r.int(c[10]))
    }
}
