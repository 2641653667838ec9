import Foundation
import Testing
@testable import RelanceKit

/// Paths of the repository, found from this file (Tests/RelanceKitTests/Dunning/…).
enum DunningTestPaths {
    static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()
    static var demo: String { repository + "/pipelines/demo" }
    static var standardPlan: String { demo + "/plans/standard-fr.plan" }
    static var templates: String { demo + "/templates" }
}

@Suite("DunningPlan parsing")
struct DunningPlanParsingTests {
    /// One step as a comparable line: `id at channel template approval attach cc penalties b2b tone line`.
    static func describe(_ s: DunningStep) -> String {
        "\(s.id) \(s.at) \(s.channel.rawValue) \(s.template) \(s.approval.rawValue) \(s.attach.rawValue) "
            + "cc=\(s.ccSalesRep ? "sales_rep" : "none") penalties=\(s.penalties) b2b=\(s.b2bOnly) tone=\(s.tone) line=\(s.line)"
    }

    @Test("the demo's standard-fr plan: settings and every step")
    func demoStandardPlan() throws {
        let plan = try DunningPlan.load(path: DunningTestPaths.standardPlan)
        #expect(plan.name == "standard-fr")
        #expect(plan.language == .fr)
        #expect(plan.minDaysBetween == 5)
        #expect(plan.graceDays == 3)
        #expect(plan.minAmount == "10.00")
        #expect(plan.minAmount(in: .eur) == 1000)
        #expect(plan.maxPerCustomerPerRun == 1)
        #expect(plan.fallback == .letter)
        #expect(plan.thankYou == true)
        #expect(plan.path == DunningTestPaths.standardPlan)
        #expect(plan.steps.map(Self.describe) == [
            "preventive -10 email preventive auto invoice_copies cc=none penalties=false b2b=false tone=courteous line=19",
            "reminder-1 3 email reminder-1 manual none cc=none penalties=false b2b=false tone=courteous line=28",
            "reminder-2 13 email reminder-2 manual none cc=none penalties=false b2b=false tone=firm line=36",
            "reminder-3 20 email reminder-3 manual none cc=sales_rep penalties=false b2b=false tone=last line=44",
            "call 25 call call manual none cc=none penalties=false b2b=false tone= line=53",
            "formal-notice 30 registered_letter formal-notice manual none cc=none penalties=true b2b=true tone=formal line=60",
            "legal 45 legal legal manual none cc=none penalties=true b2b=false tone= line=70",
        ])
        #expect(plan.steps.filter { $0.isPreventive }.map(\.id) == ["preventive"])
        #expect(plan.index(of: "reminder-2") == 2)
        #expect(plan.step("call")?.channel == .call)
    }

    @Test("defaults when the [plan] section sets nothing but the name; the name defaults to the file's")
    func defaults() throws {
        let plan = try DunningPlan.parse(try ConfFile.parse("[plan]\n\n[step a]\nat = +3\n", path: "plans/soft.plan"))
        #expect(plan.name == "soft")
        #expect(plan.language == nil)
        #expect(plan.minDaysBetween == 5)
        #expect(plan.graceDays == 3)
        #expect(plan.minAmount == "10.00")
        #expect(plan.maxPerCustomerPerRun == 1)
        #expect(plan.fallback == .letter)
        #expect(plan.thankYou == false)
        #expect(plan.steps.map(Self.describe) == ["a 3 email a manual none cc=none penalties=false b2b=false tone= line=3"])
    }

    struct PlanErrorCase: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let line: Int
        let message: String
        var testDescription: String { name }
    }

    static let errorCases: [PlanErrorCase] = [
        PlanErrorCase(name: "unknown plan setting", text: """
            [plan]
            name = x
            colour = red
            [step a]
            at = 1
            """, line: 3, message: "unknown plan setting `colour`"),
        PlanErrorCase(name: "unknown step option", text: """
            [plan]
            name = x
            [step a]
            at = 1
            chanel = email
            """, line: 5, message: "unknown step option `chanel`"),
        PlanErrorCase(name: "bad channel", text: """
            [plan]
            name = x
            [step a]
            at = 1
            channel = fax
            """, line: 5, message: "channel must be one of email, letter, registered_letter, call, legal, internal, found `fax`"),
        PlanErrorCase(name: "bad at (J+3)", text: """
            [plan]
            name = x

            [step a]
            channel = email
            at = J+3
            """, line: 6, message: "`at` must be a number of days from the due date such as -10 or +3, found `J+3`"),
        PlanErrorCase(name: "bad at (empty)", text: """
            [plan]
            [step a]
            at =
            """, line: 3, message: "`at` must be a number of days from the due date such as -10 or +3, found ``"),
        PlanErrorCase(name: "missing at", text: """
            [plan]
            [step a]
            channel = email
            """, line: 2, message: "step `a` needs `at = ` (days from the due date, e.g. -10 or +3)"),
        PlanErrorCase(name: "steps out of order", text: """
            [plan]
            name = x
            [step a]
            at = +5
            [step b]
            at = +3
            """, line: 5, message: "steps must be in firing order: `b` at 3 comes after `a` at 5"),
        PlanErrorCase(name: "two steps on the same day", text: """
            [plan]
            [step a]
            at = -10
            [step b]
            at = -10
            """, line: 4, message: "steps must be in firing order: `b` at -10 comes after `a` at -10"),
        PlanErrorCase(name: "no steps", text: """
            # comment
            [plan]
            name = x
            """, line: 2, message: "the plan has no [step ID] section"),
        PlanErrorCase(name: "missing [plan]", text: """
            [step a]
            at = 3
            """, line: 0, message: "missing section [plan]"),
        PlanErrorCase(name: "bad fallback", text: """
            [plan]
            fallback = email
            [step a]
            at = 3
            """, line: 2, message: "fallback must be `letter` or `none`, found `email`"),
        PlanErrorCase(name: "bad approval", text: """
            [plan]
            [step a]
            at = 3
            approval = maybe
            """, line: 4, message: "approval must be `auto` or `manual`, found `maybe`"),
        PlanErrorCase(name: "min_days_between out of range", text: """
            [plan]
            min_days_between = 400
            [step a]
            at = 3
            """, line: 2, message: "min_days_between must be a whole number from 0 to 365, found `400`"),
        PlanErrorCase(name: "unknown section", text: """
            [plan]
            [stage a]
            at = 3
            """, line: 2, message: "unknown section [stage]: a plan has [plan] and [step ID] sections"),
    ]

    @Test("errors name the file and line", arguments: errorCases)
    func errors(_ c: PlanErrorCase) throws {
        let file = try ConfFile.parse(c.text, path: "plans/x.plan")
        #expect(throws: ConfError(path: "plans/x.plan", line: c.line, message: c.message)) {
            try DunningPlan.parse(file)
        }
    }

    @Test("every problem of a plan is collected (the syntax's, then the settings' in line order); a faulty step is left out, the others kept")
    func collectsEveryProblem() throws {
        let text = """
            [plan]
            name = x
            grace_days = soon
            colour = red
            hello
            [step a]
            at = +3
            approval = always
            [step b]
            at = J+5
            [step c]
            at = +1
            chanel = email
            [stage d]
            """
        var errors: [ConfError] = []
        let file = ConfFile.parse(bytes: Array(text.utf8), path: "plans/x.plan", errors: &errors)
        let plan = DunningPlan.parse(file, errors: &errors)
        #expect(errors.map(\.description) == [
            "plans/x.plan:5: error: expected `key = value` or `[section]`, found `hello`",
            "plans/x.plan:3: error: grace_days must be a whole number from 0 to 365, found `soon`",
            "plans/x.plan:4: error: unknown plan setting `colour`",
            "plans/x.plan:8: error: approval must be `auto` or `manual`, found `always`",
            "plans/x.plan:10: error: `at` must be a number of days from the due date such as -10 or +3, found `J+5`",
            "plans/x.plan:11: error: steps must be in firing order: `c` at 1 comes after `a` at 3",
            "plans/x.plan:13: error: unknown step option `chanel`",
            "plans/x.plan:14: error: unknown section [stage]: a plan has [plan] and [step ID] sections",
        ])
        #expect(plan.name == "x")
        #expect(plan.graceDays == 3)
        #expect(plan.steps.map(\.id) == ["a", "c"])
        // The throwing parse gives the first in line order.
        #expect(throws: ConfError(path: "plans/x.plan", line: 3, message: "grace_days must be a whole number from 0 to 365, found `soon`")) {
            try DunningPlan.parse(file)
        }
    }

    @Test("loadAll lists every plan's problems, file by file, and still returns the faulty plans by name")
    func loadAllCollects() throws {
        let directory = NSTemporaryDirectory() + "relance-plans-" + UUID().uuidString
        try FileTree.createDirectories(directory)
        defer { try? FileTree.removeTree(directory) }
        try AtomicFile.write("[plan]\nname = one\ngrace_days = -1\n[step a]\nat = 3\n", to: directory + "/a.plan")
        try AtomicFile.write("[plan]\nname = two\n[step a]\nat = 3\ntone = x\ncc = boss\n", to: directory + "/b.plan")
        try AtomicFile.write("[plan]\nname = one\n[step a]\nat = 3\n", to: directory + "/c.plan")
        var errors: [ConfError] = []
        let plans = DunningPlan.loadAll(directory: directory, errors: &errors)
        #expect(errors.map(\.description) == [
            "\(directory)/a.plan:3: error: grace_days must be a whole number from 0 to 365, found `-1`",
            "\(directory)/b.plan:6: error: cc must be `sales_rep` or `none`, found `boss`",
            "\(directory)/c.plan:2: error: plan name `one` is also used by \(directory)/a.plan",
        ])
        #expect(plans.keys.sorted() == ["one", "two"])
        #expect(plans["one"]?.path == directory + "/a.plan")
    }

    @Test("an error's text is PATH:LINE: error: MESSAGE")
    func errorDescription() throws {
        let file = try ConfFile.parse("[plan]\ncolour = red\n[step a]\nat = 1\n", path: "plans/x.plan")
        do {
            _ = try DunningPlan.parse(file)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "plans/x.plan:2: error: unknown plan setting `colour`")
        }
    }
}
