extension ReferenceRates {
    /// Reads the rate table from a conf file (the rates file, or any conf holding these sections):
    ///
    ///     [rates ECB]          # one section per series: ECB, BASISZINS, BOE, NL
    ///     2025-h1 = 3.15       # percent, up to 2 decimals, may be negative (-0.88)
    ///     [contract]
    ///     fr = 12.00           # a total contract rate replacing the statutory one
    ///
    /// Half-year keys are written in lower case (`2025-h1`) because conf keys are lower case.
    /// Other sections are ignored. Errors carry the file and line.
    public init(file: ConfFile) throws(ConfError) {
        self.init()
        func fail(_ line: Int, _ message: String) -> ConfError { ConfError(path: file.path, line: line, message: message) }
        for section in file.sections(named: "rates") {
            guard let argument = section.argument, let series = Series(rawValue: argument.uppercased()) else {
                let names = Series.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail(section.line, "unknown rate series `\(section.argument ?? "")`: use one of \(names)")
            }
            if rates[series] != nil { throw fail(section.line, "duplicate rate series `\(series.rawValue)`") }
            var table: [HalfYear: Int] = [:]
            for entry in section.entries {
                guard let halfYear = HalfYear(entry.key) else {
                    throw fail(entry.line, "expected a half-year such as `2026-h1`, found `\(entry.key)`")
                }
                guard let bp = Self.basisPoints(entry.value) else {
                    throw fail(entry.line, "expected a rate in percent with at most 2 decimals (`2.15`), found `\(entry.value)`")
                }
                table[halfYear] = bp
            }
            rates[series] = table
        }
        if let contract = file.section("contract") {
            for entry in contract.entries {
                guard let jurisdiction = Jurisdiction(rawValue: entry.key.uppercased()) else {
                    let names = Jurisdiction.allCases.map { $0.rawValue.lowercased() }.joined(separator: ", ")
                    throw fail(entry.line, "unknown jurisdiction `\(entry.key)`: use one of \(names)")
                }
                guard let bp = Self.basisPoints(entry.value) else {
                    throw fail(entry.line, "expected a rate in percent with at most 2 decimals (`12.00`), found `\(entry.value)`")
                }
                contractRates[jurisdiction] = bp
            }
        }
    }

    /// Parses conf text; `path` is only used in errors.
    public static func parse(_ text: String, path: String) throws(ConfError) -> ReferenceRates {
        try ReferenceRates(file: ConfFile.parse(text, path: path))
    }

    /// Loads the conf file at `path`.
    public static func load(path: String) throws(ConfError) -> ReferenceRates {
        try ReferenceRates(file: ConfFile.load(path: path))
    }

    /// `2.65` → 265, `-0.88` → −88, `12` → 1200, `0.5` → 50; nil for anything else (no exponent,
    /// no grouping, at most 2 decimals, at most 5 integer digits). Never goes through Double.
    static func basisPoints(_ text: String) -> Int? {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let first = bytes.first, first == 0x2D || first == 0x2B {
            negative = first == 0x2D
            bytes = bytes.dropFirst()
        }
        let dot = bytes.firstIndex(of: 0x2E)
        let integer = bytes[..<(dot ?? bytes.endIndex)]
        let fraction = dot.map { bytes[($0 + 1)...] } ?? []
        func isDigits(_ s: ArraySlice<UInt8>) -> Bool { s.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        guard !integer.isEmpty, integer.count <= 5, isDigits(integer),
              fraction.count <= 2, isDigits(fraction), dot == nil || !fraction.isEmpty else { return nil }
        var value = integer.reduce(0) { $0 * 10 + Int($1 - 0x30) } * 100
        var scale = 10
        for digit in fraction {
            value += Int(digit - 0x30) * scale
            scale /= 10
        }
        return negative ? -value : value
    }
}
