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

    /// Reads a parsed plan; throws its first problem (in line order).
    public static func parse(_ file: ConfFile) throws(ConfError) -> DunningPlan {
        var errors: [ConfError] = []
        let plan = parse(file, errors: &errors)
        if let first = errors.first { throw first }
        return plan
    }

    /// Reads a parsed plan, appending every problem to `errors` in line order instead of stopping at
    /// the first (`relance check` lists them all). A faulty setting or option keeps its default; a step
    /// without a usable id or `at` is left out. The plan returned then only serves checks (its name,
    /// its steps' templates) and must not be run.
    public static func parse(_ file: ConfFile, errors: inout [ConfError]) -> DunningPlan {
        var found: [ConfError] = []
        defer { errors += PipelineConfig.inLineOrder(found) }
        func fail(_ line: Int, _ message: String) -> ConfError { ConfError(path: file.path, line: line, message: message) }
        let fallbackName = ((file.path as NSString).lastPathComponent as NSString).deletingPathExtension
        let settings = file.section("plan")
        var plan = DunningPlan(name: settings?.value("name") ?? fallbackName)
        plan.path = file.path
        if settings == nil { found.append(fail(0, "missing section [plan]")) }
        for e in settings?.entries ?? [] {
            func int(_ range: ClosedRange<Int>) throws(ConfError) -> Int {
                guard let n = Int(e.value), range.contains(n) else {
                    throw fail(e.line, "\(e.key) must be a whole number from \(range.lowerBound) to \(range.upperBound), found `\(e.value)`")
                }
                return n
            }
            do throws(ConfError) {
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
            } catch {
                found.append(error)
            }
        }
        var otherSections = false
        for s in file.sections where s.name != "plan" && s.name != "" {
            guard s.name == "step" else {
                found.append(fail(s.line, "unknown section [\(s.name)]: a plan has [plan] and [step ID] sections"))
                otherSections = true
                continue
            }
            otherSections = true
            if let step = step(s, fail: fail, errors: &found) { plan.steps.append(step) }
        }
        // Only when nothing else was written: a plan whose steps are all faulty has its steps' problems.
        if let settings, !otherSections { found.append(fail(settings.line, "the plan has no [step ID] section")) }
        for (i, s) in plan.steps.enumerated() where i > 0 && s.at <= plan.steps[i - 1].at {
            found.append(fail(s.line, "steps must be in firing order: `\(s.id)` at \(s.at) comes after `\(plan.steps[i - 1].id)` at \(plan.steps[i - 1].at)"))
        }
        return plan
    }

    /// A `[step ID]` section; nil when its id or `at` cannot be read (the firing order needs `at`).
    private static func step(_ s: ConfFile.Section, fail: (Int, String) -> ConfError,
                             errors: inout [ConfError]) -> DunningStep? {
        guard let id = s.argument, !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            errors.append(fail(s.line, "a step needs an id of letters, digits, `-` or `_`: `[step reminder-1]`"))
            return nil
        }
        var step = DunningStep(id: id, at: 0, channel: .email, template: id, approval: .manual, attach: .none,
                               ccSalesRep: false, penalties: false, tone: "", b2bOnly: false, line: s.line)
        var usable = true
        if let at = s.entry("at") {
            let atText = at.value.hasPrefix("+") ? String(at.value.dropFirst()) : at.value
            if let days = Int(atText), (-365...3650).contains(days) {
                step.at = days
            } else {
                errors.append(fail(at.line, "`at` must be a number of days from the due date such as -10 or +3, found `\(at.value)`"))
                usable = false
            }
        } else {
            errors.append(fail(s.line, "step `\(id)` needs `at = ` (days from the due date, e.g. -10 or +3)"))
            usable = false
        }
        for e in s.entries {
            do throws(ConfError) {
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
            } catch {
                errors.append(error)
            }
        }
        return usable ? step : nil
    }

    /// Every `plans/*.plan` of a pipeline, by name; throws the first problem.
    public static func loadAll(directory: String) throws(ConfError) -> [String: DunningPlan] {
        var errors: [ConfError] = []
        let plans = loadAll(directory: directory, errors: &errors)
        if let first = errors.first { throw first }
        return plans
    }

    /// Every `plans/*.plan` of a pipeline, by name, appending every problem to `errors` (file by file
    /// in name order, each in line order). A plan with problems is still returned (so that the conf's
    /// references to it are not reported as missing), unless its file cannot be read.
    public static func loadAll(directory: String, errors: inout [ConfError]) -> [String: DunningPlan] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".plan") && !$0.hasPrefix(".") }.sorted()
        var plans: [String: DunningPlan] = [:]
        for n in names {
            var found: [ConfError] = []
            guard let file = ConfFile.load(path: directory + "/" + n, errors: &found) else {
                errors += found
                continue
            }
            let plan = parse(file, errors: &found)
            if let other = plans[plan.name] {
                let line = file.section("plan")?.entry("name")?.line ?? 0
                found.append(ConfError(path: plan.path, line: line, message: "plan name `\(plan.name)` is also used by \(other.path)"))
            } else {
                plans[plan.name] = plan
            }
            errors += PipelineConfig.inLineOrder(found)
        }
        return plans
    }
}
