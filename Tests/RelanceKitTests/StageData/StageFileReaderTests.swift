import Foundation
import Testing
@testable import RelanceKit

/// The stage-file reader reuses the previous row's string when a column repeats and parses dates,
/// whole numbers and currencies from bytes: these hold it to what the file says, row by row.
@Suite("Stage files: reading back what a stage wrote")
struct StageFileReaderTests {
    /// One folder for the suite's files, removed when the process ends (a folder per test was left behind).
    static let folder: String = {
        let dir = NSTemporaryDirectory() + "relance-stagefile-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: StageFileReaderTests.folder) }
        return dir
    }()

    static func file(_ text: String) throws -> String {
        let path = folder + "/items-\(UUID().uuidString).csv"
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

    @Test("amounts in the stages' form, and in any other form, read as the amount parser reads them")
    func amounts() throws {
        let cases: [(String, Currency)] = [
            ("1234.56", .eur), ("-0.07", .eur), ("0.00", .eur), ("92233720368547.75", .eur), ("999999999999999999.99", .eur),
            ("12345678901234567890.12", .eur), ("12.5", .eur), ("1500", Currency(code: "JPY")!), ("-1.234", Currency(code: "KWD")!),
            ("1", .eur), ("+3.00", .eur), ("12.345", .eur), (".50", .eur), ("-", .eur), ("1.00.00", .eur), ("x.00", .eur),
        ]
        let path = try Self.file("amount\n" + cases.map { $0.0 + "\n" }.joined())
        let r = try StageFileReader(path: path)
        var read: [Int64?] = []
        for (text, currency) in cases {
            #expect(try r.next())
            let expected = Array(text.utf8).withUnsafeBufferPointer { AmountParser.parse($0, minorDigits: currency.minorDigits, convention: .point) }
            let got = try? r.money(0, currency)
            switch expected {
            case .success(let p): #expect(got?.minorUnits == p.minorUnits, "\(text)")
            case .failure: #expect(got == nil, "\(text)")
            }
            read.append(got?.minorUnits)
        }
        #expect(Array(read[0..<4]) == [123456, -7, 0, 9_223_372_036_854_775])
        #expect(Array(read[7..<9]) == [1500, -1234])
        #expect(read[15] == nil)
    }
}
