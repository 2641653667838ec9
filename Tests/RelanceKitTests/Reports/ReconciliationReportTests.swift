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
}
