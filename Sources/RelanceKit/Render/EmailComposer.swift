import Foundation

/// Turns a planned e-mail action into the bytes of its `.eml` (`outputs.md`, E-mails): the entity as
/// sender, the collector as Reply-To, the customer's addresses, the deterministic Date and Message-ID.
public struct EmailComposer {
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
        func escape(_ s: String) -> String {
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
        var body = ""
        for block in text.components(separatedBy: "\n\n") {
            let trimmed = block.trimmingCharacters(in: .newlines)
            guard !trimmed.isEmpty else { continue }
            body += "<p>" + trimmed.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }
                .joined(separator: "<br>\n") + "</p>\n"
        }
        if let id = qrContentID {
            let caption: String
            switch language {
            case .fr: caption = "Scannez ce code avec votre application bancaire pour payer."
            case .en: caption = "Scan this code with your banking app to pay."
            case .de: caption = "Scannen Sie diesen Code mit Ihrer Banking-App, um zu bezahlen."
            case .nl: caption = "Scan deze code met uw bankapp om te betalen."
            }
            body += "<p><img src=\"cid:" + id + "\" alt=\"QR code\" width=\"180\" height=\"180\"><br>\n" + escape(caption) + "</p>\n"
        }
        return "<!DOCTYPE html>\n<html lang=\"" + language.rawValue + "\">\n<head><meta charset=\"utf-8\"></head>\n<body style=\"font-family: Arial, sans-serif; font-size: 14px;\">\n"
            + body + "</body>\n</html>\n"
    }
}
