extension CivilDate {
    /// The date in words: fr `20 novembre 2026` (`1er décembre 2026`), en `20 November 2026`,
    /// nl `20 november 2026`, de `20. November 2026`.
    public func formatted(_ language: Language) -> String {
        let (y, m, d) = civil
        switch language {
        case .fr: return "\(d == 1 ? "1er" : String(d)) \(CivilDate.frenchMonths[m - 1]) \(y)"
        case .en: return "\(d) \(CivilDate.englishMonths[m - 1]) \(y)"
        case .nl: return "\(d) \(CivilDate.dutchMonths[m - 1]) \(y)"
        case .de: return "\(d). \(CivilDate.germanMonths[m - 1]) \(y)"
        }
    }

    /// The date in figures, day first: `20/11/2026`; de `20.11.2026`.
    public func short(_ language: Language) -> String {
        let (y, m, d) = civil
        let sep: UInt8 = language == .de ? 0x2E : 0x2F
        return String(unsafeUninitializedCapacity: 10) { buf in
            buf[0] = UInt8(0x30 + d / 10)
            buf[1] = UInt8(0x30 + d % 10)
            buf[2] = sep
            buf[3] = UInt8(0x30 + m / 10)
            buf[4] = UInt8(0x30 + m % 10)
            buf[5] = sep
            buf[6] = UInt8(0x30 + y / 1000 % 10)
            buf[7] = UInt8(0x30 + y / 100 % 10)
            buf[8] = UInt8(0x30 + y / 10 % 10)
            buf[9] = UInt8(0x30 + y % 10)
            return 10
        }
    }

    private static let frenchMonths = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
    private static let englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    private static let dutchMonths = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
    private static let germanMonths = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
}
