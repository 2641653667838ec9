// Small helpers of the generator and the benchmark: a seeded PRNG, a buffered file writer, and the
// formats the generated files use (amounts, dates, IBANs, Belgian structured references).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RelanceKit

/// SplitMix64: small, fast, and the same sequence on every platform for a seed (never the system RNG).
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n (n > 0).
    mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        return Int(next() % UInt64(n))
    }

    /// Uniform in lo...hi.
    mutating func between(_ lo: Int, _ hi: Int) -> Int { hi <= lo ? lo : lo + below(hi - lo + 1) }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }

    mutating func chance(_ p: Double) -> Bool { unit() < p }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    mutating func digits(_ count: Int) -> String {
        var s = ""
        s.reserveCapacity(count)
        for _ in 0..<count { s.unicodeScalars.append(Unicode.Scalar(UInt8(48 + below(10)))) }
        return s
    }
}

/// A file written through a large buffer (POSIX write), for files of hundreds of megabytes.
final class OutputFile {
    private let fd: Int32
    private var buffer: [UInt8] = []
    let path: String
    private(set) var bytesWritten = 0

    init(_ path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd < 0 { throw BenchError("cannot create \(path): errno \(errno)") }
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { flush() }
    }

    func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { flush() }
    }

    func flush() {
        var offset = 0
        buffer.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { fatalError("write failed on \(path): errno \(errno)") }
                offset += n
            }
        }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    func close() {
        flush()
        _ = Glibc.close(fd)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

enum Fmt {
    /// `1234.56` (or `1234,56` with a decimal comma), sign first.
    static func amount(_ minor: Int64, comma: Bool = false) -> String {
        let neg = minor < 0
        let m = neg ? -minor : minor
        let cents = m % 100
        return (neg ? "-" : "") + String(m / 100) + (comma ? "," : ".") + (cents < 10 ? "0" : "") + String(cents)
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static func iso(_ d: CivilDate) -> String { pad(d.year, 4) + "-" + pad(d.month, 2) + "-" + pad(d.day, 2) }
    static func compact(_ d: CivilDate) -> String { pad(d.year, 4) + pad(d.month, 2) + pad(d.day, 2) }
    static func dmy(_ d: CivilDate) -> String { pad(d.day, 2) + "/" + pad(d.month, 2) + "/" + pad(d.year, 4) }

    /// A CSV field quoted when it holds the separator, a quote or a line break (no formula guard:
    /// these are the bank's and the ERP's exports, not Relance's reports).
    static func field(_ s: String, sep: Character) -> String {
        if s.contains(sep) || s.contains("\"") || s.contains("\n") || s.contains("\r") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    static func row(_ fields: [String], sep: Character) -> String {
        fields.map { field($0, sep: sep) }.joined(separator: String(sep))
    }

    /// XML text with the five predefined entities escaped.
    static func xml(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Windows-1252 bytes of a text (Latin-1 range as is; `€`, `œ`, `Œ`, `’` mapped; anything else `?`).
    static func cp1252(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u.value {
            case 0..<0x80, 0xA0...0xFF: out.append(UInt8(u.value))
            case 0x20AC: out.append(0x80)
            case 0x0153: out.append(0x9C)
            case 0x0152: out.append(0x8C)
            case 0x2019: out.append(0x92)
            default: out.append(UInt8(ascii: "?"))
            }
        }
        return out
    }
}

enum Codes {
    /// An IBAN for a country with a BBAN of `bban` (digits and upper-case letters), check digits by
    /// ISO 13616 (mod 97); `valid: false` gives wrong check digits on purpose.
    static func iban(country: String, bban: String, valid: Bool = true) -> String {
        var r = 0
        for b in (bban + country + "00").utf8 {
            switch b {
            case 0x30...0x39: r = (r * 10 + Int(b - 0x30)) % 97
            default: r = (r * 100 + Int(b - 55)) % 97
            }
        }
        // One more in the check digits moves the remainder off 1: the IBAN fails mod 97.
        let check = 98 - r + (valid ? 0 : 1)
        return country + (check < 10 ? "0" : "") + String(check) + bban
    }

    /// A Belgian structured communication `+++123/4567/89012+++` from a 10-digit number.
    static func belgian(_ base: Int) -> String {
        let check = base % 97 == 0 ? 97 : base % 97
        let d = Fmt.pad(base, 10) + Fmt.pad(check, 2)
        let a = Array(d)
        return "+++" + String(a[0..<3]) + "/" + String(a[3..<7]) + "/" + String(a[7..<12]) + "+++"
    }
}
