import Foundation
import RelanceKit
import RelanceTestSupport
import Testing

/// Payer IBANs learned from confident matches help the next as-ofs, never a second run of the same
/// as-of (spec README, invariant 2: same inputs and as-of, byte-identical reports).
@Suite("Learned payer IBANs across runs", .serialized)
struct LearnedIBANTests {
    /// The demo without the Belgian ledger's last rows: Café des Arts SRL's payment of 2 085,53 € then
    /// fits none of its open documents and stays unmatched, while another of its payments (from the
    /// same IBAN) is matched and teaches that IBAN.
    static func sandbox() throws -> PipelineSandbox {
        let box = try PipelineSandbox()
        let path = box.inbox + "/be/open-items.csv"
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let cut = try #require(bytes.range(of: Data("BE-2026-0053,".utf8)))
        try bytes[..<cut.lowerBound].write(to: URL(fileURLWithPath: path))
        return box
    }

    static let line = "0c6c70a057eb8db3"

    @Test("a second run of the same as-of does not use what the first learned; the next as-of does")
    func sameAsOfThenNextDay() throws {
        let box = try Self.sandbox()
        #expect(try box.runPipeline().status == 0)
        let first = box.text(box.reports() + "/unmatched-payments.csv")
        let state = box.text(box.state + "/payer-ibans.csv")
        #expect(state.contains("BE,B2012,BE07393205210966,2026-11-12,7c1e27a52949494e,2026-11-20\n"))
        #expect(try box.runPipeline().status == 0)
        #expect(box.text(box.reports() + "/unmatched-payments.csv") == first)
        #expect(box.text(box.state + "/payer-ibans.csv") == state)
        let row = try #require(try box.csvRows(box.reports() + "/unmatched-payments.csv").first { $0["bank_line_id"] == Self.line })
        #expect(row["suggestion_1"] == "customer B2012")
        #expect(row["score_1"] == "0.3800")
        #expect(row["reason_1"] == "name of Café des Arts SRL; the amount fits none of its open documents")

        #expect(try box.runPipeline(["--as-of", "2026-11-21"]).status == 0)
        let next = try #require(try box.csvRows(box.reports("2026-11-21") + "/unmatched-payments.csv").first { $0["bank_line_id"] == Self.line })
        #expect(next["score_1"] == "0.3920")
        #expect(next["reason_1"] == "IBAN learned for Café des Arts SRL; the amount fits none of its open documents")
        // Still the as-of that learned it: the next day's run did not learn it again.
        #expect(box.text(box.state + "/payer-ibans.csv") == state)
    }

    @Test("the state's entries: earlier as-ofs and unstamped ones are used; the run's own and later ones are passed on")
    func usableAndNextState() {
        let d = { (s: String) in CivilDate(iso: s)! }
        let old = PayerIBAN(entity: "FR", customerID: "C1", iban: "FR7630006000011234567890189", learnedOn: d("2026-10-01"), bankLineID: "a")
        let earlier = PayerIBAN(entity: "FR", customerID: "C2", iban: "BE68539007547034", learnedOn: d("2026-11-02"), bankLineID: "b",
                                learnedInRun: d("2026-11-19"))
        let sameDay = PayerIBAN(entity: "FR", customerID: "C3", iban: "BE71096123456769", learnedOn: d("2026-11-18"), bankLineID: "c",
                                learnedInRun: d("2026-11-20"))
        let later = PayerIBAN(entity: "BE", customerID: "B9", iban: "BE43068999999501", learnedOn: d("2026-11-20"), bankLineID: "d",
                              learnedInRun: d("2026-11-23"))
        let split = PayerIBAN.usable([old, earlier, sameDay, later], asOf: d("2026-11-20"))
        #expect(split.usable == [old, earlier])
        #expect(split.later == [sameDay, later])
        // This run learns C3's IBAN again and a new one; the new one is stamped, the old ones are kept as they were.
        var fresh = PayerIBAN(entity: "FR", customerID: "C4", iban: "FR1420041010050500013M02606", learnedOn: d("2026-11-19"), bankLineID: "e")
        let result = [old, earlier, sameDay, fresh]
        let next = PayerIBAN.nextState(result: result, usable: split.usable, later: split.later, asOf: d("2026-11-20"))
        fresh.learnedInRun = d("2026-11-20")
        #expect(next == [later, old, earlier, sameDay, fresh])
    }
}
