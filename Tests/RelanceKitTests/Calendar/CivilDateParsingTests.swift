import Testing
@testable import RelanceKit

@Suite("CivilDate parsing and formatting")
struct CivilDateParsingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        let iso: String
        var order: DateOrder = .dmy
        var testDescription: String { "\"\(text)\" \(order)" }
    }

    static let accepted: [Case] = [
        Case(text: "2026-11-20", iso: "2026-11-20"),
        Case(text: "20/11/2026", iso: "2026-11-20"),
        Case(text: "20.11.2026", iso: "2026-11-20"),
        Case(text: "20-11-2026", iso: "2026-11-20"),
        Case(text: "20261120", iso: "2026-11-20"),
        Case(text: "2026/11/20", iso: "2026-11-20"),
        Case(text: "2026.11.20", iso: "2026-11-20"),
        Case(text: "2026-1-5", iso: "2026-01-05"),
        Case(text: "3/4/2026", iso: "2026-04-03"),
        Case(text: "3/4/2026", iso: "2026-03-04", order: .mdy),
        Case(text: "11/20/2026", iso: "2026-11-20", order: .mdy),
        Case(text: "2026-11-20", iso: "2026-11-20", order: .mdy),
        Case(text: "20261120", iso: "2026-11-20", order: .mdy),
        Case(text: "  20/11/2026 ", iso: "2026-11-20"),
        Case(text: "\t2026-11-20\r\n", iso: "2026-11-20"),
        Case(text: "29/02/2024", iso: "2024-02-29"),
        Case(text: "29.02.2000", iso: "2000-02-29"),
        Case(text: "01/01/0001", iso: "0001-01-01"),
        Case(text: "31/12/9999", iso: "9999-12-31"),
    ]

    @Test(arguments: accepted)
    func accepts(_ c: Case) {
        #expect(CivilDate.parse(c.text, order: c.order).map(\.iso) == .success(c.iso))
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let text: String
        let error: DateParseError
        var order: DateOrder = .dmy
        var testDescription: String { "\"\(text)\"" }
    }

    static let rejected: [Bad] = [
        Bad(text: "", error: .empty),
        Bad(text: "   ", error: .empty),
        Bad(text: "31/02/2026", error: .impossibleDate(year: 2026, month: 2, day: 31)),
        Bad(text: "2026-13-01", error: .impossibleDate(year: 2026, month: 13, day: 1)),
        Bad(text: "29/02/2025", error: .impossibleDate(year: 2025, month: 2, day: 29)),
        Bad(text: "29/02/1900", error: .impossibleDate(year: 1900, month: 2, day: 29)),
        Bad(text: "20/11/2026", error: .impossibleDate(year: 2026, month: 20, day: 11), order: .mdy),
        Bad(text: "00/11/2026", error: .impossibleDate(year: 2026, month: 11, day: 0)),
        Bad(text: "20261320", error: .impossibleDate(year: 2026, month: 13, day: 20)),
        Bad(text: "0000-01-01", error: .impossibleDate(year: 0, month: 1, day: 1)),
        Bad(text: "01/01/0000", error: .impossibleDate(year: 0, month: 1, day: 1)),
        Bad(text: "20261-11-20", error: .badFormat),
        Bad(text: "20/11/20261", error: .badFormat),
        Bad(text: "202611201", error: .badFormat),
        Bad(text: "2026112", error: .badFormat),
        Bad(text: "20/11-2026", error: .badFormat),
        Bad(text: "20/11/26", error: .badFormat),
        Bad(text: "20/11", error: .badFormat),
        Bad(text: "2026-11-20T10:00", error: .badFormat),
        Bad(text: "20 nov 2026", error: .badFormat),
        Bad(text: "2026--11", error: .badFormat),
        Bad(text: "1/2/3/4", error: .badFormat),
        Bad(text: "999999999999999999999999", error: .badFormat),
        Bad(text: "123/11/2026", error: .badFormat),
    ]

    @Test(arguments: rejected)
    func rejects(_ c: Bad) {
        #expect(CivilDate.parse(c.text, order: c.order) == .failure(c.error))
    }

    @Test(arguments: ["2026-11-20", "0001-01-01", "9999-12-31", "2024-02-29"])
    func isoAccepts(_ s: String) {
        #expect(CivilDate(iso: s)?.iso == s)
        #expect(CivilDate(iso: s[...])?.iso == s)
    }

    @Test(arguments: ["2026-11-2", "2026/11/20", "20/11/2026", " 2026-11-20", "2026-11-20 ", "2026-02-30", "0000-01-01", "2026-11-200", ""])
    func isoRejects(_ s: String) {
        #expect(CivilDate(iso: s) == nil)
    }

    @Test func parsesFromBytes() {
        let bytes = Array("a;20/11/2026;b".utf8)
        let r = bytes.withUnsafeBufferPointer { CivilDate.parse(UnsafeBufferPointer(rebasing: $0[2..<12]), order: .dmy) }
        #expect(r == .success(CivilDate(year: 2026, month: 11, day: 20)!))
    }

    @Test(arguments: [
        ("2026-11-20", Language.fr, "20 novembre 2026", "20/11/2026"),
        ("2026-12-01", .fr, "1er décembre 2026", "01/12/2026"),
        ("2026-02-03", .fr, "3 février 2026", "03/02/2026"),
        ("2026-08-15", .fr, "15 août 2026", "15/08/2026"),
        ("2026-11-20", .en, "20 November 2026", "20/11/2026"),
        ("2026-12-01", .en, "1 December 2026", "01/12/2026"),
        ("2026-11-20", .nl, "20 november 2026", "20/11/2026"),
        ("2026-03-01", .nl, "1 maart 2026", "01/03/2026"),
        ("2026-11-20", .de, "20. November 2026", "20.11.2026"),
        ("2026-03-05", .de, "5. März 2026", "05.03.2026"),
        ("0987-01-09", .en, "9 January 987", "09/01/0987"),
    ])
    func formatting(_ iso: String, _ language: Language, _ long: String, _ short: String) {
        let d = CivilDate(iso: iso)!
        #expect(d.formatted(language) == long)
        #expect(d.short(language) == short)
    }
}
