/// The statement of account attached to an e-mail whose step says `attach = statement` (`outputs.md`,
/// E-mails): a PDF of one page or more with the entity as sender, the customer's name and address,
/// the as-of date, and every open item of the customer in the action's currency — invoices, credit
/// notes and unapplied credits (negative) — with its dates, days overdue, amount and open amount,
/// then the balance and its overdue part. It is laid out with the letters' machinery (`PDFDocument`,
/// `PDFTable`, `LetterLabels`, the recipient lines of `LetterComposer`) and, like them, depends on
/// nothing but its inputs: its only date is the as-of at 07:00, so a re-run gives the same bytes.
struct AccountStatement {
    var config: PipelineConfig
    var asOf: CivilDate

    /// `statement-ENTITY-CUSTOMER-ASOF.pdf`, made only of ids reduced to safe characters (a customer
    /// id never chooses a path or adds a header parameter).
    static func filename(entity: String, customerID: String, asOf: CivilDate) -> String {
        "statement-" + FilePath.safeName(entity) + "-" + FilePath.safeName(customerID) + "-" + asOf.iso + ".pdf"
    }

    /// The items the statement lists: the customer's open items in `currency` (its invoices, credit
    /// notes and unapplied credits; nothing settled), by due date then document.
    static func items(_ aged: [AgedItem], entity: String, customerID: String, currency: Currency) -> [AgedItem] {
        aged.filter {
            $0.item.entity == entity && $0.item.customerID == customerID && $0.item.openAmount.currency == currency
                && $0.item.openAmount.minorUnits != 0
        }
        .sorted { ($0.item.dueDate, $0.item.document) < ($1.item.dueDate, $1.item.document) }
    }

    /// The PDF and its number of pages.
    func compose(entity: EntityConfig, customer: Customer?, customerID: String, currency: Currency, items: [AgedItem],
                 language: Language) -> (bytes: [UInt8], pages: Int) {
        let labels = LetterLabels.of(language)
        let title = labels.statement + " " + customerID
        var pdf = PDFDocument(info: PDFInfo(title: title, author: entity.name, creator: "Relance",
                                            creationDate: LetterComposer.creationDate(asOf)))
        _ = pdf.addPage()
        var page = pdf.lastPage
        let left = 20 * mm
        let right = PDFDocument.a4Width - 20 * mm

        // The sender's identity, top left, as on the letters.
        var y = LetterComposer.senderBlock(entity, contacts: [entity.phone, entity.sender?.address ?? "", entity.replyTo?.address ?? ""],
                                           on: &page, x: left)

        // The customer at the place of a letter's recipient, so that a printed statement fits the same envelope.
        let windowY = LetterComposer(config: config, asOf: asOf)
            .recipientBlock(customer, customerID: customerID, entity: entity.id, labels: labels, on: &page)

        // Title, as-of date and customer number.
        y = max(y, windowY) + 24
        page.text(labels.statement, x: left, y: y, font: .helveticaBold, size: 14)
        y += 18
        let colon = language == .fr ? " : " : ": "
        page.text(labels.statementAsOf + " " + asOf.formatted(language), x: left, y: y, size: 10)
        page.text(labels.customerNumber + colon + HeaderText.sanitize(customerID), x: right, y: y, size: 10, align: .right)
        y += 10
        pdf.lastPage = page

        // The table: 170 mm between the margins, the amounts given the room.
        let columns = [PDFTable.Column(labels.item, width: 36 * mm), PDFTable.Column(labels.date, width: 20 * mm),
                       PDFTable.Column(labels.due, width: 20 * mm),
                       PDFTable.Column(labels.daysOverdue, width: 26 * mm, alignment: .right),
                       PDFTable.Column(labels.amount, width: 34 * mm, alignment: .right),
                       PDFTable.Column(labels.open, width: 34 * mm, alignment: .right)]
        // Days overdue only where something is owed and late: a credit is never "late".
        let rows = items.map { a -> [String] in
            [HeaderText.sanitize(a.item.document), a.item.documentDate.short(language), a.item.dueDate.short(language),
             a.isOverdue ? String(a.daysOverdue) : "", a.item.amount.formatted(language), a.item.openAmount.formatted(language)]
        }
        let balance = items.openTotal
        let overdue = items.overdueInvoices(in: currency).openTotal
        let totals = [[labels.balance, "", "", "", "", Money(minorUnits: balance, currency: currency).formatted(language)],
                      [labels.overdue, "", "", "", "", Money(minorUnits: overdue, currency: currency).formatted(language)]]
        if rows.isEmpty {
            page = pdf.lastPage
            page.text(labels.noOpenItems, x: left, y: y + 16, size: 10)
            pdf.lastPage = page
        } else {
            let table = PDFTable(columns: columns, rows: rows, totals: totals, fontSize: 8.5, rowHeight: 13)
            pdf.drawTable(table, x: left, y: y + 6, bottomLimit: PDFDocument.a4Height - 30 * mm, continuationTop: 25 * mm)
        }
        let pageLabel = labels.page
        pdf.numberPages(label: { "\(pageLabel) \($0)/\($1)" })
        return (pdf.rendered(), pdf.pages.count)
    }
}

private let mm = PDFDocument.pointsPerMillimetre
