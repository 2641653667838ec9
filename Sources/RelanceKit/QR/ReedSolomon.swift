/// Reed–Solomon error correction codewords over GF(256) with the QR field polynomial
/// x⁸ + x⁴ + x³ + x² + 1 (0x11D) and generator roots α⁰…αⁿ⁻¹ (ISO/IEC 18004 7.5.2).
enum ReedSolomon {
    /// α^i for i in 0..<255, then repeated so that `exp[log a + log b]` needs no modulo.
    static let exp: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 512)
        var x = 1
        for i in 0..<255 {
            t[i] = UInt8(x)
            x <<= 1
            if x & 0x100 != 0 { x ^= 0x11D }
        }
        for i in 255..<512 { t[i] = t[i - 255] }
        return t
    }()

    static let log: [Int] = {
        var t = [Int](repeating: 0, count: 256)
        for i in 0..<255 { t[Int(exp[i])] = i }
        return t
    }()

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return exp[log[Int(a)] + log[Int(b)]]
    }

    /// The generator polynomial of `degree`, highest power first without its leading 1.
    static func generator(degree: Int) -> [UInt8] {
        var g = [UInt8](repeating: 0, count: degree)
        g[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            // g = g × (x − root)
            for j in 0..<degree {
                g[j] = multiply(g[j], root)
                if j + 1 < degree { g[j] ^= g[j + 1] }
            }
            root = multiply(root, 2)
        }
        return g
    }

    /// The `generator.count` error correction codewords of `data`: the remainder of data·xⁿ by the generator.
    static func remainder(_ data: ArraySlice<UInt8>, generator: [UInt8]) -> [UInt8] {
        var r = [UInt8](repeating: 0, count: generator.count)
        for b in data {
            let factor = b ^ r[0]
            r.removeFirst()
            r.append(0)
            for i in 0..<r.count { r[i] ^= multiply(generator[i], factor) }
        }
        return r
    }
}
