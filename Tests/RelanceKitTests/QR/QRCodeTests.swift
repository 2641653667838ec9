import Foundation
import Testing
@testable import RelanceKit
import RelanceTestSupport

@Suite("QRCode")
struct QRCodeTests {
    /// Modules of `code` as rows of `#` (dark) and `.` (light).
    static func picture(_ code: QRCode) -> [String] {
        (0..<code.size).map { y in String((0..<code.size).map { code.isDark(x: $0, y: y) ? "#" : "." }) }
    }

    struct Vector: CustomTestStringConvertible, Sendable {
        let payload: String
        let level: ErrorCorrection
        let version: Int
        let rows: [String]
        var testDescription: String { "\"\(payload)\" at \(level)" }
    }

    // Recorded with python-qrcode 8 (byte mode, border 0), which picks the same masks (penalty
    // rules scored before the format information is drawn).
    static let vectors: [Vector] = [
        Vector(payload: "Hello", level: .medium, version: 1, rows: [
            "#######..####.#######",
            "#.....#.....#.#.....#",
            "#.###.#.#.#.#.#.###.#",
            "#.###.#.#.#...#.###.#",
            "#.###.#.##..#.#.###.#",
            "#.....#.##.#..#.....#",
            "#######.#.#.#.#######",
            "........#.#..........",
            "#.#####..#.#..#####..",
            "...#....#..####..##.#",
            "..#####..##.#.##.###.",
            "..#..#.##.#####..##..",
            ".###..#####.#..#....#",
            "........#...#..#.#...",
            "#######..#.#.#..#.##.",
            "#.....#.#.#....#####.",
            "#.###.#.#..#.#..#..#.",
            "#.###.#.##.#####.#...",
            "#.###.#.##..#.##..#..",
            "#.....#..#.####.###..",
            "#######.##..#...#..#.",
        ]),
        Vector(payload: "RF18539007547034", level: .quartile, version: 2, rows: [
            "#######..####..##.#######",
            "#.....#.##....##..#.....#",
            "#.###.#.##.#.###..#.###.#",
            "#.###.#..###......#.###.#",
            "#.###.#..#...#....#.###.#",
            "#.....#...##..#.#.#.....#",
            "#######.#.#.#.#.#.#######",
            "...........#.##.#........",
            ".###.##...#.###.......##.",
            ".......#...##....#...#.#.",
            "..###.#.##....#.#...##.#.",
            "...##..#..#.########..#.#",
            ".##.#.##.#..#..##.###.###",
            "..###...#.#..#.#..#.#.##.",
            ".###..#.#.#.###.##.#..##.",
            "#..#...##...##.#.##..#...",
            "..#.###.####..#.########.",
            "........##.#..###...####.",
            "#######.....#...#.#.#..##",
            "#.....#.##..###.#...#..#.",
            "#.###.#..#...##.######...",
            "#.###.#.#.#.#.#.#.####.##",
            "#.###.#.########..#.####.",
            "#.....#.###.#.##.#....#..",
            "#######....##.##..#.#.###",
        ]),
    ]

    @Test(arguments: vectors)
    func knownModules(_ v: Vector) throws {
        let code = try QRCode.encode(Array(v.payload.utf8), level: v.level)
        #expect(code.version == v.version)
        #expect(code.size == 17 + 4 * v.version)
        #expect(Self.picture(code) == v.rows)
    }

    @Test(arguments: [
        (0, ErrorCorrection.medium, 1), (14, .medium, 1), (15, .medium, 2), (26, .medium, 2), (27, .medium, 3),
        (17, .low, 1), (18, .low, 2), (7, .high, 1), (8, .high, 2), (11, .quartile, 1),
        (213, .medium, 10), (331, .medium, 13), (2331, .medium, 40), (2953, .low, 40), (1273, .high, 40),
    ])
    func versionForLength(_ count: Int, _ level: ErrorCorrection, _ version: Int) throws {
        #expect(QRCode.smallestVersion(byteCount: count, level: level) == version)
        #expect(try QRCode.encode([UInt8](repeating: 0x41, count: count), level: level).version == version)
    }

    /// The mask is chosen on 64-bit lines for versions 1 to 11: the eight scores must be the byte scan's.
    @Test("bit-line penalty scores equal the byte scan's, every mask, versions 1 to 11, every level")
    func bitPenaltyMatchesByteScan() {
        for level in [ErrorCorrection.low, .medium, .quartile, .high] {
            for version in 1...11 {
                for seed in 0..<3 {
                    let length = QRCode.byteCapacity(version: version, level: level) - seed
                    let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* (37 + seed) &+ version &* 11) }
                    var matrix = QRMatrix(version: version)
                    matrix.drawFunctionPatterns()
                    matrix.place(QRCode.codewords(bytes, level: level, version: version))
                    let scores = QRMaskSelection.bitScores(matrix)
                    #expect(scores == QRMaskSelection.byteScores(matrix), "version \(version) \(level) seed \(seed)")
                    #expect(scores.count == 8 && scores.allSatisfy { $0 > 0 })
                }
            }
        }
    }

    @Test func capacityTable() {
        // Byte-mode capacities of ISO/IEC 18004 table 7 for a few versions.
        #expect(QRCode.byteCapacity(version: 1, level: .medium) == 14)
        #expect(QRCode.byteCapacity(version: 13, level: .medium) == 331)
        #expect(QRCode.byteCapacity(version: 40, level: .low) == 2953)
        #expect(QRCode.byteCapacity(version: 40, level: .high) == 1273)
    }

    @Test func tooLong() {
        #expect(throws: QRError.payloadTooLong(bytes: 2332, level: .medium)) {
            try QRCode.encode([UInt8](repeating: 0, count: 2332))
        }
    }

    @Test func reedSolomonKnownBlock() {
        // ISO/IEC 18004 annex I: "01234567" at 1-M gives these 16 data and 10 error correction codewords.
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        let ecc = ReedSolomon.remainder(data[...], generator: ReedSolomon.generator(degree: 10))
        #expect(ecc == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test func versionInformationDrawnFrom7() throws {
        // Version 7's information bits are 000111 110010 010100 (ISO/IEC 18004 annex D).
        let code = try QRCode.encode([UInt8](repeating: 0x61, count: 120), level: .medium)
        #expect(code.version == 7)
        let bits = 0x07C94
        for i in 0..<18 {
            #expect(code.isDark(x: code.size - 11 + i % 3, y: i / 3) == ((bits >> i) & 1 == 1))
            #expect(code.isDark(x: i / 3, y: code.size - 11 + i % 3) == ((bits >> i) & 1 == 1))
        }
    }

    /// Compares version, mask and every module with python-qrcode over lengths up to version 40,
    /// when python3 has the `qrcode` package.
    @Test func matchesReferenceEncoder() throws {
        guard let python = ExternalTool.require("python3", for: "QR reference comparison") else { return }
        let probe = try ExternalTool.run(python, ["-c", "import qrcode"])
        guard probe.status == 0 else { print("skipped QR reference comparison: python3 has no qrcode package (pip install qrcode)"); return }
        var generator = SplitMix64(seed: 7)
        var cases: [(ErrorCorrection, [UInt8])] = []
        for level in ErrorCorrection.allCases {
            for n in [0, 1, 13, 14, 15, 40, 77, 120, 200, 331, 500, 900] {
                cases.append((level, (0..<n).map { _ in UInt8.random(in: 0...255, using: &generator) }))
            }
        }
        let letters = ["L", "M", "Q", "H"]
        let input = cases.map { "\(letters[$0.0.rawValue]) \($0.1.map { String(format: "%02x", $0) }.joined())" }.joined(separator: "\n") + "\n"
        let script = """
        import sys, qrcode
        L = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M, "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}
        for line in sys.stdin.read().splitlines():
            lv, _, hx = line.partition(" ")
            q = qrcode.QRCode(error_correction=L[lv], border=0)
            q.add_data(qrcode.util.QRData(bytes.fromhex(hx), mode=qrcode.util.MODE_8BIT_BYTE))
            q.make(fit=True)
            print(q.version, "".join("#" if c else "." for row in q.get_matrix() for c in row))
        """
        let result = try ExternalTool.run(python, ["-c", script], stdin: Array(input.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.text.split(separator: "\n")
        #expect(lines.count == cases.count)
        for ((level, bytes), line) in zip(cases, lines) {
            let parts = line.split(separator: " ")
            let code = try QRCode.encode(bytes, level: level)
            #expect(code.version == Int(parts[0]), "\(bytes.count) bytes at \(level)")
            #expect(Self.picture(code).joined() == String(parts[1]), "\(bytes.count) bytes at \(level)")
        }
    }

    @Test(arguments: [
        "Hello",
        "Société Générale — facture n° F-2024/0042, 1 234,56 € (échéance dépassée)",
        "BCD\n002\n1\nSCT\nGEBABEBB\nCafé Œuvre SARL\nBE68539007547034\nEUR1234.56\n\nRF18539007547034\n",
    ])
    func decodesWithZbar(_ payload: String) throws {
        guard let zbar = ExternalTool.require("zbarimg", for: "QR zbar decoding") else { return }
        let dir = try ExternalTool.temporaryDirectory("qr")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("qr.png")
        try Data(PNGWriter.qr(try QRCode.encode(Array(payload.utf8)))).write(to: file)
        let result = try ExternalTool.run(zbar, ["--raw", "-q", "-Sbinary", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == Array(payload.utf8))
    }
}

