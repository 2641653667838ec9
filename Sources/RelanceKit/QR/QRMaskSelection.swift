// Mask selection is most of the cost of a QR code: eight trial masks, each scored by the four penalty
// rules over every row and column. For symbols up to 64 modules wide (versions 1 to 11, every EPC
// payload at level M) a row or column fits one 64-bit word, and each rule becomes a few shifts, ANDs
// and popcounts per line instead of a test per module. The score is the same number as
// `QRMatrix.penalty` (the tests compare them); larger symbols use that byte scan.

/// The mask of lowest penalty for a matrix whose data is placed and not yet masked (ISO/IEC 18004 7.8.3).
enum QRMaskSelection {
    /// The mask (0...7) with the lowest penalty, the first one on a tie.
    static func best(_ matrix: QRMatrix) -> Int {
        let scores = matrix.size <= 64 ? bitScores(matrix) : byteScores(matrix)
        var best = 0
        for m in 1..<8 where scores[m] < scores[best] { best = m }
        return best
    }

    /// The eight penalty scores by the byte scan.
    static func byteScores(_ matrix: QRMatrix) -> [Int] {
        var trial = matrix.modules
        var scratch = PenaltyScratch(size: matrix.size)
        return (0..<8).map { m in
            QRMatrix.masked(matrix.modules, isFunction: matrix.isFunction, size: matrix.size, mask: m, into: &trial)
            return QRMatrix.penalty(trial, size: matrix.size, scratch: &scratch)
        }
    }

    /// The eight penalty scores on bit lines (`matrix.size <= 64`).
    static func bitScores(_ matrix: QRMatrix) -> [Int] {
        let n = matrix.size
        let patterns = maskPatterns[matrix.version]
        // The unmasked data as lines: bit x of rows[y], and bit y of columns[x], is module (x, y).
        var rows = [UInt64](repeating: 0, count: n)
        var columns = rows
        for y in 0..<n {
            for x in 0..<n where matrix.modules[y * n + x] != 0 {
                rows[y] |= 1 << UInt64(x)
                columns[x] |= 1 << UInt64(y)
            }
        }
        var maskedRows = rows
        var maskedColumns = columns
        return (0..<8).map { m in
            for i in 0..<n {
                maskedRows[i] = rows[i] ^ patterns.rows[m][i]
                maskedColumns[i] = columns[i] ^ patterns.columns[m][i]
            }
            return penalty(rows: maskedRows, columns: maskedColumns, size: n)
        }
    }

    /// N1 + N2 + N3 + N4 of a masked symbol given as its rows and its columns.
    static func penalty(rows: [UInt64], columns: [UInt64], size n: Int) -> Int {
        var score = 0
        var dark = 0
        for y in 0..<n {
            score += linePenalty(rows[y], size: n) + linePenalty(columns[y], size: n)
            dark += rows[y].nonzeroBitCount
            if y > 0 {
                // N2: a block with its top-left module at x is one colour when both rows keep their
                // colour from x to x + 1 and the two rows agree at x.
                let a = rows[y - 1], b = rows[y]
                let same = ~(a ^ (a >> 1)) & ~(b ^ (b >> 1)) & ~(a ^ b) & lowBits(n - 1)
                score += 3 * same.nonzeroBitCount
            }
        }
        let total = n * n
        score += 10 * (abs(dark * 100 - total * 50) / (total * 5))
        return score
    }

    /// N1 and N3 along one line of `n` modules.
    @inline(__always)
    static func linePenalty(_ line: UInt64, size n: Int) -> Int {
        // N1: a run of L >= 5 modules of one colour scores L - 2, that is its L - 4 windows of five
        // modules of one colour, plus 2 for the run. Bit i of `same` says modules i and i + 1 agree;
        // bit i of `windows` that modules i to i + 4 do; a run begins where a window does not follow one.
        let same = ~(line ^ (line >> 1)) & lowBits(n - 1)
        let windows = same & (same >> 1) & (same >> 2) & (same >> 3)
        var score = windows.nonzeroBitCount + 2 * (windows & ~(windows << 1)).nonzeroBitCount
        // N3: windows of 11 modules starting at i reading 10111010000 or 00001011101.
        guard n >= 11 else { return score }
        let s1 = line >> 1, s2 = line >> 2, s3 = line >> 3, s4 = line >> 4, s5 = line >> 5
        let s6 = line >> 6, s7 = line >> 7, s8 = line >> 8, s9 = line >> 9, s10 = line >> 10
        // Bit i of `line >> k` is module i + k: each pattern is the AND of its 11 modules, tested at every i.
        let finderThenLight = line & ~s1 & s2 & s3 & s4 & ~s5 & s6 & ~s7 & ~s8 & ~s9 & ~s10
        let lightThenFinder = ~line & ~s1 & ~s2 & ~s3 & s4 & ~s5 & s6 & s7 & s8 & ~s9 & s10
        let valid = lowBits(n - 10)
        score += 40 * ((finderThenLight & valid).nonzeroBitCount + (lightThenFinder & valid).nonzeroBitCount)
        return score
    }

    /// The low `count` bits set (0 <= count <= 63).
    @inline(__always)
    static func lowBits(_ count: Int) -> UInt64 { (1 << UInt64(count)) &- 1 }

    /// For each version 1...11 and mask: the modules the mask flips (data modules only), as rows and columns.
    struct Patterns: Sendable {
        var rows: [[UInt64]] = []
        var columns: [[UInt64]] = []
    }

    /// Computed once per process (function patterns depend only on the version); index 0 is unused.
    static let maskPatterns: [Patterns] = (0...11).map { version in
        guard version >= 1 else { return Patterns() }
        var matrix = QRMatrix(version: version)
        matrix.drawFunctionPatterns()
        let n = matrix.size
        var p = Patterns()
        for m in 0..<8 {
            var flips = [UInt8](repeating: 0, count: n * n)
            QRMatrix.masked([UInt8](repeating: 0, count: n * n), isFunction: matrix.isFunction, size: n, mask: m, into: &flips)
            var rows = [UInt64](repeating: 0, count: n)
            var columns = rows
            for y in 0..<n {
                for x in 0..<n where flips[y * n + x] != 0 {
                    rows[y] |= 1 << UInt64(x)
                    columns[x] |= 1 << UInt64(y)
                }
            }
            p.rows.append(rows)
            p.columns.append(columns)
        }
        return p
    }
}
