import Testing
@testable import RelanceKit

/// A record as the tests compare it: its starting line and its fields.
private struct Record: Equatable, CustomStringConvertible {
    let line: Int
    let fields: [String]
    init(_ line: Int, _ fields: [String]) {
        self.line = line
        self.fields = fields
    }
    var description: String { "\(line): \(fields)" }
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Reads every record, failing the test on any error.
private func readAll(_ input: [UInt8], delimiter: UInt8? = nil) throws -> (CSVReader, [Record]) {
    let reader = try CSVReader(bytes: input, delimiter: delimiter)
    var row = CSVRow()
    var records: [Record] = []
    while try reader.next(into: &row) {
        records.append(Record(row.line, row.strings()))
    }
    return (reader, records)
}

/// Reads every record, collecting errors and the line of the row they concern.
private func readCollecting(_ input: [UInt8], fieldLimit: Int? = nil) throws -> (records: [Record], errors: [CSVError]) {
    let reader = try CSVReader(bytes: input)
    if let fieldLimit { reader.fieldLimit = fieldLimit }
    var row = CSVRow()
    var records: [Record] = []
    var errors: [CSVError] = []
    while true {
        do {
            guard try reader.next(into: &row) else { break }
            records.append(Record(row.line, row.strings()))
        } catch {
            errors.append(error)
        }
    }
    return (records, errors)
}

struct CSVDelimiterCase: Sendable, CustomTestStringConvertible {
    let name: String
    let input: String
    let expected: UInt8
    var testDescription: String { name }
}

struct CSVParseCase: Sendable, CustomTestStringConvertible {
    let name: String
    let input: [UInt8]
    let expected: [(line: Int, fields: [String])]
    var testDescription: String { name }
    init(_ name: String, _ input: String, _ expected: [(Int, [String])]) {
        self.name = name
        self.input = Array(input.utf8)
        self.expected = expected.map { (line: $0.0, fields: $0.1) }
    }
}

struct CSVReaderTests {
    static let delimiterCases: [CSVDelimiterCase] = [
        .init(name: "semicolon", input: "a;b;c\n1;2;3\n", expected: 0x3B),
        .init(name: "comma", input: "a,b,c\n1,2,3\n", expected: 0x2C),
        .init(name: "tab", input: "a\tb\tc\n1\t2\t3\n", expected: 0x09),
        .init(name: "pipe", input: "a|b|c\n1|2|3\n", expected: 0x7C),
        .init(name: "most frequent wins", input: "a,b;c;d\n", expected: 0x3B),
        .init(name: "tie prefers semicolon", input: "a,b;c\n", expected: 0x3B),
        .init(name: "tie prefers comma over tab", input: "a\tb,c\n", expected: 0x2C),
        .init(name: "tie prefers tab over pipe", input: "a|b\tc\n", expected: 0x09),
        .init(name: "ignored inside quotes", input: "\"a;b;c\",d,e\n", expected: 0x2C),
        .init(name: "quote inside unquoted field", input: "ab\"c;d\n", expected: 0x3B),
        .init(name: "doubled quotes inside quoted header", input: "\"a\"\",\"\"b\";c;d\n", expected: 0x3B),
        .init(name: "first non-blank line", input: "\n   \n\na|b\n1;2;3;4\n", expected: 0x7C),
        .init(name: "none gives comma", input: "header\nvalue\n", expected: 0x2C),
        .init(name: "empty file gives comma", input: "", expected: 0x2C),
    ]

    @Test(arguments: delimiterCases)
    func detectsDelimiter(_ c: CSVDelimiterCase) throws {
        let reader = try CSVReader(bytes: bytes(c.input))
        #expect(reader.delimiter == c.expected)
    }

    @Test func givenDelimiterWins() throws {
        let (reader, records) = try readAll(bytes("a;b,c\n"), delimiter: 0x2C)
        #expect(reader.delimiter == 0x2C)
        #expect(records == [Record(1, ["a;b", "c"])])
    }

    static let parseCases: [CSVParseCase] = [
        .init("simple LF", "a;b\n1;2\n", [(1, ["a", "b"]), (2, ["1", "2"])]),
        .init("CRLF", "a;b\r\n1;2\r\n", [(1, ["a", "b"]), (2, ["1", "2"])]),
        .init("lone CR", "a;b\r1;2\r", [(1, ["a", "b"]), (2, ["1", "2"])]),
        .init("no final line break", "a;b\n1;2", [(1, ["a", "b"]), (2, ["1", "2"])]),
        .init("quoted field with delimiter", "a;b\n\"x;y\";z\n", [(1, ["a", "b"]), (2, ["x;y", "z"])]),
        .init("doubled quotes", "a;b\n\"say \"\"hi\"\"\";\"\"\"\"\n", [(1, ["a", "b"]), (2, ["say \"hi\"", "\""])]),
        .init("empty quoted field", "\"\";x\n", [(1, ["", "x"])]),
        .init("LF inside quotes", "a;b\n\"l1\nl2\";x\nnext;y\n", [(1, ["a", "b"]), (2, ["l1\nl2", "x"]), (4, ["next", "y"])]),
        .init("CRLF inside quotes", "a;b\r\n\"l1\r\nl2\r\nl3\";x\r\nnext;y\r\n", [(1, ["a", "b"]), (2, ["l1\r\nl2\r\nl3", "x"]), (5, ["next", "y"])]),
        .init("CR inside quotes", "a;b\r\"l1\rl2\";x\rnext;y\r", [(1, ["a", "b"]), (2, ["l1\rl2", "x"]), (4, ["next", "y"])]),
        .init("blank lines skipped, lines kept", "\na;b\n\n   \n1;2\r\n\r\n3;4\n\n", [(2, ["a", "b"]), (5, ["1", "2"]), (7, ["3", "4"])]),
        .init("spaces kept in fields", " a ; b \n", [(1, [" a ", " b "])]),
        .init("trailing delimiter gives empty field", "a;b;\n", [(1, ["a", "b", ""])]),
        .init("quote inside unquoted field is literal", "ab\"c;d\n", [(1, ["ab\"c", "d"])]),
        .init("quoted last field at end of file", "a;\"b\"", [(1, ["a", "b"])]),
        .init("single column", "x\ny\n", [(1, ["x"]), (2, ["y"])]),
        .init("header only", "document;amount\n", [(1, ["document", "amount"])]),
        .init("empty file", "", []),
        .init("only blank lines", "\n  \r\n\n", []),
    ]

    @Test(arguments: parseCases)
    func parses(_ c: CSVParseCase) throws {
        let (_, records) = try readAll(c.input)
        #expect(records == c.expected.map { Record($0.line, $0.fields) })
    }

    @Test func stripsBOM() throws {
        let (reader, records) = try readAll([0xEF, 0xBB, 0xBF] + bytes("document;montant\nF1;12\n"))
        #expect(reader.hadBOM)
        #expect(reader.encoding == .utf8)
        #expect(reader.delimiter == 0x3B)
        #expect(records == [Record(1, ["document", "montant"]), Record(2, ["F1", "12"])])
    }

    @Test func keepsValidUTF8() throws {
        let (reader, records) = try readAll(bytes("nom;montant\nSociété Générale;12,50 €\n"))
        #expect(!reader.hadBOM)
        #expect(reader.encoding == .utf8)
        #expect(records[1] == Record(2, ["Société Générale", "12,50 €"]))
    }

    @Test func readsWindows1252() throws {
        // "Société Générale;12,50 €" in Windows-1252.
        let input: [UInt8] = bytes("Soci") + [0xE9] + bytes("t") + [0xE9] + bytes(" G") + [0xE9] + bytes("n") + [0xE9]
            + bytes("rale;12,50 ") + [0x80] + bytes("\n")
        let (reader, records) = try readAll(input)
        #expect(reader.encoding == .windows1252)
        #expect(!reader.hadBOM)
        #expect(records == [Record(1, ["Société Générale", "12,50 €"])])
    }

    @Test func countsTrailingEmptyColumns() throws {
        let reader = try CSVReader(bytes: bytes("a;b;;  ;\na;\"\";\nx\n;;\n"))
        var row = CSVRow()
        #expect(try reader.next(into: &row))
        #expect(row.count == 5)
        #expect(row.countIgnoringTrailingEmpty == 2)
        #expect(try reader.next(into: &row))
        #expect(row.count == 3)
        #expect(row.countIgnoringTrailingEmpty == 2)  // a quoted "" is a value
        #expect(row.isEmpty(1))
        #expect(row.isQuoted(1))
        #expect(try reader.next(into: &row))
        #expect(row.count == 1)
        #expect(row.countIgnoringTrailingEmpty == 1)
        #expect(try reader.next(into: &row))
        #expect(row.count == 3)
        #expect(row.countIgnoringTrailingEmpty == 0)
        #expect(try !reader.next(into: &row))
    }

    @Test func badQuoteReportsLineAndColumnAndGoesOn() throws {
        let input = bytes("a;b;c\n1;\"ab\"c;3\n\"ok\";2;3\n")
        let result = try readCollecting(input)
        #expect(result.errors == [.badQuote(line: 2, column: 7)])
        #expect(result.records == [Record(1, ["a", "b", "c"]), Record(3, ["ok", "2", "3"])])
    }

    @Test func badQuoteAfterMultilineFieldPointsAtItsPhysicalLine() throws {
        let reader = try CSVReader(bytes: bytes("h;i\n\"x\ny\" z;2\nnext;3\n"))
        var row = CSVRow()
        #expect(try reader.next(into: &row))
        #expect(throws: CSVError.badQuote(line: 3, column: 3)) { try reader.next(into: &row) }
        #expect(row.line == 2)
        #expect(row.rawText == "\"x\ny\" z;2")
        #expect(try reader.next(into: &row))
        #expect(row.line == 4)
        #expect(row.strings() == ["next", "3"])
    }

    @Test func unterminatedQuoteRejectsItsLineAndReadingGoesOn() throws {
        let result = try readCollecting(bytes("a;b\n1;2\n3;\"open\r\nstill;4\n\n5;\"\"\"\"x\n"))
        // The second quote run (four quotes, as the first scan found every later quote doubled) closes
        // within itself: a bad quote on its own line, and no second scan to the end.
        #expect(result.errors == [.unterminatedQuote(line: 3, column: 3), .badQuote(line: 6, column: 7)])
        #expect(result.records == [Record(1, ["a", "b"]), Record(2, ["1", "2"]), Record(4, ["still", "4"])])
    }

    @Test func unterminatedQuoteRowDescribesTheRejectedLine() throws {
        let reader = try CSVReader(bytes: bytes("a;b\n3;\"open\nstill;4\n"))
        var row = CSVRow()
        #expect(try reader.next(into: &row))
        #expect(throws: CSVError.unterminatedQuote(line: 2, column: 3)) { try reader.next(into: &row) }
        #expect(row.line == 2)
        #expect(row.rawText == "3;\"open")
        #expect(try reader.next(into: &row))
        #expect(row.line == 3)
        #expect(row.strings() == ["still", "4"])
        #expect(try reader.next(into: &row) == false)
    }

    @Test func tenMegabyteFieldIsAccepted() throws {
        let big = [UInt8](repeating: 0x78, count: 10 * 1024 * 1024)
        let input = bytes("a;b\n1;\"") + big + bytes("\";3\n")
        let reader = try CSVReader(bytes: input)
        var row = CSVRow()
        #expect(try reader.next(into: &row))
        #expect(try reader.next(into: &row))
        #expect(row.count == 3)
        #expect(row.withField(1) { $0.count } == 10 * 1024 * 1024)
        #expect(row.string(2) == "3")
        #expect(row.rawText.count == 501)
        #expect(row.rawText.hasPrefix("1;\"xxx"))
        #expect(row.rawText.hasSuffix("x…"))
        #expect(try !reader.next(into: &row))
    }

    @Test func fieldOverTheLimitIsRejectedAndReadingGoesOn() throws {
        let result = try readCollecting(bytes("a;b\n1;\"abcdef\nghi\";3\n4;5\nx;123456789\n"), fieldLimit: 8)
        #expect(result.errors == [
            .fieldTooLarge(line: 2, column: 3, limit: 8),
            .fieldTooLarge(line: 5, column: 3, limit: 8),
        ])
        #expect(result.records == [Record(1, ["a", "b"]), Record(4, ["4", "5"])])
    }

    @Test func columnsOfFields() throws {
        let reader = try CSVReader(bytes: bytes("ab;\"c;d\";;e\n\"x\ny\";zz\n"))
        var row = CSVRow()
        #expect(try reader.next(into: &row))
        #expect((0..<row.count).map(row.column(of:)) == [1, 4, 10, 11])
        #expect(row.column(of: 9) == 0)
        #expect(try reader.next(into: &row))
        #expect(row.line == 2)
        #expect((0..<row.count).map(row.column(of:)) == [1, 4])
        #expect((0..<row.count).map(row.line(of:)) == [2, 3])
    }

    @Test func rawTextKeepsTheRecordAsWritten() throws {
        let reader = try CSVReader(bytes: bytes("a;\"b \"\"q\"\"\";c\r\n\"m\r\nl\";2\r\n"))
        var row = CSVRow()
        #expect(try reader.next(into: &row))
        #expect(row.rawText == "a;\"b \"\"q\"\"\";c")
        #expect(row.string(1) == "b \"q\"")
        #expect(try reader.next(into: &row))
        #expect(row.rawText == "\"m\r\nl\";2")
        #expect(CSVRow().rawText == "")
    }

    @Test func stringAndFieldAccessOutOfRange() throws {
        let reader = try CSVReader(bytes: bytes("a;b\n"))
        var row = CSVRow()
        #expect(try reader.next(into: &row))
        #expect(row.string(2) == "")
        #expect(row.isEmpty(2))
        #expect(row.withField(5) { $0.count } == 0)
        #expect(row.withField(0) { Array($0) } == [0x61])
    }

    @Test func rowStorageIsReusedAcrossRecords() throws {
        let reader = try CSVReader(bytes: bytes("\"a\"\"1\";b\nc;\"d\"\"2\"\n"))
        var row = CSVRow()
        #expect(try reader.next(into: &row))
        #expect(row.strings() == ["a\"1", "b"])
        #expect(try reader.next(into: &row))
        #expect(row.strings() == ["c", "d\"2"])
        #expect(row.scratch.count == 3)
        #expect(row.fields.count == 2)
    }

    @Test func byteOffsetAdvances() throws {
        let reader = try CSVReader(bytes: bytes("ab;c\nd;e\n"))
        var row = CSVRow()
        #expect(reader.byteOffset() == 0)
        #expect(reader.byteCount == 9)
        #expect(try reader.next(into: &row))
        #expect(reader.byteOffset() == 5)
        #expect(try reader.next(into: &row))
        #expect(reader.byteOffset() == 9)
        #expect(try !reader.next(into: &row))
        #expect(try !reader.next(into: &row))
    }

    @Test func readsAFile() throws {
        let path = "/tmp/relance-csv-test-\(UInt32.random(in: 0...UInt32.max)).csv"
        let content = [0xEF, 0xBB, 0xBF] + bytes("a;b\n1;2\n")
        let fd = fopen(path, "wb")
        #expect(fd != nil)
        _ = content.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, fd) }
        fclose(fd)
        defer { unlink(path) }
        let reader = try CSVReader(contentsOf: path)
        #expect(reader.hadBOM)
        var row = CSVRow()
        #expect(try reader.next(into: &row))
        #expect(try reader.next(into: &row))
        #expect(row.strings() == ["1", "2"])
    }

    /// Stage files are mapped rather than read; a mapped file gives the same records, encoding and
    /// positions as its bytes read into memory, with or without a BOM, in UTF-8 or Windows-1252.
    static let mappedCases: [(content: [UInt8], records: Int)] = {
        let windows1252: [UInt8] = [0x53, 0x6F, 0x63, 0x69, 0xE9, 0x74, 0xE9, 0x3B, 0x4C, 0x69, 0xE8, 0x67, 0x65, 0x0A]
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let quoted = "entity,document,amount\nFR,\"F-2026-001\",\"1 234,56\"\r\nBE,\"Avoir \"\"n°3\"\"\",-99.00\n\nBE,Société Générale,12\n"
        return [(bytes(quoted), 4), (bom + bytes("a;b\n\"x\ny\";2\n"), 2), (bytes("client;ville\n") + windows1252, 2), ([], 0)]
    }()

    @Test(arguments: 0..<4)
    func mappedFileReadsAsItsBytes(_ n: Int) throws {
        let (content, count) = Self.mappedCases[n]
        let path = "/tmp/relance-csv-mapped-\(UInt32.random(in: 0...UInt32.max)).csv"
        let fd = fopen(path, "wb")
        #expect(fd != nil)
        _ = content.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, fd) }
        fclose(fd)
        defer { unlink(path) }
        let mapped = try CSVReader(contentsOf: path, mapped: true)
        let inMemory = try CSVReader(bytes: content)
        func records(_ reader: CSVReader) throws -> [(Record, column: Int, raw: String)] {
            var row = CSVRow()
            var out: [(Record, column: Int, raw: String)] = []
            while try reader.next(into: &row) { out.append((Record(row.line, row.strings()), row.column(of: row.count - 1), row.rawText)) }
            return out
        }
        let got = try records(mapped), expected = try records(inMemory)
        #expect(got.map(\.0) == expected.map(\.0))
        #expect(got.map(\.column) == expected.map(\.column) && got.map(\.raw) == expected.map(\.raw))
        #expect(got.count == count)
        #expect(mapped.encoding == inMemory.encoding && mapped.hadBOM == inMemory.hadBOM)
        #expect(mapped.byteCount == inMemory.byteCount && mapped.delimiter == inMemory.delimiter)
    }

    /// Room for a file's records is made from its line feeds: never fewer than the records left.
    @Test func lineFeedsLeftBoundTheRecordsLeft() throws {
        let reader = try CSVReader(bytes: bytes("document,remittance\nF-1,\"Facture\nF-1\"\nF-2,ok\r\nF-3,\n"))
        var row = CSVRow()
        #expect(reader.lineFeedsLeft() == 5)
        #expect(try reader.next(into: &row))
        #expect(reader.lineFeedsLeft() == 4)
        var left = 0
        while try reader.next(into: &row) { left += 1 }
        #expect(left == 3)
        #expect(reader.lineFeedsLeft() == 0)
    }

    @Test func unreadableFile() {
        #expect(throws: CSVError.unreadable(path: "/nonexistent/x.csv", reason: "No such file or directory")) {
            try CSVReader(contentsOf: "/nonexistent/x.csv")
        }
        #expect(throws: CSVError.unreadable(path: "/tmp", reason: "Is a directory")) {
            try CSVReader(contentsOf: "/tmp")
        }
    }

    @Test func errorMessages() {
        #expect(CSVError.badQuote(line: 2, column: 7).description
            == "unexpected character after a closing quote at line 2, column 7 (expected the delimiter or the end of the line)")
        #expect(CSVError.unterminatedQuote(line: 3, column: 1).description == "quoted field opened at line 3, column 1 is never closed")
        #expect(CSVError.badQuote(line: 2, column: 7).location! == (2, 7))
        #expect(CSVError.unreadable(path: "p", reason: "r").location == nil)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
