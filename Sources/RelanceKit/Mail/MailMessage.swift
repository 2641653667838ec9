/// A file attached to an e-mail: an invoice copy, a statement, a QR code image.
public struct MailAttachment: Sendable {
    /// The name shown to the recipient, Unicode allowed (sent with RFC 2231 `filename*`).
    public var filename: String
    /// `type/subtype`, e.g. `application/pdf`; anything malformed becomes `application/octet-stream`.
    public var mimeType: String
    /// The file's bytes, sent as base64.
    public var data: [UInt8]
    /// When set, the part is `Content-Disposition: inline` with `Content-ID: <id>`
    /// so the HTML part can show it with `cid:id`.
    public var contentID: String?

    public init(filename: String, mimeType: String, data: [UInt8], contentID: String? = nil) {
        self.filename = filename
        self.mimeType = mimeType
        self.data = data
        self.contentID = contentID
    }
}

/// One outgoing e-mail, rendered as a complete `.eml` file by `rendered()`.
public struct MailMessage: Sendable {
    /// The full `Date` header value, see `MailDate`.
    public var date: String
    public var from: MailAddress
    public var replyTo: MailAddress?
    public var to: [MailAddress]
    public var cc: [MailAddress]
    /// Unicode subject; encoded and folded on rendering.
    public var subject: String
    /// Without angle brackets, e.g. `3f2a9c1d0b7e.relance@demo.example`.
    public var messageID: String
    /// Written after `MIME-Version` in this order; values are sanitised and
    /// encoded like unstructured text, names reduced to printable ASCII without `:`.
    public var extraHeaders: [(name: String, value: String)]
    public var textBody: String
    public var htmlBody: String?
    public var attachments: [MailAttachment]
    /// MIME boundaries are derived from this (e.g. the action id), never random.
    public var boundarySeed: String

    public init(date: String, from: MailAddress, replyTo: MailAddress? = nil, to: [MailAddress],
                cc: [MailAddress] = [], subject: String, messageID: String,
                extraHeaders: [(name: String, value: String)] = [], textBody: String,
                htmlBody: String? = nil, attachments: [MailAttachment] = [], boundarySeed: String) {
        self.date = date
        self.from = from
        self.replyTo = replyTo
        self.to = to
        self.cc = cc
        self.subject = subject
        self.messageID = messageID
        self.extraHeaders = extraHeaders
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.attachments = attachments
        self.boundarySeed = boundarySeed
    }

    /// Recipient addresses (`Reply-To`, `To`, `Cc`) that fail
    /// `MailAddress.isValid` and that `rendered()` therefore leaves out.
    /// Callers should check this first: an invalid address is never used.
    public var unusableAddresses: [String] {
        ([replyTo].compactMap { $0 } + to + cc).map(\.address).filter { !MailAddress.isValid($0) }
    }

    /// `=_rl_<seed>_mix`, the `multipart/mixed` boundary.
    public var mixedBoundary: String { "=_rl_\(boundaryStem)_mix" }
    /// `=_rl_<seed>_alt`, the `multipart/alternative` boundary.
    public var alternativeBoundary: String { "=_rl_\(boundaryStem)_alt" }

    /// The complete `.eml`: headers, then the body; CRLF everywhere, 7-bit,
    /// header lines folded at 78 characters where possible (never over 998),
    /// body lines at most 76. Rendering the same message gives the same bytes.
    public func rendered() -> [UInt8] {
        var out = ""
        func header(_ name: String, _ value: String) {
            out += value.isEmpty ? "\(name):\r\n" : "\(name): \(value)\r\n"
        }
        header("Date", HeaderText.sanitize(date))
        header("From", HeaderText.encodeAddressList([from], headerName: "From"))
        if let replyTo, MailAddress.isValid(replyTo.address) {
            header("Reply-To", HeaderText.encodeAddressList([replyTo], headerName: "Reply-To"))
        }
        header("To", HeaderText.encodeAddressList(to.filter { MailAddress.isValid($0.address) }, headerName: "To"))
        let validCc = cc.filter { MailAddress.isValid($0.address) }
        if !validCc.isEmpty {
            header("Cc", HeaderText.encodeAddressList(validCc, headerName: "Cc"))
        }
        header("Subject", HeaderText.encodeUnstructured(subject, headerName: "Subject"))
        header("Message-ID", "<\(HeaderText.headerSafeAddress(messageID))>")
        header("MIME-Version", "1.0")
        for (name, value) in extraHeaders {
            let safeName = Self.headerName(name)
            guard !safeName.isEmpty else { continue }
            header(safeName, HeaderText.encodeUnstructured(value, headerName: safeName))
        }
        out += body()
        return Array(out.utf8)
    }

    // MARK: - Body parts

    /// The top-level body: its Content-Type header line(s), a blank line, the content. Always
    /// `multipart/mixed` (`outputs.md`: "Body: `multipart/mixed` holding `multipart/alternative` … and
    /// the attachments"), even with no attachment (a thank-you), so that every message Relance writes
    /// has the one shape a relay or a script expects. Without HTML the text part stands alone in it.
    private func body() -> String {
        var parts = [htmlBody == nil ? textPart() : alternativePart()]
        for attachment in attachments { parts.append(attachment.part()) }
        return Self.multipart("mixed", boundary: mixedBoundary, parts: parts)
    }

    private func textPart() -> String {
        Self.qpPart("text/plain", textBody)
    }

    private func alternativePart() -> String {
        Self.multipart("alternative", boundary: alternativeBoundary,
                       parts: [Self.qpPart("text/plain", textBody), Self.qpPart("text/html", htmlBody ?? "")])
    }

    private static func qpPart(_ type: String, _ text: String) -> String {
        "Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + QuotedPrintable.encode(text) + "\r\n"
    }

    /// Each part is headers + blank line + content ending with CRLF.
    private static func multipart(_ subtype: String, boundary: String, parts: [String]) -> String {
        var out = "Content-Type: multipart/\(subtype);\r\n boundary=\"\(boundary)\"\r\n\r\n"
        for part in parts {
            out += "--\(boundary)\r\n" + part
        }
        out += "--\(boundary)--\r\n"
        return out
    }

    /// The seed reduced to `[A-Za-z0-9]`, at most 61 characters so that a
    /// boundary stays within RFC 2046's 70; longer seeds keep a prefix and a
    /// hash of the whole seed so that distinct seeds keep distinct boundaries.
    private var boundaryStem: String {
        let kept = boundarySeed.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0" ... "9").contains($0)) }
        var stem = String(String.UnicodeScalarView(kept))
        if stem.isEmpty { stem = "0" }
        if stem.utf8.count > 61 {
            stem = String(stem.prefix(44)) + "h" + String(SHA256.hexDigest(of: boundarySeed).prefix(16))
        }
        return stem
    }

    /// A header field name: printable ASCII without `:` (RFC 5322 ftext).
    private static func headerName(_ name: String) -> String {
        String(decoding: name.utf8.filter { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }, as: UTF8.self)
    }
}

extension MailAttachment {
    /// The attachment as a MIME part: headers, blank line, base64 content.
    func part() -> String {
        let sanitized = Self.truncatedName(HeaderText.sanitize(filename))
        let name = sanitized.isEmpty ? "attachment" : sanitized
        let fallback = Self.asciiFallback(name)
        let disposition = contentID == nil ? "attachment" : "inline"
        var out = Self.headerLine("Content-Type", [Self.safeMimeType(mimeType), "name=\"\(fallback)\""])
        var parameters = [disposition]
        if fallback == name {
            parameters.append("filename=\"\(fallback)\"")
        } else {
            // Python's policy.default flags `filename` next to `filename*` as a duplicate
            // parameter (a defect), so a lossy name goes only as RFC 2231 `filename*`,
            // and the ASCII fallback stays in Content-Type's `name` for older clients.
            // Continuations keep each physical line short and never split a %XX.
            let sections = Self.sections(Self.percentEncoded(name), maxLength: 60)
            if sections.count == 1 {
                parameters.append("filename*=utf-8''\(sections[0])")
            } else {
                for (i, section) in sections.enumerated() {
                    parameters.append("filename*\(i)*=" + (i == 0 ? "utf-8''" : "") + section)
                }
            }
        }
        out += Self.headerLine("Content-Disposition", parameters)
        out += "Content-Transfer-Encoding: base64\r\n"
        if let contentID {
            out += "Content-ID: <\(HeaderText.headerSafeAddress(contentID))>\r\n"
        }
        out += "\r\n" + Self.base64Lines(data)
        return out
    }

    /// `Name: a; b; c` on one line when it fits in 78 characters, else one parameter per folded line.
    private static func headerLine(_ name: String, _ values: [String]) -> String {
        let single = "\(name): " + values.joined(separator: "; ")
        if single.utf8.count <= HeaderText.lineLimit { return single + "\r\n" }
        return "\(name): " + values.joined(separator: ";\r\n ") + "\r\n"
    }

    /// Standard base64 (RFC 4648) with padding, no line breaks.
    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(alphabet[Int(n & 63)])
            i += 3
        }
        let rest = bytes.count - i
        if rest > 0 {
            let n = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(rest == 2 ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Base64 in lines of 76 characters, each ending with CRLF.
    static func base64Lines(_ bytes: [UInt8]) -> String {
        let flat = Array(base64(bytes).utf8)
        var out: [UInt8] = []
        out.reserveCapacity(flat.count + flat.count / 38 + 2)
        var start = 0
        while start < flat.count {
            let end = min(start + 76, flat.count)
            out.append(contentsOf: flat[start ..< end])
            out.append(contentsOf: [0x0D, 0x0A])
            start = end
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The name with every non-ASCII or non-printable character, `"` and `\` replaced by `_`.
    static func asciiFallback(_ name: String) -> String {
        var out = ""
        for ch in name {
            if ch.unicodeScalars.count == 1, let s = ch.unicodeScalars.first, s.value >= 0x20, s.value < 0x7F,
               s != "\"", s != "\\" {
                out.unicodeScalars.append(s)
            } else {
                out.append("_")
            }
        }
        return out.isEmpty ? "attachment" : out
    }

    /// RFC 5987 attr-char kept, every other UTF-8 byte as `%XX`.
    static func percentEncoded(_ name: String) -> String {
        var out = ""
        for b in name.utf8 {
            let isAttrChar: Bool
            switch b {
            case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"),
                 UInt8(ascii: "0") ... UInt8(ascii: "9"):
                isAttrChar = true
            default:
                isAttrChar = "!#$&+-.^_`|~".utf8.contains(b)
            }
            if isAttrChar {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += "%" + HeaderText.upperHex(b)
            }
        }
        return out
    }

    /// Splits a percent-encoded value into pieces of at most `maxLength`, never inside `%XX`.
    private static func sections(_ encoded: String, maxLength: Int) -> [String] {
        let bytes = Array(encoded.utf8)
        var result: [String] = []
        var start = 0
        while start < bytes.count {
            var end = min(start + maxLength, bytes.count)
            if end < bytes.count {
                if bytes[end - 1] == UInt8(ascii: "%") { end -= 1 }
                else if end >= 2, bytes[end - 2] == UInt8(ascii: "%") { end -= 2 }
            }
            result.append(String(decoding: bytes[start ..< end], as: UTF8.self))
            start = end
        }
        return result
    }

    /// At most 255 UTF-8 bytes, cut between characters.
    private static func truncatedName(_ name: String) -> String {
        guard name.utf8.count > 255 else { return name }
        var out = ""
        for ch in name {
            if out.utf8.count + String(ch).utf8.count > 255 { break }
            out.append(ch)
        }
        return out
    }

    /// `type/subtype` made of RFC 2045 token characters, lower-cased; else `application/octet-stream`.
    private static func safeMimeType(_ type: String) -> String {
        let parts = type.lowercased().split(separator: "/", omittingEmptySubsequences: false)
        let tokenChars = "abcdefghijklmnopqrstuvwxyz0123456789!#$&-^_.+"
        guard parts.count == 2,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 64 && $0.allSatisfy { tokenChars.contains($0) } })
        else { return "application/octet-stream" }
        return parts.joined(separator: "/")
    }
}
