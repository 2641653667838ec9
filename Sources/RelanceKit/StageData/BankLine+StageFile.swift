extension BankLine: StageRecord {
    static let stageColumns = ["bank_line_id", "entity", "account", "booking_date", "value_date", "currency", "amount",
                               "payer_name", "payer_iban", "remittance", "structured_ref", "bank_ref", "end_to_end_id",
                               "source_file", "source_line", "reversal"]
    static var laterStageColumns: Set<String> { ["reversal"] }

    var stageCells: [String] {
        [id, entity, account, bookingDate.iso, valueDate?.iso ?? "", amount.currency.code, amount.machineString,
         payerName, payerIBAN, remittance, structuredRef, bankRef, endToEndID, sourceFile, String(sourceLine),
         reversal ? "yes" : "no"]
    }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        let currency = try r.currency(c[5])
        self.init(id: r.text(c[0]), entity: r.text(c[1]), account: r.text(c[2]), bookingDate: try r.date(c[3]),
                  valueDate: r.optionalDate(c[4]), amount: try r.money(c[6], currency), payerName: r.text(c[7]),
                  payerIBAN: r.text(c[8]), remittance: r.text(c[9]), structuredRef: r.text(c[10]), bankRef: r.text(c[11]),
                  endToEndID: r.text(c[12]), sourceFile: r.text(c[13]), sourceLine: try r.int(c[14]),
                  reversal: r.text(c[15]) == "yes")
    }
}
