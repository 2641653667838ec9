import Foundation
import Testing
@testable import RelanceKit
import RelanceTestSupport

/// The reconcile stage as a run drives it: ingest, reconcile, then the state update of the report stage.
enum ReconcileStageRun {
    static let ibanFR = "FR7630006000011234567890189"
    static let ibanBE = "BE68539007547034"

    /// Two entities: FR keeps the pipeline's tolerance (5.00), BE may be given its own.
    static func box(beKeys: KeyValuePairs<String, String> = [:], files: [InboxBuilder.File]) throws -> InboxBuilder {
        var be: [(String, String)] = [("iban", ibanBE)]
        for (k, v) in beKeys { be.append((k, v)) }
        var entity = InboxBuilder.Entity("BE")
        entity.keys = be
        return try InboxBuilder(entities: [.init("FR", ["iban": ibanFR]), entity], files: files)
    }

    struct Outcome {
        var lines: [ReconciliationLine]
        var allocations: [Allocation]
        var open: [OpenItem]
        var writeOffs: [WriteOff]
        var summary: [(String, JSONValue)]
        var folder: String

        func value(_ key: String) -> JSONValue? { summary.first { $0.0 == key }?.1 }
        func open(_ document: String) -> String? { open.first { $0.document == document }?.openAmount.machineString }
    }

    static func run(_ box: InboxBuilder, asOf: String = "2026-11-20", dryRun: Bool = false) throws -> Outcome {
        let ctx = RunContext(config: try box.loadConfig(), asOf: CivilDate(iso: asOf)!, dryRun: dryRun, quiet: true)
        _ = try IngestStage.run(ctx)
        let outcome = try ReconcileStage.run(ctx)
        if !dryRun { try ReconcileStage.updateState(ctx) }
        let folder = ctx.stageDirectory(.reconcile)
        return Outcome(lines: try ReconciliationLine.read(folder + "/" + ReconcileStage.reconciliationFile),
                       allocations: try Allocation.read(folder + "/" + ReconcileStage.allocationsFile),
                       open: try OpenItem.read(folder + "/" + ReconcileStage.openItemsFile),
                       writeOffs: try WriteOff.read(folder + "/" + ReconcileStage.writeOffsFile),
                       summary: outcome.summary, folder: folder)
    }

    static let openItemsHeader = "entity,document,customer_id,amount,document_date,due_date,currency,payment_ref\n"
    static let bankHeader = "account,booking_date,amount,currency,payer_name,payer_iban,remittance,bank_reference\n"
}

@Suite("The reconcile stage")
struct ReconcileStageTests {
    @Test("`tolerance` in an [entity] section replaces [matching]'s for that entity's documents only")
    func entityTolerance() throws {
        let box = try ReconcileStageRun.box(beKeys: ["tolerance": "10.00"], files: [
            .text("open-items.csv", ReconcileStageRun.openItemsHeader
                + "BE,W3,K4,2500.00,2026-09-01,2026-10-01,EUR,\n"
                + "FR,F3,C4,2500.00,2026-09-01,2026-10-01,EUR,\n"),
            .text("bank.csv", ReconcileStageRun.bankHeader
                + "\(ReconcileStageRun.ibanBE),2026-11-08,2494.00,EUR,X,,W3,R11\n"
                + "\(ReconcileStageRun.ibanFR),2026-11-08,2494.00,EUR,X,,F3,R12\n"),
        ])
        defer { box.remove() }
        let config = try box.loadConfig()
        #expect(config.entities.map(\.toleranceHundredths) == [nil, 10_00])
        #expect(config.toleranceHundredths(entity: "BE") == 10_00)
        #expect(config.toleranceHundredths(entity: "FR") == 5_00)

        let r = try ReconcileStageRun.run(box)
        // BE: 6.00 short, within its own 10.00: closed and reported as a write-off.
        #expect(r.writeOffs.map { "\($0.entity) \($0.document) \($0.amount.machineString)" } == ["BE W3 6.00"])
        #expect(r.lines.map { $0.writeOff.machineString } == ["6.00", "0.00"])
        #expect(r.open("W3") == nil)
        // FR: 6.00 short is beyond the pipeline's 5.00: a partial payment.
        #expect(r.open("F3") == "6.00")
    }

    @Test("an entity's tolerance that is not an amount is a conf error on its line")
    func entityToleranceError() throws {
        let box = try ReconcileStageRun.box(beKeys: ["tolerance": "dix euros"], files: [])
        defer { box.remove() }
        var errors: [ConfError] = []
        let config = try #require(PipelineConfig.load(box.confPath, errors: &errors))
        #expect(errors.map(\.description) == ["\(box.confPath):13: error: tolerance must be an amount such as 5.00, found `dix euros`"])
        #expect(config.entities.map(\.toleranceHundredths) == [nil, nil])
    }

    @Test("credits are counted and added up per currency as matched, partial or unmatched")
    func matchedPartialUnmatched() throws {
        let fr = ReconcileStageRun.ibanFR
        let box = try ReconcileStageRun.box(files: [
            .text("open-items.csv", ReconcileStageRun.openItemsHeader
                + "FR,F1,C1,100.00,2026-09-01,2026-10-01,EUR,\n"
                + "FR,F2,C1,200.00,2026-09-01,2026-10-01,EUR,\n"
                + "FR,F3,C2,300.00,2026-09-01,2026-10-01,EUR,\n"
                + "FR,F4,C3,50.00,2026-09-01,2026-10-01,USD,\n"
                + "FR,F5,C4,40.00,2026-09-01,2026-10-01,EUR,\n"),
            .text("bank.csv", ReconcileStageRun.bankHeader
                + "\(fr),2026-11-02,100.00,EUR,X,,F1,R1\n"        // settles F1: matched
                + "\(fr),2026-11-02,250.00,EUR,X,,F2,R2\n"        // settles F2, 50.00 left on C1: matched
                + "\(fr),2026-11-02,100.00,EUR,X,,F3,R3\n"        // 200.00 of F3 left open: partial
                + "\(fr),2026-11-05,200.00,EUR,X,,F3 solde,R4\n"  // the rest of F3: matched
                + "\(fr),2026-11-03,20.00,USD,X,,F4,R5\n"         // 30.00 of F4 left open: partial, in USD
                + "\(fr),2026-11-03,77.00,EUR,X,,divers,R6\n"     // unmatched
                + "\(fr),2026-11-04,40.00,EUR,DELTA,,F5,R7\n"     // reversed: in none of the three
                + "\(fr),2026-11-06,-40.00,EUR,DELTA,,RETOUR F5,R8\n"),
        ])
        defer { box.remove() }
        let r = try ReconcileStageRun.run(box)
        #expect(r.open("F3") == nil)
        #expect(r.open("F4") == "30.00")
        let summary = JSONValue.object(Array(r.summary.prefix(8))).text()
        #expect(summary == """
            {
              "bank_credits": 7,
              "bank_lines_from_state": 0,
              "already_booked": 0,
              "matched": 3,
              "partial": 2,
              "unmatched": 1,
              "amounts": [
                {
                  "currency": "EUR",
                  "matched": "550.00",
                  "partial": "100.00",
                  "unmatched": "77.00"
                },
                {
                  "currency": "USD",
                  "matched": "0.00",
                  "partial": "20.00",
                  "unmatched": "0.00"
                }
              ],
              "allocations": 5
            }

            """)
        #expect(r.value("reversals") == .integer(2))
    }

    @Test("manual matches are remembered in the state: applied once matches.csv has left the inbox, the inbox's row winning")
    func rememberedManualMatches() throws {
        let fr = ReconcileStageRun.ibanFR
        let box = try ReconcileStageRun.box(files: [
            .text("open-items.csv", ReconcileStageRun.openItemsHeader
                + "FR,M1,C1,100.00,2026-09-01,2026-10-01,EUR,\n"
                + "FR,M2,C1,100.00,2026-09-01,2026-10-01,EUR,\n"
                + "FR,M4,C1,300.00,2026-09-01,2026-10-01,EUR,\n"),
            .text("bank.csv", ReconcileStageRun.bankHeader
                + "\(fr),2026-11-03,100.00,EUR,X,,paiement,R1\n"
                + "\(fr),2026-11-04,300.00,EUR,X,,divers,R2\n"),
        ])
        defer { box.remove() }
        let state = box.state + "/manual-matches.csv"
        let text = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        let allocated = { (r: ReconcileStageRun.Outcome) in r.allocations.map { "\($0.bankLineID) \($0.document) \($0.amount.machineString) \($0.rule.rawValue)" } }

        // Nothing the engine can match: the ids come from the reconciliation.
        let r0 = try ReconcileStageRun.run(box, asOf: "2026-11-19")
        #expect(r0.lines.map(\.rule) == [.unmatched, .unmatched])
        let (l1, l2) = (r0.lines[0].line.id, r0.lines[1].line.id)
        #expect(text(state) == "bank_line_id,entity,documents,amounts,source_file,source_line,learned_in_run\n")

        // Finance's decisions, applied and remembered with the as-of that saw them.
        try AtomicFile.write("bank_line_id,documents,amounts\n\(l1),M1,\n\(l2),M4,200.00\n", to: box.inbox + "/matches.csv")
        let r1 = try ReconcileStageRun.run(box)
        #expect(allocated(r1) == ["\(l1) M1 100.00 manual", "\(l2) M4 200.00 manual"])
        let remembered = "bank_line_id,entity,documents,amounts,source_file,source_line,learned_in_run\n"
            + [(l1, "FR,M1,,matches.csv,2"), (l2, "FR,M4,20000,matches.csv,3")].sorted { $0.0 < $1.0 }
                .map { "\($0.0),\($0.1),2026-11-20\n" }.joined()
        #expect(text(state) == remembered)

        // matches.csv leaves the inbox: the next as-of applies the same, and a second run of it gives the same bytes.
        try FileManager.default.removeItem(atPath: box.inbox + "/matches.csv")
        let r2 = try ReconcileStageRun.run(box, asOf: "2026-11-21")
        #expect(allocated(r2) == allocated(r1))
        #expect(r2.open("M4") == "100.00")
        #expect(text(state) == remembered)
        let reconciliation = text(r2.folder + "/" + ReconcileStage.reconciliationFile)
        _ = try ReconcileStageRun.run(box, asOf: "2026-11-21")
        #expect(text(r2.folder + "/" + ReconcileStage.reconciliationFile) == reconciliation)

        // A new matches.csv naming l1 with other documents wins over the state; l2 keeps the state's match.
        try AtomicFile.write("bank_line_id,documents\n\(l1),M2\n", to: box.inbox + "/matches.csv")
        let r3 = try ReconcileStageRun.run(box, asOf: "2026-11-23")
        #expect(allocated(r3) == ["\(l1) M2 100.00 manual", "\(l2) M4 200.00 manual"])
        #expect(text(state).contains("\(l1),FR,M1,,matches.csv,2,2026-11-20\n\(l1),FR,M2,,matches.csv,2,2026-11-23\n"))

        // A replay of the 21st without matches.csv sees the version of its day, not the 23rd's.
        try FileManager.default.removeItem(atPath: box.inbox + "/matches.csv")
        let replay = try ReconcileStageRun.run(box, asOf: "2026-11-21")
        #expect(text(replay.folder + "/" + ReconcileStage.reconciliationFile) == reconciliation)

        // A dry run never writes the state.
        let before = text(state)
        try AtomicFile.write("bank_line_id,documents\n\(l2),M1\n", to: box.inbox + "/matches.csv")
        let dry = try ReconcileStageRun.run(box, asOf: "2026-11-24", dryRun: true)
        #expect(allocated(dry) == ["\(l1) M2 100.00 manual", "\(l2) M1 100.00 manual"])
        #expect(text(state) == before)
    }

    @Test("the state's versions of a match: the latest on or before the as-of is used; the inbox's new versions are stamped")
    func rememberedMatchVersions() {
        let d = { (s: String) in CivilDate(iso: s)! }
        let a1 = ManualMatch(bankLineID: "a", entity: "FR", documents: ["F1"])
        let a2 = ManualMatch(bankLineID: "a", entity: "FR", documents: ["F2"])
        let b = ManualMatch(bankLineID: "b", entity: "FR", documents: ["F3"], amounts: [150_00])
        let state = [RememberedMatch(a1, learnedInRun: d("2026-11-20")), RememberedMatch(a2, learnedInRun: d("2026-11-25")),
                     RememberedMatch(b, learnedInRun: d("2026-11-22"))]
        #expect(RememberedMatch.usable(state, asOf: d("2026-11-19")) == [:])
        #expect(RememberedMatch.usable(state, asOf: d("2026-11-22")) == ["a": a1, "b": b])
        #expect(RememberedMatch.usable(state, asOf: d("2026-11-30")) == ["a": a2, "b": b])
        // The inbox's row wins for its bank line; the state's others follow, by id.
        let c = ManualMatch(bankLineID: "c", entity: "FR", documents: ["F4"])
        let inboxB = ManualMatch(bankLineID: "b", entity: "FR", documents: ["F5"])
        let ledger = ["F1", "F2", "F3"].map {
            OpenItem(entity: "FR", document: $0, customerID: "C1", kind: .invoice, documentDate: d("2026-09-01"), dueDate: d("2026-10-01"),
                     amount: Money(minorUnits: 100_00, currency: .eur), openAmount: Money(minorUnits: 100_00, currency: .eur))
        }
        #expect(RememberedMatch.applied(inbox: [inboxB, c], state: state, asOf: d("2026-11-22"), ledger: ledger) == [inboxB, c, a1])
        #expect(RememberedMatch.applied(inbox: [], state: state, asOf: d("2026-11-22"), ledger: ledger) == [a1, b])
        // A remembered match of documents the ledger no longer holds is left out: the line goes to the automatic rules.
        #expect(RememberedMatch.applied(inbox: [], state: state, asOf: d("2026-11-22"), ledger: Array(ledger.prefix(2))) == [a1])
        // The same decision again (from another row) keeps its stamp; a changed one is a new version.
        var moved = a1
        moved.sourceLine = 9
        #expect(RememberedMatch.nextState(state: state, inbox: [moved], asOf: d("2026-11-23")) == state.sorted {
            ($0.match.bankLineID, $0.learnedInRun) < ($1.match.bankLineID, $1.learnedInRun)
        })
        #expect(RememberedMatch.nextState(state: state, inbox: [inboxB, c], asOf: d("2026-11-23")) == [
            RememberedMatch(a1, learnedInRun: d("2026-11-20")), RememberedMatch(a2, learnedInRun: d("2026-11-25")),
            RememberedMatch(b, learnedInRun: d("2026-11-22")), RememberedMatch(inboxB, learnedInRun: d("2026-11-23")),
            RememberedMatch(c, learnedInRun: d("2026-11-23")),
        ])
        // A re-run of the 23rd whose matches.csv changed replaces that day's version.
        let again = RememberedMatch.nextState(state: RememberedMatch.nextState(state: state, inbox: [c], asOf: d("2026-11-23")),
                                              inbox: [ManualMatch(bankLineID: "c", entity: "FR", documents: ["F6"])], asOf: d("2026-11-23"))
        #expect(again.filter { $0.match.bankLineID == "c" }.map(\.match.documents) == [["F6"]])
    }
}
