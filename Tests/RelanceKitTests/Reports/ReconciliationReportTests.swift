import Foundation
import Testing
@testable import RelanceKit

@Suite("Reconciliation report")
struct ReconciliationReportTests {
    static func line(_ id: String, _ day: Int, _ cents: Int64, rule: MatchRule, documents: [String] = [],
                     suggestions: [Suggestion] = []) -> ReconciliationLine {
        let eur = Currency.eur
        let bank = BankLine(id: id, entity: "FR", account: "FR7630006000011234567890189",
                            bookingDate: CivilDate(year: 2026, month: 11, day: day)!,
                            amount: Money(minorUnits: cents, currency: eur), payerName: "Boulangerie Éloïse",
                            remittance: "=FACT " + (documents.first ?? "?"))
        let allocated = rule == .unmatched ? 0 : cents
        return ReconciliationLine(line: bank, documents: documents, allocated: Money(minorUnits: allocated, currency: eur),
                                  unapplied: Money(minorUnits: cents - allocated, currency: eur), rule: rule,
                                  confidence: rule == .unmatched ? 0 : 10_000, suggestions: suggestions)
    }

    @Test("lines out of order come out by booking date then id; unmatched ones get their three suggestion slots")
    func sortsAndLaysOut() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relance-recon-\(UUID().uuidString)").path
        try FileTree.createDirectories(folder)
        defer { try? FileTree.removeTree(folder) }
        let lines = [
            Self.line("b2", 12, 120_00, rule: .documentNumber, documents: ["F-2"]),
            Self.line("a9", 12, 55_50, rule: .unmatched,
                      suggestions: [Suggestion(customerID: "C7", documents: ["F-7"], score: 6_500, reason: "amount")]),
            Self.line("z1", 3, 10_00, rule: .structuredRef, documents: ["F-1"]),
        ]
        let recon = ReconciliationReport.reconciliation(lines, excel: false)
        let unmatched = ReconciliationReport.unmatchedPayments(lines, excel: false)
        try recon.write(to: folder)
        try unmatched.write(to: folder)
        let text = String(decoding: try AtomicFile.readBytes(folder + "/reconciliation.csv"), as: UTF8.self)
        let rows = text.split(separator: "\n").map(String.init)
        #expect(rows.count == 4)
        #expect(rows[1].hasPrefix("z1,FR7630006000011234567890189,2026-11-03,10.00,EUR,Boulangerie Éloïse,,'=FACT F-1,F-1,10.00,0.00,structured_ref,1.0000"))
        #expect(rows[2].hasPrefix("a9,"))
        #expect(rows[3].hasPrefix("b2,"))
        let other = String(decoding: try AtomicFile.readBytes(folder + "/unmatched-payments.csv"), as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(other.count == 2)
        #expect(other[1] == "a9,2026-11-12,55.50,EUR,Boulangerie Éloïse,,'=FACT ?,F-7,0.6500,amount,,,,,,")
    }

    @Test("a stage file in order is copied field by field into the same bytes as its lines laid out; a value in another form, or a row out of order, falls back to the lines")
    func copiedFromTheStageFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relance-recon-\(UUID().uuidString)").path
        for sub in ["copied", "laid-out"] { try FileTree.createDirectories(folder + "/" + sub) }
        defer { try? FileTree.removeTree(folder) }
        let yen = Currency(code: "JPY")!
        let tokyo = BankLine(id: "c3", entity: "FR", account: "FR7630006000011234567890189",
                             bookingDate: CivilDate(year: 2026, month: 11, day: 12)!, amount: Money(minorUnits: 150_000, currency: yen),
                             payerName: "Dupont, \"Les Halles\"", remittance: "+33 1 23 45 67 89")
        // A payment 3.21 short of its invoice, within the tolerance: the write-off is reported.
        var short = Self.line("b8", 12, 3_700_00, rule: .documentNumber, documents: ["F-135"])
        short.writeOff = Money(minorUnits: 3_21, currency: .eur)
        let lines = [
            Self.line("a1", 3, 10_00, rule: .structuredRef, documents: ["F-1"]),
            Self.line("a2", 3, -2_50, rule: .unmatched),
            Self.line("b7", 12, 1_234_567_89, rule: .documentNumber, documents: ["F-2", "AV-3"]),
            short,
            ReconciliationLine(line: tokyo, documents: [], allocated: Money(minorUnits: 0, currency: yen),
                               unapplied: Money(minorUnits: 150_000, currency: yen), rule: .unmatched, confidence: 0, suggestions: []),
        ]
        let path = folder + "/stage.csv"
        try ReconciliationLine.write(lines, to: path)
        for excel in [false, true] {
            try #require(try ReconciliationReport.copied(path, excel: excel)).write(to: folder + "/copied")
            try ReconciliationReport.reconciliation(lines, excel: excel).write(to: folder + "/laid-out")
            for name in excel ? ["reconciliation.csv", "reconciliation.xls.csv"] : ["reconciliation.csv"] {
                #expect(try AtomicFile.readBytes(folder + "/copied/" + name) == AtomicFile.readBytes(folder + "/laid-out/" + name), "\(name)")
            }
        }
        let copied = String(decoding: try AtomicFile.readBytes(folder + "/copied/reconciliation.csv"), as: UTF8.self)
        #expect(copied.hasPrefix("bank_line_id,account,booking_date,amount,currency,payer_name,payer_iban,remittance,documents,allocated,unapplied,rule,confidence,write_off\n"))
        #expect(copied.contains("\nc3,FR7630006000011234567890189,2026-11-12,150000,JPY,\"Dupont, \"\"Les Halles\"\"\",,'+33 1 23 45 67 89,,0,150000,unmatched,0.0000,\n"))
        #expect(copied.contains("\nb7,FR7630006000011234567890189,2026-11-12,1234567.89,EUR,Boulangerie Éloïse,,'=FACT F-2,F-2;AV-3,1234567.89,0.00,document_number,1.0000,\n"))
        #expect(copied.contains("\nb8,FR7630006000011234567890189,2026-11-12,3700.00,EUR,Boulangerie Éloïse,,'=FACT F-135,F-135,3700.00,0.00,document_number,1.0000,3.21\n"))

        // An amount not as the reconcile stage writes it: the lines are read, and the report has it in that form.
        let stage = String(decoding: try AtomicFile.readBytes(path), as: UTF8.self)
        try AtomicFile.write(stage.replacingOccurrences(of: ",10.00,EUR,", with: ",10.0,EUR,"), to: path)
        #expect(try ReconciliationReport.copied(path, excel: false) == nil)
        // Rows out of order.
        try ReconciliationLine.write(Array(lines.reversed()), to: path)
        #expect(try ReconciliationReport.copied(path, excel: false) == nil)
    }
}
