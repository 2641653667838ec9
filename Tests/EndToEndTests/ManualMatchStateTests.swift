import Foundation
import RelanceKit
import RelanceTestSupport
import Testing

/// Manual matches remembered in the state (inputs.md, matches.csv: "Applied before automatic matching;
/// remembered in the state"), through `relance run`: the report stage publishes them, never in a dry run.
@Suite("Manual matches remembered across runs", .serialized)
struct ManualMatchStateTests {
    /// The demo's "SARL INCONNUE" payment of 1 450,00 €, unmatched by the engine.
    static let line = "f8eaabf394eabbca"

    @Test("a match stays applied once matches.csv has left the inbox; a dry run does not remember; re-runs are byte-identical")
    func rememberedAcrossRuns() throws {
        let box = try PipelineSandbox()
        let matches = box.inbox + "/matches.csv"
        try Data("bank_line_id,documents\n\(Self.line),F2026-0133\n".utf8).write(to: URL(fileURLWithPath: matches))
        let state = box.state + "/manual-matches.csv"

        // A dry run applies the match but leaves the state alone.
        #expect(try box.runPipeline(["--dry-run"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: state))

        #expect(try box.runPipeline().status == 0)
        let remembered = "bank_line_id,entity,documents,amounts,source_file,source_line,learned_in_run\n"
            + "\(Self.line),FR,F2026-0133,,matches.csv,2,2026-11-20\n"
        #expect(box.text(state) == remembered)
        let row = { (asOf: String) throws -> [String: String]? in
            try box.csvRows(box.reports(asOf) + "/reconciliation.csv").first { $0["bank_line_id"] == Self.line }
        }
        let open = { (asOf: String) throws -> String? in
            try box.csvRows(box.reports(asOf) + "/aged-balance.csv").first { $0["document"] == "F2026-0133" }?["open_amount"]
        }
        #expect(try row("2026-11-20")?["rule"] == "manual")
        #expect(try row("2026-11-20")?["allocated"] == "1450.00")
        #expect(try open("2026-11-20") == "1493.76")

        // Finance archives matches.csv: the next day still applies it, from the state.
        try FileManager.default.removeItem(atPath: matches)
        #expect(try box.runPipeline(["--as-of", "2026-11-21"]).status == 0)
        #expect(try row("2026-11-21")?["rule"] == "manual")
        #expect(try row("2026-11-21")?["documents"] == "F2026-0133")
        #expect(try open("2026-11-21") == "1493.76")
        #expect(box.text(state) == remembered)
        let reports = box.snapshot(box.reports("2026-11-21"))
        #expect(try box.runPipeline(["--as-of", "2026-11-21"]).status == 0)
        #expect(box.snapshot(box.reports("2026-11-21")) == reports)
    }
}
