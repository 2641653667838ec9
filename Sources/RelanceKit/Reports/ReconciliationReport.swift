import Dispatch

/// `reconciliation.csv`: every bank line, what it paid and by which rule, by booking date then id. Read
/// from the reconcile stage's file and laid out on a worker from the start of the report stage: at a
/// million bank lines it is the stage's largest table, and nothing else the stage writes reads it.
struct ReconciliationReport {
    private let lines: BackgroundResult<Result<[ReconciliationLine], StageDataError>>
    private let table: BackgroundResult<ReportTable?>

    /// Starts reading `path`, then laying the table out, one after the other on a worker.
    init(path: String, excel: Bool) {
        let queue = DispatchQueue(label: "relance.report.reconciliation")
        let lines = BackgroundResult(on: queue) { Result { () throws(StageDataError) in try ReconciliationLine.read(path) } }
        self.lines = lines
        table = BackgroundResult(on: queue) {
            guard case .success(let read) = lines.wait() else { return nil }
            return Self.reconciliation(read, excel: excel)
        }
    }

    /// Why the reconcile stage's file could not be read, if it could not (waits for the read only).
    func readError() -> StageDataError? {
        if case .failure(let error) = lines.wait() { return error }
        return nil
    }

    /// Waits for the table and writes it into `folder` (nothing when the file could not be read).
    func write(to folder: String) throws(StoreError) {
        try table.wait()?.write(to: folder)
    }

    static func reconciliation(_ lines: [ReconciliationLine], excel: Bool) -> ReportTable {
        var table = ReportTable("reconciliation", header: Array(ReconciliationLine.stageColumns.prefix(13)), excel: excel)
        for r in inReportOrder(lines) {
            table.row([.text(r.line.id), .text(r.line.account), .text(r.line.bookingDate.iso), r.line.amount.cell,
                       .text(r.line.amount.currency.code), .text(r.line.payerName), .text(r.line.payerIBAN),
                       .text(r.line.remittance), .text(r.documents.joined(separator: ";")), r.allocated.cell, r.unapplied.cell,
                       .text(r.rule.rawValue), .number(fractionText(r.confidence))])
        }
        return table
    }

    /// `unmatched-payments.csv`: the lines nobody could place, each with three suggestion slots.
    static func unmatchedPayments(_ lines: [ReconciliationLine], excel: Bool) -> ReportTable {
        var table = ReportTable("unmatched-payments", header: [
            "bank_line_id", "booking_date", "amount", "currency", "payer_name", "payer_iban", "remittance",
            "suggestion_1", "score_1", "reason_1", "suggestion_2", "score_2", "reason_2", "suggestion_3", "score_3", "reason_3",
        ], excel: excel)
        for r in inReportOrder(lines) where r.rule == .unmatched {
            var suggestions: [CSVCell] = []
            for i in 0..<3 {
                if i < r.suggestions.count {
                    let s = r.suggestions[i]
                    suggestions += [.text(s.text), .number(fractionText(s.score)), .text(s.reason)]
                } else {
                    suggestions += [.empty, .empty, .empty]
                }
            }
            table.row([.text(r.line.id), .text(r.line.bookingDate.iso), r.line.amount.cell, .text(r.line.amount.currency.code),
                       .text(r.line.payerName), .text(r.line.payerIBAN), .text(r.line.remittance)] + suggestions)
        }
        return table
    }

    /// By booking date then id. The reconcile stage writes its lines in this order already: checked
    /// in one pass, sorted only for any other input.
    private static func inReportOrder(_ lines: [ReconciliationLine]) -> [ReconciliationLine] {
        func before(_ a: ReconciliationLine, _ b: ReconciliationLine) -> Bool {
            a.line.bookingDate != b.line.bookingDate ? a.line.bookingDate < b.line.bookingDate : a.line.id < b.line.id
        }
        return zip(lines, lines.dropFirst()).contains { before($1, $0) } ? lines.sorted(by: before) : lines
    }
}
