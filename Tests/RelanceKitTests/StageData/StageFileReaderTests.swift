import Foundation
import Testing
@testable import RelanceKit

/// The stage-file reader reuses the previous row's string when a column repeats and parses dates,
/// whole numbers and currencies from bytes: these hold it to what the file says, row by row.
@Suite("Stage files: reading back what a stage wrote")
struct StageFileReaderTests {
    static func file(_ text: String) throws -> String {
        let dir = NSTemporaryDirectory() + "relance-stagefile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/items.csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("repeated, changed, longer, shorter and empty values come back as written")
    func repeatedValues() throws {
        let path = try Self.file("""
            entity,customer_name,line,due,currency
            FR,Société Générale de Transports Dupont,1,2026-11-20,EUR
            FR,Société Générale de Transports Dupont,-2,2026-11-21,EUR
            FR,Société Générale de Transports Dupond,3,,eur
            BE,"Brasserie ""Les Trois Clés"", SPRL",9223372036854775807,2024-02-29,CHF
            BE,,-9223372036854775808,2026-01-01,CHF
            BE,Bxl,0,2026-01-02,CHF

            """)
        let r = try StageFileReader(path: path)
        var rows: [String] = []
        while try r.next() {
            let c = try r.currency(4)
            rows.append([r.text(0), r.text(1), String(try r.int(2)), r.optionalDate(3)?.iso ?? "-", c.code, String(c.minorDigits)]
                .joined(separator: "|"))
        }
        #expect(rows == [
            "FR|Société Générale de Transports Dupont|1|2026-11-20|EUR|2",
            "FR|Société Générale de Transports Dupont|-2|2026-11-21|EUR|2",
            "FR|Société Générale de Transports Dupond|3|-|EUR|2",
            "BE|Brasserie \"Les Trois Clés\", SPRL|9223372036854775807|2024-02-29|CHF|2",
            "BE||-9223372036854775808|2026-01-01|CHF|2",
            "BE|Bxl|0|2026-01-02|CHF|2",
        ])
    }

    @Test("a whole number or a date that is not one fails with the file, line and value", arguments: [
        ("1 000", "expected a whole number, found `1 000`"), ("+5", "expected a whole number, found `+5`"),
        ("-", "expected a whole number, found `-`"), ("9223372036854775808", "expected a whole number, found `9223372036854775808`"),
    ])
    func badNumbers(_ value: String, _ message: String) throws {
        let path = try Self.file("n,d\n7,2026-02-28\n\"\(value)\",2026-02-30\n")
        let r = try StageFileReader(path: path)
        #expect(try r.next())
        #expect(try r.int(0) == 7)
        #expect(try r.next())
        let number = #expect(throws: StageDataError.self) { try r.int(0) }
        #expect(number?.path == path && number?.line == 3 && number?.message == message)
        let date = #expect(throws: StageDataError.self) { try r.date(1) }
        #expect(date?.line == 3 && date?.message == "expected a date, found `2026-02-30`")
    }
}
