import Testing
@testable import RelanceKit

@Suite("ByteKeyTable")
struct ByteKeyTableTests {
    private func lookup(_ t: ByteKeyTable<Int>, _ key: String, tag: UInt16 = 0) -> Int? {
        Array(key.utf8).withUnsafeBufferPointer { t.value(for: $0, tag: tag) }
    }

    private func insert(_ t: inout ByteKeyTable<Int>, _ key: String, tag: UInt16 = 0, _ value: Int) {
        Array(key.utf8).withUnsafeBufferPointer { t.insert($0, tag: tag, value) }
    }

    @Test("thousands of keys through every growth, two tags apart, the first value kept")
    func keysAndTags() {
        var t = ByteKeyTable<Int>()
        for i in 0..<5_000 {
            insert(&t, "C\(i)", tag: 0, i)
            insert(&t, "C\(i)", tag: 1, -i)
        }
        insert(&t, "C7", tag: 0, 99)
        insert(&t, "", 42)
        #expect(t.count == 10_001)
        #expect((0..<5_000).allSatisfy { lookup(t, "C\($0)", tag: 0) == $0 && lookup(t, "C\($0)", tag: 1) == -$0 })
        #expect(lookup(t, "C7") == 7)
        #expect(lookup(t, "C5000") == nil)
        #expect(lookup(t, "C1", tag: 2) == nil)
        #expect(lookup(t, "") == 42)
        #expect(lookup(t, "Société", tag: 0) == nil)
    }
}
