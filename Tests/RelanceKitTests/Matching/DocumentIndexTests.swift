import Testing
@testable import RelanceKit

@Suite("DocumentIndex")
struct DocumentIndexTests {
    @Test("one row under a key, several in the order added, none for an unknown key")
    func rows() {
        var index = DocumentIndex<String>(capacity: 4)
        #expect(index.isEmpty)
        index.append(7, to: "20260142")
        index.append(3, to: "20260150")
        index.append(9, to: "20260150")
        index.append(1, to: "20260150")
        #expect(Array(index["20260142"]) == [7])
        #expect(Array(index["20260150"]) == [3, 9, 1])
        #expect(Array(index["20260199"]) == [])
        #expect(!index.isEmpty)
    }

    @Test("sorting reorders the keys listing several rows only")
    func sort() {
        var index = DocumentIndex<Int>()
        index.append(5, to: 1_250_00)
        index.append(2, to: 1_250_00)
        index.append(8, to: 99_00)
        index.sortRows(by: <)
        #expect(Array(index[1_250_00]) == [2, 5])
        #expect(Array(index[99_00]) == [8])
    }
}
