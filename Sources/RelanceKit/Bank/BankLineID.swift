/// The stable id of a bank line (spec README, Ids):
/// `sha256(account | booking_date | amount_minor | currency | ref)`, first 16 hex digits, where `ref`
/// is the bank's reference, else the end-to-end id, else the normalised remittance.
public enum BankLineID {
    public static func base(of line: BankLine) -> String {
        let ref: String
        if !line.bankRef.isEmpty { ref = line.bankRef }
        else if !line.endToEndID.isEmpty { ref = line.endToEndID }
        else { ref = normalizedRemittance(line.remittance) }
        let key = [line.account, line.bookingDate.iso, String(line.amount.minorUnits), line.amount.currency.code, ref]
            .joined(separator: "|")
        return String(SHA256.hexDigest(of: key).prefix(16))
    }

    /// Assigns ids to the lines of one file: repeats of the same key get `-2`, `-3`… in file order,
    /// so two genuine identical payments stay two lines while the same file read twice gives the same ids.
    public static func assign(_ lines: inout [BankLine]) {
        var seen: [String: Int] = [:]
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
        var pendingSpace = false
        for b in text.utf8 {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(b >= 97 && b <= 122 ? b - 32 : b)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
