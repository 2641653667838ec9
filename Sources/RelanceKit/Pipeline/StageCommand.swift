import Foundation

/// The command line shared by the six stage executables: `--pipeline PATH [--as-of DATE] [--dry-run]
/// [--quiet]`. Each executable is this plus its stage's `run`.
public enum StageCommand {
    /// Environment variable set by `relance run` for its children: the lock is already held.
    public static let lockHeldVariable = "RELANCE_LOCK_HELD"

    public static func main(_ stage: Stage, arguments: [String] = Array(CommandLine.arguments.dropFirst()),
                            _ body: (RunContext) throws(StageFailure) -> StageOutcome) -> Int32 {
        let usage = """
        usage: \(stage.executableName) --pipeline PIPELINE [--as-of YYYY-MM-DD] [--dry-run] [--quiet]

        Runs the \(stage.name) stage of the pipeline (its folder or its pipeline.conf) for one as-of date,
        reading the previous stage's folder of the same run and writing WORK/AS_OF/\(stage.folderName)/.
        """
        let options: RunOptions
        switch RunOptions.parse(arguments, pipelineFlag: true) {
        case .help:
            print(usage)
            return ExitStatus.ok.rawValue
        case .failure(let message):
            Diagnostics.error(message + "\n" + usage)
            return ExitStatus.usage.rawValue
        case .success(let o):
            options = o
        }
        guard let config = PipelineConfig.loadReportingProblems(options.pipeline) else { return ExitStatus.usage.rawValue }
        let asOf = options.asOf ?? config.asOf ?? RunContext.today(in: config.timezone)
        let ctx = RunContext(config: config, asOf: asOf, dryRun: options.dryRun, quiet: options.quiet)

        var lock: PipelineLock? = nil
        if ProcessInfo.processInfo.environment[lockHeldVariable] != "1" {
            do {
                lock = try PipelineLock.acquire(path: config.lockPath)
            } catch {
                Diagnostics.error("\(error)")
                return ExitStatus.locked.rawValue
            }
        }
        defer { lock?.release() }
        KeptUntilExit.enable()
        do {
            let outcome = try body(ctx)
            return outcome.status.rawValue
        } catch {
            Diagnostics.error("\(stage.executableName): \(error.message)")
            return error.status.rawValue
        }
    }
}

/// Options common to `relance run` and the stage executables.
public struct RunOptions: Sendable {
    public var pipeline: String = ""
    public var asOf: CivilDate?
    public var dryRun = false
    public var replay = false
    public var quiet = false
    /// Arguments that are not options (e.g. action ids for `relance approve`).
    public var positional: [String] = []
    /// Other `--name value` options, by name.
    public var extra: [String: String] = [:]
    public var flags: Set<String> = []

    public enum Parsed {
        case success(RunOptions)
        case failure(String)
        case help
    }

    /// Parses options; with `pipelineFlag` the pipeline comes from `--pipeline`, else from the first
    /// positional argument. `valued` names further options that take a value, `switches` further flags.
    public static func parse(_ args: [String], pipelineFlag: Bool, valued: Set<String> = [],
                             switches: Set<String> = []) -> Parsed {
        var o = RunOptions()
        var i = 0
        while i < args.count {
            let a = args[i]
            func value() -> String? {
                i += 1
                return i < args.count ? args[i] : nil
            }
            switch a {
            case "-h", "--help": return .help
            case "--pipeline":
                guard let v = value() else { return .failure("--pipeline needs a path") }
                o.pipeline = v
            case "--as-of":
                guard let v = value() else { return .failure("--as-of needs a date YYYY-MM-DD") }
                guard let d = CivilDate(iso: v) else { return .failure("--as-of must be a date YYYY-MM-DD, found `\(v)`") }
                o.asOf = d
            case "--dry-run": o.dryRun = true
            case "--replay": o.replay = true
            case "--quiet", "-q": o.quiet = true
            default:
                if a.hasPrefix("--") {
                    let name = String(a.dropFirst(2))
                    if valued.contains(name) {
                        guard let v = value() else { return .failure("\(a) needs a value") }
                        o.extra[name] = v
                    } else if switches.contains(name) {
                        o.flags.insert(name)
                    } else {
                        return .failure("unknown option \(a)")
                    }
                } else {
                    o.positional.append(a)
                }
            }
            i += 1
        }
        if !pipelineFlag, o.pipeline.isEmpty, !o.positional.isEmpty { o.pipeline = o.positional.removeFirst() }
        if o.pipeline.isEmpty { return .failure(pipelineFlag ? "missing --pipeline PIPELINE" : "missing PIPELINE") }
        if pipelineFlag, !o.positional.isEmpty { return .failure("unexpected argument \(o.positional[0])") }
        return .success(o)
    }
}

/// Messages on stderr, one format: `relance: error: …`.
public enum Diagnostics {
    public static func error(_ message: String) {
        FileHandle.standardError.write(Data(("relance: error: " + message + "\n").utf8))
    }

    public static func warning(_ message: String) {
        FileHandle.standardError.write(Data(("relance: warning: " + message + "\n").utf8))
    }
}

