import Testing
@testable import RelanceKit
import RelanceTestSupport

@Suite("PayerName: the ASCII names folded on their bytes read as Foundation folds them")
struct PayerNameTests {
    @Test("every ASCII character, alone and inside a name")
    func everyASCIICharacter() {
        for byte in UInt8(0)...UInt8(0x7F) {
            let name = "Sarl d" + String(decoding: [byte], as: UTF8.self) + "Epicurien 2"
            #expect(PayerName.folded(name) == PayerName.foundationFolded(name), "byte \(byte)")
        }
    }

    @Test("random ASCII names: the same folding, hence the same tokens")
    func randomNames() {
        var rng = SplitMix64(seed: 11)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .'&+-,/()".utf8)
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 1...40, using: &rng)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
            let name = String(decoding: bytes, as: UTF8.self)
            #expect(PayerName.folded(name) == PayerName.foundationFolded(name), "\(name)")
        }
        #expect(PayerName.tokens("Boulangerie Dupont & Fils S.A.R.L.") == ["BOULANGERIE", "DUPONT"])
        #expect(PayerName.tokens("Straße Müller GmbH") == ["STRASSE", "MULLER"])
    }
}
