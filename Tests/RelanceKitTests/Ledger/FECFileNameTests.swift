import RelanceKit
import Testing

@Suite("FEC file name")
struct FECFileNameTests {
    @Test("SIRENFECYYYYMMDD recognised, anything else not", arguments: [
        ("123456789FEC20261120.txt", "123456789 2026-11-20"),
        ("fr/123456789FEC20261231.txt", "123456789 2026-12-31"),
        ("552100554fec20251231.TXT", "552100554 2025-12-31"),
        ("123456789FEC20261120", "123456789 2026-11-20"),
        ("12345678FEC20261120.txt", nil),
        ("123456789FEC20261320.txt", nil),
        ("123456789FEC20260230.txt", nil),
        ("123456789XYZ20261120.txt", nil),
        ("grand-livre-clients.csv", nil),
    ] as [(String, String?)])
    func fileName(_ name: String, _ expected: String?) {
        let info = FECReader.fileNameInfo(name)
        #expect(info.map { "\($0.siren) \($0.closing.iso)" } == expected)
    }
}
