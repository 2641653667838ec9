import Foundation
import Testing
@testable import RelanceKit
import RelanceTestSupport

private func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

/// Ingest and reconcile for one as-of, then the state update the report stage makes.
private func reconcileRun(_ box: InboxBuilder, asOf: String) throws -> (lines: [ReconciliationLine], allocations: [Allocation],
                                                                         open: [OpenItem], kept: [CarriedBankLine]) {
    let ctx = RunContext(config: try box.loadConfig(), asOf: day(asOf), quiet: true)
    _ = try IngestStage.run(ctx)
    _ = try ReconcileStage.run(ctx)
    try ReconcileStage.updateState(ctx)
    let folder = ctx.stageDirectory(.reconcile)
    return (try ReconciliationLine.read(folder + "/" + ReconcileStage.reconciliationFile),
            try Allocation.read(folder + "/" + ReconcileStage.allocationsFile),
            try OpenItem.read(folder + "/" + ReconcileStage.openItemsFile),
            try CarriedBankLine.read(ReconcileStage.stateAfterCutoffPath(ctx.config)))
}

@Suite("Bank lines after the cut-off kept in the state")
struct CarriedBankLineTests {
    static let ledger = "N° facture;Code client;Raison sociale;Date facture;Échéance;Montant TTC;Reste dû\n"
        + "F2026-0142;C10;Boulangerie Dupré SARL;01/10/2026;31/10/2026;1 000,00;1 000,00\n"
        + "F2026-0143;C11;Café Léon;05/10/2026;04/11/2026;450,00;300,00\n"
    static let november = "Date opération;Libellé;Montant\n"
        + "28/10/2026;VIR SEPA RECU /DE CAFE LEON /MOTIF F2026-0143 ACOMPTE;150,00\n"
        + "05/11/2026;VIR SEPA RECU /DE BOULANGERIE DUPRE /MOTIF F2026-0142;1 000,00\n"
    static let lateNovember = "Date opération;Libellé;Montant\n"
        + "20/11/2026;VIR SEPA RECU /DE CAFE LEON /MOTIF SOLDE F2026-0143;300,00\n"

    static func conf(_ box: InboxBuilder, cutoff: String) throws {
        let text = try String(contentsOfFile: box.confPath, encoding: .utf8)
        let updated = text.replacingOccurrences(of: #"bank_booked_until = \d{4}-\d{2}-\d{2}"#,
                                                with: "bank_booked_until = " + cutoff, options: .regularExpression)
        try updated.write(toFile: box.confPath, atomically: true, encoding: .utf8)
    }

    @Test("an archived statement's credit keeps settling its invoice until a newer ledger's cut-off passes it")
    func threeRuns() throws {
        let box = try InboxBuilder(entities: [.init("FR", ["iban": "FR7630006000011234567890189", "bank_booked_until": "2026-10-31"])],
                                   files: [.text("ledger.csv", Self.ledger), .text("banque/releve-2026-11.csv", Self.november)])
        defer { box.remove() }
        let fm = FileManager.default

        // Run 1: the 28/10 credit is in the ledger already; the 05/11 one settles F2026-0142.
        let r1 = try reconcileRun(box, asOf: "2026-11-20")
        #expect(r1.lines.map(\.rule) == [.alreadyBooked, .documentNumber])
        #expect(r1.allocations.map { "\($0.document) \($0.amount.machineString)" } == ["F2026-0142 1000.00"])
        #expect(r1.open.map { "\($0.document) \($0.openAmount.machineString)" } == ["F2026-0143 300.00"])
        #expect(r1.kept.map(\.line.bookingDate) == [day("2026-11-05")])
        #expect(r1.kept.map(\.fromCAMT) == [false])

        // Run 2: finance archived the statement and dropped the next one; the ledger is the same.
        try fm.createDirectory(atPath: box.inbox + "/archive", withIntermediateDirectories: true)
        try fm.moveItem(atPath: box.inbox + "/banque/releve-2026-11.csv", toPath: box.inbox + "/archive/releve-2026-11.csv")
        try Data(Self.lateNovember.utf8).write(to: URL(fileURLWithPath: box.inbox + "/banque/releve-2026-11-b.csv"))
        let r2 = try reconcileRun(box, asOf: "2026-11-27")
        #expect(r2.lines.map(\.line.bookingDate) == [day("2026-11-05"), day("2026-11-20")])
        #expect(r2.lines.map(\.rule) == [.documentNumber, .documentNumber])
        #expect(r2.lines[0].line.id == r1.lines[1].line.id)
        #expect(r2.lines[0].note == "banque/releve-2026-11.csv is no longer in the inbox: kept from the state while booked after the bank cut-off")
        #expect(r2.lines[1].note == "")
        #expect(r2.allocations.map { "\($0.document) \($0.amount.machineString)" } == ["F2026-0142 1000.00", "F2026-0143 300.00"])
        #expect(r2.open.isEmpty)
        #expect(r2.kept.map(\.line.bookingDate) == [day("2026-11-05"), day("2026-11-20")])

        // Run 3: a newer ledger books the bank up to 10/11 (F2026-0142 is settled in it): the kept 05/11 line
        // leaves the state; the 20/11 one still counts.
        try Self.conf(box, cutoff: "2026-11-10")
        try Data((Self.ledger.split(separator: "\n").filter { !$0.hasPrefix("F2026-0142") }.joined(separator: "\n") + "\n").utf8)
            .write(to: URL(fileURLWithPath: box.inbox + "/ledger.csv"))
        let r3 = try reconcileRun(box, asOf: "2026-11-30")
        #expect(r3.lines.map(\.line.bookingDate) == [day("2026-11-20")])
        #expect(r3.allocations.map { "\($0.document) \($0.amount.machineString)" } == ["F2026-0143 300.00"])
        #expect(r3.open.isEmpty)
        #expect(r3.kept.map(\.line.bookingDate) == [day("2026-11-20")])
    }

    static func line(_ id: String, _ file: String, _ date: String, _ text: String) -> BankLine {
        BankLine(id: id, entity: "BE", account: "BE68539007547034", bookingDate: day(date),
                 amount: Money(minorUnits: 1815_00, currency: .eur), remittance: text, sourceFile: file, sourceLine: 2)
    }

    @Test("merge: a kept CAMT line stands for today's CSV line of the same transaction; a line still in the inbox counts once")
    func merge() {
        let camt = CarriedBankLine(line: Self.line("camt-1", "bank/extrait-211.xml", "2026-11-04", "+++090/9337/55493+++"), fromCAMT: true)
        let csvToday = Self.line("csv-1", "bank/belfius.csv", "2026-11-04", "090/9337/55493")
        let other = Self.line("csv-2", "bank/belfius.csv", "2026-11-06", "F2026-0150")
        let m = CarriedBankLine.merge(today: [csvToday, other], todayCAMTFiles: [], kept: [camt, CarriedBankLine(line: other, fromCAMT: false)],
                                      cutoffs: ["BE": day("2026-10-31")], entities: ["BE"])
        #expect(m.lines.map(\.id) == ["camt-1", "csv-2"])
        #expect(m.reapplied == ["camt-1"])
        #expect(m.linesToKeep().map(\.line.id) == ["camt-1", "csv-2"])
        #expect(m.linesToKeep().map(\.fromCAMT) == [true, false])

        // The cut-off reached, or the entity gone: the kept line is dropped.
        let passed = CarriedBankLine.merge(today: [], todayCAMTFiles: [], kept: [camt], cutoffs: ["BE": day("2026-11-04")], entities: ["BE"])
        #expect(passed.lines.isEmpty && passed.linesToKeep().isEmpty)
        let gone = CarriedBankLine.merge(today: [], todayCAMTFiles: [], kept: [camt], cutoffs: [:], entities: ["FR"])
        #expect(gone.lines.isEmpty && gone.linesToKeep().isEmpty)
        // No cut-off: every line counts, and is kept.
        let none = CarriedBankLine.merge(today: [], todayCAMTFiles: [], kept: [camt], cutoffs: [:], entities: ["BE"])
        #expect(none.lines.map(\.id) == ["camt-1"] && none.linesToKeep().count == 1)
    }

    @Test("a CAMT line kept under the id of a state before REF#1 is today's line of the same transaction: not re-applied")
    func keptUnderTheOldID() {
        var old = Self.line("old-id", "bank/extrait-211.xml", "2026-11-04", "paiement")
        old.bankRef = "C2"
        // Today's ids are made from the line (`BankLineID`), as the ingest stage makes them.
        var today = Self.line("new-id", "bank/extrait-211.xml", "2026-11-04", "paiement")
        today.bankRef = "C2#1"
        today.id = BankLineID.base(of: today)
        let m = CarriedBankLine.merge(today: [today], todayCAMTFiles: ["bank/extrait-211.xml"], kept: [CarriedBankLine(line: old, fromCAMT: true)],
                                      cutoffs: [:], entities: ["BE"])
        #expect(m.lines.map(\.id) == [today.id])
        #expect(m.reapplied.isEmpty)
        // Another transaction of the entry (`C2#2`), or a line the CSV export gave, is still re-applied.
        today.bankRef = "C2#2"
        today.id = BankLineID.base(of: today)
        let other = CarriedBankLine.merge(today: [today], todayCAMTFiles: ["bank/extrait-211.xml"], kept: [CarriedBankLine(line: old, fromCAMT: true)],
                                          cutoffs: [:], entities: ["BE"])
        #expect(other.lines.map(\.id).sorted() == [today.id, "old-id"].sorted())
        today.bankRef = "C2#1"
        today.id = BankLineID.base(of: today)
        let fromCSV = CarriedBankLine.merge(today: [today], todayCAMTFiles: [], kept: [CarriedBankLine(line: old, fromCAMT: false)],
                                            cutoffs: [:], entities: ["BE"])
        #expect(fromCSV.lines.map(\.id).sorted() == [today.id, "old-id"].sorted())
    }
}
