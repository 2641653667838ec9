import Dispatch

/// `reconciliation.csv`: every bank line, what it paid and by which rule, by booking date then id. Read
/// from the reconcile stage's file, laid out and written into the stage's folder on a worker from the
/// start of the report stage: at a million bank lines it is the stage's largest table, and nothing else
/// the stage writes reads it.
struct ReconciliationReport {
    /// What the worker made of it.
    enum Outcome: Sendable {
        case written
        /// The reconcile stage's file could not be read: nothing was written.
        case unreadable(StageDataError)
        case unwritable(StoreError)
    }

    private let outcome: BackgroundResult<Outcome>

    /// Starts laying the table out and writing it into `folder` on a worker: copied field by field from
    /// the reconcile stage's file when it can be (`copied`), else from its lines read one by one.
    init(path: String, excel: Bool, into folder: String) {
        outcome = BackgroundResult(on: DispatchQueue(label: "relance.report.reconciliation")) {
            let table: ReportTable
            do throws(StageDataError) {
                if let copied = try Self.copied(path, excel: excel) {
                    table = copied
                } else {
                    table = Self.reconciliation(try ReconciliationLine.read(path), excel: excel)
                }
            } catch {
                return .unreadable(error)
            }
            do throws(StoreError) {
                try table.write(to: folder)
            } catch {
                return .unwritable(error)
            }
            return .written
        }
    }

    /// Waits for the worker: what it did.
    func wait() -> Outcome { outcome.wait() }

    /// The report's columns: the 13 of `outputs.md`, then `write_off` (a difference within the entity's
    /// tolerance that closed the document, reported as a write-off suggestion rather than hidden:
    /// `reconcile.md`), empty for most lines.
    static let columns = Array(ReconciliationLine.stageColumns.prefix(13)) + ["write_off"]

    /// The report's columns are columns of the reconcile stage's file, and the stage writes
    /// each value in the form the report writes it: a million rows are copied field by field, with
    /// no `ReconciliationLine` built. Nil when a row is out of order or a value is not in that form
    /// (a file not written by the reconcile stage): the lines are then read, checked and sorted.
    static func copied(_ path: String, excel: Bool) throws(StageDataError) -> ReportTable? {
        let r = try StageFileReader(path: path)
        let c = try r.columns(columns)
        // amount, allocated, unapplied, confidence and write_off are numbers; the rest text.
        let numbers = [false, false, false, true, false, false, false, false, false, true, true, false, true, true]
        let amounts = [c[3], c[9], c[10]]
        var table = ReportTable("reconciliation", header: columns, excel: excel)
        var previousDate: [UInt8] = [], previousID: [UInt8] = []
        while try r.next() {
            let row = r.row
            guard let currency = row.withField(c[4], { $0.count == 3 && $0.allSatisfy { $0 &- 0x41 < 26 } ? Currency(code: String(decoding: $0, as: UTF8.self)) : nil }),
                  MatchRule(rawValue: row.string(c[11])) != nil else { return nil }
            let inForm: Bool = row.withField(c[2]) { date in
                row.withField(c[0]) { id in
                    // By booking date then id (ids are ASCII: their order is their bytes').
                    guard date.count == 10, CivilDate(isoBytes: date) != nil, id.allSatisfy({ $0 < 0x80 }),
                          !(date.lexicographicallyPrecedes(previousDate)
                            || (date.elementsEqual(previousDate) && id.lexicographicallyPrecedes(previousID))) else { return false }
                    previousDate.replaceSubrange(previousDate.indices, with: date)
                    previousID.replaceSubrange(previousID.indices, with: id)
                    return true
                }
            }
            guard inForm,
                  amounts.allSatisfy({ row.withField($0) { Money.isMachineString($0, minorDigits: currency.minorDigits) } }),
                  row.withField(c[13], { $0.isEmpty || Money.isMachineString($0, minorDigits: currency.minorDigits) }),
                  row.withField(c[12], isFractionText), row.withField(c[8], isDocumentList) else { return nil }
            table.row(copying: row, columns: c, numbers: numbers)
        }
        return table
    }

    /// What `fractionText` writes: `0.dddd` or `1.0000`.
    private static func isFractionText(_ f: UnsafeBufferPointer<UInt8>) -> Bool {
        f.count == 6 && f[1] == 0x2E && f[2...].allSatisfy { $0 &- 0x30 < 10 }
            && (f[0] == 0x30 || (f[0] == 0x31 && f[2...].allSatisfy { $0 == 0x30 }))
    }

    /// Document numbers joined by `;`, none empty (what splitting and joining again leaves as is).
    private static func isDocumentList(_ f: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = f.first, let last = f.last else { return true }
        return first != 0x3B && last != 0x3B && !zip(f, f.dropFirst()).contains { $0 == 0x3B && $1 == 0x3B }
    }

    static func reconciliation(_ lines: [ReconciliationLine], excel: Bool) -> ReportTable {
        var table = ReportTable("reconciliation", header: columns, excel: excel)
        for r in inReportOrder(lines) {
            table.row([.text(r.line.id), .text(r.line.account), .text(r.line.bookingDate.iso), r.line.amount.cell,
                       .text(r.line.amount.currency.code), .text(r.line.payerName), .text(r.line.payerIBAN),
                       .text(r.line.remittance), .text(r.documents.joined(separator: ";")), r.allocated.cell, r.unapplied.cell,
                       .text(r.rule.rawValue), .number(fractionText(r.confidence)), r.writeOff.isZero ? .empty : r.writeOff.cell])
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
        func before(_ a: ReconciliationLine, _ b: ReconciliationLine) -> Bool { BankLine.precedes(a.line, b.line) }
        return zip(lines, lines.dropFirst()).contains { before($1, $0) } ? lines.sorted(by: before) : lines
    }
}
