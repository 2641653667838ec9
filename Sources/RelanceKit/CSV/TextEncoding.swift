/// The text encodings Relance accepts for CSV inputs.
///
/// Inputs are UTF-8 (with or without BOM); when the bytes are not valid UTF-8 they are
/// read as Windows-1252, French Excel's default, and transcoded once to UTF-8.
public enum TextEncoding: String, Sendable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"

    /// Whether `bytes` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
    ///
    /// ASCII runs are checked eight bytes at a time.
    public static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i < n {
            while i &+ 8 <= n {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i &+= 8
            }
            if i >= n { break }
            let b0 = base[i]
            if b0 < 0x80 {
                i &+= 1
                continue
            }
            if b0 < 0xC2 { return false }  // stray continuation byte, or overlong 2-byte form
            if b0 < 0xE0 {
                guard i &+ 1 < n, base[i &+ 1] & 0xC0 == 0x80 else { return false }
                i &+= 2
                continue
            }
            if b0 < 0xF0 {
                guard i &+ 2 < n else { return false }
                let b1 = base[i &+ 1], b2 = base[i &+ 2]
                guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return false }
                if b0 == 0xE0 && b1 < 0xA0 { return false }  // overlong
                if b0 == 0xED && b1 > 0x9F { return false }  // UTF-16 surrogate
                i &+= 3
                continue
            }
            if b0 < 0xF5 {
                guard i &+ 3 < n else { return false }
                let b1 = base[i &+ 1], b2 = base[i &+ 2], b3 = base[i &+ 3]
                guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80, b3 & 0xC0 == 0x80 else { return false }
                if b0 == 0xF0 && b1 < 0x90 { return false }  // overlong
                if b0 == 0xF4 && b1 > 0x8F { return false }  // above U+10FFFF
                i &+= 4
                continue
            }
            return false
        }
        return true
    }

    /// Transcodes Windows-1252 bytes to UTF-8.
    ///
    /// 0x80–0x9F follow the Windows-1252 table (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ);
    /// the five undefined bytes 0x81 0x8D 0x8F 0x90 0x9D map to the same code point
    /// (U+0081 …), as the WHATWG Encoding Standard does. Every other byte is its Latin-1 code point.
    public static func windows1252ToUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let n = bytes.count
        return windows1252High.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: n &* 3) { out, written in
                var o = 0
                for b in bytes {
                    if b < 0x80 {
                        out[o] = b
                        o &+= 1
                        continue
                    }
                    let scalar: UInt32 = b < 0xA0 ? UInt32(table[Int(b &- 0x80)]) : UInt32(b)
                    if scalar < 0x800 {
                        out[o] = UInt8(0xC0 | (scalar >> 6))
                        out[o &+ 1] = UInt8(0x80 | (scalar & 0x3F))
                        o &+= 2
                    } else {
                        out[o] = UInt8(0xE0 | (scalar >> 12))
                        out[o &+ 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                        out[o &+ 2] = UInt8(0x80 | (scalar & 0x3F))
                        o &+= 3
                    }
                }
                written = o
            }
        }
    }
}

/// Code points of Windows-1252 bytes 0x80–0x9F.
private let windows1252High: [UInt16] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
]
