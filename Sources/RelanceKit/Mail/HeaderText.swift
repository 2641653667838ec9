// Mail: renders reminder e-mails as complete RFC 5322 / MIME files for the
// outbox. It must never let a CR, LF or NUL from data reach a header (a
// customer name with a line break cannot add a `Bcc:`), never produce a line
// over 998 octets, and never depend on the clock or randomness: the same
// message renders to the same bytes.

/// Header-value encoding: sanitising, RFC 2047 encoded-words and folding.
public enum HeaderText {
    /// Longest physical header line we produce, in characters (RFC 5322 "SHOULD").
    static let lineLimit = 78
    /// Longest encoded-word, RFC 2047.
    static let encodedWordLimit = 75

    /// Replaces every CR, LF, NUL, other C0 control, DEL, C1 control and
    /// U+2028/U+2029 by a space, collapses runs of spaces and trims both ends.
    public static func sanitize(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v <= 0x20 || v == 0x7F || (v >= 0x80 && v <= 0x9F) || v == 0x2028 || v == 0x2029 {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(scalar)
        }
        return String(out)
    }

    /// The value part of an unstructured header (`Subject`, `X-…`) named
    /// `headerName`: sanitised; ASCII words kept as they are and folded at
    /// spaces; non-ASCII words (and words that look like encoded-words or
    /// would not fit on a line) as RFC 2047 UTF-8 encoded-words of at most 75
    /// characters. Physical lines, counting `headerName: `, are at most 78
    /// characters and are joined by `"\r\n "`.
    public static func encodeUnstructured(_ s: String, headerName: String) -> String {
        let words = sanitize(s).split(separator: " ", omittingEmptySubsequences: true)
        let firstColumn = headerName.utf8.count + 2
        var items: [Item] = []
        var run: [Substring] = []
        for (index, word) in words.enumerated() {
            let room = index == 0 ? lineLimit - firstColumn : lineLimit - 1
            if needsEncoding(word) || word.utf8.count > room {
                run.append(word)
            } else {
                if !run.isEmpty { items.append(.encoded(run.joined(separator: " "))); run = [] }
                items.append(.plain(String(word)))
            }
        }
        if !run.isEmpty { items.append(.encoded(run.joined(separator: " "))) }
        return layout(items, startColumn: firstColumn)
    }

    /// One address as it appears in `From`, `To`, `Cc` or `Reply-To`:
    /// `Name <local@domain>`, the name quoted when it has specials and
    /// encoded-words when it is not ASCII; the bare address when there is no
    /// name. May be folded with `"\r\n "`.
    public static func encodeAddress(_ a: MailAddress) -> String {
        encodeAddressList([a], headerName: "To")
    }

    /// A whole address-list value (`To: a, b`), folded between tokens.
    static func encodeAddressList(_ list: [MailAddress], headerName: String) -> String {
        var items: [Item] = []
        for (index, address) in list.enumerated() {
            let comma = index < list.count - 1 ? "," : ""
            let bare = headerSafeAddress(address.address)
            let name = sanitize(address.displayName ?? "")
            if name.isEmpty {
                items.append(.plain(bare + comma))
            } else {
                items.append(contentsOf: phraseItems(name))
                items.append(.plain("<" + bare + ">" + comma))
            }
        }
        return layout(items, startColumn: headerName.utf8.count + 2)
    }

    /// Keeps only the printable ASCII of an address that cannot start a new
    /// header, a new address or a comment.
    static func headerSafeAddress(_ address: String) -> String {
        let kept = address.utf8.filter { b in
            b > 0x20 && b < 0x7F && b != UInt8(ascii: "<") && b != UInt8(ascii: ">")
                && b != UInt8(ascii: ",") && b != UInt8(ascii: ";") && b != UInt8(ascii: "\"")
                && b != UInt8(ascii: "(") && b != UInt8(ascii: ")") && b != UInt8(ascii: "\\")
        }
        return String(decoding: kept, as: UTF8.self)
    }

    // MARK: - Items and layout

    /// A piece of header text: an ASCII atom written as is, or text written as encoded-words.
    enum Item: Equatable {
        case plain(String)
        case encoded(String)
    }

    private static func needsEncoding(_ word: Substring) -> Bool {
        if word.utf8.contains(where: { $0 >= 0x80 }) { return true }
        return hasEncodedWordMarker(word.utf8)
    }

    /// Whether the bytes hold `=?` or `?=`. Called on ASCII text only, where this byte search is
    /// what `contains("=?") || contains("?=")` finds, without Foundation's string search per word.
    private static func hasEncodedWordMarker<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var previous: UInt8 = 0
        for b in bytes {
            if (previous == UInt8(ascii: "=") && b == UInt8(ascii: "?")) || (previous == UInt8(ascii: "?") && b == UInt8(ascii: "=")) {
                return true
            }
            previous = b
        }
        return false
    }

    /// A display name: ASCII atoms as they are, a quoted-string when it has
    /// specials, encoded-words when it is not ASCII or too long to quote.
    private static func phraseItems(_ name: String) -> [Item] {
        let ascii = name.utf8.allSatisfy { $0 < 0x80 }
        let looksEncoded = hasEncodedWordMarker(name.utf8)
        let words = name.split(separator: " ")
        guard ascii, !looksEncoded else {
            // Only the words that need it are encoded (a run of them as one item: the space between
            // two encoded-words is not displayed); plain atoms stay as they are. Fewer adjacent
            // encoded-words also spares readers that wrongly show a space between them (CPython's
            // `email` before gh-128110: "Gm bH").
            var items: [Item] = []
            var run: [Substring] = []
            for word in words {
                if needsEncoding(word) || !word.utf8.allSatisfy({ isAtextOrSpace($0) }) || word.utf8.count > 60 {
                    run.append(word)
                } else {
                    if !run.isEmpty { items.append(.encoded(run.joined(separator: " "))); run = [] }
                    items.append(.plain(String(word)))
                }
            }
            if !run.isEmpty { items.append(.encoded(run.joined(separator: " "))) }
            return items
        }
        if name.utf8.allSatisfy({ isAtextOrSpace($0) }), words.allSatisfy({ $0.utf8.count <= 60 }) {
            return words.map { .plain(String($0)) }
        }
        var quoted = "\""
        for ch in name.unicodeScalars {
            if ch == "\"" || ch == "\\" { quoted.append("\\") }
            quoted.unicodeScalars.append(ch)
        }
        quoted.append("\"")
        return quoted.utf8.count <= 60 ? [.plain(quoted)] : [.encoded(name)]
    }

    private static func isAtextOrSpace(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"),
             UInt8(ascii: "0") ... UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-/=?^_`{|}~ ".utf8.contains(b)
        }
    }

    /// Lays items out on lines of at most 78 characters (the first line
    /// starting at `startColumn`), items separated by one space, and returns
    /// the lines joined by `"\r\n "`. A space between two encoded-words is
    /// not displayed, so a run of non-ASCII words is one `.encoded` item.
    static func layout(_ items: [Item], startColumn: Int) -> String {
        var lines: [String] = [""]
        var column = startColumn

        func isEmpty() -> Bool { lines.count == 1 && lines[0].isEmpty }

        func place(_ token: String, forceNewLine: Bool = false) {
            let width = token.utf8.count
            if isEmpty() && !forceNewLine {
                lines[0] = token
                column += width
            } else if !forceNewLine && column + 1 + width <= lineLimit {
                lines[lines.count - 1] += " " + token
                column += 1 + width
            } else {
                lines.append(token)
                column = 1 + width
            }
        }

        for item in items {
            switch item {
            case let .plain(text):
                place(text)
            case let .encoded(text):
                let scalars = Array(text.unicodeScalars)
                let scheme = preferredScheme(for: text)
                var index = 0
                while index < scalars.count {
                    let separator = isEmpty() ? 0 : 1
                    var room = min(encodedWordLimit, lineLimit - column - separator)
                    let smallest = encodedWordOverhead + cost(of: [scalars[index]], scheme: scheme)
                    var newLine = false
                    if room < smallest {
                        room = encodedWordLimit
                        newLine = true
                    }
                    var (word, next) = encodedWord(scalars, from: index, maxLength: room, scheme: scheme)
                    if !newLine && next < scalars.count && !isEmpty() {
                        // Rather than cut a short tail off, start a new line if the rest fits in one word there.
                        let whole = encodedWord(scalars, from: index, maxLength: encodedWordLimit, scheme: scheme)
                        if whole.1 == scalars.count {
                            (word, next) = whole
                            newLine = true
                        }
                    }
                    place(word, forceNewLine: newLine)
                    index = next
                }
            }
        }
        return lines.joined(separator: "\r\n ")
    }

    // MARK: - Encoded-words (RFC 2047)

    enum Scheme { case q, b }

    /// `=?UTF-8?Q?` + `?=`.
    private static let encodedWordOverhead = 12

    /// Q when it is not longer than B for the whole text, else B.
    static func preferredScheme(for text: String) -> Scheme {
        let bytes = Array(text.utf8)
        let q = bytes.reduce(0) { $0 + qCost($1) }
        let b = (bytes.count + 2) / 3 * 4
        return q <= b ? .q : .b
    }

    /// Bytes written literally in Q: RFC 2047 §5(3), safe even in a display name.
    private static func isQLiteral(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"),
             UInt8(ascii: "0") ... UInt8(ascii: "9"),
             UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }

    private static func qCost(_ b: UInt8) -> Int {
        (isQLiteral(b) || b == 0x20) ? 1 : 3
    }

    private static func cost(of scalars: [Unicode.Scalar], scheme: Scheme) -> Int {
        var bytes: [UInt8] = []
        for s in scalars { bytes.append(contentsOf: Array(String(s).utf8)) }
        switch scheme {
        case .q: return bytes.reduce(0) { $0 + qCost($1) }
        case .b: return (bytes.count + 2) / 3 * 4
        }
    }

    /// The longest encoded-word of at most `maxLength` characters starting at
    /// `start`, cut only between Unicode scalars (never inside a UTF-8
    /// sequence); always takes at least one scalar.
    private static func encodedWord(_ scalars: [Unicode.Scalar], from start: Int, maxLength: Int,
                                    scheme: Scheme) -> (String, Int) {
        let budget = maxLength - encodedWordOverhead
        var bytes: [UInt8] = []
        var qLength = 0
        var index = start
        while index < scalars.count {
            let scalarBytes = Array(String(scalars[index]).utf8)
            let newLength: Int
            switch scheme {
            case .q: newLength = qLength + scalarBytes.reduce(0) { $0 + qCost($1) }
            case .b: newLength = (bytes.count + scalarBytes.count + 2) / 3 * 4
            }
            if newLength > budget && index > start { break }
            bytes.append(contentsOf: scalarBytes)
            qLength = newLength
            index += 1
        }
        switch scheme {
        case .q:
            var out = "=?UTF-8?Q?"
            for b in bytes {
                if b == 0x20 {
                    out.append("_")
                } else if isQLiteral(b) {
                    out.unicodeScalars.append(Unicode.Scalar(b))
                } else {
                    out.append("=")
                    out.append(upperHex(b))
                }
            }
            return (out + "?=", index)
        case .b:
            return ("=?UTF-8?B?" + MailAttachment.base64(bytes) + "?=", index)
        }
    }

    static func upperHex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".unicodeScalars)
        var s = ""
        s.unicodeScalars.append(digits[Int(b >> 4)])
        s.unicodeScalars.append(digits[Int(b & 0x0F)])
        return s
    }
}
