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
        let html = try template.html?.render(context, language: action.language, escaping: .html)
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
