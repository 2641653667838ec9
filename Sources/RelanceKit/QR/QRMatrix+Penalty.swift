extension QRMatrix {
    /// The penalty score of the whole symbol (ISO/IEC 18004 7.8.3, table 11): N1 = 3 for runs of
    /// five or more modules of one colour, plus one per extra module; N2 = 3 per 2×2 block of one colour;
    /// N3 = 40 per 1:1:3:1:1 finder-like pattern with four light modules on one side (within the symbol);
    /// N4 = 10 per full 5 % that the dark share departs from 50 %.
    func penalty() -> Int {
        var score = 0
        var dark = 0
        var row = [UInt8](repeating: 0, count: size)
        var column = row
        for i in 0..<size {
            for j in 0..<size {
                row[j] = modules[i * size + j] ? 1 : 0
                column[j] = modules[j * size + i] ? 1 : 0
            }
            score += runPenalty(row) + runPenalty(column)
            score += finderPenalty(row) + finderPenalty(column)
            for j in 0..<size {
                dark += Int(row[j])
                if i > 0, j > 0 {
                    let a = modules[i * size + j]
                    if a == modules[i * size + j - 1], a == modules[(i - 1) * size + j], a == modules[(i - 1) * size + j - 1] {
                        score += 3
                    }
                }
            }
        }
        let total = size * size
        score += 10 * (abs(dark * 100 - total * 50) / (total * 5))
        return score
    }

    private func runPenalty(_ line: [UInt8]) -> Int {
        var score = 0
        var run = 1
        for j in 1..<line.count {
            if line[j] == line[j - 1] {
                run += 1
            } else {
                if run >= 5 { score += run - 2 }
                run = 1
            }
        }
        if run >= 5 { score += run - 2 }
        return score
    }

    /// Finder-like `1011101` with four light modules before or after it, inside the symbol:
    /// every 11-module window reading `10111010000` or `00001011101` counts.
    private func finderPenalty(_ line: [UInt8]) -> Int {
        let n = line.count
        var score = 0
        var i = 0
        while i + 11 <= n {
            if line[i + 1] == 0, line[i + 4] == 1, line[i + 5] == 0, line[i + 6] == 1, line[i + 9] == 0 {
                let before = line[i] == 1 && line[i + 2] == 1 && line[i + 3] == 1 && line[i + 7] == 0 && line[i + 8] == 0 && line[i + 10] == 0
                let after = line[i] == 0 && line[i + 2] == 0 && line[i + 3] == 0 && line[i + 7] == 1 && line[i + 8] == 1 && line[i + 10] == 1
                if before || after { score += 40 }
            }
            i += 1
        }
        return score
    }
}
