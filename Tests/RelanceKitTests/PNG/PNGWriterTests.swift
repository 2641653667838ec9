import Foundation
import Testing
@testable import RelanceKit

@Suite("PNGWriter")
struct PNGWriterTests {
    @Test(arguments: [("", UInt32(0)), ("123456789", 0xCBF4_3926), ("The quick brown fox jumps over the lazy dog", 0x414F_A339)])
    func crc32(_ text: String, _ expected: UInt32) {
        #expect(PNGWriter.crc32(Array(text.utf8)) == expected)
    }

    @Test(arguments: [("", UInt32(1)), ("Wikipedia", 0x11E6_0398), ("123456789", 0x091E_01DE)])
    func adler32(_ text: String, _ expected: UInt32) {
        #expect(PNGWriter.adler32(Array(text.utf8)) == expected)
    }

    @Test func adler32OverManyBlocks() {
        // 0xFF bytes push the sums to their modulo often; compare with the direct definition.
        let data = [UInt8](repeating: 0xFF, count: 100_000)
        var a: UInt64 = 1, b: UInt64 = 0
        for byte in data { a = (a + UInt64(byte)) % 65521; b = (b + a) % 65521 }
        #expect(PNGWriter.adler32(data) == UInt32(b << 16 | a))
    }

    /// Walks the chunks, checking each CRC; returns (type, data) pairs.
    static func chunks(_ png: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> [(String, [UInt8])] {
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], sourceLocation: sourceLocation)
        var out: [(String, [UInt8])] = []
        var i = 8
        while i + 12 <= png.count {
            let length = Int(png[i]) << 24 | Int(png[i + 1]) << 16 | Int(png[i + 2]) << 8 | Int(png[i + 3])
            let type = String(decoding: png[(i + 4)..<(i + 8)], as: UTF8.self)
            let data = Array(png[(i + 8)..<(i + 8 + length)])
            let crcAt = i + 8 + length
            let crc = UInt32(png[crcAt]) << 24 | UInt32(png[crcAt + 1]) << 16 | UInt32(png[crcAt + 2]) << 8 | UInt32(png[crcAt + 3])
            #expect(crc == PNGWriter.crc32(png[(i + 4)..<crcAt]), "CRC of \(type)", sourceLocation: sourceLocation)
            out.append((type, data))
            i = crcAt + 4
        }
        #expect(i == png.count, sourceLocation: sourceLocation)
        return out
    }

    /// Undoes zlib stored blocks, checking the header, block lengths and Adler-32.
    static func inflateStored(_ z: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8] {
        #expect((Int(z[0]) << 8 | Int(z[1])) % 31 == 0, sourceLocation: sourceLocation)
        var out: [UInt8] = []
        var i = 2
        var final = false
        while !final {
            final = z[i] & 1 == 1
            #expect(z[i] >> 1 == 0, "stored block", sourceLocation: sourceLocation)
            let len = Int(z[i + 1]) | Int(z[i + 2]) << 8
            let nlen = Int(z[i + 3]) | Int(z[i + 4]) << 8
            #expect(len ^ nlen == 0xFFFF, sourceLocation: sourceLocation)
            out += z[(i + 5)..<(i + 5 + len)]
            i += 5 + len
        }
        let adler = UInt32(z[i]) << 24 | UInt32(z[i + 1]) << 16 | UInt32(z[i + 2]) << 8 | UInt32(z[i + 3])
        #expect(adler == PNGWriter.adler32(out), sourceLocation: sourceLocation)
        #expect(i + 4 == z.count, sourceLocation: sourceLocation)
        return out
    }

    @Test func grayscaleStructure() {
        let pixels: [UInt8] = (0..<300 * 300).map { UInt8($0 % 256) }  // 90 KB: two stored blocks
        let chunks = Self.chunks(PNGWriter.grayscale(width: 300, height: 300, pixels: pixels))
        #expect(chunks.map(\.0) == ["IHDR", "IDAT", "IEND"])
        #expect(chunks[0].1 == [0, 0, 1, 44, 0, 0, 1, 44, 8, 0, 0, 0, 0])
        let raw = Self.inflateStored(chunks[1].1)
        #expect(raw.count == 301 * 300)
        #expect(raw[0] == 0 && Array(raw[1...300]) == Array(pixels[0..<300]))
    }

    @Test func qrIsOneBitWithQuietZone() throws {
        let code = try QRCode.encode(Array("Hello".utf8))
        let chunks = Self.chunks(PNGWriter.qr(code, moduleSize: 2, quietZone: 4))
        let side = (21 + 8) * 2
        #expect(chunks[0].1 == [0, 0, 0, UInt8(side), 0, 0, 0, UInt8(side), 1, 0, 0, 0, 0])
        let raw = Self.inflateStored(chunks[1].1)
        let rowBytes = (side + 7) / 8
        #expect(raw.count == (rowBytes + 1) * side)
        func pixelIsBlack(_ x: Int, _ y: Int) -> Bool { raw[y * (rowBytes + 1) + 1 + x / 8] & (0x80 >> UInt8(x % 8)) == 0 }
        #expect(!pixelIsBlack(0, 0))
        #expect(pixelIsBlack(8, 8))  // top-left finder corner
        for y in 0..<21 { for x in 0..<21 { #expect(pixelIsBlack(8 + 2 * x + 1, 8 + 2 * y + 1) == code.isDark(x: x, y: y)) } }
    }

    @Test func pythonZlibAgrees() throws {
        guard let python = ExternalTool.require("python3", for: "PNG zlib check") else { return }
        let data: [UInt8] = (0..<70_000).map { UInt8(($0 * 7) % 251) }
        let z = PNGWriter.zlibStored(data)
        let result = try ExternalTool.run(python, ["-c", "import sys, zlib, hashlib; print(hashlib.sha1(zlib.decompress(sys.stdin.buffer.read())).hexdigest())"], stdin: z)
        let expected = try ExternalTool.run(python, ["-c", "import sys, hashlib; print(hashlib.sha1(sys.stdin.buffer.read()).hexdigest())"], stdin: data)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text == expected.text)
    }
}
