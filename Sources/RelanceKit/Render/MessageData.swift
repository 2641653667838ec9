/// The data a reminder's template may use (`outputs.md`, Templates), and its schema for `relance check`.
public enum MessageData {
    /// Every name a template may use; inside `invoices`, `other_items` and `credits`, the item fields.
    public static let schema = TemplateSchema(
        fields: ["entity.id", "entity.name", "entity.address", "entity.sender", "entity.reply_to", "entity.phone",
                 "entity.iban", "entity.bic", "customer.id", "customer.customer_id", "customer.name",
                 "customer.contact_name", "customer.email", "customer.country", "customer.address1", "customer.address2",
                 "customer.postcode", "customer.city", "customer.vat_number", "customer.phone", "customer.segment",
                 "step.id", "step.tone", "step.channel", "plan", "total_open", "amount_claimed", "interest", "indemnity",
                 "invoice_count", "payment_reference", "as_of", "action_id", "has_penalties", "overdue_total",
                 "credits_total"],
        sections: [
            "invoices": itemSchema,
            "other_items": itemSchema,
            "credits": itemSchema,
            "customer": TemplateSchema(fields: []),
        ])

    static let itemSchema = TemplateSchema(fields: ["document", "kind", "document_date", "due_date", "amount",
                                                    "open_amount", "days_overdue", "step", "is_overdue"])

    /// The context of one action: entity, customer, step, its invoices, the customer's other open
    /// items and credits, totals and the payment reference.
    public static func context(action: Action, entity: EntityConfig, customer: Customer?, step: DunningStep?,
                               otherItems: [AgedItem], asOf: CivilDate) -> TemplateContext {
        let c = customer
        var ctx = TemplateContext()
        ctx["entity"] = .context(TemplateContext([
            "id": .text(entity.id), "name": .text(entity.name), "address": .text(entity.address.joined(separator: ", ")),
            "sender": .text(entity.sender?.address ?? ""), "reply_to": .text(entity.replyTo?.address ?? ""),
            "phone": .text(entity.phone), "iban": .text(formatIBAN(entity.ibans.first ?? "")), "bic": .text(entity.bic),
        ]))
        ctx["customer"] = .context(TemplateContext([
            "id": .text(action.customerID), "customer_id": .text(action.customerID), "name": .text(c?.name ?? action.customerID),
            "contact_name": .text(c?.contactName ?? ""), "email": .text(c?.emails.map(\.address).joined(separator: ", ") ?? ""),
            "country": .text(c?.country ?? ""), "address1": .text(c?.address1 ?? ""), "address2": .text(c?.address2 ?? ""),
            "postcode": .text(c?.postcode ?? ""), "city": .text(c?.city ?? ""), "vat_number": .text(c?.vatNumber ?? ""),
            "phone": .text(c?.phone ?? ""), "segment": .text(c?.segment ?? ""),
        ]))
        ctx["step"] = .context(TemplateContext([
            "id": .text(action.step), "tone": .text(step?.tone ?? ""), "channel": .text(action.channel.rawValue),
        ]))
        ctx["plan"] = .text(action.plan)
        ctx["invoices"] = .list(action.lines.map { l in
            TemplateContext([
                "document": .text(l.document), "kind": .text("invoice"), "document_date": .date(l.documentDate),
                "due_date": .date(l.dueDate), "amount": .money(l.amount), "open_amount": .money(l.openAmount),
                "days_overdue": .integer(max(l.daysOverdue, 0)), "step": .text(l.step), "is_overdue": .bool(l.daysOverdue >= 1),
            ])
        })
        let inAction = Set(action.lines.map(\.document))
        let others = otherItems.filter { !inAction.contains($0.item.document) && $0.item.openAmount.currency == action.currency }
        func item(_ a: AgedItem) -> TemplateContext {
            TemplateContext([
                "document": .text(a.item.document), "kind": .text(a.item.kind.rawValue), "document_date": .date(a.item.documentDate),
                "due_date": .date(a.item.dueDate), "amount": .money(a.item.amount), "open_amount": .money(a.item.openAmount),
                "days_overdue": .integer(max(a.daysOverdue, 0)), "step": .text(""), "is_overdue": .bool(a.isOverdue),
            ])
        }
        ctx["other_items"] = .list(others.filter { $0.item.openAmount.minorUnits > 0 }.map(item))
        let credits = others.filter { $0.item.openAmount.minorUnits < 0 }
        ctx["credits"] = .list(credits.map(item))
        let total = action.lines.reduce(Int64(0)) { $0 + $1.openAmount.minorUnits }
        ctx["total_open"] = .money(Money(minorUnits: total, currency: action.currency))
        ctx["amount_claimed"] = .money(action.amountClaimed)
        ctx["interest"] = .money(action.interest)
        ctx["indemnity"] = .money(action.indemnity)
        ctx["has_penalties"] = .bool(!action.interest.isZero || !action.indemnity.isZero)
        ctx["credits_total"] = .money(Money(minorUnits: credits.openTotal, currency: action.currency))
        ctx["overdue_total"] = .money(Money(minorUnits: otherItems.overdueInvoices(in: action.currency).openTotal,
                                            currency: action.currency))
        ctx["invoice_count"] = .integer(action.lines.count)
        ctx["payment_reference"] = .text(formatIBAN(action.paymentReference))
        ctx["as_of"] = .date(asOf)
        ctx["action_id"] = .text(action.id)
        return ctx
    }

    /// Groups of four characters, as IBANs and RF references are printed.
    static func formatIBAN(_ s: String) -> String {
        var out = ""
        for (i, ch) in s.enumerated() {
            if i > 0 && i % 4 == 0 { out.append(" ") }
            out.append(ch)
        }
        return out
    }
}
