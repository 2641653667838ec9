import Foundation
import Testing
@testable import RelanceKit
import RelanceTestSupport

@Suite("Run summary")
struct RunSummaryTests {
    @Test("the open totals are the kpis.csv `*` rows as written: two digits kept (1450.00, not 1450.0)")
    func openTotalsKeepTheirDigits() throws {
        let box = try InboxBuilder(entities: [InboxBuilder.Entity("FR")], files: [])
        defer { box.remove() }
        let ctx = RunContext(config: try box.loadConfig(), asOf: CivilDate(iso: "2026-11-20")!)
        try FileTree.createDirectories(ctx.reportsDirectory)
        try AtomicFile.write("""
            entity,currency,open_total,overdue_total,late_rate
            *,EUR,1450.00,-20.10,0.0000
            *,JPY,150000,0,0.0000
            FR,EUR,1450.00,-20.10,0.0000

            """, to: ctx.reportsDirectory + "/kpis.csv")
        let lines = RunSummary(ctx: ctx).text().split(separator: "\n").filter { $0.hasPrefix("  open") }
        #expect(lines == ["  open        EUR 1450.00 open, -20.10 overdue", "  open        JPY 150000 open, 0 overdue"])
    }
}
