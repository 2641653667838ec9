import Foundation

/// Lays out a dunning letter as a PDF (`outputs.md`, Letters): the sender's block, the recipient in
/// the window of a French envelope (DIN 5008 for German addresses), place and date, the registered
/// mention, the subject, the template's text, the table of invoices with penalties when claimed,
/// totals, and the payment details with the RF reference and the EPC QR code.
struct LetterComposer {
    var config: PipelineConfig
    var asOf: CivilDate

    /// The sender's block, top left: the entity's name and address lines, then `contacts` (empty ones
    /// left out). Returns the baseline of its last line.
    static func senderBlock(_ entity: EntityConfig, contacts: [String], on page: inout PDFPage, x: Double) -> Double {
        var y = 18 * PDFDocument.pointsPerMillimetre
        page.text(entity.name, x: x, y: y, font: .helveticaBold, size: 11)
        for line in entity.address + contacts where !line.isEmpty {
            y += 12
            page.text(line, x: x, y: y, size: 9)
        }
        return y
    }

    /// The PDF's creation date: the as-of at 07:00, the only date in a letter or a statement, so that a
    /// re-run gives the same bytes.
    static func creationDate(_ asOf: CivilDate) -> String {
        "D:" + asOf.iso.filter { $0 != "-" } + "070000"
    }

    /// The PDF and its number of pages.
    func compose(_ action: Action, template: MessageTemplate, context: TemplateContext, customer: Customer?,
                 entity: EntityConfig) throws(TemplateError) -> (bytes: [UInt8], pages: Int) {
        let language = action.language
        let labels = LetterLabels.of(language)
        let subject = try template.subject.render(context, language: language)
        let body = try template.text.render(context, language: language)
        var pdf = PDFDocument(info: PDFInfo(title: subject, author: entity.name, creator: "Relance",
                                            creationDate: Self.creationDate(asOf)))
        _ = pdf.addPage()
        var page = pdf.lastPage
        let left = 20 * mm
        let right = PDFDocument.a4Width - 20 * mm

        var y = Self.senderBlock(entity, contacts: [entity.phone, entity.replyTo?.address ?? ""], on: &page, x: left)

        let windowY = recipientBlock(customer, customerID: action.customerID, entity: action.entity, labels: labels,
                                     registered: action.channel == .registeredLetter, on: &page)

        // Place and date, then the subject.
        y = max(y, windowY) + 24
        let place = entity.address.count >= 2 ? city(of: entity.address[1]) : ""
        page.text(placeAndDate(place, language), x: right, y: y, size: 10, align: .right)
        y += 28
        y = page.paragraph(subject, x: left, y: y, width: right - left, font: .helveticaBold, size: 11) + 8

        // The template's text.
        for paragraph in body.components(separatedBy: "\n\n") where !paragraph.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            y = flow(paragraph, pdf: &pdf, page: &page, y: y, left: left, width: right - left)
        }
        pdf.lastPage = page

        // The table of invoices, totals included.
        let penalties = !action.interest.isZero || !action.indemnity.isZero
        // 170 mm of table between the margins; amounts get the room, the days column little.
        var columns = [PDFTable.Column(labels.document, width: (penalties ? 27 : 36) * mm),
                       PDFTable.Column(labels.date, width: 19 * mm), PDFTable.Column(labels.due, width: 19 * mm),
                       PDFTable.Column(labels.amount, width: (penalties ? 24 : 32) * mm, alignment: .right),
                       PDFTable.Column(labels.open, width: (penalties ? 24 : 32) * mm, alignment: .right),
                       PDFTable.Column(labels.daysLate, width: (penalties ? 12 : 20) * mm, alignment: .right)]
        if penalties {
            columns += [PDFTable.Column(labels.interest, width: 23 * mm, alignment: .right),
                        PDFTable.Column(labels.indemnity, width: 22 * mm, alignment: .right)]
        }
        let rows = action.lines.map { l -> [String] in
            var r = [l.document, l.documentDate.short(language), l.dueDate.short(language), l.amount.formatted(language),
                     l.openAmount.formatted(language), String(max(l.daysOverdue, 0))]
            if penalties { r += [l.interest.formatted(language), l.indemnity.formatted(language)] }
            return r
        }
        let open = Money(minorUnits: action.lines.reduce(Int64(0)) { $0 + $1.openAmount.minorUnits }, currency: action.currency)
        var totals: [[String]] = [[labels.total, "", "", "", open.formatted(language), ""]
                                  + (penalties ? [action.interest.formatted(language), action.indemnity.formatted(language)] : [])]
        if penalties {
            // The amount claimed under the open amounts, where the column is wide enough.
            totals.append([labels.claimed, "", "", "", action.amountClaimed.formatted(language), "", "", ""])
        }
        let table = PDFTable(columns: columns, rows: rows, totals: totals, fontSize: 8.5, rowHeight: 13)
        y = pdf.drawTable(table, x: left, y: y + 6, bottomLimit: PDFDocument.a4Height - 30 * mm, continuationTop: 25 * mm)
        page = pdf.lastPage

        // Payment details with the QR code, kept together on one page.
        if y + 45 * mm > PDFDocument.a4Height - 25 * mm {
            pdf.lastPage = page
            _ = pdf.addPage()
            page = pdf.lastPage
            y = 25 * mm
        }
        y += 16
        page.text(labels.payment, x: left, y: y, font: .helveticaBold, size: 10)
        let iban = entity.ibans.first ?? ""
        var infoY = y + 14
        // A space before the colon is French typography only.
        let colon = language == .fr ? " : " : ": "
        for line in ["IBAN " + MessageData.formatIBAN(iban), "BIC " + entity.bic,
                     labels.reference + colon + MessageData.formatIBAN(action.paymentReference),
                     labels.claimed + colon + action.amountClaimed.formatted(language)] {
            page.text(line, x: left, y: infoY, size: 10)
            infoY += 13
        }
        if action.currency == .eur, !iban.isEmpty, action.amountClaimed.minorUnits > 0,
           let payload = try? EPCPayload.make(bic: entity.bic, name: entity.name, iban: iban, amount: action.amountClaimed,
                                              reference: action.paymentReference),
           let code = try? QRCode.encode(Array(payload.utf8), level: .medium) {
            let module = 30 * mm / Double(code.size + 8)
            let qrX = right - Double(code.size) * module
            page.qr(code, x: qrX, y: y, moduleSize: module)
            page.text(labels.scan, x: right, y: y + Double(code.size) * module + 10, size: 7, align: .right)
        }
        pdf.lastPage = page
        let pageLabel = labels.page
        pdf.numberPages(label: { "\(pageLabel) \($0)/\($1)" })
        return (pdf.rendered(), pdf.pages.count)
    }

    /// Lines of the recipient's address (a letter's, or a statement's: `AccountStatement`): name, the
    /// person, street, postcode and city, the country when not that of `entity`'s jurisdiction.
    /// Draws the recipient in the envelope window: French standard (110 mm from the left, 55 mm from
    /// the top), DIN 5008 form B for German addresses (20 mm from the left, 45 mm from the top), with
    /// the registered mention above it when `registered`. Returns the baseline below its last line.
    func recipientBlock(_ customer: Customer?, customerID: String, entity: String, labels: LetterLabels,
                        registered: Bool = false, on page: inout PDFPage) -> Double {
        let german = customer?.country == "DE"
        let windowX = german ? 25 * mm : 110 * mm
        var windowY = german ? 50 * mm : 60 * mm
        if registered {
            page.text(labels.registered, x: windowX, y: windowY - 14, font: .helveticaBold, size: 8)
        }
        for line in recipient(customer, customerID: customerID, entity: entity, labels: labels) {
            page.text(line, x: windowX, y: windowY, size: 10)
            windowY += 12.5
        }
        return windowY
    }

    func recipient(_ c: Customer?, customerID: String, entity: String, labels: LetterLabels) -> [String] {
        guard let c else { return [HeaderText.sanitize(customerID)] }
        var lines = [c.name]
        if !c.contactName.isEmpty { lines.append(labels.attention + " " + c.contactName) }
        for l in [c.address1, c.address2] where !l.isEmpty { lines.append(l) }
        lines.append([c.postcode, c.city].filter { !$0.isEmpty }.joined(separator: " "))
        let home = config.entity(entity).map { $0.jurisdiction } ?? ""
        if !c.country.isEmpty && c.country != home { lines.append(Self.countryName(c.country)) }
        return lines.map { HeaderText.sanitize($0) }
    }

    /// Adds a paragraph, going on to a new page when it reaches the bottom margin.
    private func flow(_ text: String, pdf: inout PDFDocument, page: inout PDFPage, y: Double, left: Double, width: Double) -> Double {
        var y = y
        for line in PDFPage.wrap(text.trimmingCharacters(in: .newlines), width: width, size: 10) {
            if y > PDFDocument.a4Height - 30 * mm {
                pdf.lastPage = page
                _ = pdf.addPage()
                page = pdf.lastPage
                y = 25 * mm
            }
            page.text(line, x: left, y: y, size: 10)
            y += 12.5
        }
        return y + 6
    }

    private func city(of line: String) -> String {
        // "75002 Paris" → "Paris"
        let parts = line.split(separator: " ")
        if let first = parts.first, first.allSatisfy(\.isNumber) { return parts.dropFirst().joined(separator: " ") }
        return line
    }

    private func placeAndDate(_ place: String, _ language: Language) -> String {
        let date = asOf.formatted(language)
        if place.isEmpty { return date }
        switch language {
        case .fr: return place + ", le " + date
        default: return place + ", " + date
        }
    }

    static func countryName(_ code: String) -> String {
        let names = ["FR": "FRANCE", "BE": "BELGIQUE / BELGIË", "DE": "DEUTSCHLAND", "NL": "NEDERLAND", "LU": "LUXEMBOURG",
                     "CH": "SUISSE / SCHWEIZ", "GB": "UNITED KINGDOM", "IE": "IRELAND", "ES": "ESPAÑA", "IT": "ITALIA", "AE": "UNITED ARAB EMIRATES",
                     "US": "UNITED STATES"]
        return names[code] ?? code
    }
}

private let mm = PDFDocument.pointsPerMillimetre
