/// The module grid of a QR symbol while it is being built: function patterns, data placement,
/// masking and the penalty score (ISO/IEC 18004 6.3, 7.7, 7.8, 7.9).
struct QRMatrix {
    let version: Int
    let size: Int
    /// Row by row, 1 for dark and 0 for light: a flat byte grid, so that the eight mask trials and
    /// their penalty scans run over plain bytes (mask selection is most of the cost of a QR code).
    var modules: [UInt8]
    /// 1 for the modules of the function patterns, which data and masks leave alone.
    var isFunction: [UInt8]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        modules = [UInt8](repeating: 0, count: size * size)
        isFunction = modules
    }

    private mutating func setFunction(_ x: Int, _ y: Int, _ dark: Bool) {
        modules[y * size + x] = dark ? 1 : 0
        isFunction[y * size + x] = 1
    }

    /// Centres of the alignment patterns on each axis (ISO/IEC 18004 annex E).
    static func alignmentPositions(version: Int) -> [Int] {
        if version == 1 { return [] }
        let count = version / 7 + 2
        let size = 17 + 4 * version
        let step = (version * 8 + count * 3 + 5) / (count * 4 - 4) * 2
        var result = [6]
        var positions: [Int] = []
        var pos = size - 7
        for _ in 0..<(count - 1) {
            positions.insert(pos, at: 0)
            pos -= step
        }
        result += positions
        return result
    }

    mutating func drawFunctionPatterns() {
        for i in 0..<size {
            setFunction(6, i, i % 2 == 0)
            setFunction(i, 6, i % 2 == 0)
        }
        drawFinder(3, 3)
        drawFinder(size - 4, 3)
        drawFinder(3, size - 4)
        let align = Self.alignmentPositions(version: version)
        let last = align.count - 1
        for (i, ax) in align.enumerated() {
            for (j, ay) in align.enumerated() {
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 { setFunction(ax + dx, ay + dy, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        // Reserve the format and version areas, light: the masks are scored without them
        // (ISO/IEC 18004 7.8.2), and the real bits are drawn once the mask is chosen.
        for i in 0..<9 where i != 6 {
            setFunction(8, i, false)
            setFunction(i, 8, false)
        }
        for i in 0..<8 {
            setFunction(size - 1 - i, 8, false)
            setFunction(8, size - 1 - i, false)
        }
        if version >= 7 {
            for i in 0..<18 {
                setFunction(size - 11 + i % 3, i / 3, false)
                setFunction(i / 3, size - 11 + i % 3, false)
            }
        }
    }

    /// Format and version information for the chosen level and mask.
    mutating func drawInformation(level: ErrorCorrection, mask: Int) {
        drawFormat(level: level, mask: mask)
        drawVersion()
    }

    /// A finder pattern centred on (x, y) with its light separator.
    private mutating func drawFinder(_ x: Int, _ y: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let xx = x + dx, yy = y + dy
                guard xx >= 0, yy >= 0, xx < size, yy < size else { continue }
                let d = max(abs(dx), abs(dy))
                setFunction(xx, yy, d != 2 && d != 4)
            }
        }
    }

    /// The 15 format bits, twice, and the dark module (ISO/IEC 18004 7.9.1).
    private mutating func drawFormat(level: ErrorCorrection, mask: Int) {
        let data = level.formatBits << 3 | mask
        var rem = data
        for _ in 0..<10 { rem = (rem << 1) ^ ((rem >> 9) * 0x537) }
        let bits = (data << 10 | rem) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { setFunction(8, i, bit(i)) }
        setFunction(8, 7, bit(6))
        setFunction(8, 8, bit(7))
        setFunction(7, 8, bit(8))
        for i in 9..<15 { setFunction(14 - i, 8, bit(i)) }
        for i in 0..<8 { setFunction(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { setFunction(8, size - 15 + i, bit(i)) }
        setFunction(8, size - 8, true)
    }

    /// The 18 version bits, twice, for versions 7 and up (ISO/IEC 18004 7.10).
    private mutating func drawVersion() {
        guard version >= 7 else { return }
        var rem = version
        for _ in 0..<12 { rem = (rem << 1) ^ ((rem >> 11) * 0x1F25) }
        let bits = version << 12 | rem
        for i in 0..<18 {
            let dark = (bits >> i) & 1 == 1
            let a = size - 11 + i % 3, b = i / 3
            setFunction(a, b, dark)
            setFunction(b, a, dark)
        }
    }

    /// Places the codewords in the two-module-wide columns, upwards then downwards, right to left,
    /// skipping the vertical timing pattern; remainder bits stay light (ISO/IEC 18004 7.7.3).
    mutating func place(_ codewords: [UInt8]) {
        let total = codewords.count * 8
        var i = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for vert in 0..<size {
                let y = upward ? size - 1 - vert : vert
                for j in 0..<2 {
                    let x = right - j
                    guard isFunction[y * size + x] == 0, i < total else { continue }
                    modules[y * size + x] = (codewords[i >> 3] >> UInt8(7 - (i & 7))) & 1
                    i += 1
                }
            }
            right -= 2
        }
    }

    /// XORs the data modules with mask pattern `mask` (ISO/IEC 18004 table 10); applying it twice undoes it.
    mutating func applyMask(_ mask: Int) {
        let source = modules
        Self.masked(source, isFunction: isFunction, size: size, mask: mask, into: &modules)
    }

    /// Writes `source` XOR mask pattern `mask` (data modules only) into `out`, which holds `size × size`
    /// bytes: the mask trials reuse one buffer instead of copying the matrix eight times.
    static func masked(_ source: [UInt8], isFunction: [UInt8], size: Int, mask: Int, into out: inout [UInt8]) {
        source.withUnsafeBufferPointer { src in
            isFunction.withUnsafeBufferPointer { fn in
                out.withUnsafeMutableBufferPointer { dst in
                    var i = 0
                    for y in 0..<size {
                        for x in 0..<size {
                            let flip: Bool
                            switch mask {
                            case 0: flip = (x + y) % 2 == 0
                            case 1: flip = y % 2 == 0
                            case 2: flip = x % 3 == 0
                            case 3: flip = (x + y) % 3 == 0
                            case 4: flip = (x / 3 + y / 2) % 2 == 0
                            case 5: flip = x * y % 2 + x * y % 3 == 0
                            case 6: flip = (x * y % 2 + x * y % 3) % 2 == 0
                            default: flip = ((x + y) % 2 + x * y % 3) % 2 == 0
                            }
                            dst[i] = src[i] ^ (flip && fn[i] == 0 ? 1 : 0)
                            i += 1
                        }
                    }
                }
            }
        }
    }
}
