extension FECReader {
    /// The legal file name `SIRENFECYYYYMMDD` (9-digit SIREN, `FEC`, closing date of the fiscal
    /// year), with any extension (`.txt` usually) and any folder before it; nil for any other
    /// name. Recognised, never required.
    public static func fileNameInfo(_ name: String) -> (siren: String, closing: CivilDate)? {
        let base = Array((name.split(separator: "/").last.map(String.init) ?? name).utf8)
        var stem = base[...]
        if let dot = base.lastIndex(of: 0x2E) { stem = base[..<dot] }
        guard stem.count == 20 else { return nil }
        let s = Array(stem)
        func digits(_ r: Range<Int>) -> Bool { s[r].allSatisfy { $0 &- 0x30 < 10 } }
        guard digits(0..<9), digits(12..<20),
              String(decoding: s[9..<12], as: UTF8.self).uppercased() == "FEC" else { return nil }
        func number(_ r: Range<Int>) -> Int { s[r].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        guard let closing = CivilDate(year: number(12..<16), month: number(16..<18), day: number(18..<20)) else {
            return nil
        }
        return (String(decoding: s[0..<9], as: UTF8.self), closing)
    }
}
