import Testing
@testable import RelanceKit
import RelanceTestSupport

@Suite("Keys hashed once")
struct PrehashedTests {
    @Test("equal keys are equal; keys with one hash but different bytes stay apart in a dictionary")
    func collisionsKeepKeysApart() {
        let a = Prehashed(hash: 7, key: DocumentKey(entity: "FR", document: "F2026-0001"))
        let b = Prehashed(hash: 7, key: DocumentKey(entity: "FR", document: "F2026-0002"))
        #expect(a != b)
        #expect(a == Prehashed(hash: 7, key: DocumentKey(entity: "FR", document: "F2026-0001")))
        var positions: [Prehashed<DocumentKey>: Int] = [a: 1]
        positions[b] = 2
        #expect(positions.count == 2)
        #expect(positions[a] == 1 && positions[b] == 2)
    }

    @Test("the hash is FNV-1a of the bytes; entity and number are kept apart by a separator")
    func hashOfTheBytes() {
        // FNV-1a 64 of "a" is af63dc4c8601ec8c (the published test vector); of "" the offset basis.
        #expect(ByteHash.of("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(ByteHash.of("") == 0xcbf2_9ce4_8422_2325)
        #expect(ByteHash.of("AB", "C") != ByteHash.of("A", "BC"))
        #expect(Prehashed(DocumentKey(entity: "BE", document: "F-1")) == Prehashed(DocumentKey(entity: "BE", document: "F-1")))
        #expect(Prehashed(DocumentKey(entity: "BE", document: "F-1")) != Prehashed(DocumentKey(entity: "FR", document: "F-1")))
        // Accented numbers hash by their UTF-8 bytes.
        #expect(Prehashed("Relevé-é") == Prehashed("Relevé-é"))
    }

    @Test("a set of prehashed ids holds what a set of the ids holds, on 5 000 random inserts")
    func sameAsASetOfStrings() {
        var rng = SplitMix64(seed: 5)
        var plain = Set<String>(), hashed = Set<Prehashed<String>>()
        for _ in 0..<5_000 {
            let id = String(Int.random(in: 0..<1_500, using: &rng), radix: 16) + (Int.random(in: 0..<5, using: &rng) == 0 ? "-2" : "")
            #expect(plain.insert(id).inserted == hashed.insert(Prehashed(id)).inserted)
        }
        #expect(Set(hashed.map(\.key)) == plain)
    }
}
