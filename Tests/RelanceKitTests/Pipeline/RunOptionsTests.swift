import Testing
@testable import RelanceKit

@Suite("RunOptions.parse")
struct RunOptionsTests {
    struct RunOptionsCase: CustomTestStringConvertible, Sendable {
        let name: String
        let args: [String]
        var pipelineFlag = true
        var valued: Set<String> = []
        var switches: Set<String> = []
        /// `help`, `failure: MESSAGE`, or `pipeline=… asOf=… dryRun=… replay=… quiet=… positional=… extra=… flags=…`.
        let expected: String
        var testDescription: String { name }
    }

    static func describe(_ p: RunOptions.Parsed) -> String {
        switch p {
        case .help: return "help"
        case .failure(let m): return "failure: " + m
        case .success(let o):
            return "pipeline=\(o.pipeline) asOf=\(o.asOf?.iso ?? "-") dryRun=\(o.dryRun) replay=\(o.replay) quiet=\(o.quiet) "
                + "positional=\(o.positional.joined(separator: ",")) "
                + "extra=\(o.extra.keys.sorted().map { $0 + ":" + o.extra[$0]! }.joined(separator: ",")) "
                + "flags=\(o.flags.sorted().joined(separator: ","))"
        }
    }

    static let cases: [RunOptionsCase] = [
        RunOptionsCase(name: "missing --pipeline", args: [], expected: "failure: missing --pipeline PIPELINE"),
        RunOptionsCase(name: "missing --pipeline with other options", args: ["--dry-run", "--as-of", "2026-11-20"],
                       expected: "failure: missing --pipeline PIPELINE"),
        RunOptionsCase(name: "missing positional PIPELINE", args: [], pipelineFlag: false, expected: "failure: missing PIPELINE"),
        RunOptionsCase(name: "--pipeline without a value", args: ["--pipeline"], expected: "failure: --pipeline needs a path"),
        RunOptionsCase(name: "bad --as-of (month 13)", args: ["--pipeline", "p", "--as-of", "2026-13-01"],
                       expected: "failure: --as-of must be a date YYYY-MM-DD, found `2026-13-01`"),
        RunOptionsCase(name: "bad --as-of (30 February)", args: ["--pipeline", "p", "--as-of", "2026-02-30"],
                       expected: "failure: --as-of must be a date YYYY-MM-DD, found `2026-02-30`"),
        RunOptionsCase(name: "bad --as-of (French order)", args: ["--pipeline", "p", "--as-of", "20/11/2026"],
                       expected: "failure: --as-of must be a date YYYY-MM-DD, found `20/11/2026`"),
        RunOptionsCase(name: "--as-of without a value", args: ["--pipeline", "p", "--as-of"],
                       expected: "failure: --as-of needs a date YYYY-MM-DD"),
        RunOptionsCase(name: "unknown option", args: ["--pipeline", "p", "--verbose"], expected: "failure: unknown option --verbose"),
        RunOptionsCase(name: "unexpected argument", args: ["--pipeline", "p", "extra"], expected: "failure: unexpected argument extra"),
        RunOptionsCase(name: "--help", args: ["--help"], expected: "help"),
        RunOptionsCase(name: "-h after options", args: ["--pipeline", "p", "-h"], expected: "help"),
        RunOptionsCase(name: "-h before an unknown option", args: ["-h", "--bogus"], expected: "help"),
        RunOptionsCase(name: "all common options", args: ["--pipeline", "pipelines/demo", "--as-of", "2026-11-20", "--dry-run", "-q", "--replay"],
                       expected: "pipeline=pipelines/demo asOf=2026-11-20 dryRun=true replay=true quiet=true positional= extra= flags="),
        RunOptionsCase(name: "defaults", args: ["--pipeline", "p"],
                       expected: "pipeline=p asOf=- dryRun=false replay=false quiet=false positional= extra= flags="),
        RunOptionsCase(name: "positional pipeline and ids", args: ["pipelines/demo", "a1b2c3d4e5f6", "--quiet", "0123456789ab"], pipelineFlag: false,
                       expected: "pipeline=pipelines/demo asOf=- dryRun=false replay=false quiet=true positional=a1b2c3d4e5f6,0123456789ab extra= flags="),
        RunOptionsCase(name: "valued and switch options", args: ["p", "--note", "paid by cheque", "--all"], pipelineFlag: false,
                       valued: ["note"], switches: ["all"],
                       expected: "pipeline=p asOf=- dryRun=false replay=false quiet=false positional= extra=note:paid by cheque flags=all"),
        RunOptionsCase(name: "valued option without a value", args: ["p", "--note"], pipelineFlag: false, valued: ["note"],
                       expected: "failure: --note needs a value"),
    ]

    @Test("options of run and the stages", arguments: cases)
    func parse(_ c: RunOptionsCase) {
        let parsed = RunOptions.parse(c.args, pipelineFlag: c.pipelineFlag, valued: c.valued, switches: c.switches)
        #expect(Self.describe(parsed) == c.expected)
    }
}
