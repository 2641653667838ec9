/// International Bank Account Numbers: normalisation and the ISO 13616 mod-97 check.
public enum IBAN {
    /// Upper case, spaces removed: the form IBANs are compared and stored in.
    public static func normalize(_ text: String) -> String {
        var out: [UInt8] = []
        for b in text.utf8 where b != UInt8(ascii: " ") && b != 0x09 {
            out.append(b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") ? b - 32 : b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True when `text` (normalised) is 15–34 characters, starts with a country code and two check
    /// digits, and passes mod 97 = 1.
    public static func isValid(_ text: String) -> Bool {
        let s = Array(normalize(text).utf8)
        guard s.count >= 15, s.count <= 34,
              s[0].isUpperLetter, s[1].isUpperLetter, s[2].isDigitByte, s[3].isDigitByte else { return false }
        var remainder = 0
        for b in s[4...] + s[0..<4] {
            if b.isDigitByte {
                remainder = (remainder * 10 + Int(b - 48)) % 97
            } else if b.isUpperLetter {
                remainder = (remainder * 100 + Int(b - 55)) % 97
            } else {
                return false
            }
        }
        return remainder == 1
    }
}

extension IBAN {
    /// The first valid IBAN written in these texts (`Compte : FR76 3000 4000 0312 3456 7890 143`,
    /// `BE68 5390 0754 7034 EUR`), normalised; nil when none passes the check. A bank export names its
    /// account this way in the block above its header.
    public static func find(in texts: [String]) -> String? {
        for text in texts {
            let s = Array(text.utf8).map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }
            var i = 0
            while i + 4 <= s.count {
                // A country code and check digits, not inside a word.
                guard s[i].isUpperLetter, s[i + 1].isUpperLetter, s[i + 2].isDigitByte, s[i + 3].isDigitByte,
                      i == 0 || !(s[i - 1].isUpperLetter || s[i - 1].isDigitByte) else { i += 1; continue }
                // The characters that follow, spaces skipped, up to 34; the longest valid prefix wins.
                var chars: [UInt8] = []
                var j = i
                while j < s.count, chars.count < 34, s[j].isUpperLetter || s[j].isDigitByte || s[j] == 0x20 {
                    if s[j] != 0x20 { chars.append(s[j]) }
                    j += 1
                }
                // Text may follow the IBAN (`… 143 EUR`): the country's length when known, else the longest valid prefix.
                let country = String(decoding: chars[0..<2], as: UTF8.self)
                var lengths = Array(stride(from: chars.count, through: 15, by: -1))
                if let known = lengthByCountry[country] { lengths = known <= chars.count ? [known] : [] }
                for n in lengths {
                    let candidate = String(decoding: chars[0..<n], as: UTF8.self)
                    if isValid(candidate) { return candidate }
                }
                i += 1
            }
        }
        return nil
    }
}

/// IBAN lengths of the countries whose accounts Relance's users usually hold.
private let lengthByCountry: [String: Int] = [
    "AT": 20, "BE": 16, "CH": 21, "DE": 22, "ES": 24, "FR": 27, "GB": 22, "IE": 22, "IT": 27, "LU": 20, "MC": 27,
    "NL": 18, "PT": 25,
]

fileprivate extension UInt8 {
    var isDigitByte: Bool { self >= 48 && self <= 57 }
    var isUpperLetter: Bool { self >= 65 && self <= 90 }
}
