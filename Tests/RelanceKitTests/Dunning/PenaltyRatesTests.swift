import Testing
@testable import RelanceKit

@Suite("Penalties: reference-rate table")
struct PenaltyRatesTests {
    @Test("percent with up to two decimals → basis points", arguments: [
        ("2.65", 265), ("-0.88", -88), ("12", 1200), ("0.5", 50), ("+1.00", 100), ("0.00", 0), ("10.15", 1015),
    ])
    func basisPoints(_ pair: (String, Int)) {
        #expect(ReferenceRates.basisPoints(pair.0) == pair.1)
    }

    @Test("anything else is refused", arguments: ["", "12.345", "1e2", ".5", "5.", "1,5", "abc", "-", "1 000", "123456"])
    func refused(_ text: String) {
        #expect(ReferenceRates.basisPoints(text) == nil)
    }

    @Test("half-year keys", arguments: [("2026-h1", "2026-H1"), ("2026-H2", "2026-H2"), ("2019-h1", "2019-H1")])
    func halfYears(_ pair: (String, String)) {
        #expect(HalfYear(pair.0)?.description == pair.1)
    }

    @Test("bad half-year keys", arguments: ["2026-h3", "2026-1", "26-h1", "2026h1", "2026-h10"])
    func badHalfYears(_ text: String) {
        #expect(HalfYear(text) == nil)
    }

    @Test("sections, contract rates and unrelated sections")
    func parse() throws {
        let r = try ReferenceRates.parse("""
            [pipeline]
            name = other settings are ignored
            [rates ECB]
            2025-h2 = 2.15   # comment
            [rates BASISZINS]
            2025-h2 = -0.88
            [contract]
            fr = 12.00
            """, path: "r.conf")
        #expect(r.rate(.ECB, HalfYear(year: 2025, half: 2)!) == 215)
        #expect(r.rate(.BASISZINS, HalfYear(year: 2025, half: 2)!) == -88)
        #expect(r.rate(.ECB, HalfYear(year: 2025, half: 1)!) == nil)
        #expect(r.contractRates == [.FR: 1200])
    }

    struct ErrorCase: CustomTestStringConvertible, Sendable {
        let name: String, text: String, line: Int, fragment: String
        var testDescription: String { name }
    }

    @Test("errors carry the file and line", arguments: [
        ErrorCase(name: "unknown series", text: "[rates FED]\n2025-h1 = 4.00", line: 1, fragment: "FED"),
        ErrorCase(name: "bad half-year", text: "[rates ECB]\n2025-h1 = 3.15\n2025-h3 = 1", line: 3, fragment: "2025-h3"),
        ErrorCase(name: "bad rate", text: "[rates ECB]\n2025-h1 = 3.155", line: 2, fragment: "3.155"),
        ErrorCase(name: "unknown jurisdiction", text: "[contract]\nxx = 12.00", line: 2, fragment: "xx"),
    ])
    func errors(_ c: ErrorCase) {
        do {
            _ = try ReferenceRates.parse(c.text, path: "rates.conf")
            Issue.record("no error")
        } catch {
            #expect(error.path == "rates.conf")
            #expect(error.line == c.line)
            #expect(error.message.contains(c.fragment))
        }
    }

    @Test("the demo table covers 2019-H1 … 2026-H2 for every series")
    func demoTable() throws {
        let path = String(#filePath.prefix(upTo: #filePath.range(of: "/Tests/")!.lowerBound)) + "/pipelines/demo/rates.conf"
        let r = try ReferenceRates.load(path: path)
        for series in ReferenceRates.Series.allCases {
            for year in 2019...2026 {
                for half in 1...2 {
                    #expect(r.rate(series, HalfYear(year: year, half: half)!) != nil, "\(series) \(year)-H\(half)")
                }
            }
        }
        #expect(r.contractRates.isEmpty)
        // spot checks against the published figures
        #expect(r.rate(.ECB, HalfYear(year: 2024, half: 1)!) == 450)
        #expect(r.rate(.BASISZINS, HalfYear(year: 2023, half: 1)!) == 162)
        #expect(r.rate(.BOE, HalfYear(year: 2023, half: 2)!) == 500)
        #expect(r.rate(.NL, HalfYear(year: 2024, half: 2)!) == 1225)
    }
}
