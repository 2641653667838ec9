import Testing
@testable import RelanceKit
import RelanceTestSupport

@Suite("Bank lines in file order")
struct BankLineOrderTests {
    @Test("sorting by small keys gives the order of comparing dates and ids, whatever the ids look like")
    func sameOrderAsComparingStrings() {
        var rng = SplitMix64(seed: 20261202)
        let hex = Array("0123456789abcdef")
        func id(_ i: Int) -> String {
            switch i % 5 {
            case 0: return String((0..<16).map { _ in hex[Int.random(in: 0..<16, using: &rng)] })
            case 1: return "0f3a9c2b7d1e4a56-\(i % 13 + 2)"   // one key repeated in a file: the same 16 bytes
            case 2: return "0f3a9c2b7d1e4a5"                   // shorter than 16 bytes
            case 3: return "0f3a9c2b7d1e4a56"
            default: return "é\(i)"                            // not hex, not ASCII
            }
        }
        let lines = (0..<3_000).map { i in
            BankLine(id: id(i), entity: "FR", account: "FR7630006000011234567890189",
                     bookingDate: CivilDate(year: 2026, month: 11, day: 1 + i % 7)!,
                     amount: Money(minorUnits: Int64(i), currency: .eur), sourceLine: i)
        }.shuffled(using: &rng)
        var sorted = lines
        sorted.sortInFileOrder()
        let expected = lines.sorted(by: BankLine.precedes)
        // Equal (date, id) pairs may come in either order: compare what the order is made of, and that nothing is lost.
        #expect(sorted.map { "\($0.bookingDate.iso) \($0.id)" } == expected.map { "\($0.bookingDate.iso) \($0.id)" })
        #expect(sorted.map(\.sourceLine).sorted() == Array(0..<3_000))
        #expect(sorted.isInFileOrder)
        #expect(!lines.isInFileOrder)
    }
}
