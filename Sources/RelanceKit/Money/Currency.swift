// Money: amounts in Int64 minor units of an ISO 4217 currency, parsed from the byte forms
// finance exports use and formatted per language. Never Double, never Decimal, never a trap on overflow.

/// An active ISO 4217 currency and the number of minor-unit digits it uses (EUR 2, JPY 0, KWD 3).
public struct Currency: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The code's three upper-case letters, big-endian (so that codes order as their numbers do), and
    /// the minor digits: eight bytes, where a `String` and an `Int` took twenty-four. Every amount of
    /// a run carries its currency, and a stage holds millions of amounts.
    private let letters: UInt32
    private let digits: UInt8

    /// The upper-case three-letter ISO 4217 code.
    public var code: String {
        // Three bytes: a small string, made without touching the heap.
        String(unsafeUninitializedCapacity: 3) { out in
            out[0] = UInt8(truncatingIfNeeded: letters >> 16)
            out[1] = UInt8(truncatingIfNeeded: letters >> 8)
            out[2] = UInt8(truncatingIfNeeded: letters)
            return 3
        }
    }

    /// Digits after the decimal separator (EUR 2, JPY 0, KWD 3).
    public var minorDigits: Int { Int(digits) }

    /// Accepts an active ISO 4217 code, in upper or lower case, surrounding ASCII whitespace ignored.
    public init?(code: some StringProtocol) {
        self.init(utf8: code.utf8)
    }

    /// `init?(code:)` of the code's UTF-8 bytes (a field of a file, read without making a string).
    init?<Bytes: Sequence<UInt8>>(utf8: Bytes) {
        var b: (UInt8, UInt8, UInt8) = (0, 0, 0)
        var count = 0
        var trailing = false
        for byte in utf8 {
            if byte == 0x20 || byte == 0x09 {
                if count > 0 { trailing = true }
                continue
            }
            if trailing || count == 3 { return nil }
            switch count {
            case 0: b.0 = byte
            case 1: b.1 = byte
            default: b.2 = byte
            }
            count += 1
        }
        guard count == 3, let c = Currency(b0: b.0, b1: b.1, b2: b.2) else { return nil }
        self = c
    }

    private init?(b0: UInt8, b1: UInt8, b2: UInt8) {
        guard let key = Currency.key(b0, b1, b2), let digits = Currency.table[key] else { return nil }
        letters = key
        self.digits = UInt8(digits)
    }

    /// Looks up a code given as three bytes (either case); used by the amount parser without allocating.
    static func minorDigits(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8) -> Int? {
        guard let key = key(b0, b1, b2) else { return nil }
        return table[key]
    }

    public static let eur = Currency(b0: 0x45, b1: 0x55, b2: 0x52)!
    public static let usd = Currency(b0: 0x55, b1: 0x53, b2: 0x44)!
    public static let gbp = Currency(b0: 0x47, b1: 0x42, b2: 0x50)!
    public static let chf = Currency(b0: 0x43, b1: 0x48, b2: 0x46)!

    /// The symbol used in formatted amounts for EUR, GBP and USD; nil for other currencies (the code is used).
    public var symbol: String? {
        switch code {
        case "EUR": return "€"
        case "GBP": return "£"
        case "USD": return "$"
        default: return nil
        }
    }

    public var description: String { code }

    public static func < (a: Currency, b: Currency) -> Bool { a.letters < b.letters }

    private static func upper(_ b: UInt8) -> UInt8 { (b >= 0x61 && b <= 0x7A) ? b - 0x20 : b }

    private static func key(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8) -> UInt32? {
        let u0 = upper(b0), u1 = upper(b1), u2 = upper(b2)
        guard (0x41...0x5A).contains(u0), (0x41...0x5A).contains(u1), (0x41...0x5A).contains(u2) else { return nil }
        return UInt32(u0) << 16 | UInt32(u1) << 8 | UInt32(u2)
    }

    // Active ISO 4217 codes (list one, 2025) with their minor units; funds codes with no minor
    // unit (XAU, XDR, …) are left out because an invoice cannot be in them.
    private static let active: String = """
    AED2 AFN2 ALL2 AMD2 ANG2 AOA2 ARS2 AUD2 AWG2 AZN2 BAM2 BBD2 BDT2 BGN2 BHD3 BIF0 BMD2 BND2 BOB2 BOV2 \
    BRL2 BSD2 BTN2 BWP2 BYN2 BZD2 CAD2 CDF2 CHE2 CHF2 CHW2 CLF4 CLP0 CNY2 COP2 COU2 CRC2 CUC2 CUP2 CVE2 \
    CZK2 DJF0 DKK2 DOP2 DZD2 EGP2 ERN2 ETB2 EUR2 FJD2 FKP2 GBP2 GEL2 GHS2 GIP2 GMD2 GNF0 GTQ2 GYD2 HKD2 \
    HNL2 HTG2 HUF2 IDR2 ILS2 INR2 IQD3 IRR2 ISK0 JMD2 JOD3 JPY0 KES2 KGS2 KHR2 KMF0 KPW2 KRW0 KWD3 KYD2 \
    KZT2 LAK2 LBP2 LKR2 LRD2 LSL2 LYD3 MAD2 MDL2 MGA2 MKD2 MMK2 MNT2 MOP2 MRU2 MUR2 MVR2 MWK2 MXN2 MXV2 \
    MYR2 MZN2 NAD2 NGN2 NIO2 NOK2 NPR2 NZD2 OMR3 PAB2 PEN2 PGK2 PHP2 PKR2 PLN2 PYG0 QAR2 RON2 RSD2 RUB2 \
    RWF0 SAR2 SBD2 SCR2 SDG2 SEK2 SGD2 SHP2 SLE2 SOS2 SRD2 SSP2 STN2 SVC2 SYP2 SZL2 THB2 TJS2 TMT2 TND3 \
    TOP2 TRY2 TTD2 TWD2 TZS2 UAH2 UGX0 USD2 USN2 UYI0 UYU2 UYW4 UZS2 VED2 VES2 VND0 VUV0 WST2 XAF0 XCD2 \
    XCG2 XOF0 XPF0 YER2 ZAR2 ZMW2 ZWG2
    """

    private static let table: [UInt32: Int] = {
        var t: [UInt32: Int] = [:]
        let b = Array(active.utf8)
        var i = 0
        while i + 3 < b.count {
            let key = UInt32(b[i]) << 16 | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2])
            t[key] = Int(b[i + 3] - 0x30)
            i += 5
        }
        return t
    }()
}
