import Foundation

/// `relance check PIPELINE`: validates the conf, the plans, the templates and the inbox without
/// running anything, and prints every problem with its location. Exit 0, 2 (conf, plans,
/// templates) or 3 (inbox problems only).
enum CheckCommand {
    static func main(_ arguments: [String]) -> Int32 {
        let options: RunOptions
        switch RunOptions.parse(arguments, pipelineFlag: false) {
        case .help: print(RelanceCommand.usage); return ExitStatus.ok.rawValue
        case .failure(let m): Diagnostics.error(m); return ExitStatus.usage.rawValue
        case .success(let o): options = o
        }
        let config: PipelineConfig
        do {
            config = try PipelineConfig.load(options.pipeline)
        } catch {
            print(error.description)
            return ExitStatus.usage.rawValue
        }
        var configProblems = problems(config)
        for e in config.entities where !config.entities.isEmpty {
            if e.sender == nil { configProblems.append("\(config.confPath): error: [entity \(e.id)] needs `sender = Name <address>`") }
        }
        for p in configProblems { print(p) }

        let asOf = options.asOf ?? config.asOf ?? RunContext.today(in: config.timezone)
        var inboxProblems = 0
        do {
            let inbox = try IngestStage.read(RunContext(config: config, asOf: asOf, quiet: true))
            for r in inbox.rejects {
                print(config.inbox + "/" + r.diagnostic)
                if r.severity == .error { inboxProblems += 1 }
            }
            print("inbox: \(inbox.manifest.count) files, \(inbox.rowsRead) rows, \(inbox.rowsRejected) rows rejected, \(inbox.filesRejected) files rejected")
        } catch {
            print("\(config.inbox): error: \(error.message)")
            inboxProblems += 1
        }
        if !configProblems.isEmpty { return ExitStatus.usage.rawValue }
        return inboxProblems > 0 ? ExitStatus.fileRejected.rawValue : ExitStatus.ok.rawValue
    }

    /// Problems of the plans and templates: each `path:line: error: message`.
    static func problems(_ config: PipelineConfig) -> [String] {
        var out: [String] = []
        let plans: [String: DunningPlan]
        do {
            plans = try DunningPlan.loadAll(directory: config.plansDirectory)
        } catch {
            return [error.description]
        }
        if plans.isEmpty { out.append("\(config.plansDirectory): error: no plan (*.plan)") }
        for e in config.entities where plans[e.defaultPlan] == nil {
            out.append("\(config.confPath): error: [entity \(e.id)] default_plan `\(e.defaultPlan)` is not in \(config.plansDirectory)")
        }
        for rule in config.planRules where plans[rule.plan] == nil {
            out.append("\(config.confPath):\(rule.line): error: [plan_rule \(rule.label)] names plan `\(rule.plan)`, which is not in \(config.plansDirectory)")
        }
        let languages = Language.allCases.filter { FileTree.isDirectory(config.templatesDirectory + "/" + $0.rawValue) }
        for plan in plans.values.sorted(by: { $0.name < $1.name }) {
            var emailSteps = plan.steps.filter { $0.channel == .email }
            if plan.thankYou {
                emailSteps.append(DunningStep(id: Planner.thankYouStep, at: 0, channel: .email, template: "thank-you",
                                              approval: .auto, attach: .none, ccSalesRep: false, penalties: false,
                                              tone: "", b2bOnly: false, line: 0))
            }
            for step in emailSteps {
                var found = false
                for language in languages {
                    let path = config.templatesDirectory + "/" + language.rawValue + "/" + step.template + ".txt"
                    guard FileTree.exists(path) else { continue }
                    found = true
                    do {
                        let t = try MessageTemplate.load(directory: config.templatesDirectory, language: language, name: step.template)
                        for e in t.unknownFields(MessageData.schema) { out.append(e.description) }
                    } catch {
                        out.append(error.description)
                    }
                }
                let own = plan.language ?? config.language
                if !found || !FileTree.exists(config.templatesDirectory + "/" + own.rawValue + "/" + step.template + ".txt") {
                    out.append("\(plan.path):\(step.line): error: step `\(step.id)` uses template `\(step.template)`, missing in \(config.templatesDirectory)/\(own.rawValue)/")
                }
            }
        }
        return out
    }
}
