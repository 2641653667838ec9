import Foundation

extension DunningPlan {
    /// Reads a plan file. The syntax is the conf's: a `[plan]` section of settings, then one
    /// `[step ID]` section per step, in order; errors name the file and line.
    ///
    ///     [plan]
    ///     name = standard-fr
    ///     min_days_between = 5
    ///
    ///     [step reminder-1]
    ///     at = +3
    ///     channel = email
    ///     template = reminder-1
    ///     approval = manual
    public static func load(path: String) throws(ConfError) -> DunningPlan {
        try parse(try ConfFile.load(path: path))
    }

    public static func parse(_ file: ConfFile) throws(ConfError) -> DunningPlan {
        func fail(_ line: Int, _ message: String) -> ConfError { ConfError(path: file.path, line: line, message: message) }
        guard let settings = file.section("plan") else { throw fail(0, "missing section [plan]") }
        let fallbackName = ((file.path as NSString).lastPathComponent as NSString).deletingPathExtension
        var plan = DunningPlan(name: settings.value("name") ?? fallbackName)
        plan.path = file.path
        for e in settings.entries {
            func int(_ range: ClosedRange<Int>) throws(ConfError) -> Int {
                guard let n = Int(e.value), range.contains(n) else {
                    throw fail(e.line, "\(e.key) must be a whole number from \(range.lowerBound) to \(range.upperBound), found `\(e.value)`")
                }
                return n
            }
            switch e.key {
            case "name": break
            case "language":
                guard let l = Language(rawValue: e.value.lowercased()) else { throw fail(e.line, "language must be fr, en, nl or de, found `\(e.value)`") }
                plan.language = l
            case "min_days_between": plan.minDaysBetween = try int(0...365)
            case "grace_days": plan.graceDays = try int(0...365)
            case "max_per_customer_per_run": plan.maxPerCustomerPerRun = try int(1...10)
            case "min_amount":
                guard case .success(let p) = AmountParser.parse(e.value, minorDigits: 2, convention: .point), p.minorUnits >= 0 else {
                    throw fail(e.line, "min_amount must be an amount such as 10.00, found `\(e.value)`")
                }
                plan.minAmount = e.value
            case "fallback":
                guard let f = Fallback(rawValue: e.value) else { throw fail(e.line, "fallback must be `letter` or `none`, found `\(e.value)`") }
                plan.fallback = f
            case "thank_you": plan.thankYou = try PipelineConfig.flag(e, fail: fail)
            default: throw fail(e.line, "unknown plan setting `\(e.key)`")
            }
        }
        for s in file.sections where s.name != "plan" && s.name != "" {
            guard s.name == "step" else { throw fail(s.line, "unknown section [\(s.name)]: a plan has [plan] and [step ID] sections") }
            plan.steps.append(try step(s, fail: fail))
        }
        guard !plan.steps.isEmpty else { throw fail(settings.line, "the plan has no [step ID] section") }
        for (i, s) in plan.steps.enumerated() where i > 0 && s.at <= plan.steps[i - 1].at {
            throw fail(s.line, "steps must be in firing order: `\(s.id)` at \(s.at) comes after `\(plan.steps[i - 1].id)` at \(plan.steps[i - 1].at)")
        }
        return plan
    }

    private static func step(_ s: ConfFile.Section, fail: (Int, String) -> ConfError) throws(ConfError) -> DunningStep {
        guard let id = s.argument, !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw fail(s.line, "a step needs an id of letters, digits, `-` or `_`: `[step reminder-1]`")
        }
        var step = DunningStep(id: id, at: 0, channel: .email, template: id, approval: .manual, attach: .none,
                               ccSalesRep: false, penalties: false, tone: "", b2bOnly: false, line: s.line)
        guard let at = s.entry("at") else { throw fail(s.line, "step `\(id)` needs `at = ` (days from the due date, e.g. -10 or +3)") }
        let atText = at.value.hasPrefix("+") ? String(at.value.dropFirst()) : at.value
        guard let days = Int(atText), (-365...3650).contains(days) else {
            throw fail(at.line, "`at` must be a number of days from the due date such as -10 or +3, found `\(at.value)`")
        }
        step.at = days
        for e in s.entries {
            switch e.key {
            case "at": break
            case "channel":
                guard let c = DunningStep.Channel(rawValue: e.value) else {
                    throw fail(e.line, "channel must be one of \(DunningStep.Channel.allCases.map(\.rawValue).joined(separator: ", ")), found `\(e.value)`")
                }
                step.channel = c
            case "template": step.template = e.value
            case "approval":
                guard let a = DunningStep.Approval(rawValue: e.value) else { throw fail(e.line, "approval must be `auto` or `manual`, found `\(e.value)`") }
                step.approval = a
            case "attach":
                guard let a = DunningStep.Attachment(rawValue: e.value) else {
                    throw fail(e.line, "attach must be `invoice_copies`, `statement` or `none`, found `\(e.value)`")
                }
                step.attach = a
            case "cc":
                guard e.value == "sales_rep" || e.value == "none" else { throw fail(e.line, "cc must be `sales_rep` or `none`, found `\(e.value)`") }
                step.ccSalesRep = e.value == "sales_rep"
            case "penalties": step.penalties = try PipelineConfig.flag(e, fail: fail)
            case "b2b_only": step.b2bOnly = try PipelineConfig.flag(e, fail: fail)
            case "tone": step.tone = e.value
            default: throw fail(e.line, "unknown step option `\(e.key)`")
            }
        }
        return step
    }

    /// Every `plans/*.plan` of a pipeline, by name.
    public static func loadAll(directory: String) throws(ConfError) -> [String: DunningPlan] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".plan") && !$0.hasPrefix(".") }.sorted()
        var plans: [String: DunningPlan] = [:]
        for n in names {
            let plan = try load(path: directory + "/" + n)
            if let other = plans[plan.name] {
                throw ConfError(path: plan.path, line: 0, message: "plan name `\(plan.name)` is also used by \(other.path)")
            }
            plans[plan.name] = plan
        }
        return plans
    }
}
