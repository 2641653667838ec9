/// The stable id of a bank line (spec README, Ids):
/// `sha256(account | booking_date | amount_minor | currency | ref)`, first 16 hex digits, where `ref`
/// is the bank's reference, else the end-to-end id, else the normalised remittance.
public enum BankLineID {
    public static func base(of line: BankLine) -> String {
        var key: [UInt8] = []
        return hex(leadingBytes(of: line, key: &key))
    }

    /// Assigns ids to the lines of one file: repeats of the same key get `-2`, `-3`… in file order,
    /// so two genuine identical payments stay two lines while the same file read twice gives the same ids.
    public static func assign(_ lines: inout [BankLine]) {
        // Repeats are counted by the id's 8 bytes as one integer (the id is those bytes in hex), and
        // the key's bytes reuse one buffer: a million lines per run at scale.
        var seen: [UInt64: Int] = [:]
        seen.reserveCapacity(lines.count)  // sized once: a million ids are not hashed again at each doubling
        var key: [UInt8] = []
        key.reserveCapacity(128)
        for i in lines.indices {
            let leading = leadingBytes(of: lines[i], key: &key)
            let n = Self.count(&seen[leading, default: 0])
            let base = hex(leading)
            lines[i].id = n == 1 ? base : base + "-" + String(n)
        }
    }

    private static func count(_ n: inout Int) -> Int {
        n += 1
        return n
    }

    /// The first 8 bytes of the key's SHA-256, big-endian; `key` is the buffer the key is built in.
    private static func leadingBytes(of line: BankLine, key: inout [UInt8]) -> UInt64 {
        key.removeAll(keepingCapacity: true)
        key += line.account.utf8
        key.append(0x7C)
        key += line.bookingDate.iso.utf8
        key.append(0x7C)
        key += String(line.amount.minorUnits).utf8
        key.append(0x7C)
        key += line.amount.currency.code.utf8
        key.append(0x7C)
        if !line.bankRef.isEmpty { key += line.bankRef.utf8 }
        else if !line.endToEndID.isEmpty { key += line.endToEndID.utf8 }
        else { appendNormalizedRemittance(line.remittance, to: &key) }
        var hasher = SHA256()
        key.withUnsafeBytes { hasher.update($0) }
        let words = hasher.finalizeWords()
        return UInt64(words.0) << 32 | UInt64(words.1)
    }

    /// 16 lower-case hex digits.
    private static func hex(_ value: UInt64) -> String {
        String(unsafeUninitializedCapacity: 16) { out in
            let digits: StaticString = "0123456789abcdef"
            for i in 0 ..< 16 {
                out[i] = digits.utf8Start[Int((value >> UInt64(60 - 4 * i)) & 0x0F)]
            }
            return 16
        }
    }

    /// Upper case, whitespace runs collapsed to one space, trimmed.
    public static func normalizedRemittance(_ text: String) -> String {
        var out: [UInt8] = []
        appendNormalizedRemittance(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendNormalizedRemittance(_ text: String, to out: inout [UInt8]) {
        let start = out.count
        var pendingSpace = false
        for b in text.utf8 {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                pendingSpace = out.count > start
                continue
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(b >= 97 && b <= 122 ? b - 32 : b)
        }
    }
}
