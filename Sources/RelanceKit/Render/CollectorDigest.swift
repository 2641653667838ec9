/// The words of the collector's morning digest (`outputs.md`, Call list: "the same list goes to the
/// collector as an internal e-mail each morning"): today's calls with the call list's columns in its
/// order and rows, the actions waiting for approval, broken promises and held-back actions, as plain
/// text and as HTML (the two parts of the e-mail's `multipart/alternative`). French, else English;
/// amounts in the pipeline language's money format. Pure: the same inputs give the same bytes.
struct CollectorDigest {
    var asOf: CivilDate
    var language: Language
    var calls: CallList
    /// Pending actions by id, each with its journal lines.
    var pending: [(id: String, lines: [JournalEvent])]
    var brokenPromises: [String]
    /// Today's `held_back` journal lines.
    var held: [JournalEvent]

    private var fr: Bool { language == .fr }

    var subject: String { (fr ? "Relance : synthèse du " : "Relance: digest of ") + asOf.iso }

    private var title: String { (fr ? "Relance — synthèse du " : "Relance — digest of ") + asOf.formatted(language) }
    private var callsHeading: String { (fr ? "À appeler aujourd'hui (" : "To call today (") + String(calls.rows.count) + ")" }
    private var pendingHeading: String { (fr ? "En attente de validation (" : "Waiting for approval (") + String(pending.count) + ")" }
    private var promisesHeading: String { (fr ? "Promesses non tenues (" : "Broken promises (") + String(brokenPromises.count) + ")" }
    private var heldHeading: String { (fr ? "Actions retenues (" : "Held back (") + String(Set(held.map(\.actionID)).count) + ")" }
    private var approveLine: String {
        fr ? "Approuver : relance approve PIPELINE --all (ou les identifiants)" : "Approve: relance approve PIPELINE --all (or the ids)"
    }

    /// The call list's columns, as the collector reads them.
    private var columnTitles: [String] {
        fr ? ["Client", "Nom", "Contact", "Téléphone", "Impayé échu", "Retard max. (jours)", "Étape", "Dernière action",
              "Date de la dernière action", "Promesses", "Note"]
           : ["Customer", "Name", "Contact", "Phone", "Amount overdue", "Oldest days late", "Step", "Last action",
              "Last action date", "Promises", "Note"]
    }

    /// A call-list row's cells, in the CSV's column order, for people: the amount formatted.
    private func cells(_ r: CallList.Row) -> [String] {
        [r.customerID, r.name, r.contactName, r.phone, r.amountOverdue.formatted(language), String(r.oldestDaysLate), r.step,
         r.lastAction, r.lastActionDate?.iso ?? "", String(r.promises), r.note]
    }

    private func pendingLine(_ p: (id: String, lines: [JournalEvent])) -> String {
        p.id + "  " + p.lines[0].entity + " / " + p.lines[0].customerID + "  " + p.lines.map(\.step).joined(separator: ", ")
            + "  " + p.lines[0].path
    }

    private func heldLine(_ h: JournalEvent) -> String { h.entity + " / " + h.customerID + " : " + h.note }

    /// The text part. Each call takes four lines, its fields in the call list's order.
    var text: String {
        var text = title + "\n\n" + callsHeading + "\n"
        let colon = fr ? " : " : ": "
        for r in calls.rows {
            let c = cells(r)
            text += "  - " + c[0...3].filter { !$0.isEmpty }.joined(separator: " · ") + "\n"
            text += fr ? "    impayé échu " + c[4] + " · retard max. " + c[5] + " j · étape " + c[6] + "\n"
                       : "    overdue " + c[4] + " · oldest " + c[5] + " days late · step " + c[6] + "\n"
            if r.lastAction.isEmpty {
                text += (fr ? "    dernière action" : "    last action") + colon + (fr ? "aucune" : "none")
            } else {
                text += (fr ? "    dernière action " : "    last action ") + c[7] + (fr ? " du " : " on ") + c[8]
            }
            text += " · " + (fr ? "promesses " : "promises ") + c[9] + "\n"
            text += "    note" + colon + c[10] + "\n"
        }
        text += "\n" + pendingHeading + "\n"
        for p in pending { text += "  - " + pendingLine(p) + "\n" }
        text += "\n" + promisesHeading + "\n"
        for b in brokenPromises { text += "  - " + b + "\n" }
        text += "\n" + heldHeading + "\n"
        for h in held { text += "  - " + heldLine(h) + "\n" }
        text += "\n" + approveLine + "\n"
        return text
    }

    /// The HTML part: the calls as a table with the call list's columns, the rest as lists; every value escaped.
    var html: String {
        let e = EmailComposer.escapeHTML
        var body = "<h2>" + e(title) + "</h2>\n<h3>" + e(callsHeading) + "</h3>\n"
        if !calls.rows.isEmpty {
            body += "<table style=\"border-collapse: collapse;\" border=\"1\" cellpadding=\"4\">\n<tr>"
                + columnTitles.map { "<th>" + e($0) + "</th>" }.joined() + "</tr>\n"
            for r in calls.rows {
                // Numbers (amount, days, promises) aligned right, as in a spreadsheet.
                body += "<tr>" + cells(r).enumerated().map { i, cell in
                    ([4, 5, 9].contains(i) ? "<td style=\"text-align: right;\">" : "<td>") + e(cell) + "</td>"
                }.joined() + "</tr>\n"
            }
            body += "</table>\n"
        }
        func list(_ heading: String, _ items: [String]) {
            body += "<h3>" + e(heading) + "</h3>\n"
            if !items.isEmpty { body += "<ul>\n" + items.map { "<li>" + e($0) + "</li>\n" }.joined() + "</ul>\n" }
        }
        list(pendingHeading, pending.map(pendingLine))
        list(promisesHeading, brokenPromises)
        list(heldHeading, held.map(heldLine))
        body += "<p>" + e(approveLine) + "</p>\n"
        return "<!DOCTYPE html>\n<html lang=\"" + (fr ? "fr" : "en") + "\">\n<head><meta charset=\"utf-8\"></head>\n"
            + "<body style=\"font-family: Arial, sans-serif; font-size: 14px;\">\n" + body + "</body>\n</html>\n"
    }
}
