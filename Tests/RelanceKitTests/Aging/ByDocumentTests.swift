import Testing
import RelanceTestSupport
@testable import RelanceKit

/// The history's rows are kept in document order and merged rather than hashed; these tests hold
/// them to what the dictionary they replace gave: one row per document, the later row winning.
@Suite("History rows in document order")
struct ByDocumentTests {
    typealias Sale = PaymentHistory.Sale

    static func sale(_ entity: String, _ document: String, _ cents: Int64) -> Sale {
        Sale(entity: entity, document: document, customerID: "CLI-1", documentDate: CivilDate(iso: "2026-10-05")!,
             amount: Money(minorUnits: cents, currency: .eur))
    }

    static func keys(_ rows: ByDocument<Sale>) -> [String] { rows.map { "\($0.entity) \($0.document) \($0.amount.minorUnits)" } }

    @Test("rows in any order are sorted by entity then number; of two rows of a document the later stays")
    func unordered() {
        let rows = ByDocument([Self.sale("FR", "F-10", 100), Self.sale("BE", "F-10", 200), Self.sale("FR", "F-02", 300),
                               Self.sale("FR", "F-10", 400), Self.sale("BE", "Avoir-1", 500), Self.sale("FR", "F-10", 600)])
        #expect(Self.keys(rows) == ["BE Avoir-1 500", "BE F-10 200", "FR F-02 300", "FR F-10 600"])
    }

    @Test("a merge keeps both sides' documents and the newer row of a document in both")
    func merge() {
        var state = ByDocument([Self.sale("BE", "F-1", 1), Self.sale("FR", "F-1", 2), Self.sale("FR", "F-3", 3), Self.sale("FR", "F-9", 4)])
        state.merge(ByDocument([Self.sale("BE", "F-0", 10), Self.sale("FR", "F-3", 30), Self.sale("FR", "F-4", 40), Self.sale("NL", "F-1", 50)]))
        #expect(Self.keys(state) == ["BE F-0 10", "BE F-1 1", "FR F-1 2", "FR F-3 30", "FR F-4 40", "FR F-9 4", "NL F-1 50"])
        var empty = ByDocument<Sale>()
        empty.merge(state)
        #expect(Self.keys(empty) == Self.keys(state))
        state.merge(ByDocument())
        #expect(state.count == 7)
    }

    @Test("removing the rows of documents open again keeps the others in document order, lookups still work")
    func removeOpenAgain() {
        var state = ByDocument([Self.sale("BE", "F-1", 1), Self.sale("FR", "F-1", 2), Self.sale("FR", "F-3", 3), Self.sale("FR", "F-9", 4)])
        let open: Set<DocumentKey> = [DocumentKey(entity: "FR", document: "F-1"), DocumentKey(entity: "FR", document: "F-9"),
                                      DocumentKey(entity: "NL", document: "F-1")]
        state.removeAll { open.contains(DocumentKey(entity: $0.entity, document: $0.document)) }
        #expect(Self.keys(state) == ["BE F-1 1", "FR F-3 3"])
        #expect(state[DocumentKey(entity: "FR", document: "F-3")]?.amount.minorUnits == 3)
        #expect(state[DocumentKey(entity: "FR", document: "F-1")] == nil)
    }

    @Test("a subscript reads, inserts, replaces and removes by document, as a dictionary does")
    func againstDictionary() {
        var rng = SplitMix64(seed: 21)
        func below(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        var rows = ByDocument<Sale>()
        var reference: [DocumentKey: Sale] = [:]
        for step in 0..<3_000 {
            let key = DocumentKey(entity: ["BE", "FR", "FR-2"][below(3)], document: "F-\(below(400))")
            let row: Sale? = below(5) == 0 ? nil : Self.sale(key.entity, key.document, Int64(step))
            #expect(rows[key] == reference[key])
            rows[key] = row
            reference[key] = row
        }
        #expect(rows.count == reference.count)
        #expect(rows.map { DocumentKey(entity: $0.entity, document: $0.document) } == reference.keys.sorted())
        #expect(rows.map(\.amount) == reference.keys.sorted().map { reference[$0]!.amount })
        // Merging random halves gives what assigning them in turn gives.
        var older: [Sale] = [], newer: [Sale] = []
        var merged = reference
        for step in 0..<2_000 {
            let s = Self.sale(["BE", "FR"][below(2)], "F-\(below(900))", Int64(10_000 + step))
            if step % 2 == 0 { older.append(s) } else { newer.append(s) }
        }
        for s in older + newer { merged[DocumentKey(entity: s.entity, document: s.document)] = s }
        var all = rows
        all.merge(ByDocument(older))
        all.merge(ByDocument(newer))
        #expect(all.map(\.amount) == merged.keys.sorted().map { merged[$0]!.amount })
    }
}
