import Foundation
import Testing
@testable import RelanceKit

@Suite("ConfFile")
struct ConfFileTests {
    static let example = """
        # Demo pipeline
        ; another comment style
        [pipeline]
        name = Demo SARL group
        inbox = ../../fixtures/demo/inbox    # paths relative to this file
        as_of = 2026-11-20
        collector = Recouvrement <recouvrement@demo.example>   # receives the morning digest
        empty =
        quoted = "a # b"   # the quotes keep the hash
        spaced = "  padded  "
        hash_no_space = x#y

        [aging]
        buckets = 30, 60, 90, 120            # upper bounds in days overdue

        [payer_classes]                      # on avg_days_late
        excellent = 0

        [entity FR]                          # one section per entity
        name = Demo SARL
        reply_to = Comptabilité clients <compta@demo.example>
        address = 12 rue de la Paix | 75002 Paris | France

        [entity BE]
        name = Demo BV
        [step reminder-1]
        dotted.key-1_x = yes
        """

    @Test func parsesTheReadmeShape() throws {
        let conf = try ConfFile.parse(Self.example, path: "pipeline.conf")
        #expect(conf.path == "pipeline.conf")
        #expect(conf.sections.map(\.name) == ["pipeline", "aging", "payer_classes", "entity", "entity", "step"])
        #expect(conf.sections.map(\.argument) == [nil, nil, nil, "FR", "BE", "reminder-1"])
        #expect(conf.sections.map(\.line) == [3, 13, 16, 19, 24, 26])

        let pipeline = try #require(conf.section("pipeline"))
        #expect(pipeline.entries.map(\.key) == ["name", "inbox", "as_of", "collector", "empty", "quoted", "spaced", "hash_no_space"])
        #expect(pipeline.entries.map(\.line) == [4, 5, 6, 7, 8, 9, 10, 11])
        #expect(pipeline.value("name") == "Demo SARL group")
        #expect(pipeline.value("inbox") == "../../fixtures/demo/inbox")
        #expect(pipeline.value("collector") == "Recouvrement <recouvrement@demo.example>")
        #expect(pipeline.value("empty") == "")
        #expect(pipeline.value("quoted") == "a # b")
        #expect(pipeline.value("spaced") == "  padded  ")
        #expect(pipeline.value("hash_no_space") == "x#y")
        #expect(pipeline.value("missing") == nil)
        #expect(pipeline.entry("as_of")?.line == 6)

        #expect(conf.section("aging")?.value("buckets") == "30, 60, 90, 120")
        #expect(conf.section("payer_classes")?.value("excellent") == "0")
        let france = try #require(conf.section("entity", "FR"))
        #expect(france.value("reply_to") == "Comptabilité clients <compta@demo.example>")
        #expect(france.value("address") == "12 rue de la Paix | 75002 Paris | France")
        #expect(conf.section("entity") == nil)
        #expect(conf.sections(named: "entity").map(\.argument) == ["FR", "BE"])
        #expect(conf.section("entity", "BE")?.value("name") == "Demo BV")
        #expect(conf.section("step", "reminder-1")?.entry("dotted.key-1_x")?.line == 27)
    }

    @Test func crlfAndBomGiveTheSameResult() throws {
        let crlf = "\u{FEFF}" + Self.example.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
        let plain = try ConfFile.parse(Self.example, path: "a")
        let other = try ConfFile.parse(crlf, path: "a")
        #expect(other.sections.count == plain.sections.count)
        for (left, right) in zip(plain.sections, other.sections) {
            #expect(left.name == right.name && left.argument == right.argument && left.line == right.line)
            #expect(left.entries.map(\.key) == right.entries.map(\.key))
            #expect(left.entries.map(\.value) == right.entries.map(\.value))
            #expect(left.entries.map(\.line) == right.entries.map(\.line))
        }
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("[a]\r\nk = v\r\n".utf8)
        let fromBytes = try ConfFile.parse(bytes: bytes, path: "b")
        #expect(fromBytes.section("a")?.value("k") == "v")
        #expect(fromBytes.section("a")?.line == 1)
    }

    @Test func entriesBeforeAnySectionGoToTheUnnamedSection() throws {
        let conf = try ConfFile.parse("\n# plan\nname = Standard FR\n[step first]\ndays = 5\n", path: "p.plan")
        let top = try #require(conf.section(""))
        #expect(top.argument == nil)
        #expect(top.line == 3)
        #expect(top.value("name") == "Standard FR")
        #expect(conf.section("step", "first")?.value("days") == "5")
    }

    @Test func emptyFileHasNoSections() throws {
        #expect(try ConfFile.parse("", path: "x").sections.isEmpty)
        #expect(try ConfFile.parse("\n\n  # only comments\n", path: "x").sections.isEmpty)
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let description: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        BadCase(name: "stray line", text: "[pipeline]\nname = x\nhello world\n",
                description: "c.conf:3: error: expected `key = value` or `[section]`, found `hello world`"),
        BadCase(name: "empty key", text: "[a]\n  = value\n",
                description: "c.conf:2: error: expected `key = value` or `[section]`, found `= value`"),
        BadCase(name: "unclosed bracket", text: "[pipeline]\nname = x\n\n[entity FR\n",
                description: "c.conf:4: error: unclosed `[`: expected `]` at the end of `[entity FR`"),
        BadCase(name: "duplicate key", text: "[pipeline]\nname = a\n# c\nname = b\n",
                description: "c.conf:4: error: duplicate key `name` in `[pipeline]` (first on line 2)"),
        BadCase(name: "duplicate key at top", text: "k = 1\r\nk = 2\r\n",
                description: "c.conf:2: error: duplicate key `k` (first on line 1)"),
        BadCase(name: "duplicate section", text: "[entity FR]\nname = a\n[entity BE]\n[entity FR]\n",
                description: "c.conf:4: error: duplicate section `[entity FR]` (first on line 1)"),
        BadCase(name: "duplicate plain section", text: "[aging]\n[aging]\n",
                description: "c.conf:2: error: duplicate section `[aging]` (first on line 1)"),
        BadCase(name: "upper-case section", text: "[Pipeline]\n",
                description: "c.conf:1: error: invalid section name `Pipeline`: use lower-case letters, digits, `_` and `-`"),
        BadCase(name: "empty header", text: "[ ]\n",
                description: "c.conf:1: error: empty section header `[]`"),
        BadCase(name: "text after header", text: "[a] b\n",
                description: "c.conf:1: error: unexpected text after `]`: `b`"),
        BadCase(name: "upper-case key", text: "[a]\nName = x\n",
                description: "c.conf:2: error: invalid key `Name`: use lower-case letters, digits, `_`, `.` and `-`"),
        BadCase(name: "unclosed quote", text: "[a]\nk = \"abc\n",
                description: "c.conf:2: error: unclosed `\"` in the value of `k`"),
        BadCase(name: "text after quote", text: "[a]\nk = \"abc\" def\n",
                description: "c.conf:2: error: unexpected text after the closing `\"` in the value of `k`: `def`"),
    ])
    func reportsErrors(_ bad: BadCase) {
        #expect(throws: (any Error).self) { try ConfFile.parse(bad.text, path: "c.conf") }
        do {
            _ = try ConfFile.parse(bad.text, path: "c.conf")
        } catch {
            #expect(error.description == bad.description)
        }
    }

    @Test("every syntax problem is collected in line order; the good lines are kept")
    func collectsEveryProblem() throws {
        let text = """
            [pipeline]
            name = a
            hello world
            name = b
            Inbox = x
            [Entity FR]
            sender = lost
            [entity BE]
            name = Demo BV
            k = "open
            [entity BE]
            name = second
            [aging]
            buckets = 30, 60
            """
        var errors: [ConfError] = []
        let conf = ConfFile.parse(bytes: Array(text.utf8), path: "c.conf", errors: &errors)
        #expect(errors.map(\.description) == [
            "c.conf:3: error: expected `key = value` or `[section]`, found `hello world`",
            "c.conf:4: error: duplicate key `name` in `[pipeline]` (first on line 2)",
            "c.conf:5: error: invalid key `Inbox`: use lower-case letters, digits, `_`, `.` and `-`",
            "c.conf:6: error: invalid section name `Entity`: use lower-case letters, digits, `_` and `-`",
            "c.conf:10: error: unclosed `\"` in the value of `k`",
            "c.conf:11: error: duplicate section `[entity BE]` (first on line 8)",
        ])
        // The first value of a duplicate key wins; the entries under a refused header belong nowhere
        // (not to `[pipeline]`), those under a duplicate header neither.
        #expect(conf.sections.map(\.header) == ["[pipeline]", "[entity BE]", "[aging]"])
        #expect(conf.section("pipeline")?.entries.map(\.key) == ["name"])
        #expect(conf.section("pipeline")?.value("name") == "a")
        #expect(conf.section("entity", "BE")?.entries.map(\.key) == ["name"])
        #expect(conf.section("entity", "BE")?.value("name") == "Demo BV")
        #expect(conf.section("aging")?.entry("buckets")?.line == 14)
        // The throwing parse stops at the first.
        #expect(throws: ConfError(path: "c.conf", line: 3, message: "expected `key = value` or `[section]`, found `hello world`")) {
            try ConfFile.parse(text, path: "c.conf")
        }
    }

    @Test func longStrayLinesAreShortened() {
        let line = String(repeating: "x", count: 80)
        #expect(throws: ConfError(path: "c", line: 1, message: "expected `key = value` or `[section]`, found `\(String(repeating: "x", count: 60))…`")) {
            try ConfFile.parse(line, path: "c")
        }
    }

    @Test func invalidUTF8NamesTheLine() {
        let bytes: [UInt8] = Array("[a]\nk = ok\n".utf8) + [0x6E, 0x20, 0x3D, 0x20, 0xC3, 0x28, 0x0A]
        #expect(throws: ConfError(path: "bad.conf", line: 3, message: "invalid UTF-8")) {
            try ConfFile.parse(bytes: bytes, path: "bad.conf")
        }
    }

    @Test func loadsFromDiskAndReportsUnreadableFiles() throws {
        let directory = try ConfScratchDirectory()
        defer { directory.remove() }
        let path = directory.path + "/pipeline.conf"
        try AtomicFile.write("[pipeline]\r\nname = Demo\r\n", to: path)
        let conf = try ConfFile.load(path: path)
        #expect(conf.path == path)
        #expect(conf.section("pipeline")?.value("name") == "Demo")

        let missing = directory.path + "/nope.conf"
        let error = ConfError(path: missing, line: 0, message: "cannot read the file: No such file or directory")
        #expect(throws: error) { try ConfFile.load(path: missing) }
        #expect(error.description == "\(missing): error: cannot read the file: No such file or directory")
        #expect(throws: ConfError(path: directory.path, line: 0, message: "cannot read the file: Is a directory")) {
            try ConfFile.load(path: directory.path)
        }
    }

    @Test func errorDescriptionFormat() {
        #expect(ConfError(path: "p/x.plan", line: 12, message: "boom").description == "p/x.plan:12: error: boom")
        #expect(ConfError(path: "p/x.plan", line: 0, message: "boom").description == "p/x.plan: error: boom")
    }
}

/// A fresh directory under `NSTemporaryDirectory()` for one test.
private struct ConfScratchDirectory {
    let path: String

    init() throws {
        let base = NSTemporaryDirectory()
        path = (base.hasSuffix("/") ? base : base + "/") + "relance-conf-\(getpid())-\(UUID().uuidString)"
        try FileTree.createDirectories(path)
    }

    func remove() {
        try? FileTree.removeTree(path)
    }
}
