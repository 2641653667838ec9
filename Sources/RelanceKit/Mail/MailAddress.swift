/// An e-mail address with an optional display name, e.g. `Jean Dupont <j.dupont@client.example>`.
///
/// `address` is the bare `local@domain`; only addresses that pass `isValid`
/// are ever written into a message header.
public struct MailAddress: Hashable, Sendable {
    /// The human name shown by mail clients, unencoded Unicode; `nil` when absent.
    public var displayName: String?
    /// The bare address, `local@domain`, without angle brackets.
    public var address: String

    public init(displayName: String?, address: String) {
        self.displayName = displayName
        self.address = address
    }

    /// Parses `Name <a@b.example>`, `"Dupont, Jean" <j@x.fr>` or a bare address.
    /// Returns `nil` when the address part is not valid (see `isValid`).
    public init?(parsing text: String) {
        let trimmed = text.trimmingSpaces()
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let inner = trimmed[trimmed.index(after: open) ..< trimmed.index(before: trimmed.endIndex)]
            let address = String(inner).trimmingSpaces()
            guard MailAddress.isValid(address) else { return nil }
            var name = String(trimmed[..<open]).trimmingSpaces()
            if name.count >= 2, name.first == "\"", name.last == "\"" {
                name = MailAddress.unquote(name.dropFirst().dropLast())
            }
            name = HeaderText.sanitize(name)
            self.init(displayName: name.isEmpty ? nil : name, address: address)
        } else {
            guard MailAddress.isValid(trimmed) else { return nil }
            self.init(displayName: nil, address: trimmed)
        }
    }

    /// The domain part, lower-cased; empty when there is no `@`.
    public var domain: String {
        guard let at = address.lastIndex(of: "@") else { return "" }
        return address[address.index(after: at)...].lowercased()
    }

    /// RFC 5321-style check: one `@`; a local part of atext and dots (no
    /// leading, trailing or double dot), at most 64 octets; a domain of at least
    /// two labels of `[A-Za-z0-9-]` (1–63 octets, no leading or trailing
    /// hyphen) whose last label is alphabetic with at least 2 letters; at most
    /// 254 octets in all. Spaces, control characters and non-ASCII (IDN,
    /// SMTPUTF8) addresses are rejected.
    public static func isValid(_ address: String) -> Bool {
        let bytes = Array(address.utf8)
        guard bytes.count >= 6, bytes.count <= 254 else { return false }
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")),
              bytes.lastIndex(of: UInt8(ascii: "@")) == at
        else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard !local.isEmpty, local.count <= 64 else { return false }
        var previous: UInt8 = UInt8(ascii: ".") // forbids a leading dot
        for byte in local {
            if byte == UInt8(ascii: ".") {
                if previous == UInt8(ascii: ".") { return false }
            } else if !isAtext(byte) {
                return false
            }
            previous = byte
        }
        if previous == UInt8(ascii: ".") { return false }

        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard !label.isEmpty, label.count <= 63,
                  label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-"),
                  label.allSatisfy({ isLetterOrDigit($0) || $0 == UInt8(ascii: "-") })
            else { return false }
        }
        let tld = labels[labels.count - 1]
        return tld.count >= 2 && tld.allSatisfy(isLetter)
    }

    /// Splits a list on `;` or `,` (separators inside double quotes or `<…>`
    /// do not split), ignores empty entries, and parses each entry.
    /// `invalid` holds the trimmed text of entries that did not parse.
    public static func parseList(_ text: String) -> (valid: [MailAddress], invalid: [String]) {
        // One address, as nearly every customer has: nothing to split (the loop below would give the
        // same entry, reading the text a character at a time).
        if !text.utf8.contains(where: { $0 == 0x22 || $0 == 0x2C || $0 == 0x3B || $0 == 0x3C || $0 == 0x5C }) {
            let entry = text.trimmingSpaces()
            if entry.isEmpty { return ([], []) }
            return MailAddress(parsing: entry).map { ([$0], []) } ?? ([], [entry])
        }
        var valid: [MailAddress] = []
        var invalid: [String] = []
        var current = ""
        var inQuotes = false, inAngle = false, escaped = false

        func flush() {
            let entry = current.trimmingSpaces()
            current = ""
            guard !entry.isEmpty else { return }
            if let parsed = MailAddress(parsing: entry) {
                valid.append(parsed)
            } else {
                invalid.append(entry)
            }
        }

        for ch in text {
            if escaped {
                escaped = false
            } else if inQuotes {
                if ch == "\\" { escaped = true } else if ch == "\"" { inQuotes = false }
            } else if ch == "\"" {
                inQuotes = true
            } else if ch == "<" {
                inAngle = true
            } else if ch == ">" {
                inAngle = false
            } else if (ch == "," || ch == ";") && !inAngle {
                flush()
                continue
            }
            current.append(ch)
        }
        flush()
        return (valid, invalid)
    }

    // MARK: - Private

    private static func unquote(_ quoted: Substring) -> String {
        var out = ""
        var escaped = false
        for ch in quoted {
            if escaped {
                out.append(ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.append(ch)
            }
        }
        return out
    }

    private static func isLetter(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    private static func isLetterOrDigit(_ b: UInt8) -> Bool {
        isLetter(b) || (b >= 0x30 && b <= 0x39)
    }

    /// RFC 5322 atext: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    private static func isAtext(_ b: UInt8) -> Bool {
        if isLetterOrDigit(b) { return true }
        switch b {
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"),
             UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"),
             UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "?"),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "{"),
             UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}

fileprivate extension String {
    /// Trims spaces and tabs (not other Unicode whitespace) at both ends.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, scalars[start] == " " || scalars[start] == "\t" {
            start = scalars.index(after: start)
        }
        while end > start {
            let before = scalars.index(before: end)
            guard scalars[before] == " " || scalars[before] == "\t" else { break }
            end = before
        }
        return String(scalars[start ..< end])
    }
}
