import Testing
@testable import RelanceKit

/// A document of `entity` numbered `number`, for the snapshot alone.
private func doc(_ entity: String, _ number: String, cents: Int64 = 100_00, from file: String = "a.csv") -> OpenItem {
    let day = CivilDate(iso: "2026-10-01")!
    return OpenItem(entity: entity, document: number, customerID: "C1", kind: .invoice, documentDate: day, dueDate: day,
                    amount: Money(minorUnits: cents, currency: .eur), openAmount: Money(minorUnits: cents, currency: .eur),
                    sourceFile: file)
}

/// What an addition said, as text a test can compare.
private func said(_ a: LedgerSnapshot.Addition) -> String {
    switch a {
    case .added: return "added"
    case .repeatedInFile(let line): return "repeated on line \(line)"
    case .inAnotherFile(let earlier, _): return "also in \(earlier)"
    }
}

@Suite("LedgerSnapshot: documents in number order need no dictionary, and nothing else changes")
struct LedgerSnapshotTests {
    @Test("a repeat right after its first row, or after rows in order, is found on the line of the first")
    func repeatAfterOrderedRows() {
        var s = LedgerSnapshot()
        let rows = ["F-1", "F-2", "F-2", "F-3", "F-1", "F-4", "F-0", "F-0"]
        let results = rows.enumerated().map { i, n in said(s.add(doc("BE", n), file: 0, line: i + 2, modified: (1, 0))) }
        #expect(results == ["added", "added", "repeated on line 3", "added", "repeated on line 2", "added", "added", "repeated on line 8"])
        #expect(s.takeSortedDocuments().map(\.document) == ["F-0", "F-1", "F-2", "F-3", "F-4"])
    }

    @Test("a second file of the entity, in order too: its repeat is another file's, the newer one kept")
    func secondFileInOrder() {
        var s = LedgerSnapshot()
        #expect(said(s.add(doc("BE", "F-1", cents: 1), file: 0, line: 2, modified: (1, 0))) == "added")
        #expect(said(s.add(doc("BE", "F-2", cents: 2), file: 0, line: 3, modified: (1, 0))) == "added")
        #expect(said(s.add(doc("BE", "F-2", cents: 3, from: "b.csv"), file: 1, line: 2, modified: (2, 0))) == "also in a.csv")
        #expect(said(s.add(doc("BE", "F-3", cents: 4, from: "b.csv"), file: 1, line: 3, modified: (2, 0))) == "added")
        // An older third file: its repeat names the kept row's file, which stays.
        #expect(said(s.add(doc("BE", "F-3", cents: 5, from: "c.csv"), file: 2, line: 2, modified: (0, 5))) == "also in b.csv")
        #expect(s.takeSortedDocuments().map(\.amount.minorUnits) == [1, 3, 4])
    }

    @Test("the same numbers in two entities, rows alternating: two documents each, no repeat")
    func twoEntitiesInterleaved() {
        var s = LedgerSnapshot()
        var results: [String] = []
        for (i, n) in ["A-1", "A-2", "A-3"].enumerated() {
            results.append(said(s.add(doc("FR", n), file: 0, line: 2 * i + 2, modified: (1, 0))))
            results.append(said(s.add(doc("BE", n), file: 0, line: 2 * i + 3, modified: (1, 0))))
        }
        #expect(results == Array(repeating: "added", count: 6))
        #expect(said(s.add(doc("FR", "A-2"), file: 0, line: 20, modified: (1, 0))) == "repeated on line 4")
        #expect(said(s.add(doc("BE", "A-3"), file: 0, line: 21, modified: (1, 0))) == "repeated on line 7")
        #expect(s.takeSortedDocuments().map { $0.entity + " " + $0.document }
                == ["BE A-1", "BE A-2", "BE A-3", "FR A-1", "FR A-2", "FR A-3"])
    }
}
