import Foundation

/// Turns a planned e-mail action into the bytes of its `.eml` (`outputs.md`, E-mails): the entity as
/// sender, the collector as Reply-To, the customer's addresses, the deterministic Date and Message-ID.
public struct EmailComposer: Sendable {
    public var config: PipelineConfig
    public var asOf: CivilDate
    /// The Date header of every message of the run (the as-of at 07:00 local).
    public var dateHeader: String

    public init(config: PipelineConfig, asOf: CivilDate, utcOffsetMinutes: Int) {
        self.config = config
        self.asOf = asOf
        self.dateHeader = MailDate.format(year: asOf.year, month: asOf.month, day: asOf.day, hour: 7, minute: 0,
                                          utcOffsetMinutes: utcOffsetMinutes)
    }

    public func compose(_ action: Action, template: MessageTemplate, context: TemplateContext, customer: Customer?,
                        entity: EntityConfig, attachments: [MailAttachment]) throws(TemplateError) -> [UInt8] {
        let subject = try template.subject.render(context, language: action.language)
        let text = try template.text.render(context, language: action.language)
        var attachments = attachments
        // The EPC QR code of the amount claimed, shown in the HTML part, for a reminder in euros.
        var qrID: String? = nil
        if let png = Self.paymentQR(action, entity: entity) {
            let id = "qr-" + action.id + "@relance"
            attachments.append(MailAttachment(filename: "paiement-" + action.id + ".png", mimeType: "image/png", data: png, contentID: id))
            qrID = id
        }
        let html = try template.html?.render(context, language: action.language, escaping: .html)
            ?? Self.html(fromText: text, qrContentID: qrID, language: action.language)
        let from = entity.sender ?? config.collector ?? MailAddress(displayName: entity.name, address: "no-reply@invalid.example")
        var cc = customer?.cc ?? []
        if action.ccSalesRep, let rep = customer?.salesRep { cc.append(rep) }
        let domain = from.domain.isEmpty ? "relance.invalid" : from.domain
        // The customer's name on its addresses, so that the recipient sees who the message is for.
        let displayName = customer.map { $0.contactName.isEmpty ? $0.name : $0.contactName + " – " + $0.name }
        let to = (customer?.emails ?? []).map { MailAddress(displayName: $0.displayName ?? displayName, address: $0.address) }
        let message = MailMessage(
            date: dateHeader, from: from, replyTo: entity.replyTo ?? config.collector, to: to, cc: cc,
            subject: subject, messageID: action.id + ".relance@" + domain,
            extraHeaders: [("Auto-Submitted", "auto-generated"), ("X-Relance-Action", action.id)],
            textBody: text, htmlBody: html, attachments: attachments, boundarySeed: action.id)
        return message.rendered()
    }
}

extension EmailComposer {
    /// The PNG of the EPC QR code paying `amount_claimed` to the entity with the action's RF reference;
    /// nil when the currency is not EUR, the entity has no IBAN, or nothing is claimed.
    static func paymentQR(_ action: Action, entity: EntityConfig) -> [UInt8]? {
        guard action.currency == .eur, action.amountClaimed.minorUnits > 0, let iban = entity.ibans.first,
              let payload = try? EPCPayload.make(bic: entity.bic, name: entity.name, iban: iban, amount: action.amountClaimed,
                                                 reference: action.paymentReference),
              let code = try? QRCode.encode(Array(payload.utf8), level: .medium) else { return nil }
        return PNGWriter.qr(code, moduleSize: 4, quietZone: 4)
    }

    /// An HTML part from the plain text when the step has no `.html` template: the same words, escaped,
    /// a paragraph per blank-line-separated block, and the QR code.
    static func html(fromText text: String, qrContentID: String?, language: Language) -> String {
        paragraphsFast(text).map { htmlDocument(body: $0, qrContentID: qrContentID, language: language) }
            ?? htmlByCharacters(fromText: text, qrContentID: qrContentID, language: language)
    }

    /// The paragraphs of `html(fromText:)` computed on UTF-8 bytes, a hundred times cheaper than
    /// `components(separatedBy:)` and `trimmingCharacters` on every e-mail. It gives the same bytes as
    /// `htmlByCharacters` for any text without CR, VT, FF, NEL or the Unicode line and paragraph
    /// separators (the other characters that `.newlines` trims) and without a combining mark after
    /// `&`, `<`, `>` or `"` (which would make one Character of them); for those texts it returns nil.
    static func paragraphsFast(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        var body: [UInt8] = []
        body.reserveCapacity(bytes.count + bytes.count / 8 + 64)
        for (index, b) in bytes.enumerated() {
            switch b {
            case 0x0B, 0x0C, 0x0D: return nil
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: return nil
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9): return nil
            case 0x26, 0x3C, 0x3E, 0x22:
                if index + 1 < bytes.count && bytes[index + 1] >= 0x80 { return nil }
            default: break
            }
        }
        let n = bytes.count
        var i = 0
        while i <= n {
            // The next block ends at the next "\n\n" (or the end); the search resumes after it.
            var end = i
            while end < n && !(bytes[end] == 0x0A && end + 1 < n && bytes[end + 1] == 0x0A) { end += 1 }
            var start = i
            var stop = end
            while start < stop && bytes[start] == 0x0A { start += 1 }
            while stop > start && bytes[stop - 1] == 0x0A { stop -= 1 }
            if start < stop {
                body.append(contentsOf: "<p>".utf8)
                for k in start..<stop {
                    switch bytes[k] {
                    case 0x0A: body.append(contentsOf: "<br>\n".utf8)
                    case 0x26: body.append(contentsOf: "&amp;".utf8)
                    case 0x3C: body.append(contentsOf: "&lt;".utf8)
                    case 0x3E: body.append(contentsOf: "&gt;".utf8)
                    case 0x22: body.append(contentsOf: "&quot;".utf8)
                    default: body.append(bytes[k])
                    }
                }
                body.append(contentsOf: "</p>\n".utf8)
            }
            if end >= n { break }
            i = end + 2
        }
        return String(decoding: body, as: UTF8.self)
    }

    /// The HTML document around the paragraphs: the QR code and its caption, then the closing tags.
    private static func htmlDocument(body paragraphs: String, qrContentID: String?, language: Language) -> String {
        var body = paragraphs
        if let id = qrContentID {
            body += "<p><img src=\"cid:" + id + "\" alt=\"QR code\" width=\"180\" height=\"180\"><br>\n" + escapeHTML(caption(language)) + "</p>\n"
        }
        return "<!DOCTYPE html>\n<html lang=\"" + language.rawValue + "\">\n<head><meta charset=\"utf-8\"></head>\n<body style=\"font-family: Arial, sans-serif; font-size: 14px;\">\n"
            + body + "</body>\n</html>\n"
    }

    private static func caption(_ language: Language) -> String {
        switch language {
        case .fr: return "Scannez ce code avec votre application bancaire pour payer."
        case .en: return "Scan this code with your banking app to pay."
        case .de: return "Scannen Sie diesen Code mit Ihrer Banking-App, um zu bezahlen."
        case .nl: return "Scan deze code met uw bankapp om te betalen."
        }
    }

    /// `&`, `<`, `>` and `"` as entities; the collector's digest escapes its values with it too.
    static func escapeHTML(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// `html(fromText:)` on Characters: the definition, used for the texts the fast path leaves out.
    static func htmlByCharacters(fromText text: String, qrContentID: String?, language: Language) -> String {
        var body = ""
        for block in text.components(separatedBy: "\n\n") {
            let trimmed = block.trimmingCharacters(in: .newlines)
            guard !trimmed.isEmpty else { continue }
            body += "<p>" + trimmed.split(separator: "\n", omittingEmptySubsequences: false).map { escapeHTML(String($0)) }
                .joined(separator: "<br>\n") + "</p>\n"
        }
        return htmlDocument(body: body, qrContentID: qrContentID, language: language)
    }
}
