extension QRMatrix {
    /// The penalty score of the whole symbol (ISO/IEC 18004 7.8.3, table 11): N1 = 3 for runs of
    /// five or more modules of one colour, plus one per extra module; N2 = 3 per 2×2 block of one colour;
    /// N3 = 40 per 1:1:3:1:1 finder-like pattern with four light modules on one side (within the symbol);
    /// N4 = 10 per full 5 % that the dark share departs from 50 %.
    func penalty() -> Int {
        var scratch = PenaltyScratch(size: size)
        return Self.penalty(modules, size: size, scratch: &scratch)
    }

    /// The same score as `penalty()` for a flat grid of `size × size` bytes (1 dark, 0 light), in one
    /// pass row by row: the rows' runs and finder windows are followed as the scan goes, the columns'
    /// in `scratch`, one slot per column, so that no row or column is copied and nothing is allocated.
    static func penalty(_ grid: [UInt8], size: Int, scratch: inout PenaltyScratch) -> Int {
        // A finder-like pattern in an 11-module window read oldest first, as the low 11 bits of a
        // shift register: 1011101 then four light modules, or four light modules then 1011101.
        let finderThenLight = 0b101_1101_0000
        let lightThenFinder = 0b000_0101_1101
        var score = 0
        var dark = 0
        grid.withUnsafeBufferPointer { m in
            scratch.columnRun.withUnsafeMutableBufferPointer { columnRun in
                scratch.columnWindow.withUnsafeMutableBufferPointer { columnWindow in
                    for y in 0..<size {
                        let row = y * size
                        var run = 0
                        var window = 0
                        var previous: UInt8 = 2
                        for x in 0..<size {
                            let v = m[row + x]
                            dark &+= Int(v)
                            // N1, along the row.
                            if v == previous {
                                run += 1
                            } else {
                                if run >= 5 { score += run - 2 }
                                run = 1
                                previous = v
                            }
                            // N3, along the row: the window is full from its 11th module on.
                            window = (window << 1 | Int(v)) & 0x7FF
                            if x >= 10, window == finderThenLight || window == lightThenFinder { score += 40 }
                            // N1 and N3 down the column, whose state is carried from row to row.
                            if y == 0 {
                                columnRun[x] = 1
                                columnWindow[x] = Int(v)
                            } else {
                                let above = m[row - size + x]
                                if v == above {
                                    columnRun[x] += 1
                                } else {
                                    if columnRun[x] >= 5 { score += columnRun[x] - 2 }
                                    columnRun[x] = 1
                                }
                                let w = (columnWindow[x] << 1 | Int(v)) & 0x7FF
                                columnWindow[x] = w
                                if y >= 10, w == finderThenLight || w == lightThenFinder { score += 40 }
                                // N2: the 2×2 block whose bottom-right module this is.
                                if x > 0, v == above, v == m[row + x - 1], v == m[row - size + x - 1] { score += 3 }
                            }
                        }
                        if run >= 5 { score += run - 2 }
                    }
                    for x in 0..<size where columnRun[x] >= 5 { score += columnRun[x] - 2 }
                }
            }
        }
        let total = size * size
        score += 10 * (abs(dark * 100 - total * 50) / (total * 5))
        return score
    }
}

/// Per-column state of the penalty scan, allocated once for the eight mask trials of a symbol.
struct PenaltyScratch {
    var columnRun: [Int]
    var columnWindow: [Int]

    init(size: Int) {
        columnRun = [Int](repeating: 0, count: size)
        columnWindow = columnRun
    }
}
