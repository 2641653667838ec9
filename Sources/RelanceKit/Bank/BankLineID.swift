/// The stable id of a bank line (spec README, Ids):
/// `sha256(account | booking_date | amount_minor | currency | ref)`, first 16 hex digits, where `ref`
/// is the bank's reference, else the end-to-end id, else the normalised remittance.
public enum BankLineID {
    public static func base(of line: BankLine) -> String {
        // The key is built as bytes and hashed at once: a million lines per run at scale.
        var key: [UInt8] = []
        key.reserveCapacity(128)
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
        return SHA256.hex(SHA256.hash(key), bytes: 8)
    }

    /// Assigns ids to the lines of one file: repeats of the same key get `-2`, `-3`… in file order,
    /// so two genuine identical payments stay two lines while the same file read twice gives the same ids.
    public static func assign(_ lines: inout [BankLine]) {
        var seen: [String: Int] = [:]
        seen.reserveCapacity(lines.count)  // sized once: a million ids are not hashed again at each doubling
        for i in lines.indices {
            let base = base(of: lines[i])
            let n = (seen[base] ?? 0) + 1
            seen[base] = n
            lines[i].id = n == 1 ? base : base + "-" + String(n)
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
