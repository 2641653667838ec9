/// Which character separates the integer part from the fraction.
public enum DecimalConvention: Sendable, Equatable {
    /// `1,234.56`
    case point
    /// `1.234,56`, `1 234,56`
    case comma
}

/// An amount read from text, before it is tied to a `Currency`.
public struct ParsedAmount: Equatable, Sendable {
    /// The value in minor units for the `minorDigits` asked for (`12,34` with 2 digits = 1234).
    public var minorUnits: Int64
    /// The upper-case ISO code the text named (`€` → `EUR`), or nil.
    public var currencyCode: String?
    /// The convention the text revealed by itself; nil when it revealed none (`1234`, or an
    /// ambiguous `1,234` resolved by the caller's convention).
    public var convention: DecimalConvention?
    /// True when the text had more fraction digits than `minorDigits` and rounding changed the value.
    public var rounded: Bool

    public init(minorUnits: Int64, currencyCode: String? = nil, convention: DecimalConvention? = nil, rounded: Bool = false) {
        self.minorUnits = minorUnits
        self.currencyCode = currencyCode
        self.convention = convention
        self.rounded = rounded
    }
}

/// Why an amount could not be read.
public enum AmountError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing but whitespace.
    case empty
    /// The byte at this 0-based offset of the input cannot be part of an amount here.
    case unexpectedCharacter(offset: Int)
    /// `1,234` or `1.234` with no convention given: a thousands separator or a decimal one.
    case ambiguousSeparator
    /// The value does not fit in Int64 minor units.
    case overflow

    public var description: String {
        switch self {
        case .empty: return "empty amount"
        case let .unexpectedCharacter(offset): return "unexpected character in amount at byte \(offset + 1)"
        case .ambiguousSeparator: return "ambiguous amount: the separator could be a thousands or a decimal separator"
        case .overflow: return "amount out of range"
        }
    }
}

/// Reads amounts in every form of inputs.md ("CSV dialect"), on UTF-8 bytes:
/// `1234.56`, `1 234,56` (space, U+00A0, U+202F), `1.234,56`, `1,234.56`, `-12,00`, `+12.00`,
/// `(12.00)`, `12.00-`, `12,00 €`, `€12.00`, `EUR 12.00`, `12.00 EUR`, `1'234.56`.
/// Fraction digits beyond `minorDigits` are rounded half-even. Never traps, allocates only the currency code.
public enum AmountParser {
    public static func parse(_ text: String, minorDigits: Int, convention: DecimalConvention? = nil) -> Result<ParsedAmount, AmountError> {
        var text = text
        return text.withUTF8 { parse($0, minorDigits: minorDigits, convention: convention) }
    }

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, minorDigits: Int, convention: DecimalConvention?) -> Result<ParsedAmount, AmountError> {
        if let plain = parsePlain(bytes, minorDigits: minorDigits) { return .success(plain) }
        return parseAnyForm(bytes, minorDigits: minorDigits, convention: convention)
    }

    /// The form of most rows of every export and of the FEC, `1234.56`, `-1234,56` or `1234` (a minus,
    /// 1 to 15 digits, then nothing or one separator and exactly the currency's 1 or 2 minor digits),
    /// read straight; nil for any other text, which `parseAnyForm` reads. The result is the one
    /// `parseAnyForm` gives (the tests compare them): such a separator can only be the decimal one.
    @inline(__always)
    static func parsePlain(_ bytes: UnsafeBufferPointer<UInt8>, minorDigits: Int) -> ParsedAmount? {
        guard minorDigits >= 0 && minorDigits <= 2 else { return nil }
        let n = bytes.count
        let negative = n > 0 && bytes[0] == 0x2D
        var i = negative ? 1 : 0
        var integer: Int64 = 0
        while i < n, bytes[i] &- 0x30 < 10 {
            integer = integer &* 10 &+ Int64(bytes[i] &- 0x30)
            i += 1
        }
        let integerDigits = i - (negative ? 1 : 0)
        guard integerDigits >= 1 && integerDigits <= 15 else { return nil }
        let scale: Int64 = minorDigits == 2 ? 100 : minorDigits == 1 ? 10 : 1
        var convention: DecimalConvention? = nil
        var fraction: Int64 = 0
        if i < n {
            let separator = bytes[i]
            guard separator == 0x2E || separator == 0x2C, minorDigits > 0, n - i - 1 == minorDigits else { return nil }
            i += 1
            while i < n {
                let d = bytes[i] &- 0x30
                guard d < 10 else { return nil }
                fraction = fraction &* 10 &+ Int64(d)
                i += 1
            }
            convention = separator == 0x2E ? .point : .comma
        }
        let value = integer &* scale &+ fraction
        return ParsedAmount(minorUnits: negative ? 0 &- value : value, convention: convention)
    }

    /// Every form of `inputs.md`, `parse` without its shortcut.
    static func parseAnyForm(_ bytes: UnsafeBufferPointer<UInt8>, minorDigits: Int, convention: DecimalConvention?) -> Result<ParsedAmount, AmountError> {
        var start = 0
        var end = bytes.count
        while start < end, let w = spaceWidth(bytes, start, end) { start += w }
        while start < end, let w = trailingSpaceWidth(bytes, start, end) { end -= w }
        if start == end { return .failure(.empty) }

        // Prefix: sign, opening parenthesis, currency, blanks, in any order.
        var i = start
        var negative = false
        var signSeen = false
        var paren = false
        var currency: UInt32? = nil
        prefix: while i < end {
            let b = bytes[i]
            if b == 0x2D || b == 0x2B {  // - +
                if signSeen || paren { return .failure(.unexpectedCharacter(offset: i)) }
                signSeen = true
                negative = b == 0x2D
                i += 1
            } else if b == 0x28 {  // (
                if signSeen || paren { return .failure(.unexpectedCharacter(offset: i)) }
                paren = true
                i += 1
            } else if let w = spaceWidth(bytes, i, end) {
                i += w
            } else if currency == nil, let (key, w) = currencyAt(bytes, i, end) {
                currency = key
                i += w
            } else {
                break prefix
            }
        }

        // Body extent: digits and separators, ending on a digit.
        let bodyStart = i
        guard i < end, isDigit(bytes[i]) else { return .failure(.unexpectedCharacter(offset: i)) }
        var bodyEnd = i
        var j = i
        while j < end {
            let b = bytes[j]
            if isDigit(b) { j += 1; bodyEnd = j; continue }
            if b == 0x2E || b == 0x2C || b == 0x27 { j += 1; continue }  // . , '
            if let w = spaceWidth(bytes, j, end), j + w < end, isDigit(bytes[j + w]) { j += w; continue }
            break
        }

        // Which separator is the decimal one.
        var dots = 0, commas = 0, others = 0
        var lastDot = -1, lastComma = -1
        j = bodyStart
        while j < bodyEnd {
            switch bytes[j] {
            case 0x2E: dots += 1; lastDot = j
            case 0x2C: commas += 1; lastComma = j
            case 0x30...0x39: break
            default: others += 1
            }
            j += 1
        }
        var decimal: UInt8 = 0  // 0: no decimal separator
        var revealed: DecimalConvention? = nil
        if dots > 0 && commas > 0 {
            decimal = lastDot > lastComma ? 0x2E : 0x2C
        } else if dots + commas == 1 {
            let p = dots == 1 ? lastDot : lastComma
            let sep = bytes[p]
            if others == 0 && bodyEnd - p - 1 == 3 && p - bodyStart <= 3 && bytes[bodyStart] != 0x30 {
                // `1,234`: a thousands separator or a decimal one; only the caller can tell.
                guard let convention else { return .failure(.ambiguousSeparator) }
                let conventionDecimal: UInt8 = convention == .point ? 0x2E : 0x2C
                decimal = sep == conventionDecimal ? sep : 0
            } else {
                decimal = sep
                revealed = sep == 0x2E ? .point : .comma
            }
        }
        // A separator repeated with no other one can only be grouping.
        if dots > 0 && commas > 0 || dots + commas > 1 {
            if decimal == 0x2E || (decimal == 0 && commas > 0) { revealed = .point }
            if decimal == 0x2C || (decimal == 0 && dots > 0) { revealed = .comma }
        }

        // Digits, with grouping checked: first group 1 to 3 digits, then groups of exactly 3.
        let digits = max(0, minorDigits)
        var integer: Int64 = 0
        var groupKind: UInt8 = 0
        var groupLen = 0
        var groups = 0
        var lastGroupAt = -1
        var inFraction = false
        var fraction: Int64 = 0
        var fractionDigits = 0
        var dropped = -1  // first digit beyond `digits`, -1 when none
        var sticky = false  // any non-zero digit after `dropped`
        j = bodyStart
        while j < bodyEnd {
            let b = bytes[j]
            if isDigit(b) {
                let d = Int64(b &- 0x30)
                if inFraction {
                    if fractionDigits < digits {
                        fraction = fraction &* 10 &+ d
                        fractionDigits += 1
                    } else if dropped < 0 {
                        dropped = Int(d)
                    } else if d != 0 {
                        sticky = true
                    }
                } else {
                    let (m, o1) = integer.multipliedReportingOverflow(by: 10)
                    let (a, o2) = m.addingReportingOverflow(d)
                    if o1 || o2 { return .failure(.overflow) }
                    integer = a
                    groupLen += 1
                }
                j += 1
                continue
            }
            if inFraction { return .failure(.unexpectedCharacter(offset: j)) }
            var kind = b
            var w = 1
            if b != 0x2E && b != 0x2C && b != 0x27 {
                kind = 0x20
                w = spaceWidth(bytes, j, bodyEnd) ?? 1
            }
            if kind == decimal {
                if groups > 0 && groupLen != 3 { return .failure(.unexpectedCharacter(offset: j)) }
                inFraction = true
                j += 1
                continue
            }
            if groupKind != 0 && groupKind != kind { return .failure(.unexpectedCharacter(offset: j)) }
            if groups == 0 ? groupLen > 3 : groupLen != 3 { return .failure(.unexpectedCharacter(offset: j)) }
            groupKind = kind
            groups += 1
            groupLen = 0
            lastGroupAt = j
            j += w
        }
        if !inFraction && groups > 0 && groupLen != 3 { return .failure(.unexpectedCharacter(offset: lastGroupAt)) }

        // Suffix: blanks, currency, closing parenthesis, trailing minus.
        i = bodyEnd
        var closed = false
        while i < end {
            let b = bytes[i]
            if let w = spaceWidth(bytes, i, end) {
                i += w
            } else if b == 0x29 && paren && !closed {
                closed = true
                i += 1
            } else if b == 0x2D && !signSeen && !paren {
                signSeen = true
                negative = true
                i += 1
            } else if currency == nil, let (key, w) = currencyAt(bytes, i, end) {
                currency = key
                i += w
            } else {
                return .failure(.unexpectedCharacter(offset: i))
            }
        }
        if paren && !closed { return .failure(.unexpectedCharacter(offset: end)) }
        if paren { negative = true }

        // Value = integer × 10^digits + fraction, rounded half-even on the dropped digits.
        var scale: Int64 = 1
        for _ in 0..<digits {
            let (s, o) = scale.multipliedReportingOverflow(by: 10)
            if o { return .failure(.overflow) }
            scale = s
        }
        while fractionDigits < digits { fraction &*= 10; fractionDigits += 1 }
        let (m, o1) = integer.multipliedReportingOverflow(by: scale)
        var (value, o2) = m.addingReportingOverflow(fraction)
        if o1 || o2 { return .failure(.overflow) }
        var rounded = false
        if dropped >= 0 {
            rounded = dropped > 0 || sticky
            if dropped > 5 || (dropped == 5 && (sticky || value & 1 == 1)) {
                let (r, o) = value.addingReportingOverflow(1)
                if o { return .failure(.overflow) }
                value = r
            }
        }
        if negative { value = 0 &- value }

        var code: String? = nil
        if let currency {
            code = String(unsafeUninitializedCapacity: 3) { buf in
                buf[0] = UInt8(truncatingIfNeeded: currency >> 16)
                buf[1] = UInt8(truncatingIfNeeded: currency >> 8)
                buf[2] = UInt8(truncatingIfNeeded: currency)
                return 3
            }
        }
        return .success(ParsedAmount(minorUnits: value, currencyCode: code, convention: revealed, rounded: rounded))
    }

    @inline(__always)
    private static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    /// Width of a blank at `i`: space, tab, U+00A0 (C2 A0), U+202F (E2 80 AF), U+2009 (E2 80 89).
    @inline(__always)
    private static func spaceWidth(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int? {
        let c = b[i]
        if c == 0x20 || c == 0x09 { return 1 }
        if c == 0xC2, i + 1 < end, b[i + 1] == 0xA0 { return 2 }
        if c == 0xE2, i + 2 < end, b[i + 1] == 0x80, b[i + 2] == 0xAF || b[i + 2] == 0x89 { return 3 }
        return nil
    }

    /// Width of a blank ending just before `end`.
    private static func trailingSpaceWidth(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        let c = b[end - 1]
        if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A { return 1 }
        if c == 0xA0, end - 2 >= start, b[end - 2] == 0xC2 { return 2 }
        if c == 0xAF || c == 0x89, end - 3 >= start, b[end - 3] == 0xE2, b[end - 2] == 0x80 { return 3 }
        return nil
    }

    private static let eurKey: UInt32 = 0x45_55_52
    private static let gbpKey: UInt32 = 0x47_42_50
    private static let usdKey: UInt32 = 0x55_53_44

    /// A currency at `i`: `€`, `£`, `$`, or a known ISO code (either case) not followed by a letter.
    private static func currencyAt(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> (UInt32, Int)? {
        let c = b[i]
        if c == 0x24 { return (usdKey, 1) }
        if c == 0xE2, i + 2 < end, b[i + 1] == 0x82, b[i + 2] == 0xAC { return (eurKey, 3) }
        if c == 0xC2, i + 1 < end, b[i + 1] == 0xA3 { return (gbpKey, 2) }
        guard i + 2 < end, Currency.minorDigits(b[i], b[i + 1], b[i + 2]) != nil else { return nil }
        if i + 3 < end, isLetter(b[i + 3]) { return nil }
        return (UInt32(upper(b[i])) << 16 | UInt32(upper(b[i + 1])) << 8 | UInt32(upper(b[i + 2])), 3)
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    private static func upper(_ b: UInt8) -> UInt8 { (b >= 0x61 && b <= 0x7A) ? b - 0x20 : b }
}
