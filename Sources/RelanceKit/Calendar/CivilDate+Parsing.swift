/// How a date with the year last is read: `dmy` (20/11/2026, the default) or `mdy` (11/20/2026).
public enum DateOrder: String, Sendable {
    case dmy, mdy
}

/// Why a date could not be read.
public enum DateParseError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    /// Not one of the accepted shapes.
    case badFormat
    /// The shape is right but the day does not exist (`31/02/2026`, `2026-13-01`, year 0).
    case impossibleDate(year: Int, month: Int, day: Int)

    public var description: String {
        switch self {
        case .empty: return "empty date"
        case .badFormat: return "not a date (expected YYYY-MM-DD, DD/MM/YYYY, DD.MM.YYYY, DD-MM-YYYY or YYYYMMDD)"
        case let .impossibleDate(y, m, d): return "impossible date: year \(y), month \(m), day \(d)"
        }
    }
}

extension CivilDate {
    /// Reads `2026-11-20`, `2026/11/20`, `2026.11.20`, `20/11/2026`, `20.11.2026`, `20-11-2026`,
    /// `20261120`, with one- or two-digit day and month and blanks around. The year comes last
    /// or first, always with 4 digits; `order` says whether a year-last date is day-first or month-first.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, order: DateOrder) -> Result<CivilDate, DateParseError> {
        var start = 0
        var end = bytes.count
        while start < end, isBlank(bytes[start]) { start += 1 }
        while end > start, isBlank(bytes[end - 1]) { end -= 1 }
        if start == end { return .failure(.empty) }
        // YYYY-MM-DD, the form of most exports, read at once (the loop below reads it the same way).
        if end - start == 10 && bytes[start + 4] == 0x2D && bytes[start + 7] == 0x2D {
            let b = UnsafeBufferPointer(rebasing: bytes[start..<end])
            let d0 = b[0] &- 0x30, d1 = b[1] &- 0x30, d2 = b[2] &- 0x30, d3 = b[3] &- 0x30
            let d5 = b[5] &- 0x30, d6 = b[6] &- 0x30, d8 = b[8] &- 0x30, d9 = b[9] &- 0x30
            if d0 < 10 && d1 < 10 && d2 < 10 && d3 < 10 && d5 < 10 && d6 < 10 && d8 < 10 && d9 < 10 {
                let y = Int(d0) * 1000 + Int(d1) * 100 + Int(d2) * 10 + Int(d3)
                let m = Int(d5) * 10 + Int(d6), d = Int(d8) * 10 + Int(d9)
                guard let date = CivilDate(year: y, month: m, day: d) else { return .failure(.impossibleDate(year: y, month: m, day: d)) }
                return .success(date)
            }
        }

        // Up to three runs of digits separated by one separator character, the same twice.
        var values = (0, 0, 0)
        var lengths = (0, 0, 0)
        var field = 0
        var separator: UInt8 = 0
        var i = start
        while i < end {
            let b = bytes[i]
            if b &- 0x30 < 10 {
                let d = Int(b &- 0x30)
                switch field {
                case 0: values.0 = values.0 * 10 + d; lengths.0 += 1; if lengths.0 > 8 { return .failure(.badFormat) }
                case 1: values.1 = values.1 * 10 + d; lengths.1 += 1; if lengths.1 > 4 { return .failure(.badFormat) }
                default: values.2 = values.2 * 10 + d; lengths.2 += 1; if lengths.2 > 4 { return .failure(.badFormat) }
                }
            } else if b == 0x2D || b == 0x2F || b == 0x2E {  // - / .
                if field == 2 || (separator != 0 && b != separator) { return .failure(.badFormat) }
                separator = b
                field += 1
            } else {
                return .failure(.badFormat)
            }
            i += 1
        }

        let y: Int, m: Int, d: Int
        if field == 0 {
            guard lengths.0 == 8 else { return .failure(.badFormat) }
            y = values.0 / 10_000
            m = values.0 / 100 % 100
            d = values.0 % 100
        } else if field == 2 {
            guard lengths.1 == 1 || lengths.1 == 2 else { return .failure(.badFormat) }
            if lengths.0 == 4 && (lengths.2 == 1 || lengths.2 == 2) {
                (y, m, d) = (values.0, values.1, values.2)
            } else if lengths.2 == 4 && (lengths.0 == 1 || lengths.0 == 2) {
                if order == .mdy {
                    (y, m, d) = (values.2, values.0, values.1)
                } else {
                    (y, m, d) = (values.2, values.1, values.0)
                }
            } else {
                return .failure(.badFormat)
            }
        } else {
            return .failure(.badFormat)
        }
        guard let date = CivilDate(year: y, month: m, day: d) else {
            return .failure(.impossibleDate(year: y, month: m, day: d))
        }
        return .success(date)
    }

    /// `parse(_:order:)` on a string's UTF-8 bytes.
    public static func parse(_ text: String, order: DateOrder = .dmy) -> Result<CivilDate, DateParseError> {
        var text = text
        return text.withUTF8 { parse($0, order: order) }
    }

    /// Strict `YYYY-MM-DD` (the form of configuration files and machine outputs).
    public init?(iso: some StringProtocol) {
        self.init(isoBytes: iso.utf8)
    }

    /// Strict `YYYY-MM-DD` from its UTF-8 bytes.
    init?(isoBytes: some Sequence<UInt8>) {
        var y = 0, m = 0, d = 0
        var index = 0
        for b in isoBytes {
            switch index {
            case 4, 7:
                guard b == 0x2D else { return nil }
            case 0...3, 5, 6, 8, 9:
                guard b &- 0x30 < 10 else { return nil }
                let v = Int(b &- 0x30)
                if index < 4 { y = y * 10 + v } else if index < 7 { m = m * 10 + v } else { d = d * 10 + v }
            default:
                return nil
            }
            index += 1
        }
        guard index == 10, let date = CivilDate(year: y, month: m, day: d) else { return nil }
        self = date
    }

    /// ISO 8601 `YYYY-MM-DD`.
    public var iso: String {
        let (y, m, d) = civil
        return String(unsafeUninitializedCapacity: 10) { buf in
            buf[0] = UInt8(0x30 + y / 1000 % 10)
            buf[1] = UInt8(0x30 + y / 100 % 10)
            buf[2] = UInt8(0x30 + y / 10 % 10)
            buf[3] = UInt8(0x30 + y % 10)
            buf[4] = 0x2D
            buf[5] = UInt8(0x30 + m / 10)
            buf[6] = UInt8(0x30 + m % 10)
            buf[7] = 0x2D
            buf[8] = UInt8(0x30 + d / 10)
            buf[9] = UInt8(0x30 + d % 10)
            return 10
        }
    }

    private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
}
