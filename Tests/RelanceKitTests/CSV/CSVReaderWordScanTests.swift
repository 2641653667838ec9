import Testing
@testable import RelanceKit
import RelanceTestSupport

/// The reader finds the end of an unquoted field eight bytes at a time; these compare it with a
/// plain byte-by-byte split on random rows, so that a wrong bit trick (the first byte found in a
/// word, a delimiter in the last byte of a word, bytes above 0x7F) shows as a different field.
@Suite("CSVReader: unquoted fields found eight bytes at a time")
struct CSVReaderWordScanTests {
    /// The fields of `text` split naively: unquoted fields, records ending at LF, CRLF or CR, blank lines skipped.
    static func naiveRecords(_ text: [UInt8], delimiter: UInt8) -> [[[UInt8]]] {
        var records: [[[UInt8]]] = []
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var i = 0
        func endRecord() {
            fields.append(field)
            field = []
            if !(fields.count == 1 && fields[0].allSatisfy { $0 == 0x20 }) { records.append(fields) }
            fields = []
        }
        while i < text.count {
            let b = text[i]
            if b == delimiter {
                fields.append(field)
                field = []
            } else if b == 0x0A {
                endRecord()
            } else if b == 0x0D {
                endRecord()
                if i + 1 < text.count && text[i + 1] == 0x0A { i += 1 }
            } else {
                field.append(b)
            }
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }

    @Test("random rows of every length, with multi-byte characters: the same fields as a byte-by-byte split",
          arguments: [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")])
    func sameFieldsAsByteSplit(delimiter: UInt8) throws {
        var rng = SplitMix64(seed: UInt64(delimiter))
        // Letters, digits, spaces, the delimiter, line ends, `é` and `°` (two bytes each); no quote.
        let alphabet: [[UInt8]] = "aZ09 -./".utf8.map { [$0] } + [[delimiter], [delimiter], [0x0A], [0x0D], [0xC3, 0xA9], [0xC2, 0xB0]]
        var fieldsSeen = 0
        for _ in 0..<2_000 {
            let length = Int.random(in: 1...70, using: &rng)
            // A first byte that is not blank, so that the reader and the naive split agree on blank lines.
            let text = [UInt8(ascii: "x")] + (0..<length).flatMap { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
            let reader = try CSVReader(bytes: text, delimiter: delimiter)
            var row = CSVRow()
            var read: [[[UInt8]]] = []
            while try reader.next(into: &row) {
                read.append((0..<row.count).map { i in row.withField(i) { Array($0) } })
            }
            let expected = Self.naiveRecords(text, delimiter: delimiter)
            #expect(read == expected, "\(text)")
            fieldsSeen += read.reduce(0) { $0 + $1.count }
        }
        #expect(fieldsSeen > 5_000)
    }

    @Test("line feeds counted eight bytes at a time: the same count as byte by byte, from any offset")
    func lineFeedCount() {
        var rng = SplitMix64(seed: 11)
        // Line feeds among bytes that differ from one by a bit (0x0B, 0x8A, 0x0E) and zero bytes.
        let alphabet: [UInt8] = [0x0A, 0x0A, 0x0B, 0x8A, 0x0E, 0x00, 0xFF, 0x41, 0x0D]
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 0...90, using: &rng)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
            let offset = Int.random(in: 0...min(7, bytes.count), using: &rng)
            let counted = bytes.withUnsafeBufferPointer { CSVReader.lineFeeds(in: UnsafeBufferPointer(rebasing: $0[offset...])) }
            #expect(counted == bytes[offset...].filter { $0 == 0x0A }.count, "\(bytes) from \(offset)")
        }
    }
}
