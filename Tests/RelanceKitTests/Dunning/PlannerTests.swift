import Foundation
import Testing
@testable import RelanceKit

/// Builders shared by the planner tests: the demo's conf and plan, as-of 2026-11-20.
enum PlannerFixture {
    static let asOf = CivilDate(year: 2026, month: 11, day: 20)!

    static func config() throws -> PipelineConfig {
        try PipelineConfig.load(DunningTestPaths.demo)
    }

    static func plan(_ edit: (inout DunningPlan) -> Void = { _ in }) throws -> [String: DunningPlan] {
        var p = try DunningPlan.load(path: DunningTestPaths.standardPlan)
        edit(&p)
        return [p.name: p]
    }

    static let withEmail = Customer(entity: "FR", id: "C1", name: "Client Un", emails: [MailAddress(displayName: nil, address: "ap@c1.example")])
    static let withoutEmail = Customer(entity: "FR", id: "C2", name: "Client Deux")

    /// An item of entity FR whose due date is `days` before the as-of (negative: not yet due).
    static func item(_ document: String, customer: String = "C1", daysOverdue days: Int, open: Int64, amount: Int64? = nil,
                     kind: DocumentKind = .invoice, currency: Currency = .eur, status: ItemStatus = .open) -> AgedItem {
        let due = asOf.adding(days: -days)
        let item = OpenItem(entity: "FR", document: document, customerID: customer, kind: kind,
                            documentDate: due.adding(days: -30), dueDate: due,
                            amount: Money(minorUnits: amount ?? open, currency: currency),
                            openAmount: Money(minorUnits: open, currency: currency))
        return AgedItem(item: item, daysOverdue: days, bucket: "", status: status)
    }

    static func planner(history: [DocumentKey: DocumentDunningState] = [:], withdrawn: Set<String> = [],
                        plans: [String: DunningPlan]? = nil, customers: [Customer] = [withEmail, withoutEmail]) throws -> Planner {
        var p = Planner(asOf: asOf, plans: try plans ?? plan(), config: try config(), customers: CustomerDirectory(customers),
                        history: history, withdrawn: withdrawn)
        // The demo's reference rates, for the steps that claim penalties.
        p.rates = try ReferenceRates.load(path: try config().ratesPath!)
        return p
    }

    /// `status step channel [doc@step,…]`
    static func describe(_ a: Action) -> String {
        "\(a.status.rawValue) \(a.step) \(a.channel.rawValue) [\(a.lines.map { "\($0.document)@\($0.step)" }.joined(separator: ","))]"
    }

    /// The history of one document: step → days ago it was done (sent), plus skipped and pending steps.
    /// `done`: steps sent, days ago; `skipped` and `rejected` (by the collector) likewise, as the journal
    /// gives them: done, but never received.
    static func history(_ document: String, done: [String: Int] = [:], skipped: [String: Int] = [:], rejected: [String: Int] = [:],
                        pending: [String: String] = [:]) -> [DocumentKey: DocumentDunningState] {
        var s = DocumentDunningState()
        for (step, ago) in done {
            s.done[step] = asOf.adding(days: -ago)
            s.contacted.insert(step)
        }
        for (step, ago) in rejected { s.done[step] = asOf.adding(days: -ago) }
        for (step, ago) in skipped {
            s.done[step] = asOf.adding(days: -ago)
            s.skipped.insert(step)
        }
        s.pending = pending
        return [DocumentKey(entity: "FR", document: document): s]
    }
}

@Suite("Planner")
struct PlannerTests {
    typealias F = PlannerFixture

    struct StepTimingCase: CustomTestStringConvertible, Sendable {
        let name: String
        let daysOverdue: Int
        /// Step → days ago it was sent.
        var done: [String: Int] = [:]
        var skipped: [String: Int] = [:]
        var pending: [String: String] = [:]
        let expected: [String]
        var testDescription: String { name }
    }

    static let timingCases: [StepTimingCase] = [
        StepTimingCase(name: "J-11: nothing yet", daysOverdue: -11, expected: []),
        StepTimingCase(name: "J-10: the preventive notice", daysOverdue: -10,
                       expected: ["planned preventive email [F1@preventive]"]),
        StepTimingCase(name: "J-1: the preventive notice if not sent", daysOverdue: -1,
                       expected: ["planned preventive email [F1@preventive]"]),
        StepTimingCase(name: "J0 (due date, not overdue): preventive still due", daysOverdue: 0,
                       expected: ["planned preventive email [F1@preventive]"]),
        StepTimingCase(name: "J0 with the preventive sent: nothing", daysOverdue: 0, done: ["preventive": 10], expected: []),
        StepTimingCase(name: "J+1 preventive not sent: skipped, reminder-1 not yet (+3)", daysOverdue: 1,
                       expected: ["skipped preventive email [F1@preventive]"]),
        StepTimingCase(name: "J+1 preventive sent: nothing", daysOverdue: 1, done: ["preventive": 11], expected: []),
        StepTimingCase(name: "J+2 preventive sent: nothing", daysOverdue: 2, done: ["preventive": 12], expected: []),
        StepTimingCase(name: "J+3 preventive sent: reminder-1", daysOverdue: 3, done: ["preventive": 13],
                       expected: ["planned reminder-1 email [F1@reminder-1]"]),
        StepTimingCase(name: "J+3 first run: preventive skipped and reminder-1 the same day", daysOverdue: 3,
                       expected: ["planned reminder-1 email [F1@reminder-1]", "skipped preventive email [F1@preventive]"]),
        StepTimingCase(name: "J+3 preventive skipped today: no spacing, reminder-1", daysOverdue: 3, skipped: ["preventive": 0],
                       expected: ["planned reminder-1 email [F1@reminder-1]"]),
        StepTimingCase(name: "J+90 backlog on a first run: only reminder-1", daysOverdue: 90,
                       expected: ["planned reminder-1 email [F1@reminder-1]", "skipped preventive email [F1@preventive]"]),
        StepTimingCase(name: "J+90 backlog, preventive skipped before: only reminder-1", daysOverdue: 90, skipped: ["preventive": 40],
                       expected: ["planned reminder-1 email [F1@reminder-1]"]),
        StepTimingCase(name: "J+13 reminder-1 sent 4 days ago: spacing holds", daysOverdue: 13,
                       done: ["preventive": 23, "reminder-1": 4], expected: []),
        StepTimingCase(name: "J+13 reminder-1 sent 5 days ago: reminder-2", daysOverdue: 13,
                       done: ["preventive": 23, "reminder-1": 5], expected: ["planned reminder-2 email [F1@reminder-2]"]),
        StepTimingCase(name: "J+12 reminder-1 sent 9 days ago: reminder-2 not yet (+13)", daysOverdue: 12,
                       done: ["preventive": 22, "reminder-1": 9], expected: []),
        StepTimingCase(name: "J+60 reminder-1 sent 5 days ago: one step only, reminder-2", daysOverdue: 60,
                       done: ["preventive": 70, "reminder-1": 5], expected: ["planned reminder-2 email [F1@reminder-2]"]),
        StepTimingCase(name: "J+25 reminder-3 sent 5 days ago: the call", daysOverdue: 25,
                       done: ["preventive": 35, "reminder-1": 22, "reminder-2": 12, "reminder-3": 5],
                       expected: ["planned call call [F1@call]"]),
        StepTimingCase(name: "J+30 call made 5 days ago: formal notice by registered letter", daysOverdue: 30,
                       done: ["preventive": 40, "reminder-1": 27, "reminder-2": 17, "reminder-3": 10, "call": 5],
                       expected: ["planned formal-notice registered_letter [F1@formal-notice]"]),
        StepTimingCase(name: "a pending reminder-1 holds the invoice", daysOverdue: 20, done: ["preventive": 30],
                       pending: ["reminder-1": "0123456789ab"], expected: []),
        StepTimingCase(name: "every step done: nothing", daysOverdue: 100,
                       done: ["preventive": 110, "reminder-1": 97, "reminder-2": 87, "reminder-3": 80, "call": 75,
                              "formal-notice": 70, "legal": 55], expected: []),
    ]

    @Test("when a step fires (dunning.md)", arguments: timingCases)
    func stepTiming(_ c: StepTimingCase) throws {
        let planner = try F.planner(history: F.history("F1", done: c.done, skipped: c.skipped, pending: c.pending))
        let actions = try planner.plan([F.item("F1", daysOverdue: c.daysOverdue, open: 120_000)])
        #expect(actions.map(F.describe).sorted() == c.expected.sorted())
    }

    @Test("disputed, paused and promised items are not planned (nor skipped)",
          arguments: [ItemStatus.disputed, .paused, .promised])
    func notOpen(_ status: ItemStatus) throws {
        let planner = try F.planner()
        for days in [-10, 1, 3, 90] {
            let actions = try planner.plan([F.item("F1", daysOverdue: days, open: 120_000, status: status)])
            #expect(actions.isEmpty, "status \(status.rawValue) at \(days) days")
        }
    }

    @Test("paid invoices and credit notes are not planned")
    func notInvoices() throws {
        let planner = try F.planner()
        let actions = try planner.plan([
            F.item("F1", daysOverdue: 3, open: 0, amount: 50_000),
            F.item("AV1", daysOverdue: 3, open: -5_000, kind: .creditNote),
            F.item("UC1", daysOverdue: 3, open: -5_000, kind: .unappliedCredit),
        ])
        #expect(actions.isEmpty)
    }

    @Test("two invoices of one customer at different steps: one action at the most advanced step, lines at their own")
    func grouping() throws {
        var history = F.history("F-001", done: ["preventive": 30, "reminder-1": 10])
        history.merge(F.history("F-002", done: ["preventive": 13]), uniquingKeysWith: { a, _ in a })
        let planner = try F.planner(history: history)
        let actions = try planner.plan([
            F.item("F-002", daysOverdue: 3, open: 20_000),
            F.item("F-001", daysOverdue: 20, open: 100_000),
        ])
        try #require(actions.count == 1)
        let a = actions[0]
        #expect(F.describe(a) == "planned reminder-2 email [F-001@reminder-2,F-002@reminder-1]")
        #expect(a.template == "reminder-2")
        #expect(a.approval == .manual)
        #expect(a.entity == "FR")
        #expect(a.customerID == "C1")
        #expect(a.currency == .eur)
        #expect(a.plan == "standard-fr")
        #expect(a.language == .fr)
        #expect(a.documents == ["F-001", "F-002"])
        #expect(a.lines.map(\.daysOverdue) == [20, 3])
        #expect(a.amountClaimed == Money(minorUnits: 120_000, currency: .eur))
        #expect(a.interest == .zero(.eur))
        #expect(a.reason == "")
        // The spec's id: first 12 hex digits of sha256("FR|C1|EUR|email|reminder-2|F-001;F-002|0").
        #expect(a.id == "74adc5133d12")
        #expect(a.id == ActionID.make(entity: "FR", customerID: "C1", currency: .eur, channel: "email", step: "reminder-2",
                                      documents: ["F-002", "F-001"], revision: 0))
        #expect(a.id == String(SHA256.hexDigest(of: "FR|C1|EUR|email|reminder-2|F-001;F-002|0").prefix(12)))
    }

    @Test("a withdrawn id bumps the revision")
    func withdrawnRevision() throws {
        var history = F.history("F-001", done: ["preventive": 30, "reminder-1": 10])
        history.merge(F.history("F-002", done: ["preventive": 13]), uniquingKeysWith: { a, _ in a })
        let items = [F.item("F-001", daysOverdue: 20, open: 100_000), F.item("F-002", daysOverdue: 3, open: 20_000)]
        let revision1 = try F.planner(history: history, withdrawn: ["74adc5133d12"]).plan(items)
        #expect(revision1.map(\.id) == ["bf71b3c28b70"])
        let rev2 = ActionID.make(entity: "FR", customerID: "C1", currency: .eur, channel: "email", step: "reminder-2",
                                 documents: ["F-001", "F-002"], revision: 2)
        let revision2 = try F.planner(history: history, withdrawn: ["74adc5133d12", "bf71b3c28b70"]).plan(items)
        #expect(revision2.map(\.id) == [rev2])
        let unrelated = try F.planner(history: history, withdrawn: ["bf71b3c28b70"]).plan(items)
        #expect(unrelated.map(\.id) == ["74adc5133d12"])
    }

    struct HoldBackCase: CustomTestStringConvertible, Sendable {
        let name: String
        let items: [AgedItem]
        let status: Action.Status
        let reason: String
        var testDescription: String { name }
    }

    static let holdBackCases: [HoldBackCase] = [
        HoldBackCase(name: "a credit note covers the claim", items: [
            F.item("F1", daysOverdue: 3, open: 10_000), F.item("AV1", daysOverdue: 40, open: -15_000, kind: .creditNote),
        ], status: .heldBack, reason: "the customer's credits (150.00) cover the amount claimed"),
        HoldBackCase(name: "credits exactly equal to the claim", items: [
            F.item("F1", daysOverdue: 3, open: 10_000), F.item("AV1", daysOverdue: 40, open: -6_000, kind: .creditNote),
            F.item("UC1", daysOverdue: 10, open: -4_000, kind: .unappliedCredit),
        ], status: .heldBack, reason: "the customer's credits (100.00) cover the amount claimed"),
        HoldBackCase(name: "credits below the claim", items: [
            F.item("F1", daysOverdue: 3, open: 10_000), F.item("UC1", daysOverdue: 10, open: -9_999, kind: .unappliedCredit),
        ], status: .planned, reason: ""),
        HoldBackCase(name: "credits of another customer do not count", items: [
            F.item("F1", daysOverdue: 3, open: 10_000),
            F.item("AV9", customer: "C2", daysOverdue: 10, open: -50_000, kind: .creditNote),
        ], status: .planned, reason: ""),
        HoldBackCase(name: "credits in another currency do not count", items: [
            F.item("F1", daysOverdue: 3, open: 10_000),
            F.item("AV9", daysOverdue: 10, open: -50_000, kind: .creditNote, currency: .usd),
        ], status: .planned, reason: ""),
        HoldBackCase(name: "below min_amount", items: [F.item("F1", daysOverdue: 3, open: 999)],
                     status: .heldBack, reason: "amount claimed below the plan's min_amount (10.00)"),
        HoldBackCase(name: "exactly min_amount", items: [F.item("F1", daysOverdue: 3, open: 1_000)], status: .planned, reason: ""),
        HoldBackCase(name: "two small invoices together reach min_amount", items: [
            F.item("F1", daysOverdue: 3, open: 600), F.item("F2", daysOverdue: 4, open: 400),
        ], status: .planned, reason: ""),
    ]

    @Test("held back: credits cover the claim, or below min_amount", arguments: holdBackCases)
    func heldBack(_ c: HoldBackCase) throws {
        var history: [DocumentKey: DocumentDunningState] = [:]
        for i in c.items { history.merge(F.history(i.item.document, skipped: ["preventive": 2]), uniquingKeysWith: { a, _ in a }) }
        let actions = try F.planner(history: history).plan(c.items).filter { $0.customerID == "C1" }
        try #require(actions.count == 1)
        #expect(actions[0].step == "reminder-1")
        #expect(actions[0].status == c.status)
        #expect(actions[0].reason == c.reason)
    }

    /// The demo plan with penalties claimed at reminder-1 (FR: ECB 2.15 + 10 = 12.15 % a year, €40 per invoice).
    static func penaltyPlanner(_ items: [AgedItem], edit: (inout DunningPlan) -> Void = { _ in }) throws -> [Action] {
        var history: [DocumentKey: DocumentDunningState] = [:]
        for i in items { history.merge(F.history(i.item.document, skipped: ["preventive": 2]), uniquingKeysWith: { a, _ in a }) }
        let plans = try F.plan { p in
            p.steps[p.steps.firstIndex { $0.id == "reminder-1" }!].penalties = true
            edit(&p)
        }
        return try F.planner(history: history, plans: plans).plan(items).filter { $0.customerID == "C1" }
    }

    /// `status amount_claimed interest indemnity reason`
    static func figures(_ a: Action) -> String {
        "\(a.status.rawValue) \(a.amountClaimed.machineString) \(a.interest.machineString) \(a.indemnity.machineString) \(a.reason)"
    }

    @Test("min_amount is compared with the amount claimed with penalties: 5.00 + 0.06 + 40.00 = 45.06 is sent")
    func minAmountWithPenalties() throws {
        // 5.00 × 12.15 % × 35 / 365 = 0.058 → 0.06.
        let actions = try Self.penaltyPlanner([F.item("F1", daysOverdue: 35, open: 500)])
        #expect(actions.map(Self.figures) == ["planned 45.06 0.06 40.00 "])
        // Without penalties at the step, 5.00 stays below min_amount.
        let plain = try F.planner(history: F.history("F1", skipped: ["preventive": 2])).plan([F.item("F1", daysOverdue: 35, open: 500)])
        #expect(plain.map(Self.figures) == ["held_back 5.00 0.00 0.00 amount claimed below the plan's min_amount (10.00)"])
    }

    @Test("credits are compared with the amount claimed with penalties (141.20)", arguments: [
        (-12_000, "planned 141.20 1.20 40.00 "),
        (-14_119, "planned 141.20 1.20 40.00 "),
        (-14_120, "held_back 141.20 1.20 40.00 the customer's credits (141.20) cover the amount claimed"),
    ])
    func creditsWithPenalties(_ credit: Int64, _ expected: String) throws {
        // 100.00 × 12.15 % × 36 / 365 = 1.198 → 1.20.
        let actions = try Self.penaltyPlanner([
            F.item("F1", daysOverdue: 36, open: 10_000), F.item("AV1", daysOverdue: 40, open: credit, kind: .creditNote),
        ])
        #expect(actions.map(Self.figures) == [expected])
    }

    @Test("an action held back by max_per_customer_per_run gets its penalties too")
    func heldBackActionHasPenalties() throws {
        let actions = try Self.penaltyPlanner([
            F.item("F1", daysOverdue: 36, open: 10_000), F.item("F2", daysOverdue: 36, open: 100_000, currency: .usd),
        ])
        // The USD claim is larger and goes first; it gets interest only (1000.00 × 12.15 % × 36 / 365 = 11.98),
        // the €40 being for invoices in euros.
        #expect(actions.count == 2)
        #expect(actions.first { $0.currency == .eur }.map(Self.figures)
                == "held_back 141.20 1.20 40.00 the plan's max_per_customer_per_run (1) is reached on this channel today: it waits for the next run")
        #expect(actions.first { $0.currency == .usd }.map(Self.figures) == "planned 1011.98 11.98 0.00 ")
        #expect(actions.first { $0.currency == .eur }?.lines.map { "\($0.interest.machineString) \($0.indemnity.machineString)" } == ["1.20 40.00"])
    }

    @Test("a customer without e-mail gets a letter (fallback = letter)")
    func fallbackLetter() throws {
        let planner = try F.planner(history: F.history("F1", skipped: ["preventive": 2]))
        let actions = try planner.plan([F.item("F1", customer: "C2", daysOverdue: 3, open: 50_000)])
        #expect(actions.map(F.describe) == ["planned reminder-1 letter [F1@reminder-1]"])
        #expect(actions.first?.id == ActionID.make(entity: "FR", customerID: "C2", currency: .eur, channel: "letter",
                                                   step: "reminder-1", documents: ["F1"], revision: 0))
        // The report says why a letter went instead of an e-mail (outputs.md, E-mails).
        #expect(actions.first?.reason == "no valid e-mail address: sent by letter (the plan's fallback)")
        // A customer with an address gets its e-mail, with no reason.
        let mailed = try planner.plan([F.item("F1", customer: "C1", daysOverdue: 3, open: 50_000)])
        #expect(mailed.map { F.describe($0) + " " + $0.reason } == ["planned reminder-1 email [F1@reminder-1] "])
    }

    @Test("an unknown customer has no e-mail either: a letter")
    func unknownCustomer() throws {
        let planner = try F.planner(history: F.history("F1", skipped: ["preventive": 2]))
        let actions = try planner.plan([F.item("F1", customer: "C404", daysOverdue: 3, open: 50_000)])
        #expect(actions.map(F.describe) == ["planned reminder-1 letter [F1@reminder-1]"])
    }

    @Test("a customer without e-mail and fallback = none: held back")
    func fallbackNone() throws {
        let planner = try F.planner(history: F.history("F1", skipped: ["preventive": 2]), plans: try F.plan { $0.fallback = .none })
        let actions = try planner.plan([F.item("F1", customer: "C2", daysOverdue: 3, open: 50_000)])
        #expect(actions.map(F.describe) == ["held_back reminder-1 email [F1@reminder-1]"])
        #expect(actions.first?.reason == "no valid e-mail address and the plan's fallback is none")
    }

    @Test("a skipped preventive step is reported with its reason")
    func skippedReason() throws {
        let actions = try F.planner().plan([F.item("F1", daysOverdue: 1, open: 50_000)])
        #expect(actions.map(F.describe) == ["skipped preventive email [F1@preventive]"])
        #expect(actions.first?.reason == "preventive step no longer due: the invoice is overdue")
        #expect(actions.first?.id == ActionID.make(entity: "FR", customerID: "C1", currency: .eur, channel: "email",
                                                   step: "preventive", documents: ["F1"], revision: 0))
    }

    @Test("a consumer skips the b2b_only formal notice, but the legal step still waits for its spacing")
    func consumerSkipsFormalNotice() throws {
        let consumer = Customer(entity: "FR", id: "C1", name: "Jean Martin", emails: [MailAddress(displayName: nil, address: "jm@example.org")],
                                segment: "consumer")
        let history = F.history("F1", done: ["preventive": 60, "reminder-1": 47, "reminder-2": 37, "reminder-3": 30, "call": 2])
        let actions = try F.planner(history: history, customers: [consumer]).plan([F.item("F1", daysOverdue: 50, open: 50_000)])
        // The call was made 2 days ago: nothing but the skip may happen today (min_days_between = 5).
        #expect(actions.map(F.describe) == ["skipped formal-notice registered_letter [F1@formal-notice]"])
        // Its reason is not the preventive step's.
        let skip = try #require(actions.first { $0.status == .skipped })
        #expect(skip.reason != "preventive step no longer due: the invoice is overdue")
    }

    struct SkippedB2BCase: CustomTestStringConvertible, Sendable {
        let name: String
        /// Step → days ago it was sent.
        let done: [String: Int]
        /// Step → days ago it was skipped.
        var skipped: [String: Int] = [:]
        var rejected: [String: Int] = [:]
        let expected: [String]
        var testDescription: String { name }
    }

    static let skippedB2BCases: [SkippedB2BCase] = [
        // Skipped today, so done today: the legal step (J+45, and 10 days after the call) waits.
        SkippedB2BCase(name: "skipped today: the legal step waits", done: ["preventive": 60, "reminder-1": 47, "reminder-2": 37,
                                                                            "reminder-3": 30, "call": 10],
                       expected: ["skipped formal-notice registered_letter [F1@formal-notice]"]),
        SkippedB2BCase(name: "skipped 4 days ago: still waiting", done: ["preventive": 60, "reminder-1": 47, "reminder-2": 37,
                                                                          "reminder-3": 30, "call": 10],
                       skipped: ["formal-notice": 4], expected: []),
        SkippedB2BCase(name: "skipped 5 days ago: the legal step", done: ["preventive": 60, "reminder-1": 47, "reminder-2": 37,
                                                                           "reminder-3": 30, "call": 10],
                       skipped: ["formal-notice": 5], expected: ["planned legal legal [F1@legal]"]),
    ]

    @Test("a skipped b2b_only step is done on its day: the next step waits min_days_between after it", arguments: skippedB2BCases)
    func skippedB2BStepIsSpaced(_ c: SkippedB2BCase) throws {
        let consumer = Customer(entity: "FR", id: "C1", name: "Jean Martin", emails: [MailAddress(displayName: nil, address: "jm@example.org")],
                                segment: "consumer")
        let history = F.history("F1", done: c.done, skipped: c.skipped)
        let actions = try F.planner(history: history, customers: [consumer]).plan([F.item("F1", daysOverdue: 50, open: 50_000)])
        #expect(actions.map(F.describe) == c.expected)
    }

    struct ConsumerFormalCase: CustomTestStringConvertible, Sendable {
        let name: String
        let segment: String
        /// Step → days ago it was sent; `skipped` likewise.
        let done: [String: Int]
        var skipped: [String: Int] = [:]
        var rejected: [String: Int] = [:]
        let expected: [String]
        var testDescription: String { name }
    }

    /// The standard plan with a formal notice for everyone at J+16 after two reminders (J+3, J+10).
    static let consumerFormalCases: [ConsumerFormalCase] = [
        ConsumerFormalCase(name: "two reminders, the first 14 days ago: the formal notice", segment: "consumer",
                           done: ["preventive": 30, "reminder-1": 14, "reminder-2": 7],
                           expected: ["planned formal-notice registered_letter [F1@formal-notice]"]),
        ConsumerFormalCase(name: "two reminders, the first 13 days ago: it waits a day", segment: "consumer",
                           done: ["preventive": 30, "reminder-1": 13, "reminder-2": 7], expected: []),
        ConsumerFormalCase(name: "the same for a business: no wait", segment: "",
                           done: ["preventive": 30, "reminder-1": 13, "reminder-2": 7],
                           expected: ["planned formal-notice registered_letter [F1@formal-notice]"]),
        ConsumerFormalCase(name: "one reminder sent, the other skipped: never", segment: "consumer",
                           done: ["preventive": 40, "reminder-1": 30], skipped: ["reminder-2": 20], expected: []),
        ConsumerFormalCase(name: "one reminder sent, the other rejected by the collector: never", segment: "consumer",
                           done: ["preventive": 40, "reminder-1": 30], rejected: ["reminder-2": 20], expected: []),
        ConsumerFormalCase(name: "the same for a business: the formal notice", segment: "",
                           done: ["preventive": 40, "reminder-1": 30], rejected: ["reminder-2": 20],
                           expected: ["planned formal-notice registered_letter [F1@formal-notice]"]),
    ]

    @Test("a consumer's formal notice comes after two reminders, the first at least 14 days before", arguments: consumerFormalCases)
    func consumerFormalNotice(_ c: ConsumerFormalCase) throws {
        let plans = try F.plan { p in
            p.steps.removeAll { $0.id == "reminder-3" || $0.id == "call" }
            for i in p.steps.indices {
                if p.steps[i].id == "reminder-2" { p.steps[i].at = 10 }
                if p.steps[i].id == "formal-notice" {
                    p.steps[i].at = 16
                    p.steps[i].b2bOnly = false
                }
            }
        }
        let customer = Customer(entity: "FR", id: "C1", name: "Jean Martin", emails: [MailAddress(displayName: nil, address: "jm@example.org")],
                                segment: c.segment)
        let history = F.history("F1", done: c.done, skipped: c.skipped, rejected: c.rejected)
        let actions = try F.planner(history: history, plans: plans, customers: [customer]).plan([F.item("F1", daysOverdue: 40, open: 50_000)])
        #expect(actions.map(F.describe) == c.expected)
    }

    @Test("max_per_customer_per_run: beyond it, a customer's messages on one channel are held back, the most advanced step first")
    func messagesPerRun() throws {
        let usd = Currency.usd
        let items = [
            F.item("F1", daysOverdue: 4, open: 900_00),                      // reminder-1 in EUR
            F.item("U1", daysOverdue: 4, open: 2_000_00, currency: usd),     // reminder-1 in USD, the larger claim
            F.item("U2", daysOverdue: 4, open: 50_00, currency: usd),
        ]
        let history = F.history("F1", done: ["preventive": 14]).merging(
            [DocumentKey(entity: "FR", document: "U1"): { var s = DocumentDunningState(); s.done["preventive"] = F.asOf.adding(days: -14); return s }(),
             DocumentKey(entity: "FR", document: "U2"): { var s = DocumentDunningState(); s.done["preventive"] = F.asOf.adding(days: -14); return s }()]
        ) { a, _ in a }
        let one = try F.planner(history: history).plan(items)
        #expect(one.map(F.describe).sorted() == ["held_back reminder-1 email [F1@reminder-1]", "planned reminder-1 email [U1@reminder-1,U2@reminder-1]"])
        let held = try #require(one.first { $0.status == .heldBack })
        #expect(held.currency == .eur)
        #expect(held.reason == "the plan's max_per_customer_per_run (1) is reached on this channel today: it waits for the next run")
        // With two allowed, both go; the cap is per channel, so a call the same day would not count.
        let two = try F.planner(history: history, plans: try F.plan { $0.maxPerCustomerPerRun = 2 }).plan(items)
        #expect(two.map(F.describe).sorted() == ["planned reminder-1 email [F1@reminder-1]", "planned reminder-1 email [U1@reminder-1,U2@reminder-1]"])
    }

    @Test("spacing counts from a history journaled through a Journal file")
    func historyFromJournal() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relance-planner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("journal.csv").path
        let journal = try Journal(path: path)
        func event(_ ago: Int, _ kind: JournalEvent.Kind, _ step: String, _ id: String) -> JournalEvent {
            JournalEvent(at: F.asOf.adding(days: -ago), actionID: id, event: kind, entity: "FR", customerID: "C1",
                         step: step, channel: "email", documents: ["F1"])
        }
        try journal.append([event(23, .sentToOutbox, "preventive", "aaaaaaaaaaaa")])
        try journal.append([event(5, .pending, "reminder-1", "bbbbbbbbbbbb")])
        journal.close()

        // Approved 4 days ago: spacing holds at J+13.
        let held = try Journal(path: path)
        try held.append([event(4, .approved, "reminder-1", "bbbbbbbbbbbb"), event(4, .sentToOutbox, "reminder-1", "bbbbbbbbbbbb")])
        held.close()
        let planner4 = try F.planner(history: try Journal(path: path).documentHistory())
        #expect(try planner4.plan([F.item("F1", daysOverdue: 13, open: 50_000)]).isEmpty)
        // The next day it is 5 days: reminder-2.
        var planner5 = planner4
        planner5.asOf = F.asOf.adding(days: 1)
        let actions = try planner5.plan([F.item("F1", daysOverdue: 14, open: 50_000)])
        #expect(actions.map(F.describe) == ["planned reminder-2 email [F1@reminder-2]"])
    }
}
