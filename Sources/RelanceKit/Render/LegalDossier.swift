import Foundation

/// The hand-off of a customer's file to a lawyer or collection agency (`outputs.md`, Legal dossier):
/// `legal/CASE_ID/` with `summary.pdf`, `invoices.csv`, `history.csv`, `partner.txt`, copies of the
/// messages and letters sent, and the invoice copies available. The case id is the legal action's id.
struct LegalDossier {
    let ctx: RunContext
    let journal: Journal

    /// Writes the dossier folder whole (a temporary folder renamed into place) into `folder` of the
    /// outbox (`legal`, or `pending/legal` while it waits for approval); returns its path relative to the outbox.
    func write(_ action: Action, entity: EntityConfig, customer: Customer?, into folder: String = Outbox.legal) throws(StoreError) -> String {
        let root = ctx.outbox + "/" + folder
        try FileTree.createDirectories(root)
        let dossier = StageFolder(runDirectory: root, name: action.id)
        let tmp = try dossier.begin()
        let documents = Set(action.documents)
        let history = journal.events.filter { $0.entity == action.entity && $0.customerID == action.customerID }
            .filter { !documents.isDisjoint(with: $0.documents) }

        // invoices.csv: the claim per invoice.
        var invoices = CSVWriter(style: .machine)
        invoices.writeHeader(["document", "document_date", "due_date", "currency", "amount", "open_amount", "days_overdue",
                              "interest", "indemnity"])
        for l in action.lines {
            invoices.writeRow([.text(l.document), .text(l.documentDate.iso), .text(l.dueDate.iso), .text(l.amount.currency.code),
                               l.amount.cell, l.openAmount.cell, .number(String(l.daysOverdue)), l.interest.cell, l.indemnity.cell])
        }
        try AtomicFile.write(invoices.bytes, to: tmp + "/invoices.csv", syncDirectory: false)

        // history.csv: the journal's lines about these invoices.
        var h = CSVWriter(style: .machine)
        h.writeHeader(JournalEvent.columns)
        for e in history { h.writeRow(e.stageCells.map { .text($0) }) }
        try AtomicFile.write(h.bytes, to: tmp + "/history.csv", syncDirectory: false)

        // The partner suggested by the conf for the customer's country.
        let country = customer?.country ?? ""
        let partner = ctx.config.legalPartners[country] ?? ctx.config.legalPartners["default"] ?? ""
        try AtomicFile.write(Array(("partner: " + (partner.isEmpty ? "(none configured in [legal_partners])" : partner) + "\n").utf8),
                             to: tmp + "/partner.txt", syncDirectory: false)

        // Copies of what was sent, and the invoice copies.
        let fm = FileManager.default
        for path in Set(history.map(\.path)) where !path.isEmpty {
            let name = (path as NSString).lastPathComponent
            for candidate in [path, Outbox.mailCur + "/" + name, Approvals.releasedPath(path)] {
                if let data = fm.contents(atPath: ctx.outbox + "/" + candidate), !name.hasSuffix(".csv") {
                    try AtomicFile.write([UInt8](data), to: tmp + "/sent-" + FilePath.safeName(name), syncDirectory: false)
                    break
                }
            }
        }
        for d in action.documents {
            let safe = FilePath.safeName(d) + ".pdf"
            for path in [ctx.config.inbox + "/invoices/" + action.entity + "/" + safe, ctx.config.inbox + "/invoices/" + safe] {
                if let data = fm.contents(atPath: path) {
                    try AtomicFile.write([UInt8](data), to: tmp + "/invoice-" + safe, syncDirectory: false)
                    break
                }
            }
        }
        try AtomicFile.write(summary(action, entity: entity, customer: customer, history: history, partner: partner),
                             to: tmp + "/summary.pdf", syncDirectory: false)
        try dossier.commit(tmp)
        return folder + "/" + action.id
    }

    /// `summary.pdf`: the creditor, the debtor, the claim per invoice, the history of reminders.
    func summary(_ action: Action, entity: EntityConfig, customer: Customer?, history: [JournalEvent], partner: String) -> [UInt8] {
        let language = action.language
        let fr = language == .fr
        var pdf = PDFDocument(info: PDFInfo(title: (fr ? "Dossier contentieux " : "Collection case ") + action.id,
                                            author: entity.name, creator: "Relance"))
        _ = pdf.addPage()
        var page = pdf.lastPage
        let mm = PDFDocument.pointsPerMillimetre
        let left = 20 * mm, width = PDFDocument.a4Width - 40 * mm
        var y = 22 * mm
        page.text((fr ? "Dossier contentieux " : "Collection case ") + action.id, x: left, y: y, font: .helveticaBold, size: 14)
        y += 24
        page.text(fr ? "Créancier" : "Creditor", x: left, y: y, font: .helveticaBold, size: 10)
        page.text(fr ? "Débiteur" : "Debtor", x: left + width / 2, y: y, font: .helveticaBold, size: 10)
        var yl = y + 13, yr = y + 13
        for line in [entity.name] + entity.address + [entity.phone] where !line.isEmpty {
            page.text(line, x: left, y: yl, size: 9); yl += 11
        }
        var debtor: [String] = [customer?.name ?? action.customerID]
        if let c = customer {
            let emails = c.emails.map(\.address).joined(separator: ", ")
            debtor += [c.address1, c.address2, c.postcode + " " + c.city, c.country, c.vatNumber, c.phone, emails]
        }
        for line in debtor where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            page.text(HeaderText.sanitize(line), x: left + width / 2, y: yr, size: 9); yr += 11
        }
        y = max(yl, yr) + 10
        if !partner.isEmpty {
            page.text((fr ? "Partenaire proposé : " : "Suggested partner: ") + partner, x: left, y: y, size: 9)
            y += 16
        }
        pdf.lastPage = page
        let table = PDFTable(columns: [
            PDFTable.Column(fr ? "Facture" : "Invoice", width: 30 * mm), PDFTable.Column(fr ? "Échéance" : "Due", width: 22 * mm),
            PDFTable.Column(fr ? "Reste dû" : "Open", width: 30 * mm, alignment: .right),
            PDFTable.Column(fr ? "Jours" : "Days", width: 15 * mm, alignment: .right),
            PDFTable.Column(fr ? "Intérêts" : "Interest", width: 25 * mm, alignment: .right),
            PDFTable.Column(fr ? "Indemnité" : "Fixed sum", width: 25 * mm, alignment: .right),
        ], rows: action.lines.map { l in
            [l.document, l.dueDate.short(language), l.openAmount.formatted(language), String(l.daysOverdue),
             l.interest.formatted(language), l.indemnity.formatted(language)]
        }, totals: [[fr ? "Total réclamé" : "Total claimed", "", action.amountClaimed.formatted(language), "",
                     action.interest.formatted(language), action.indemnity.formatted(language)]])
        y = pdf.drawTable(table, x: left, y: y, bottomLimit: PDFDocument.a4Height - 25 * mm, continuationTop: 25 * mm) + 18
        let steps = history.filter { $0.event == .sentToOutbox || $0.event == .approved || $0.event == .rejected || $0.event == .skipped }
        let historyTable = PDFTable(columns: [
            PDFTable.Column("Date", width: 22 * mm), PDFTable.Column(fr ? "Étape" : "Step", width: 30 * mm),
            PDFTable.Column(fr ? "Canal" : "Channel", width: 30 * mm), PDFTable.Column(fr ? "Événement" : "Event", width: 30 * mm),
            PDFTable.Column(fr ? "Factures" : "Invoices", width: 58 * mm),
        ], rows: steps.map { [$0.at.short(language), $0.step, $0.channel, $0.event.rawValue, $0.documents.joined(separator: ", ")] })
        page = pdf.lastPage
        page.text(fr ? "Historique des relances" : "History of reminders", x: left, y: y, font: .helveticaBold, size: 10)
        pdf.lastPage = page
        _ = pdf.drawTable(historyTable, x: left, y: y + 8, bottomLimit: PDFDocument.a4Height - 25 * mm, continuationTop: 25 * mm)
        pdf.numberPages()
        return pdf.rendered()
    }
}
