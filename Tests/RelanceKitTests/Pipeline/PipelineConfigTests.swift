import Testing
@testable import RelanceKit
import RelanceTestSupport

@Suite("PipelineConfig.load")
struct PipelineConfigTests {
    @Test("every problem of the conf is collected in line order; the faulty values keep their defaults")
    func collectsEveryProblem() throws {
        // InboxBuilder writes `[pipeline]` on line 1 and the four folders on lines 3-6.
        let box = try InboxBuilder(
            entities: [
                .init("FR", ["currency": "EURO", "default_terms": "quand il veut", "fdm_method": "c"]),
                .init("BE", ["sender": "nobody"]),
            ],
            pipeline: ["timezone": "Mars/Olympus", "as_of": "2026-13-01", "date_order": "ymd"],
            extraConf: "[aging]\nbuckets = 30, 20\nthis line is wrong\n[plan_rule big]\nmin_open = lots\nplan = key-accounts")
        defer { box.remove() }
        let conf = box.confPath
        var errors: [ConfError] = []
        let config = try #require(PipelineConfig.load(box.root, errors: &errors))
        #expect(errors.map(\.description) == [
            "\(conf):7: error: unknown time zone `Mars/Olympus` (expected an IANA name such as Europe/Paris)",
            "\(conf):8: error: as_of must be YYYY-MM-DD, found `2026-13-01`",
            "\(conf):9: error: date_order must be `dmy` or `mdy`, found `ymd`",
            "\(conf):12: error: unknown currency `EURO` (expected an ISO 4217 code such as EUR)",
            "\(conf):13: error: default_terms `quand il veut` cannot be read as payment terms (e.g. `30 jours`, `45 jours fin de mois`, `FDM+45`, `comptant`)",
            "\(conf):14: error: fdm_method must be `a` or `b`, found `c`",
            "\(conf):17: error: sender is not a valid address: `nobody`",
            "\(conf):20: error: buckets must be increasing whole numbers of days, found `30, 20`",
            "\(conf):21: error: expected `key = value` or `[section]`, found `this line is wrong`",
            "\(conf):23: error: min_open must be an amount such as 5000.00, found `lots`",
        ])
        #expect(config.timezone == "Europe/Paris")
        #expect(config.asOf == nil)
        #expect(config.buckets == [30, 60, 90, 120])
        #expect(config.entities.map(\.id) == ["FR", "BE"])
        #expect(config.entities.map(\.defaultTerms) == ["30 jours", "30 jours"])
        #expect(config.entities.map(\.line) == [11, 16])
        #expect(config.planRules.map(\.plan) == ["key-accounts"])
        #expect(config.inbox == box.inbox)

        // Commands that run something stop at the same problems; the throwing load gives the first.
        #expect(throws: ConfError(path: conf, line: 7, message: "unknown time zone `Mars/Olympus` (expected an IANA name such as Europe/Paris)")) {
            try PipelineConfig.load(box.root)
        }
    }

    @Test("a conf without [pipeline] folders or entities lists each missing piece")
    func missingPieces() throws {
        let box = try InboxBuilder(entities: [])
        defer { box.remove() }
        try AtomicFile.write("[pipeline]\nname = x\ninbox = in\n[entity]\nname = y\n", to: box.confPath)
        var errors: [ConfError] = []
        _ = PipelineConfig.load(box.confPath, errors: &errors)
        #expect(errors.map(\.description) == [
            "\(box.confPath):1: error: [pipeline] needs `outbox = …`",
            "\(box.confPath):1: error: [pipeline] needs `work = …`",
            "\(box.confPath):1: error: [pipeline] needs `state = …`",
            "\(box.confPath):4: error: an entity section needs an id: `[entity FR]`",
        ])
    }

    @Test("an unreadable conf is one problem on line 0 and no config")
    func unreadable() {
        var errors: [ConfError] = []
        let missing = "/nonexistent-relance/pipeline.conf"
        #expect(PipelineConfig.load(missing, errors: &errors) == nil)
        #expect(errors.map(\.description) == ["\(missing): error: cannot read the file: No such file or directory"])
    }

    struct TermsCase: Sendable, CustomTestStringConvertible {
        let name: String
        /// nil: no `default_terms` line.
        let text: String?
        /// The entity's terms, or the error message on line 9.
        let expected: Result
        enum Result: Sendable, Equatable { case terms(String), error(String) }
        var testDescription: String { name }
    }

    @Test("default_terms: absent or empty means `30 jours`; terms the engine cannot read are a conf error quoting them", arguments: [
        TermsCase(name: "absent", text: nil, expected: .terms("30 jours")),
        TermsCase(name: "empty", text: "", expected: .terms("30 jours")),
        TermsCase(name: "net", text: "60 jours", expected: .terms("60 jours")),
        TermsCase(name: "end of month on a day", text: "45 jours fin de mois le 10", expected: .terms("45 jours fin de mois le 10")),
        TermsCase(name: "FDM+45", text: "FDM+45", expected: .terms("FDM+45")),
        TermsCase(name: "comptant", text: "comptant", expected: .terms("comptant")),
        TermsCase(name: "words", text: "quand il veut", expected: .error(
            "default_terms `quand il veut` cannot be read as payment terms (e.g. `30 jours`, `45 jours fin de mois`, `FDM+45`, `comptant`)")),
        TermsCase(name: "day out of range", text: "30 jours fin de mois le 45", expected: .error(
            "default_terms `30 jours fin de mois le 45` cannot be read as payment terms (e.g. `30 jours`, `45 jours fin de mois`, `FDM+45`, `comptant`)")),
    ])
    func defaultTerms(_ c: TermsCase) throws {
        var keys: KeyValuePairs<String, String> = [:]
        if let text = c.text { keys = ["default_terms": text] }
        let box = try InboxBuilder(entities: [.init("FR", keys)])
        defer { box.remove() }
        switch c.expected {
        case .terms(let terms):
            #expect(try box.loadConfig().entities.map(\.defaultTerms) == [terms])
        case .error(let message):
            // Lines 1-6 are [pipeline], 7 is blank, 8 is `[entity FR]`.
            #expect(throws: ConfError(path: box.confPath, line: 9, message: message)) { try box.loadConfig() }
        }
    }

    @Test("an empty default_terms gives a document without terms 30 days, not a reject")
    func emptyDefaultTermsAtIngest() throws {
        let ledger = "N° facture;Code client;Date facture;Montant TTC\nF-1;C1;15/01/2026;100,00\n"
        let inbox = try ingestInbox(entities: [.init("FR", ["default_terms": ""])], files: [.text("ledger.csv", ledger)])
        #expect(inbox.rejects.isEmpty)
        #expect(try ingestDocument(inbox, "F-1").dueDate.iso == "2026-02-14")
    }
}
