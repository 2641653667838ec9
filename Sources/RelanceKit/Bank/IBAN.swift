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

fileprivate extension UInt8 {
    var isDigitByte: Bool { self >= 48 && self <= 57 }
    var isUpperLetter: Bool { self >= 65 && self <= 90 }
}
