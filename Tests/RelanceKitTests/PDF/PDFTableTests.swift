import Foundation
import Testing
@testable import RelanceKit

@Suite("PDFTable")
struct PDFTableTests {
    static let mm = PDFDocument.pointsPerMillimetre

    /// The text operators of a one-table document (the writer does not compress its streams).
    static func drawn(_ rows: [[String]], totals: [[String]]) -> String {
        var doc = PDFDocument()
        doc.addPage()
        let table = PDFTable(columns: [
            PDFTable.Column("Rechnung", width: 27 * mm), PDFTable.Column("Datum", width: 19 * mm),
            PDFTable.Column("Fällig am", width: 19 * mm), PDFTable.Column("Offen", width: 24 * mm, alignment: .right),
        ], rows: rows, totals: totals, fontSize: 8.5, rowHeight: 13)
        doc.drawTable(table, x: 20 * mm, y: 100 * mm, bottomLimit: 270 * mm, continuationTop: 25 * mm)
        return String(decoding: doc.rendered(), as: UTF8.self)
    }

    @Test("a label runs on over the empty cells after it instead of being cut")
    func labelRunsOverEmptyCells() {
        let text = Self.drawn([["2026/00311", "10.09.2026", "10.10.2026", "12.500,00 €"]],
                              totals: [["Geforderter Betrag insgesamt", "", "", "16.277,37 €"]])
        #expect(text.contains("(Geforderter Betrag insgesamt) Tj"))
        #expect(!text.contains("\\205) Tj"))
    }

    @Test("a cell followed by a filled cell is still cut to its column, ending with …")
    func cellBeforeAFilledCellIsCut() {
        let text = Self.drawn([["Geforderter Betrag insgesamt", "10.09.2026", "", "12.500,00 €"]], totals: [])
        #expect(!text.contains("(Geforderter Betrag insgesamt) Tj"))
        // 27 mm less 2 × 3 pt of padding at 8.5 pt Helvetica: "Geforderter Betr" and the ellipsis (WinAnsi 0x85).
        #expect(text.contains("(Geforderter Betr\\205) Tj"))
        // A right-aligned cell never runs on.
        #expect(text.contains("(12.500,00 \\200) Tj"))
    }
}
