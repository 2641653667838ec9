// Amounts of several currencies are never added together (aging.md: every KPI in its currency).
// Where one figure may span currencies (a hold on a customer billed in EUR and USD), it is kept as
// one amount per currency, in currency-code order, and written `EUR 300.00;USD 200.00`.

extension Money {
    /// The sums of `amounts` per currency, sorted by currency code; a currency whose sum is zero is
    /// kept (it was concerned). Traps on Int64 overflow, as `+` does, rather than wrap.
    public static func sumsPerCurrency(_ amounts: some Sequence<Money>) -> [Money] {
        var sums: [Currency: Int64] = [:]
        for m in amounts { sums[m.currency, default: 0] += m.minorUnits }
        return sums.keys.sorted().map { Money(minorUnits: sums[$0]!, currency: $0) }
    }

    /// `EUR 300.00;USD 200.00`: each amount's code and machine form, joined by `;` in the order
    /// given (callers pass `sumsPerCurrency`'s); empty for none.
    public static func perCurrencyText(_ amounts: [Money]) -> String {
        amounts.map { $0.currency.code + " " + $0.machineString }.joined(separator: ";")
    }

    /// Reads `perCurrencyText`'s form back, sorted by currency code; nil when a part is not a known
    /// currency code, a space and a machine amount with that currency's minor digits, or when a
    /// currency appears twice. The empty text is no amount.
    public static func parsePerCurrency(_ text: String) -> [Money]? {
        var out: [Money] = []
        for part in text.split(separator: ";", omittingEmptySubsequences: false) where !text.isEmpty {
            let fields = part.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 2, let currency = Currency(code: fields[0]),
                  !out.contains(where: { $0.currency == currency }) else { return nil }
            let minor = Array(fields[1].utf8).withUnsafeBufferPointer {
                machineMinorUnits($0, minorDigits: currency.minorDigits)
            }
            guard let minor else { return nil }
            out.append(Money(minorUnits: minor, currency: currency))
        }
        return out.sorted { $0.currency < $1.currency }
    }
}
