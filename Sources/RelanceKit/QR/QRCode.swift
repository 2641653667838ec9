// QR: the QR code symbols printed on letters and attached to e-mails (ISO/IEC 18004, model 2,
// byte mode only), and the EPC069-12 payload they carry. Pure computation on bytes: no I/O, no
// randomness, no dependence on the locale; the same payload always gives the same modules.

/// A QR code symbol (ISO/IEC 18004 model 2) holding bytes in byte mode.
///
/// Coordinates are in modules, 0-based from the top-left corner; the quiet zone is not included.
public struct QRCode: Sendable, Equatable {
    /// The symbol version, 1...40.
    public let version: Int
    /// The width and height in modules: `17 + 4 × version`.
    public let size: Int
    /// The error correction level the symbol was made with.
    public let level: ErrorCorrection
    /// The data mask chosen by the penalty rules, 0...7.
    public let mask: Int
    /// `size × size` modules, row by row, true for dark.
    let modules: [Bool]

    /// Whether the module in column `x`, row `y` (0-based from the top left) is dark; false outside the symbol.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }

    /// Encodes `bytes` in byte mode in the smallest version that holds them at `level`,
    /// with the mask of lowest penalty (ISO/IEC 18004 7.8.3).
    public static func encode(_ bytes: [UInt8], level: ErrorCorrection = .medium) throws(QRError) -> QRCode {
        guard let version = smallestVersion(byteCount: bytes.count, level: level) else {
            throw .payloadTooLong(bytes: bytes.count, level: level)
        }
        return encode(bytes, level: level, version: version, mask: nil)
    }

    /// Encodes in the given `version` (which must hold the bytes) and, when not nil, the given `mask`.
    static func encode(_ bytes: [UInt8], level: ErrorCorrection, version: Int, mask: Int?) -> QRCode {
        let codewords = Self.codewords(bytes, level: level, version: version)
        var matrix = QRMatrix(version: version)
        matrix.drawFunctionPatterns()
        matrix.place(codewords)
        let chosen: Int
        if let mask {
            chosen = mask
        } else {
            chosen = QRMaskSelection.best(matrix)
        }
        matrix.applyMask(chosen)
        matrix.drawInformation(level: level, mask: chosen)
        return QRCode(version: version, size: matrix.size, level: level, mask: chosen, modules: matrix.modules.map { $0 != 0 })
    }

    /// The smallest version whose data capacity at `level` holds `byteCount` bytes in byte mode, or nil.
    public static func smallestVersion(byteCount: Int, level: ErrorCorrection) -> Int? {
        for v in 1...40 where byteModeBits(byteCount, version: v) <= dataCodewords(version: v, level: level) * 8 {
            return v
        }
        return nil
    }

    /// The most bytes `version` holds at `level` in byte mode.
    public static func byteCapacity(version: Int, level: ErrorCorrection) -> Int {
        (dataCodewords(version: version, level: level) * 8 - 4 - countBits(version: version)) / 8
    }

    /// Mode indicator, character count and the bytes.
    static func byteModeBits(_ count: Int, version: Int) -> Int { 4 + countBits(version: version) + 8 * count }

    /// Width of the character count indicator in byte mode (ISO/IEC 18004 table 3).
    static func countBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// Modules left for data and error correction once the function patterns are drawn.
    static func rawDataModules(version v: Int) -> Int {
        var n = (16 * v + 128) * v + 64
        if v >= 2 {
            let align = v / 7 + 2
            n -= (25 * align - 10) * align - 55
            if v >= 7 { n -= 36 }
        }
        return n
    }

    static func dataCodewords(version: Int, level: ErrorCorrection) -> Int {
        rawDataModules(version: version) / 8 - level.eccCodewordsPerBlock(version: version) * level.blockCount(version: version)
    }

    /// The final codeword sequence: data in byte mode, padded, split into blocks, each followed by
    /// its Reed–Solomon codewords, interleaved (ISO/IEC 18004 7.4 to 7.6).
    static func codewords(_ bytes: [UInt8], level: ErrorCorrection, version: Int) -> [UInt8] {
        let capacity = dataCodewords(version: version, level: level)
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: countBits(version: version))
        for b in bytes { bits.append(Int(b), count: 8) }
        bits.append(0, count: min(4, capacity * 8 - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count < capacity {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }

        let blockCount = level.blockCount(version: version)
        let eccLength = level.eccCodewordsPerBlock(version: version)
        let raw = rawDataModules(version: version) / 8
        let shortBlocks = blockCount - raw % blockCount
        let shortData = raw / blockCount - eccLength
        let generator = ReedSolomon.generator(degree: eccLength)
        var blocks: [ArraySlice<UInt8>] = []
        var eccs: [[UInt8]] = []
        var k = 0
        for i in 0..<blockCount {
            let length = shortData + (i < shortBlocks ? 0 : 1)
            let block = data[k..<(k + length)]
            k += length
            blocks.append(block)
            eccs.append(ReedSolomon.remainder(block, generator: generator))
        }
        var out: [UInt8] = []
        out.reserveCapacity(raw)
        for i in 0...shortData {
            for block in blocks where i < block.count { out.append(block[block.startIndex + i]) }
        }
        for i in 0..<eccLength {
            for ecc in eccs { out.append(ecc[i]) }
        }
        return out
    }
}

/// Bits appended most significant first.
struct BitBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    mutating func append(_ value: Int, count n: Int) {
        guard n > 0 else { return }
        for i in stride(from: n - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> i) & 1 == 1 { bytes[bytes.count - 1] |= 0x80 >> UInt8(count % 8) }
            count += 1
        }
    }
}
