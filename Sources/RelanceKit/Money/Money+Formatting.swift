extension Money {
    /// The machine form used in CSV and JSON outputs: `-1234.56`, JPY `1234`, KWD `-0.005`.
    /// No grouping, `.` as decimal separator, `-` for negatives.
    public static func machineString(minorUnits: Int64, minorDigits: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        appendMachineString(minorUnits: minorUnits, minorDigits: minorDigits, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the bytes of `machineString(minorUnits:minorDigits:)` to `out`, with no string made
    /// on the way (a stage file writes millions of amounts).
    static func appendMachineString(minorUnits: Int64, minorDigits: Int, to out: inout [UInt8]) {
        appendDigits(minorUnits, minorDigits: minorDigits, group: nil, decimal: 0x2E, into: &out)
    }

    /// Whether `bytes` are exactly what `machineString(minorUnits:minorDigits:)` writes for some
    /// amount of at most 18 digits: an optional `-` (never on zero), no leading zero, and the
    /// currency's minor digits after a `.`.
    static func isMachineString(_ bytes: UnsafeBufferPointer<UInt8>, minorDigits: Int) -> Bool {
        machineMinorUnits(bytes, minorDigits: minorDigits) != nil
    }

    /// The minor units of `bytes` when they are exactly what `machineString(minorUnits:minorDigits:)`
    /// writes (see `isMachineString`), nil for any other form: stage files hold millions of amounts
    /// in that form, read without the general amount parser.
    static func machineMinorUnits(_ bytes: UnsafeBufferPointer<UInt8>, minorDigits: Int) -> Int64? {
        let negative = bytes.first == 0x2D
        var i = negative ? 1 : 0
        let start = i
        // Wrapping arithmetic: more than 18 digits are refused below, before the value is used.
        var n: Int64 = 0
        while i < bytes.count, bytes[i] &- 0x30 < 10 {
            n = n &* 10 &+ Int64(bytes[i] &- 0x30)
            i += 1
        }
        let whole = i - start
        guard whole >= 1, whole == 1 || bytes[start] != 0x30 else { return nil }
        if minorDigits > 0 {
            guard i < bytes.count, bytes[i] == 0x2E, bytes.count - i - 1 == minorDigits else { return nil }
            i += 1
            while i < bytes.count {
                guard bytes[i] &- 0x30 < 10 else { return nil }
                n = n &* 10 &+ Int64(bytes[i] &- 0x30)
                i += 1
            }
        }
        guard i == bytes.count, whole + max(0, minorDigits) <= 18, !(negative && n == 0) else { return nil }
        return negative ? -n : n
    }

    /// `machineString(minorUnits:minorDigits:)` of this amount.
    public var machineString: String { Money.machineString(minorUnits: minorUnits, minorDigits: currency.minorDigits) }

    /// The amount as a reader of `language` expects it:
    /// fr `1 234,56 €` (U+00A0 between groups and before the symbol), en `€1,234.56` / `CHF 1,234.56`,
    /// de and nl `1.234,56 €`. Negatives take a leading `-` (`-1 234,56 €`, `-€1,234.56`).
    /// EUR, GBP and USD use their symbol, other currencies their code.
    public func formatted(_ language: Language) -> String {
        let nbsp: [UInt8] = [0xC2, 0xA0]
        var out: [UInt8] = []
        out.reserveCapacity(32)
        let sign = minorUnits < 0
        let unit = Array((currency.symbol ?? currency.code).utf8)
        switch language {
        case .en:
            if sign { out.append(0x2D) }
            out += unit
            if currency.symbol == nil { out += nbsp }
            Money.appendDigits(minorUnits, minorDigits: currency.minorDigits, group: [0x2C], decimal: 0x2E, into: &out, signed: false)
        case .fr:
            if sign { out.append(0x2D) }
            Money.appendDigits(minorUnits, minorDigits: currency.minorDigits, group: nbsp, decimal: 0x2C, into: &out, signed: false)
            out += nbsp
            out += unit
        case .de, .nl:
            if sign { out.append(0x2D) }
            Money.appendDigits(minorUnits, minorDigits: currency.minorDigits, group: [0x2E], decimal: 0x2C, into: &out, signed: false)
            out += nbsp
            out += unit
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the digits of `minorUnits` with `minorDigits` after `decimal`, grouping the integer part by 3.
    fileprivate static func appendDigits(_ minorUnits: Int64, minorDigits: Int, group: [UInt8]?, decimal: UInt8, into out: inout [UInt8], signed: Bool = true) {
        if minorUnits < 0 && signed { out.append(0x2D) }
        // Work on the magnitude as UInt64 so that Int64.min has one; its digits go little-endian
        // (fraction first) into a buffer on the stack, not an array per amount.
        var m = minorUnits.magnitude
        let places = min(max(0, minorDigits), 18)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { digits in
            var count = 0
            repeat {
                digits[count] = UInt8(truncatingIfNeeded: m % 10) &+ 0x30
                m /= 10
                count += 1
            } while m > 0
            while count <= places {
                digits[count] = 0x30
                count += 1
            }
            let intCount = count - places
            for k in stride(from: count - 1, through: places, by: -1) {
                out.append(digits[k])
                let remaining = k - places
                if let group, remaining > 0, remaining % 3 == 0, intCount > 3 { out += group }
            }
            if places > 0 {
                out.append(decimal)
                for k in stride(from: places - 1, through: 0, by: -1) { out.append(digits[k]) }
            }
        }
    }
}
