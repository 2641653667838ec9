import Foundation

/// One run of one stage: the pipeline, the as-of date, and where this run's files go.
public struct RunContext: Sendable {
    public let config: PipelineConfig
    public let asOf: CivilDate
    /// `--dry-run`: everything goes under `WORK/AS_OF.dry/`; outbox, reports, journal and state are untouched.
    public let dryRun: Bool
    public let quiet: Bool

    public init(config: PipelineConfig, asOf: CivilDate, dryRun: Bool = false, quiet: Bool = false) {
        self.config = config
        self.asOf = asOf
        self.dryRun = dryRun
        self.quiet = quiet
    }

    /// `WORK/AS_OF/` (or `WORK/AS_OF.dry/`).
    public var runDirectory: String { config.work + "/" + asOf.iso + (dryRun ? ".dry" : "") }

    /// `WORK/AS_OF/NN-stage/`.
    public func stageDirectory(_ stage: Stage) -> String { runDirectory + "/" + stage.folderName }

    /// Where e-mails, letters and call lists go: the outbox, or a folder of the dry run.
    public var outbox: String { dryRun ? runDirectory + "/outbox" : config.outbox }

    /// `REPORTS/AS_OF/`, or the dry run's own reports folder.
    public var reportsDirectory: String { dryRun ? runDirectory + "/reports" : config.reports + "/" + asOf.iso }

    /// A progress line on stderr, unless `--quiet`.
    public func progress(_ message: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data(("relance: " + message + "\n").utf8))
    }

    /// Today in the pipeline's time zone: the as-of when neither `--as-of` nor the conf gives one.
    public static func today(in timezone: String) -> CivilDate {
        let seconds = Int(Date().timeIntervalSince1970) + (TimeZone(identifier: timezone)?.secondsFromGMT() ?? 0)
        return CivilDate(daysSinceEpoch: Int32(seconds.floorDivided(by: 86_400)))
    }

    /// The offset from UTC, in minutes, of the pipeline's time zone at 07:00 on the as-of date
    /// (the Date of every e-mail of the run).
    public var utcOffsetMinutesAtSeven: Int {
        guard let tz = TimeZone(identifier: config.timezone) else { return 0 }
        let instant = Date(timeIntervalSince1970: Double(Int(asOf.daysSinceEpoch) * 86_400 + 7 * 3_600))
        return tz.secondsFromGMT(for: instant) / 60
    }
}

/// What a stage reports when it is done.
public struct StageOutcome: Sendable {
    public var status: ExitStatus
    /// Counts and totals written to the stage's `stage.json` and summed up by `relance run`.
    public var summary: [(String, JSONValue)]

    public init(status: ExitStatus = .ok, summary: [(String, JSONValue)] = []) {
        self.status = status
        self.summary = summary
    }
}

/// A stage could not produce its output (exit 1), or was misconfigured (exit 2).
public struct StageFailure: Error, Sendable, CustomStringConvertible {
    public var status: ExitStatus
    public var message: String

    public init(_ message: String, status: ExitStatus = .failed) {
        self.message = message
        self.status = status
    }

    public var description: String { message }
}

private extension Int {
    func floorDivided(by d: Int) -> Int { self >= 0 ? self / d : -((-self + d - 1) / d) }
}
