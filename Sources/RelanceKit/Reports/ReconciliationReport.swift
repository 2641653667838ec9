import Dispatch

/// `reconciliation.csv` (every bank line, what it paid and by which rule) and `unmatched-payments.csv`
/// (the lines nobody could place, with their suggestions), by booking date then id. Read from the
/// reconcile stage's file and laid out on a worker from the start of the report stage: at a million
/// bank lines this is the stage's largest table, and it depends on nothing else the stage reads.
struct ReconciliationReport {
    private let lines: BackgroundResult<Result<[ReconciliationLine], StageDataError>>
    private let tables: BackgroundResult<(reconciliation: ReportTable, unmatched: ReportTable)?>

    /// Starts reading `path`, then laying the tables out, one after the other on a worker.
    init(path: String, excel: Bool) {
        let queue = DispatchQueue(label: "relance.report.reconciliation")
        let lines = BackgroundResult(on: queue) { () -> Result<[ReconciliationLine], StageDataError> in
            do throws(StageDataError) {
                return .success(try ReconciliationLine.read(path))
            } catch {
                return .failure(error)
            }
        }
        self.lines = lines
        tables = BackgroundResult(on: queue) {
            guard case .success(let read) = lines.wait() else { return nil }
            return Self.layOut(read, excel: excel)
        }
    }

    /// Why the reconcile stage's file could not be read, if it could not (waits for the read only).
    func readError() -> StageDataError? {
        if case .failure(let error) = lines.wait() { return error }
        return nil
    }

    /// Waits for the tables and writes them into `folder` (nothing when the file could not be read).
    func write(to folder: String) throws(StoreError) {
        guard let t = tables.wait() else { return }
        try t.reconciliation.write(to: folder)
        try t.unmatched.write(to: folder)
    }

    static func layOut(_ lines: [ReconciliationLine], excel: Bool) -> (reconciliation: ReportTable, unmatched: ReportTable) {
        // The reconcile stage writes its lines in this order already; sorting is for any other input.
        let inOrder = zip(lines, lines.dropFirst()).allSatisfy { a, b in (a.line.bookingDate, a.line.id) <= (b.line.bookingDate, b.line.id) }
        let sorted = inOrder ? lines : lines.sorted { ($0.line.bookingDate, $0.line.id) < ($1.line.bookingDate, $1.line.id) }
        var recon = ReportTable("reconciliation", header: Array(ReconciliationLine.stageColumns.prefix(13)), excel: excel)
        var unmatched = ReportTable("unmatched-payments", header: [
            "bank_line_id", "booking_date", "amount", "currency", "payer_name", "payer_iban", "remittance",
            "suggestion_1", "score_1", "reason_1", "suggestion_2", "score_2", "reason_2", "suggestion_3", "score_3", "reason_3",
        ], excel: excel)
        for r in sorted {
            recon.row([.text(r.line.id), .text(r.line.account), .text(r.line.bookingDate.iso), r.line.amount.cell,
                       .text(r.line.amount.currency.code), .text(r.line.payerName), .text(r.line.payerIBAN),
                       .text(r.line.remittance), .text(r.documents.joined(separator: ";")), r.allocated.cell, r.unapplied.cell,
                       .text(r.rule.rawValue), .number(fractionText(r.confidence))])
            guard r.rule == .unmatched else { continue }
            var suggestions: [CSVCell] = []
            for i in 0..<3 {
                if i < r.suggestions.count {
                    let s = r.suggestions[i]
                    suggestions += [.text(s.text), .number(fractionText(s.score)), .text(s.reason)]
                } else {
                    suggestions += [.empty, .empty, .empty]
                }
            }
            unmatched.row([.text(r.line.id), .text(r.line.bookingDate.iso), r.line.amount.cell, .text(r.line.amount.currency.code),
                           .text(r.line.payerName), .text(r.line.payerIBAN), .text(r.line.remittance)] + suggestions)
        }
        return (recon, unmatched)
    }
}
