extension BankLine: StageRecord {
    static let stageColumns = ["bank_line_id", "entity", "account", "booking_date", "value_date", "currency", "amount",
                               "payer_name", "payer_iban", "remittance", "structured_ref", "bank_ref", "end_to_end_id",
                               "source_file", "source_line", "reversal", "additional_info"]
    static var laterStageColumns: Set<String> { ["reversal", "additional_info"] }

    var stageCells: [String] { StageCells.of(self) }

    func writeCells<Sink: StageCellSink>(to sink: inout Sink) {
        sink.cell(id)
        sink.cell(entity)
        sink.cell(account)
        sink.cell(bookingDate)
        sink.cell(valueDate)
        sink.cell(amount.currency.code)
        sink.cell(amount)
        sink.cell(payerName)
        sink.cell(payerIBAN)
        sink.cell(remittance)
        sink.cell(structuredRef)
        sink.cell(bankRef)
        sink.cell(endToEndID)
        sink.cell(sourceFile)
        sink.cell(sourceLine)
        sink.cell(reversal ? "yes" : "no")
        sink.cell(additionalInfo)
    }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        let currency = try r.currency(c[5])
        self.init(id: r.text(c[0]), entity: r.text(c[1]), account: r.text(c[2]), bookingDate: try r.date(c[3]),
                  valueDate: r.optionalDate(c[4]), amount: try r.money(c[6], currency), payerName: r.text(c[7]),
                  payerIBAN: r.text(c[8]), remittance: r.text(c[9]), structuredRef: r.text(c[10]), bankRef: r.text(c[11]),
                  endToEndID: r.text(c[12]), sourceFile: r.text(c[13]), sourceLine: try r.int(c[14]),
                  reversal: r.text(c[15]) == "yes", additionalInfo: r.text(c[16]))
    }
}
