import Foundation
import Testing
@testable import RelanceKit

/// Records written by the million give their cells straight into the file's bytes: these hold the
/// bytes to those of the same cells written as strings, and spell one row out in full.
@Suite("Stage files: rows written cell by cell")
struct StageFileWriterTests {
    static func written<Record: StageRecord>(_ records: [Record]) throws -> (cellByCell: [UInt8], asStrings: [UInt8]) {
        let path = NSTemporaryDirectory() + "relance-stagewriter-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Record.write(records, to: path)
        var csv = CSVWriter(style: .machine)
        csv.writeHeader(Record.stageColumns)
        for r in records { csv.writeRow(verbatim: r.stageCells) }
        return (try AtomicFile.readBytes(path), csv.bytes)
    }

    static let eur = Currency.eur, yen = Currency(code: "JPY")!

    static let items = [
        OpenItem(entity: "FR", document: "F-2026-0001", customerID: "C001", customerName: "Brasserie \"Les Trois Clés\", SARL",
                 kind: .invoice, documentDate: CivilDate(year: 2026, month: 10, day: 1)!, dueDate: CivilDate(year: 2026, month: 10, day: 31)!,
                 terms: "30 jours", amount: Money(minorUnits: 1_234_56, currency: eur), openAmount: Money(minorUnits: 234_56, currency: eur),
                 externalRef: " ext ", paymentRef: "+++090/9337/55493+++", poNumber: "=PO 7", sourceFile: "fr/open-items.csv", sourceLine: 2),
        OpenItem(entity: "BE", document: "AV-9", customerID: "C002", kind: .creditNote,
                 documentDate: CivilDate(year: 2024, month: 2, day: 29)!, dueDate: CivilDate(year: 2024, month: 2, day: 29)!,
                 amount: Money(minorUnits: -5, currency: eur), openAmount: Money(minorUnits: -5, currency: eur), sourceLine: 1_000_000),
        OpenItem(entity: "JP", document: "J-1", customerID: "C003", kind: .unappliedCredit,
                 documentDate: CivilDate(year: 2026, month: 1, day: 1)!, dueDate: CivilDate(year: 2026, month: 1, day: 1)!,
                 amount: Money(minorUnits: -150_000, currency: yen), openAmount: Money(minorUnits: 0, currency: yen)),
    ]

    @Test("open items, bank lines, carried lines and aged items: the same bytes as their cells written as strings")
    func sameBytesAsStrings() throws {
        let items = try Self.written(Self.items)
        #expect(items.cellByCell == items.asStrings)
        let text = String(decoding: items.cellByCell, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(text[1] == "FR,F-2026-0001,C001,\"Brasserie \"\"Les Trois Clés\"\", SARL\",invoice,2026-10-01,2026-10-31,30 jours,EUR,1234.56,234.56,\" ext \",+++090/9337/55493+++,=PO 7,fr/open-items.csv,2")
        #expect(text[2] == "BE,AV-9,C002,,credit_note,2024-02-29,2024-02-29,,EUR,-0.05,-0.05,,,,,1000000")
        #expect(text[3] == "JP,J-1,C003,,unapplied_credit,2026-01-01,2026-01-01,,JPY,-150000,0,,,,,0")

        let line = BankLine(id: "0f3a9c2b7d1e4a56", entity: "FR", account: "FR7630006000011234567890189",
                            bookingDate: CivilDate(year: 2026, month: 11, day: 20)!, amount: Money(minorUnits: Int64.min + 1, currency: Self.eur),
                            payerName: "Éloïse, Boulangerie", remittance: "FACT F-2026-0001\nmerci")
        let lines = try Self.written([line])
        #expect(lines.cellByCell == lines.asStrings)
        #expect(String(decoding: lines.cellByCell, as: UTF8.self).contains("2026-11-20,,EUR,-92233720368547758.07,\"Éloïse, Boulangerie\",,\"FACT F-2026-0001\nmerci\","))
        let carried = try Self.written([CarriedBankLine(line: line, fromCAMT: true)])
        #expect(carried.cellByCell == carried.asStrings)
        let aged = try Self.written(Self.items.map { AgedItem(item: $0, daysOverdue: -3, bucket: "not_due", status: .open) })
        #expect(aged.cellByCell == aged.asStrings)
    }

    @Test("amounts written from their minor units as `machineString` spells them", arguments: [
        (Int64(0), 2, "0.00"), (-1, 2, "-0.01"), (100, 2, "1.00"), (-123_456, 0, "-123456"), (5, 3, "0.005"),
        (Int64.max, 2, "92233720368547758.07"), (Int64.min, 2, "-92233720368547758.08"), (42, 4, "0.0042"),
    ])
    func amounts(_ minorUnits: Int64, _ minorDigits: Int, _ expected: String) {
        var bytes: [UInt8] = []
        Money.appendMachineString(minorUnits: minorUnits, minorDigits: minorDigits, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
        #expect(Money.machineString(minorUnits: minorUnits, minorDigits: minorDigits) == expected)
    }
}
