import Testing
@testable import RelanceKit

@Suite("Mail Date header")
struct MailDateTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let y: Int, m: Int, d: Int, hh: Int, mm: Int, offset: Int
        let expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        .init(name: "as-of in Paris winter", y: 2026, m: 11, d: 20, hh: 7, mm: 0, offset: 60,
              expected: "Fri, 20 Nov 2026 07:00:00 +0100"),
        .init(name: "leap day", y: 2028, m: 2, d: 29, hh: 7, mm: 0, offset: 60,
              expected: "Tue, 29 Feb 2028 07:00:00 +0100"),
        .init(name: "year start", y: 2027, m: 1, d: 1, hh: 7, mm: 0, offset: 60,
              expected: "Fri, 1 Jan 2027 07:00:00 +0100"),
        .init(name: "summer time", y: 2026, m: 7, d: 14, hh: 7, mm: 30, offset: 120,
              expected: "Tue, 14 Jul 2026 07:30:00 +0200"),
        .init(name: "negative offset", y: 2026, m: 3, d: 1, hh: 7, mm: 0, offset: -300,
              expected: "Sun, 1 Mar 2026 07:00:00 -0500"),
        .init(name: "half-hour offset", y: 2026, m: 12, d: 31, hh: 23, mm: 59, offset: 330,
              expected: "Thu, 31 Dec 2026 23:59:00 +0530"),
        .init(name: "UTC epoch", y: 1970, m: 1, d: 1, hh: 0, mm: 0, offset: 0,
              expected: "Thu, 1 Jan 1970 00:00:00 +0000"),
        .init(name: "century leap day", y: 2000, m: 2, d: 29, hh: 12, mm: 0, offset: 0,
              expected: "Tue, 29 Feb 2000 12:00:00 +0000"),
    ]

    @Test("format", arguments: cases)
    func format(_ c: Case) {
        #expect(MailDate.format(year: c.y, month: c.m, day: c.d, hour: c.hh, minute: c.mm,
                                utcOffsetMinutes: c.offset) == c.expected)
    }
}
