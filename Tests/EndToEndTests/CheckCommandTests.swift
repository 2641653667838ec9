import Foundation
import RelanceKit
import RelanceTestSupport
import Testing

/// `relance check` and the checks `relance run` and the stages make before anything runs: every
/// problem of the conf, the plans and the templates at once, with its file and line; exit 2.
@Suite("relance check, and the checks before a run", .serialized)
struct CheckCommandTests {
    /// Replaces the first `old` (which must be there) by `new` in a file of the sandbox.
    func edit(_ path: String, _ old: String, _ new: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(old), "`\(old)` not in \(path)", sourceLocation: sourceLocation)
        guard let r = text.range(of: old) else { return }
        try text.replacingCharacters(in: r, with: new).write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// 1-based line and column (in Unicode scalars) of the first `needle` in a file.
    func position(of needle: String, in path: String) throws -> (line: Int, column: Int) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let r = line.range(of: needle) { return (i + 1, line[..<r.lowerBound].unicodeScalars.count + 1) }
        }
        Issue.record("`\(needle)` not in \(path)")
        return (0, 0)
    }

    @Test("check lists every problem of the conf, plans and templates in file and line order, skips the inbox, exits 2; run and a stage stop with the same list")
    func everyProblemAtOnce() throws {
        let box = try PipelineSandbox()
        let conf = box.pipeline + "/pipeline.conf"
        let plan = box.pipeline + "/plans/standard-fr.plan"
        let templates = box.pipeline + "/templates"
        try edit(conf, "timezone = Europe/Paris", "timezone = Mars/Olympus")                    // line 13
        try edit(conf, "min_confidence = 0.90", "min_confidence = lots")                       // line 30
        try edit(conf, "sender = Demo SARL <no-reply@demo.example>", "sender =")              // [entity FR], line 51
        try edit(conf, "default_terms = 30 jours\nfdm_method = a\ndefault_plan = standard-fr\ninbox_folder = be",
                 "default_terms = quand il veut\nfdm_method = a\ndefault_plan = standard-fr\ninbox_folder = be")  // line 77
        try edit(plan, "grace_days = 3 ", "grace_days = soon")                                 // line 12
        try edit(plan, "approval = auto\nattach", "approval = always\nattach")                 // line 23
        let letter = templates + "/de/formal-notice.letter"
        let tag = try position(of: "{{as_of}}", in: letter)
        try edit(letter, "{{as_of}}", "{{as_of")
        // A template no step uses is checked all the same.
        try "Subject: Relance\n\nBonjour {{customer.nom}},\n".write(toFile: templates + "/fr/unused.txt", atomically: true, encoding: .utf8)

        let terms = "default_terms `quand il veut` cannot be read as payment terms (e.g. `30 jours`, `45 jours fin de mois`, `FDM+45`, `comptant`)"
        let confProblems = [
            "\(conf):13: error: unknown time zone `Mars/Olympus` (expected an IANA name such as Europe/Paris)",
            "\(conf):30: error: min_confidence must be a number between 0 and 1, found `lots`",
            "\(conf):77: error: \(terms)",
        ]
        let otherProblems = [
            "\(plan):12: error: grace_days must be a whole number from 0 to 365, found `soon`",
            "\(plan):23: error: approval must be `auto` or `manual`, found `always`",
            "\(letter):\(tag.line):\(tag.column): error: unterminated tag: `{{` without `}}`",
            "\(templates)/fr/unused.txt:3:9: error: unknown field `customer.nom`",
        ]

        let check = try box.run("relance", ["check", box.pipeline])
        #expect(check.status == 2)
        var expected = confProblems
        expected.insert("\(conf):51: error: [entity FR] needs `sender = Name <address>`", at: 2)
        expected += otherProblems
        expected.append("inbox: not checked: \(conf) has errors, and the inbox cannot be read without a valid conf")
        #expect(check.stdout.split(separator: "\n").map(String.init) == expected)

        let run = try box.runPipeline()
        #expect(run.status == 2)
        #expect(run.stderr.split(separator: "\n").map(String.init) == (confProblems + otherProblems).map { "relance: error: " + $0 })

        let stage = try box.run("relance-ingest", ["--pipeline", box.pipeline, "--quiet"])
        #expect(stage.status == 2)
        #expect(stage.stderr.split(separator: "\n").map(String.init) == confProblems.map { "relance: error: " + $0 })
        #expect(!FileManager.default.fileExists(atPath: box.work))
    }

    @Test("a broken template or letter that no step uses today stops the run (exit 2) before any stage, as check reports it")
    func unusedTemplateStopsTheRun() throws {
        let box = try PipelineSandbox()
        let templates = box.pipeline + "/templates"
        try "Subject: Hello\n\nDear {{customer.name},\n".write(toFile: templates + "/en/unused.txt", atomically: true, encoding: .utf8)
        let letter = templates + "/nl/formal-notice.letter"
        let field = try position(of: "{{as_of}}", in: letter)
        try edit(letter, "{{as_of}}", "{{as_off}}")
        let problems = [
            "\(templates)/en/unused.txt:3:6: error: unterminated tag: `{{` without `}}`",
            "\(letter):\(field.line):\(field.column): error: unknown field `as_off`",
        ]

        let run = try box.runPipeline()
        #expect(run.status == 2)
        #expect(run.stderr.split(separator: "\n").map(String.init) == problems.map { "relance: error: " + $0 })
        #expect(!FileManager.default.fileExists(atPath: box.work))
        #expect(!FileManager.default.fileExists(atPath: box.outbox))

        // The conf is valid: check lists the same problems and still reads the inbox.
        let check = try box.run("relance", ["check", box.pipeline])
        #expect(check.status == 2)
        let lines = check.stdout.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(2)) == problems)
        #expect(lines.last == "inbox: 6 files, 856 rows, 0 rows rejected, 0 files rejected")
    }

    @Test("a conf that cannot be read is one problem; the inbox is not checked; exit 2")
    func unreadableConf() throws {
        let box = try PipelineSandbox()
        let missing = box.root + "/pipelines/absent"
        let check = try box.run("relance", ["check", missing])
        #expect(check.status == 2)
        #expect(check.stdout.split(separator: "\n").map(String.init) == [
            "\(missing): error: cannot read the file: No such file or directory",
            "inbox: not checked: \(missing) has errors, and the inbox cannot be read without a valid conf",
        ])
        let run = try box.run("relance", ["run", missing, "--quiet"])
        #expect(run.status == 2)
        #expect(run.stderr == "relance: error: \(missing): error: cannot read the file: No such file or directory\n")
    }

    @Test("a mistake in the rates file stops run before any stage (not at the plan stage), listed by check with the conf's problems")
    func ratesFile() throws {
        let box = try PipelineSandbox()
        let rates = box.pipeline + "/rates.conf"
        let line = try position(of: "2019-h2 = 0.00", in: rates).line
        try edit(rates, "2019-h2 = 0.00", "2019-h2 = zero")
        let problem = "\(rates):\(line): error: expected a rate in percent with at most 2 decimals (`2.15`), found `zero`"
        let run = try box.runPipeline()
        #expect(run.status == 2)
        #expect(run.stderr == "relance: error: " + problem + "\n")
        #expect(!FileManager.default.fileExists(atPath: box.work))
        let check = try box.run("relance", ["check", box.pipeline])
        #expect(check.status == 2)
        #expect(check.stdout.split(separator: "\n").first.map(String.init) == problem)
    }

    @Test("unreadable default_terms stop check and run with exit 2, naming file, line and text; an empty one means 30 jours")
    func defaultTerms() throws {
        let box = try PipelineSandbox()
        let conf = box.pipeline + "/pipeline.conf"
        try edit(conf, "default_terms = 30 jours\nfdm_method = a\ndefault_plan = standard-fr\ninbox_folder = fr",
                 "default_terms = 30 jours ouvrés\nfdm_method = a\ndefault_plan = standard-fr\ninbox_folder = fr")  // line 61
        let problem = "\(conf):61: error: default_terms `30 jours ouvrés` cannot be read as payment terms (e.g. `30 jours`, `45 jours fin de mois`, `FDM+45`, `comptant`)"
        let run = try box.runPipeline()
        #expect(run.status == 2)
        #expect(run.stderr == "relance: error: " + problem + "\n")
        let check = try box.run("relance", ["check", box.pipeline])
        #expect(check.status == 2)
        #expect(check.stdout.split(separator: "\n").first.map(String.init) == problem)

        try edit(conf, "default_terms = 30 jours ouvrés", "default_terms =")
        let fixed = try box.run("relance", ["check", box.pipeline])
        #expect(fixed.status == 0, "\(fixed.stdout)")
    }
}
