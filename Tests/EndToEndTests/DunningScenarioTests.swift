import Foundation
import RelanceKit
import RelanceTestSupport
import Testing

/// Dunning over several days on a scenario inbox (a few Belgian customers on plan `standard-fr`):
/// the built executables, the journal and the outbox, checked event by event.
///
/// standard-fr: preventive J-10 (auto), reminder-1 J+3, reminder-2 J+13, reminder-3 J+20, call J+25,
/// formal-notice J+30 (registered letter, b2b_only), legal J+45; all manual but the first;
/// min_days_between 5; fallback letter; thank_you yes.
@Suite("Dunning scenarios, end to end", .serialized)
struct DunningScenarioTests {
    typealias Invoice = PipelineSandbox.Invoice

    /// `at step event` of a document's journal lines, in order.
    static func history(_ events: [JournalEvent], _ document: String) -> [String] {
        events.filter { $0.documents.contains(document) && $0.event != .rendered }.map { "\($0.at.iso) \($0.step) \($0.event.rawValue)" }
    }

    /// Runs the pipeline on each day, approving every pending action the same day.
    static func climb(_ box: PipelineSandbox, _ days: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for day in days {
            let run = try box.runPipeline(["--as-of", day])
            #expect(run.status == 0, "\(day): \(run.stderr)", sourceLocation: sourceLocation)
            let approve = try box.decideAll(asOf: day)
            #expect(approve.status == 0, "\(day): \(approve.stderr)", sourceLocation: sourceLocation)
        }
    }

    /// Every file of the outbox but the reports (which a re-run rewrites).
    static func outboxFiles(_ box: PipelineSandbox) -> [String: Data] {
        box.snapshot(box.outbox).filter { !$0.key.hasPrefix("reports/") }
    }

    static let sending: Set<JournalEvent.Kind> = [.rendered, .pending, .sentToOutbox, .approved]

    // MARK: - Thank-you after a withdrawal (invariant: a re-run sends nothing)

    @Test("paid while a reminder waits: the first run withdraws it and thanks; a re-run and the next day send nothing")
    func thankYouWhenPendingIsWithdrawn() throws {
        let box = try PipelineSandbox()
        let unpaid = Invoice("BE-9001", customer: "B9001", due: "2026-10-01", amount: "1000.00")
        try box.useScenarioInbox(customers: [PipelineSandbox.customer("B9001", name: "Payeur Tardif SRL", email: "compta@tardif.example")],
                                 invoices: [unpaid])
        try Self.climb(box, ["2026-10-04"])                       // reminder-1, approved: a reminder was sent
        #expect(try box.runPipeline(["--as-of", "2026-10-14"]).status == 0)  // reminder-2 waits for approval
        let waiting = try #require(try box.journal().first { $0.event == .pending && $0.step == "reminder-2" })
        #expect(box.names(in: "pending/mail") == [waiting.actionID + ".eml"])

        var paid = unpaid
        paid.open = "0.00"
        try box.writeOpenItems([paid])
        let first = try box.runPipeline(["--as-of", "2026-10-15"])
        #expect(first.status == 0, "\(first.stderr)")
        let events = try box.journal()
        let today = events.filter { $0.at.iso == "2026-10-15" && $0.customerID == "B9001" }
        let thanks = try #require(today.first { $0.step == Planner.thankYouStep && $0.event == .sentToOutbox })
        #expect(today.map { "\($0.actionID) \($0.step) \($0.event.rawValue) \($0.path)" } == [
            "\(waiting.actionID) reminder-2 withdrawn withdrawn/\(waiting.actionID).eml",
            "\(thanks.actionID) thank_you rendered mail/new/\(thanks.actionID).eml",
            "\(thanks.actionID) thank_you sent_to_outbox mail/new/\(thanks.actionID).eml",
        ])
        #expect(box.names(in: "pending/mail").isEmpty)
        #expect(box.names(in: "withdrawn") == [waiting.actionID + ".eml"])
        #expect(box.names(in: "mail/new").contains(thanks.actionID + ".eml"))
        let report = try box.csvRows(box.reports("2026-10-15") + "/actions.csv").filter { $0["customer_id"] == "B9001" }
        #expect(report.map { "\($0["step"]!) \($0["status"]!)" }.sorted() == ["reminder-2 withdrawn", "thank_you sent_to_outbox"])

        // The same as-of again: no journal line at all, not one outbox file changed.
        let outboxBefore = Self.outboxFiles(box)
        let second = try box.runPipeline(["--as-of", "2026-10-15"])
        #expect(second.status == 0, "\(second.stderr)")
        let afterSecond = try box.journal()
        #expect(afterSecond.count == events.count)
        #expect(afterSecond.dropFirst(events.count).filter { Self.sending.contains($0.event) }.isEmpty)
        #expect(Self.outboxFiles(box) == outboxBefore)

        // The next day: only the collector's digest of that day; the thank-you is not sent again.
        let mailBefore = box.names(in: "mail/new")
        #expect(try box.runPipeline(["--as-of", "2026-10-16"]).status == 0)
        let nextDay = try box.journal().dropFirst(afterSecond.count)
        #expect(nextDay.allSatisfy { $0.customerID == "collector" }, "\(nextDay.map(\.step))")
        #expect(nextDay.filter { $0.event == .sentToOutbox }.count == 1)
        #expect(box.names(in: "mail/new").subtracting(mailBefore).count == 1)
        #expect(try box.journal().filter { $0.step == Planner.thankYouStep && $0.event == .sentToOutbox }.count == 1)
    }

    // MARK: - A skipped B2B-only step counts as done for spacing

    @Test("a consumer's skipped formal notice is done that day: the legal step waits min_days_between after the skip")
    func skippedB2BStepIsSpaced() throws {
        let box = try PipelineSandbox()
        try box.useScenarioInbox(
            customers: [PipelineSandbox.customer("B9003", name: "Jean Dupont", email: "jean@dupont.example", segment: "consumer")],
            invoices: [Invoice("BE-9003", customer: "B9003", due: "2026-06-01", amount: "2500.00")])
        // A backlog: one step per run, five days apart; the call (2026-09-16) is sent without approval.
        try Self.climb(box, ["2026-09-01", "2026-09-06", "2026-09-11", "2026-09-16", "2026-09-17"])
        // 2026-09-21: five days after the call but four after the skip: nothing.
        try Self.climb(box, ["2026-09-21"])
        #expect(Self.history(try box.journal(), "BE-9003") == [
            "2026-09-01 preventive skipped",
            "2026-09-01 reminder-1 pending", "2026-09-01 reminder-1 approved", "2026-09-01 reminder-1 sent_to_outbox",
            "2026-09-06 reminder-2 pending", "2026-09-06 reminder-2 approved", "2026-09-06 reminder-2 sent_to_outbox",
            "2026-09-11 reminder-3 pending", "2026-09-11 reminder-3 approved", "2026-09-11 reminder-3 sent_to_outbox",
            "2026-09-16 call sent_to_outbox",
            "2026-09-17 formal-notice skipped",
        ])
        // 2026-09-22: five days after the skip, the legal hand-off.
        #expect(try box.runPipeline(["--as-of", "2026-09-22"]).status == 0)
        #expect(Self.history(try box.journal(), "BE-9003").suffix(2) == ["2026-09-17 formal-notice skipped", "2026-09-22 legal pending"])
        let skip = try #require(try box.journal().first { $0.event == .skipped && $0.step == "formal-notice" })
        #expect(skip.note == "step for businesses only: the customer is a consumer")
    }

    // MARK: - Legal dossiers wait in pending/legal

    @Test("a legal dossier waits in pending/legal/; approve moves it to legal/, reject and withdrawal to withdrawn/")
    func legalDossierApproval() throws {
        let box = try PipelineSandbox()
        let invoices = [Invoice("BE-9002", customer: "B9002", due: "2026-06-01", amount: "2000.00"),
                        Invoice("BE-9004", customer: "B9004", due: "2026-06-01", amount: "4000.00"),
                        Invoice("BE-9005", customer: "B9005", due: "2026-06-01", amount: "5000.00")]
        try box.useScenarioInbox(customers: ["B9002", "B9004", "B9005"].map {
            PipelineSandbox.customer($0, name: "Société \($0) SRL", email: "compta@\($0.lowercased()).example")
        }, invoices: invoices)
        try Self.climb(box, ["2026-09-01", "2026-09-06", "2026-09-11", "2026-09-16", "2026-09-21"])
        #expect(try box.runPipeline(["--as-of", "2026-09-26"]).status == 0)
        let legal = try box.journal().filter { $0.step == "legal" && $0.event == .pending }
        let ids = Dictionary(uniqueKeysWithValues: legal.map { ($0.customerID, $0.actionID) })
        let (approved, rejected, withdrawn) = (try #require(ids["B9002"]), try #require(ids["B9004"]), try #require(ids["B9005"]))
        #expect(legal.map(\.path).sorted() == [approved, rejected, withdrawn].map { "pending/legal/" + $0 }.sorted())
        #expect(box.names(in: "pending/legal") == [approved, rejected, withdrawn])
        #expect(box.names(in: "legal").isEmpty)
        for id in [approved, rejected, withdrawn] {
            #expect(box.names(in: "pending/legal/" + id).isSuperset(of: ["summary.pdf", "invoices.csv", "history.csv", "partner.txt"]))
        }

        let approve = try box.decideAll(asOf: "2026-09-26", [approved])
        #expect(approve.status == 0, "\(approve.stderr)")
        #expect(box.names(in: "legal") == [approved])
        #expect(box.names(in: "legal/" + approved).isSuperset(of: ["summary.pdf", "invoices.csv", "history.csv", "partner.txt"]))
        #expect(box.names(in: "pending/legal") == [rejected, withdrawn])
        let released = try box.journal().filter { $0.actionID == approved && $0.at.iso == "2026-09-26" }
        #expect(released.map { "\($0.event.rawValue) \($0.path)" } == [
            "rendered pending/legal/\(approved)", "pending pending/legal/\(approved)",
            "approved pending/legal/\(approved)", "sent_to_outbox legal/\(approved)",
        ])

        let reject = try box.decideAll(approve: false, asOf: "2026-09-26", [rejected])
        #expect(reject.status == 0, "\(reject.stderr)")
        #expect(box.names(in: "withdrawn") == [rejected])
        #expect(box.names(in: "withdrawn/" + rejected).contains("summary.pdf"))
        #expect(box.names(in: "pending/legal") == [withdrawn])
        #expect(try box.journal().last { $0.actionID == rejected }.map { "\($0.event.rawValue) \($0.path)" } == "rejected withdrawn/\(rejected)")

        // B9005 pays: the next run withdraws its dossier.
        var paid = invoices
        paid[2].open = "0.00"
        try box.writeOpenItems(paid)
        #expect(try box.runPipeline(["--as-of", "2026-09-27"]).status == 0)
        #expect(box.names(in: "pending/legal").isEmpty)
        #expect(box.names(in: "withdrawn") == [rejected, withdrawn])
        #expect(box.names(in: "withdrawn/" + withdrawn).contains("summary.pdf"))
        #expect(box.names(in: "legal") == [approved])
        let gone = try #require(try box.journal().last { $0.actionID == withdrawn })
        #expect("\(gone.at.iso) \(gone.event.rawValue) \(gone.path)" == "2026-09-27 withdrawn withdrawn/\(withdrawn)")
    }

    // MARK: - letters.csv after an approval

    @Test("approving a pending letter lists it in letters.csv at once")
    func approvedLetterIsListed() throws {
        let box = try PipelineSandbox()
        try box.useScenarioInbox(customers: [PipelineSandbox.customer("B9002", name: "Société B9002 SRL", email: "compta@b9002.example")],
                                 invoices: [Invoice("BE-9002", customer: "B9002", due: "2026-06-01", amount: "2000.00")])
        try Self.climb(box, ["2026-09-01", "2026-09-06", "2026-09-11", "2026-09-16"])
        #expect(try box.runPipeline(["--as-of", "2026-09-21"]).status == 0)
        let notice = try #require(try box.journal().first { $0.step == "formal-notice" && $0.event == .pending })
        #expect(notice.path == "pending/letters/\(notice.actionID).pdf")
        let list = box.outbox + "/letters/letters.csv"
        #expect(!FileManager.default.fileExists(atPath: list))

        let approve = try box.decideAll(asOf: "2026-09-21", [notice.actionID])
        #expect(approve.status == 0, "\(approve.stderr)")
        #expect(box.names(in: "letters") == ["letters.csv", notice.actionID + ".pdf"])
        let rows = try box.csvRows(list)
        try #require(rows.count == 1)
        let row = rows[0]
        #expect(row["action_id"] == notice.actionID)
        #expect(row["date"] == "2026-09-21")
        #expect(row["customer_id"] == "B9002")
        #expect(row["name"] == "Société B9002 SRL")
        #expect(row["address"] == "Rue Haute 1, 1000 Bruxelles, BE")
        #expect(row["registered"] == "yes")
        #expect(row["step"] == "formal-notice")
        #expect(row["currency"] == "EUR")
        #expect(row["path"] == "letters/\(notice.actionID).pdf")
        #expect(Int(row["pages"] ?? "") ?? 0 >= 1)
        // The next run rebuilds the same list.
        let bytes = box.text(list)
        #expect(try box.runPipeline(["--as-of", "2026-09-22"]).status == 0)
        #expect(box.text(list) == bytes)
    }

    // MARK: - A letter instead of an e-mail says so

    @Test("a customer without e-mail gets a letter, and actions.csv and the journal give the reason")
    func letterFallbackReason() throws {
        let box = try PipelineSandbox()
        try box.useScenarioInbox(customers: [
            PipelineSandbox.customer("B9006", name: "Sans Courriel SRL", email: ""),
            PipelineSandbox.customer("B9007", name: "Avec Courriel SRL", email: "compta@b9007.example"),
        ], invoices: [Invoice("BE-9006", customer: "B9006", due: "2026-10-01", amount: "600.00"),
                      Invoice("BE-9007", customer: "B9007", due: "2026-10-01", amount: "700.00")])
        #expect(try box.runPipeline(["--as-of", "2026-10-04"]).status == 0)
        let rows = try box.csvRows(box.reports("2026-10-04") + "/actions.csv").filter { $0["step"] == "reminder-1" }
        #expect(rows.map { "\($0["customer_id"]!) \($0["channel"]!) \($0["status"]!) \($0["reason"]!)" } == [
            "B9006 letter pending \(Planner.letterFallbackReason)",
            "B9007 email pending ",
        ])
        let letter = try #require(try box.journal().first { $0.customerID == "B9006" && $0.event == .pending })
        #expect(letter.note == Planner.letterFallbackReason)
        #expect(box.names(in: "pending/letters") == [letter.actionID + ".pdf"])

        // Approved, the letter keeps its reason.
        #expect(try box.decideAll(asOf: "2026-10-04").status == 0)
        let sent = try #require(try box.journal().last { $0.actionID == letter.actionID })
        #expect("\(sent.event.rawValue) \(sent.path) \(sent.note)" == "sent_to_outbox letters/\(letter.actionID).pdf \(Planner.letterFallbackReason)")
    }

    // MARK: - Penalties on held-back actions, and the figures of the day it was sent

    /// Plan `pen`: one formal notice at J+1 by registered letter, sent without approval, with penalties;
    /// one message per channel and run.
    static let penaltyPlan = """
        [plan]
        name = pen
        language = fr
        min_amount = 10.00
        max_per_customer_per_run = 1
        fallback = letter

        [step formal-notice]
        at = +1
        channel = registered_letter
        template = formal-notice
        approval = auto
        penalties = yes
        """

    /// The row of `id` in a report or list, as `amount_claimed interest indemnity status` (the columns it has).
    static func figures(_ rows: [[String: String]], _ id: String) -> String {
        guard let r = rows.first(where: { $0["action_id"] == id }) else { return "missing" }
        return ["amount_claimed", "interest", "indemnity", "status"].compactMap { r[$0] }.joined(separator: " ")
    }

    @Test("held back one day, sent the next: reports and letters.csv show the figures of the letter sent (141.04)")
    func heldBackThenSentKeepsSentFigures() throws {
        let box = try PipelineSandbox()
        try box.writePlan("pen", Self.penaltyPlan)
        try box.useScenarioInbox(customers: [PipelineSandbox.customer("B9010", name: "Deux Devises SRL", email: "compta@b9010.example", plan: "pen")],
                                 invoices: [Invoice("T-0007", customer: "B9010", due: "2026-02-15", amount: "100.00"),
                                            Invoice("T-0008", customer: "B9010", due: "2026-02-15", amount: "1000.00", currency: "USD")])
        // BE: ECB 2.15 + 8 rounded up to the half point = 10.50 % a year, €40 per invoice in euros.
        // 2026-03-22, 35 days: the USD letter goes first (1000.00 + 10.07); the EUR one is held back,
        // with its penalties: 100.00 × 10.5 % × 35 / 365 = 1.007 → 1.01, + 40.00.
        let first = try box.runPipeline(["--as-of", "2026-03-22"])
        #expect(first.status == 0, "\(first.stderr)")
        let held = try #require(try box.journal().first { $0.event == .heldBack && $0.documents == ["T-0007"] })
        #expect(held.note.contains("max_per_customer_per_run"))
        let usd = try #require(try box.journal().first { $0.event == .sentToOutbox && $0.documents == ["T-0008"] })
        let day1 = try box.csvRows(box.reports("2026-03-22") + "/actions.csv")
        #expect(Self.figures(day1, held.actionID) == "141.01 1.01 40.00 held_back")
        #expect(Self.figures(day1, usd.actionID) == "1010.07 10.07 0.00 sent_to_outbox")

        // 2026-03-23, 36 days: the EUR letter is sent, same id: 100.00 × 10.5 % × 36 / 365 = 1.036 → 1.04.
        let second = try box.runPipeline(["--as-of", "2026-03-23"])
        #expect(second.status == 0, "\(second.stderr)")
        let sent = try #require(try box.journal().first { $0.event == .sentToOutbox && $0.documents == ["T-0007"] })
        #expect(sent.actionID == held.actionID)
        #expect(sent.path == "letters/\(sent.actionID).pdf")
        let plan = try box.csvRows(box.work + "/2026-03-23/04-plan/actions.csv")
        #expect(Self.figures(plan, sent.actionID) == "141.04 1.04 40.00 planned")
        let day2 = try box.csvRows(box.reports("2026-03-23") + "/actions.csv")
        #expect(Self.figures(day2, sent.actionID) == "141.04 1.04 40.00 sent_to_outbox")
        let letters = try box.csvRows(box.outbox + "/letters/letters.csv")
        #expect(Self.figures(letters, sent.actionID) == "141.04")
        #expect(Self.figures(letters, usd.actionID) == "1010.07")

        // A later run changes nothing of what was sent: the sent letter keeps the figures of its day.
        #expect(try box.runPipeline(["--as-of", "2026-03-30"]).status == 0)
        #expect(Self.figures(try box.csvRows(box.outbox + "/letters/letters.csv"), sent.actionID) == "141.04")
        let registry = try ActionRegistry(path: box.state + "/actions.csv")
        #expect(registry.actions[sent.actionID]?.amountClaimed.machineString == "141.04")
    }

    @Test("min_amount counts the penalties: 5.00 + 0.05 interest + 40.00 indemnity = 45.05 is sent, not held back")
    func minAmountCountsPenalties() throws {
        let box = try PipelineSandbox()
        try box.writePlan("pen", Self.penaltyPlan)
        try box.useScenarioInbox(customers: [PipelineSandbox.customer("B9011", name: "Petit Montant SRL", email: "compta@b9011.example", plan: "pen")],
                                 invoices: [Invoice("T-0005", customer: "B9011", due: "2026-02-15", amount: "5.00")])
        // 5.00 × 10.5 % × 35 / 365 = 0.050 → 0.05.
        let run = try box.runPipeline(["--as-of", "2026-03-22"])
        #expect(run.status == 0, "\(run.stderr)")
        let events = try box.journal().filter { $0.customerID == "B9011" }
        #expect(events.map(\.event) == [.rendered, .sentToOutbox], "\(events.map(\.note))")
        let id = try #require(events.first?.actionID)
        #expect(Self.figures(try box.csvRows(box.reports("2026-03-22") + "/actions.csv"), id) == "45.05 0.05 40.00 sent_to_outbox")
        #expect(Self.figures(try box.csvRows(box.outbox + "/letters/letters.csv"), id) == "45.05")
    }
}
