import Foundation

/// `relance check PIPELINE`: validates the conf, the plans, the templates and the inbox without
/// running anything, and prints every problem with its location, in file and line order (the conf,
/// then the plans, then the templates, then the inbox). Exit 0, 2 (conf, plans, templates) or 3
/// (inbox problems only). It never stops at the first problem: a finance team fixing a conf wants
/// the whole list in one go.
enum CheckCommand {
    static func main(_ arguments: [String]) -> Int32 {
        let options: RunOptions
        switch RunOptions.parse(arguments, pipelineFlag: false) {
        case .help: print(RelanceCommand.usage); return ExitStatus.ok.rawValue
        case .failure(let m): Diagnostics.error(m); return ExitStatus.usage.rawValue
        case .success(let o): options = o
        }
        let validation = validate(options.pipeline, askingForSender: true)
        for p in validation.problems { print(p.description) }
        guard let config = validation.config, validation.confIsValid else {
            // The inbox is read with the conf's folders, entities and column mappings: a faulty conf
            // would give a misleading list of rejects.
            print("inbox: not checked: \(validation.confPath) has errors, and the inbox cannot be read without a valid conf")
            return ExitStatus.usage.rawValue
        }
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
        if !validation.problems.isEmpty { return ExitStatus.usage.rawValue }
        return inboxProblems > 0 ? ExitStatus.fileRejected.rawValue : ExitStatus.ok.rawValue
    }

    /// What `check` and `run` find before reading the inbox.
    struct Validation {
        /// nil when the conf cannot be read; partial when `confIsValid` is false.
        var config: PipelineConfig?
        /// The conf file (as given when it could not be read).
        var confPath: String
        /// No problem in the conf file itself: the inbox can be read with it.
        var confIsValid: Bool
        /// Every problem of the conf, its rates, the plans and the templates, in report order.
        var problems: [PipelineProblem]
    }

    /// Loads the conf and checks it with the plans and templates beside it, collecting every problem.
    /// `askingForSender`: an entity without `sender` is a problem (`check` only: a run may send no e-mail).
    static func validate(_ pipeline: String, askingForSender: Bool) -> Validation {
        var confErrors: [ConfError] = []
        let loaded = PipelineConfig.load(pipeline, errors: &confErrors)
        var problems = confErrors.map(PipelineProblem.init)
        guard let config = loaded else {
            return Validation(config: nil, confPath: confErrors.first?.path ?? pipeline, confIsValid: false, problems: problems)
        }
        if askingForSender {
            for e in config.entities where e.sender == nil {
                problems.append(PipelineProblem(path: config.confPath, line: e.line, message: "[entity \(e.id)] needs `sender = Name <address>`"))
            }
        }
        problems = ordered(problems + Self.problems(config), config: config)
        return Validation(config: config, confPath: config.confPath, confIsValid: confErrors.isEmpty, problems: problems)
    }

    /// Every problem of the plans and templates, the conf's references to plans that do not exist and
    /// the first problem of its rates file, unordered (see `ordered`). `relance run` stops on any of them before a stage starts, so that a run never begins with a
    /// plan or template it would trip over later (or that a step will only use next month).
    static func problems(_ config: PipelineConfig) -> [PipelineProblem] {
        var planErrors: [ConfError] = []
        let plans = DunningPlan.loadAll(directory: config.plansDirectory, errors: &planErrors)
        var planProblems = planErrors.map(PipelineProblem.init)
        if plans.isEmpty && planErrors.isEmpty {
            planProblems.append(PipelineProblem(path: config.plansDirectory, line: 0, message: "no plan (*.plan)"))
        }
        var confProblems: [PipelineProblem] = []
        // The rates are read by the plan stage only, after three stages have run: a mistake in them
        // is found here instead (the first one; the table is small).
        if let rates = config.ratesPath {
            do {
                _ = try ReferenceRates.load(path: rates)
            } catch {
                confProblems.append(PipelineProblem(error))
            }
        }
        for e in config.entities where plans[e.defaultPlan] == nil {
            confProblems.append(PipelineProblem(path: config.confPath, line: e.defaultPlanLine,
                                                message: "[entity \(e.id)] default_plan `\(e.defaultPlan)` is not in \(config.plansDirectory)"))
        }
        for rule in config.planRules where plans[rule.plan] == nil {
            confProblems.append(PipelineProblem(path: config.confPath, line: rule.line,
                                                message: "[plan_rule \(rule.label)] names plan `\(rule.plan)`, which is not in \(config.plansDirectory)"))
        }

        let languages = Language.allCases.filter { FileTree.isDirectory(config.templatesDirectory + "/" + $0.rawValue) }
        for plan in plans.values.sorted(by: { $0.name < $1.name }) {
            var emailSteps = plan.steps.filter { $0.channel == .email }
            if plan.thankYou {
                emailSteps.append(DunningStep(id: Planner.thankYouStep, at: 0, channel: .email, template: "thank-you",
                                              approval: .auto, attach: .none, ccSalesRep: false, penalties: false,
                                              tone: "", b2bOnly: false, line: 0))
            }
            let own = plan.language ?? config.language
            for step in emailSteps where !FileTree.exists(config.templatesDirectory + "/" + own.rawValue + "/" + step.template + ".txt") {
                planProblems.append(PipelineProblem(
                    path: plan.path, line: step.line,
                    message: "step `\(step.id)` uses template `\(step.template)`, missing in \(config.templatesDirectory)/\(own.rawValue)/"))
            }
        }
        return confProblems + planProblems + templateProblems(config.templatesDirectory, languages: languages)
    }

    /// The conf's problems first (and its rates file's), then the plans', then the templates' (then
    /// any other file's), each file's in line and column order.
    static func ordered(_ problems: [PipelineProblem], config: PipelineConfig) -> [PipelineProblem] {
        func group(_ p: PipelineProblem) -> Int {
            if p.path == config.confPath || p.path == config.ratesPath { return 0 }
            if p.path == config.plansDirectory || p.path.hasPrefix(config.plansDirectory + "/") { return 1 }
            if p.path.hasPrefix(config.templatesDirectory + "/") { return 2 }
            return 3
        }
        var groups: [[PipelineProblem]] = Array(repeating: [], count: 4)
        for p in problems { groups[group(p)].append(p) }
        return groups.flatMap(PipelineProblem.inFileOrder)
    }

    /// Every message (`.txt`, with its `.html`) and letter (`.letter`) template of every language
    /// folder, used by a step or not: its syntax, then its fields against what a message may use.
    static func templateProblems(_ directory: String, languages: [Language]) -> [PipelineProblem] {
        var out: [PipelineProblem] = []
        // A `.letter` and a `.txt` of one name share their `.html`: its problems are listed once.
        var seen: Set<String> = []
        func add(_ p: PipelineProblem) {
            if seen.insert(p.description).inserted { out.append(p) }
        }
        for language in languages {
            let folder = directory + "/" + language.rawValue
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            for file in names {
                let ext = (file as NSString).pathExtension
                guard ext == "txt" || ext == "letter", !FileTree.isDirectory(folder + "/" + file) else { continue }
                let name = (file as NSString).deletingPathExtension
                do {
                    let t = try MessageTemplate.load(directory: directory, language: language, name: name, extension: ext)
                    for e in t.unknownFields(MessageData.schema) { add(PipelineProblem(e)) }
                } catch {
                    add(PipelineProblem(error))
                }
            }
        }
        return out
    }
}
