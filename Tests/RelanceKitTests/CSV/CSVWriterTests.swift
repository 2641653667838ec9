import Testing
@testable import RelanceKit

struct CSVQuotingCase: Sendable, CustomTestStringConvertible {
    let name: String
    let cell: CSVCell
    let machine: String
    let frenchExcel: String
    var testDescription: String { name }
}

struct CSVWriterTests {
    static let quotingCases: [CSVQuotingCase] = [
        .init(name: "plain", cell: .text("Dupont"), machine: "Dupont", frenchExcel: "Dupont"),
        .init(name: "comma", cell: .text("ACME, Inc."), machine: "\"ACME, Inc.\"", frenchExcel: "ACME, Inc."),
        .init(name: "semicolon", cell: .text("a;b"), machine: "a;b", frenchExcel: "\"a;b\""),
        .init(name: "quote", cell: .text("Le \"Pain\""), machine: "\"Le \"\"Pain\"\"\"", frenchExcel: "\"Le \"\"Pain\"\"\""),
        .init(name: "LF", cell: .text("l1\nl2"), machine: "\"l1\nl2\"", frenchExcel: "\"l1\nl2\""),
        .init(name: "leading space", cell: .text(" x"), machine: "\" x\"", frenchExcel: "\" x\""),
        .init(name: "trailing space", cell: .text("x "), machine: "\"x \"", frenchExcel: "\"x \""),
        .init(name: "inner space", cell: .text("a b"), machine: "a b", frenchExcel: "a b"),
        .init(name: "formula =", cell: .text("=SUM(A1)"), machine: "'=SUM(A1)", frenchExcel: "'=SUM(A1)"),
        .init(name: "formula + with comma", cell: .text("+1,2"), machine: "\"'+1,2\"", frenchExcel: "'+1,2"),
        .init(name: "formula -", cell: .text("-12.00"), machine: "'-12.00", frenchExcel: "'-12.00"),
        .init(name: "formula @", cell: .text("@cmd"), machine: "'@cmd", frenchExcel: "'@cmd"),
        .init(name: "formula TAB", cell: .text("\tx"), machine: "'\tx", frenchExcel: "'\tx"),
        .init(name: "formula CR", cell: .text("\rx"), machine: "\"'\rx\"", frenchExcel: "\"'\rx\""),
        .init(name: "negative number untouched", cell: .number("-12.50"), machine: "-12.50", frenchExcel: "-12,50"),
        .init(name: "integer number", cell: .number("1234"), machine: "1234", frenchExcel: "1234"),
        .init(name: "fraction number", cell: .number("0.1234"), machine: "0.1234", frenchExcel: "0,1234"),
        .init(name: "empty text", cell: .text(""), machine: "", frenchExcel: ""),
        .init(name: "empty", cell: .empty, machine: "", frenchExcel: ""),
        .init(name: "accents", cell: .text("Société Générale"), machine: "Société Générale", frenchExcel: "Société Générale"),
    ]

    @Test(arguments: quotingCases)
    func writesCell(_ c: CSVQuotingCase) {
        var machine = CSVWriter()
        machine.writeRow([.text("k"), c.cell])
        #expect(String(decoding: machine.bytes, as: UTF8.self) == "k,\(c.machine)\n")
        var french = CSVWriter(style: .frenchExcel)
        french.writeRow([.text("k"), c.cell])
        #expect(Array(french.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: french.bytes.dropFirst(3), as: UTF8.self) == "k;\(c.frenchExcel)\r\n")
    }

    @Test func machineFileBytesExactly() {
        var w = CSVWriter()
        w.writeHeader(["customer_id", "name", "open_total", "1-30", "documents"])
        w.writeRow([.text("C001"), .text("Dupont, \"Fils\""), .number("-1234.50"), .empty, .text("F1;F2")])
        w.writeRow(texts: ["=HYPERLINK()", "", "12", "+", "x"])
        let expected = "customer_id,name,open_total,1-30,documents\n"
            + "C001,\"Dupont, \"\"Fils\"\"\",-1234.50,,F1;F2\n"
            + "'=HYPERLINK(),,12,'+,x\n"
        #expect(w.bytes == Array(expected.utf8))
        #expect(w.style == .machine)
    }

    @Test func frenchExcelFileBytesExactly() {
        var w = CSVWriter(style: .frenchExcel)
        w.writeHeader(["client", "montant", "taux"])
        w.writeRow([.text("Société; Générale"), .number("1234.56"), .number("0.0500")])
        w.writeRow([.text("-1"), .number("-7.00"), .empty])
        let expected: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((
            "client;montant;taux\r\n"
            + "\"Société; Générale\";1234,56;0,0500\r\n"
            + "'-1;-7,00;\r\n").utf8)
        #expect(w.bytes == expected)
    }

    @Test func headerIsNotGuarded() {
        var w = CSVWriter()
        w.writeHeader(["-x", "121+"])
        #expect(w.bytes == Array("-x,121+\n".utf8))
    }

    @Test func removeAllBytesKeepsWriting() {
        var w = CSVWriter(style: .frenchExcel)
        w.writeRow(texts: ["a"])
        w.removeAllBytes()
        w.writeRow(texts: ["b"])
        #expect(w.bytes == Array("b\r\n".utf8))
    }

    @Test func writtenMachineCSVReadsBack() throws {
        var w = CSVWriter()
        let texts = ["a,b", "say \"hi\"", "l1\r\nl2", " pad ", "plain", ""]
        w.writeRow(texts: texts)
        let reader = try CSVReader(bytes: w.bytes, delimiter: 0x2C)
        var row = CSVRow()
        #expect(try reader.next(into: &row))
        #expect(row.strings() == texts)
        #expect(try !reader.next(into: &row))
    }
}
