/// The EPC069-12 "SEPA Credit Transfer" QR payload, version 002, UTF-8, with a structured
/// creditor reference and no free text (the two are exclusive).
public enum EPCPayload {
    /// The most bytes a payload may have.
    public static let maximumBytes = 331

    /// `BCD␊002␊1␊SCT␊BIC␊NAME␊IBAN␊EUR123.45␊PURPOSE␊RF…␊␊`.
    ///
    /// - Parameters:
    ///   - bic: 8 or 11 characters, or empty (optional in version 002 inside the EEA).
    ///   - name: the beneficiary, 1 to 70 characters.
    ///   - iban: spaces are removed and letters upper-cased; at most 34 characters.
    ///   - amount: EUR, 0.01 to 999 999 999.99.
    ///   - purpose: an ISO 20022 purpose code of up to 4 letters, or empty.
    ///   - reference: an ISO 11649 `RF` reference (checked), printed or compact.
    public static func make(bic: String, name: String, iban: String, amount: Money, purpose: String = "", reference: String) throws(EPCError) -> String {
        let bicCompact = compact(bic)
        guard bicCompact.isEmpty || ((bicCompact.count == 8 || bicCompact.count == 11) && isAlphanumeric(bicCompact)) else {
            throw .invalidBIC(bic)
        }
        let ibanCompact = compact(iban)
        guard ibanCompact.count >= 15, ibanCompact.count <= 34, isAlphanumeric(ibanCompact) else { throw .invalidIBAN(iban) }
        let trimmedName = name.trimmingASCIISpaces
        guard !trimmedName.isEmpty, trimmedName.count <= 70, !trimmedName.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidName(name)
        }
        guard amount.currency == .eur else { throw .notEUR(amount.currency.code) }
        guard amount.minorUnits >= 1, amount.minorUnits <= 99_999_999_999 else { throw .amountOutOfRange(amount.minorUnits) }
        let purposeCompact = compact(purpose)
        guard purposeCompact.count <= 4, isAlphanumeric(purposeCompact) else { throw .invalidPurpose(purpose) }
        guard case .rf(let rf)? = StructuredReference(parsing: reference), rf.count <= 35 else { throw .invalidReference(reference) }

        let lines = ["BCD", "002", "1", "SCT", bicCompact, trimmedName, ibanCompact, "EUR" + amount.machineString, purposeCompact, rf, ""]
        let payload = lines.joined(separator: "\n") + "\n"
        guard payload.utf8.count <= maximumBytes else { throw .tooLong(bytes: payload.utf8.count) }
        return payload
    }

    private static func compact(_ s: String) -> String {
        String(decoding: s.utf8.filter { $0 != 0x20 }.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
    }

    private static func isAlphanumeric(_ s: String) -> Bool {
        s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }
    }
}

extension String {
    fileprivate var trimmingASCIISpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

/// Why an EPC QR payload could not be made.
public enum EPCError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidBIC(String)
    case invalidIBAN(String)
    /// Empty, longer than 70 characters, or with a control character (a line break would shift the fields).
    case invalidName(String)
    /// EPC QR codes carry euro transfers only; the currency code given.
    case notEUR(String)
    /// In minor units; EUR 0.01 to 999 999 999.99.
    case amountOutOfRange(Int64)
    case invalidPurpose(String)
    /// Not an ISO 11649 reference whose check passes.
    case invalidReference(String)
    /// The payload exceeds 331 bytes.
    case tooLong(bytes: Int)

    public var description: String {
        switch self {
        case let .invalidBIC(s): return "invalid BIC \"\(s)\" for the EPC QR code: 8 or 11 letters and digits, or empty"
        case let .invalidIBAN(s): return "invalid IBAN \"\(s)\" for the EPC QR code"
        case let .invalidName(s): return "invalid beneficiary name \"\(s)\" for the EPC QR code: 1 to 70 characters, no line breaks"
        case let .notEUR(code): return "the EPC QR code carries EUR amounts only, not \(code)"
        case let .amountOutOfRange(units): return "amount \(Money.machineString(minorUnits: units, minorDigits: 2)) out of the EPC QR range 0.01 to 999999999.99"
        case let .invalidPurpose(s): return "invalid purpose code \"\(s)\" for the EPC QR code: up to 4 letters"
        case let .invalidReference(s): return "\"\(s)\" is not a valid ISO 11649 RF reference"
        case let .tooLong(bytes): return "EPC QR payload of \(bytes) bytes exceeds 331 bytes"
        }
    }
}
