import Foundation

/// The `relance` command: `run`, `check`, `status`. Each stage runs as its own process, found next
/// to this executable; `relance run` holds the pipeline's lock for all of them.
public enum RelanceCommand {
    static let usage = """
    usage: relance run PIPELINE [--as-of YYYY-MM-DD] [--dry-run] [--replay] [--quiet]
           relance check PIPELINE
           relance status PIPELINE
           relance approve PIPELINE (ACTION_ID… | --all) [--step STEP] [--customer ID] [--as-of YYYY-MM-DD]
           relance reject  PIPELINE (ACTION_ID… | --all) [--step STEP] [--customer ID] [--as-of YYYY-MM-DD]

    PIPELINE is a pipeline's folder or its pipeline.conf.
      run     runs the six stages (ingest, reconcile, age, plan, render, report) for one as-of date
      check   validates the conf, the plans, the templates and the inbox without running anything
      status  what the last run did, what waits for approval, what the mail relay has not taken yet
      approve releases pending actions to the outbox (journaled `approved`, `sent_to_outbox`)
      reject  discards pending actions (journaled `rejected`: the step counts as done, nothing is sent)
    Exit status: 0 done, 3 done but an input file was rejected whole, 1 a stage failed,
    2 usage or configuration error, 4 another run holds the pipeline's lock.
    """

    public static func main(_ arguments: [String]) -> Int32 {
        guard let command = arguments.first else {
            print(usage)
            return ExitStatus.usage.rawValue
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "-h", "--help", "help":
            print(usage)
            return ExitStatus.ok.rawValue
        case "run": return run(rest)
        case "check": return CheckCommand.main(rest)
        case "status": return StatusCommand.main(rest)
        case "approve": return ApprovalCommand.main(rest, approve: true)
        case "reject": return ApprovalCommand.main(rest, approve: false)
        default:
            Diagnostics.error("unknown command `\(command)`\n" + usage)
            return ExitStatus.usage.rawValue
        }
    }

    static func run(_ arguments: [String]) -> Int32 {
        let options: RunOptions
        switch RunOptions.parse(arguments, pipelineFlag: false) {
        case .help: print(usage); return ExitStatus.ok.rawValue
        case .failure(let m): Diagnostics.error(m + "\n" + usage); return ExitStatus.usage.rawValue
        case .success(let o): options = o
        }
        // The conf, plans and templates are checked before anything runs, every problem listed as
        // `relance check` lists it: a broken template stops the run here, not half-way through the
        // e-mails, even one that no step uses today.
        let validation = CheckCommand.validate(options.pipeline, askingForSender: false)
        guard let config = validation.config, validation.problems.isEmpty else {
            for p in validation.problems { Diagnostics.error(p.description) }
            return ExitStatus.usage.rawValue
        }
        let asOf = options.asOf ?? config.asOf ?? RunContext.today(in: config.timezone)
        let ctx = RunContext(config: config, asOf: asOf, dryRun: options.dryRun, quiet: options.quiet)
        let lock: PipelineLock
        do {
            lock = try PipelineLock.acquire(path: config.lockPath)
        } catch {
            Diagnostics.error("\(error)")
            return ExitStatus.locked.rawValue
        }
        defer { lock.release() }
        if let stale = lock.recoveredStalePid { ctx.progress("recovered the lock left by process \(stale), which is gone") }

        var history = RunHistory(state: config.state)
        if let latest = history.latest, asOf < latest, !options.replay {
            Diagnostics.error("as-of \(asOf.iso) is earlier than the last run (\(latest.iso)); use --replay to run it anyway")
            return ExitStatus.usage.rawValue
        }

        let directory = (executablePath() as NSString).deletingLastPathComponent
        var worst = ExitStatus.ok
        var timings: [(String, JSONValue)] = []
        for stage in Stage.allCases {
            let started = Date()
            var args = ["--pipeline", config.confPath, "--as-of", asOf.iso]
            if options.dryRun { args.append("--dry-run") }
            if options.quiet { args.append("--quiet") }
            let status: ExitStatus
            do {
                status = try spawn(directory + "/" + stage.executableName, args)
            } catch {
                Diagnostics.error("cannot start \(stage.executableName) (looked in \(directory)): \(error)")
                return ExitStatus.failed.rawValue
            }
            timings.append((stage.name, .number(String(format: "%.3f", Date().timeIntervalSince(started)))))
            switch status {
            case .ok: break
            case .fileRejected: worst = max(worst, .fileRejected)
            default:
                Diagnostics.error("stage \(stage.name) ended with status \(status.rawValue); the run stops")
                return status.rawValue
            }
        }
        // Durations are kept apart from the reports, which must be byte-identical from run to run.
        try? AtomicFile.write(JSONValue.object(timings).text(), to: ctx.runDirectory + "/timings.json")
        if !options.dryRun {
            do {
                try history.record(asOf, status: worst)
            } catch {
                Diagnostics.error("cannot record the run in the state: \(error)")
                return ExitStatus.failed.rawValue
            }
        }
        if !options.quiet { print(RunSummary(ctx: ctx).text()) }
        return worst.rawValue
    }

    /// Runs a stage executable, its output going to ours, and returns its exit status.
    static func spawn(_ path: String, _ args: [String]) throws -> ExitStatus {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env[StageCommand.lockHeldVariable] = "1"
        p.environment = env
        try p.run()
        p.waitUntilExit()
        if p.terminationReason == .uncaughtSignal { return .failed }
        return ExitStatus(rawValue: p.terminationStatus) ?? .failed
    }

    /// The path of the running executable (the stages are beside it).
    static func executablePath() -> String {
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
        return FilePath.absolute(CommandLine.arguments[0])
    }
}
