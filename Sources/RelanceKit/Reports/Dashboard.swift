// dashboard.html: one self-contained page a CFO opens from the reports folder. No script, no external
// file or font; inline CSS and SVG drawn here; XHTML-clean (every tag closed, attributes quoted).

public enum Dashboard {
    /// The page for `data`, as UTF-8 text.
    public static func render(_ data: DashboardData) -> String {
        var page = DashboardPage(data)
        page.build()
        return page.out
    }

    /// Reads the reports of `reportsFolder` (see `DashboardData.load`) and writes `dashboard.html` into it.
    public static func write(reportsFolder: String, state: String, language: Language, pipelineName: String, asOf: CivilDate,
                             previousReports: String?) throws {
        let data = try DashboardData.load(reportsFolder: reportsFolder, state: state, language: language, pipelineName: pipelineName,
                                          asOf: asOf, previousReports: previousReports)
        try AtomicFile.write(Array(render(data).utf8), to: reportsFolder + "/dashboard.html", syncDirectory: false)
    }
}

struct DashboardPage {
    let d: DashboardData
    let w: DashboardWords
    var out = ""

    init(_ data: DashboardData) {
        d = data
        w = DashboardWords(language: data.language)
    }

    func e(_ s: String) -> String { dashboardEscape(s) }

    mutating func build() {
        let title = w.t("Tableau de bord du recouvrement", "Collections dashboard") + " — " + d.pipelineName
        out += "<!DOCTYPE html>\n<html lang=\"\(d.language.rawValue)\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        out += "<title>\(e(title + " — " + w.date(d.asOf)))</title>\n<style>\n\(Self.css)</style>\n</head>\n<body>\n"
        out += "<header class=\"top\"><h1>\(e(title))</h1><p class=\"sub\">"
        out += e(w.t("Situation au ", "As of ") + w.date(d.asOf))
        if let p = d.previousAsOf {
            out += " · " + e(w.t("évolutions depuis l’exécution du ", "changes since the run of ") + w.date(p))
        } else {
            out += " · " + e(w.t("première exécution : pas d’évolution à afficher", "first run: no changes to show"))
        }
        out += "</p></header>\n<main>\n"
        headline()
        aged()
        topOverdue()
        trend()
        forecast()
        actions()
        holds()
        unmatched()
        out += "</main>\n<footer><p>" + e(w.t("Produit par Relance à partir des fichiers CSV de ce dossier.",
                                              "Produced by Relance from the CSV files of this folder.")) + "</p></footer>\n</body>\n</html>\n"
    }

    // MARK: headline

    mutating func headline() {
        out += "<section id=\"kpis\" aria-labelledby=\"kpis-h\"><h2 id=\"kpis-h\">\(e(w.t("Indicateurs clés", "Key figures")))</h2>\n"
        if d.headlines.isEmpty {
            out += "<p class=\"empty\">\(e(w.t("Aucune créance ouverte.", "No open receivables.")))</p>\n"
        }
        for h in d.headlines {
            let p = d.previousHeadlines.first { $0.currency == h.currency }
            if d.headlines.count > 1 { out += "<h3>\(e(h.currency.code))</h3>\n" }
            out += "<div class=\"cards\">\n"
            card(w.t("Encours", "Open"), h.open.formatted(d.language),
                 p.map { change(money: delta(h.open, $0.open), goodWhenUp: false) })
            card(w.t("Échu", "Overdue"), h.overdue.formatted(d.language),
                 p.map { change(money: delta(h.overdue, $0.overdue), goodWhenUp: false) },
                 note: h.open.isPositive ? w.percent(Int((h.overdue.minorUnits * 2000 / h.open.minorUnits + 1) / 2)) + " " + w.t("de l’encours", "of open") : nil)
            card("DSO", w.days(h.dsoTenths), p.flatMap { prev in tenthsChange(h.dsoTenths, prev.dsoTenths, unit: "\u{A0}" + w.t("j", "days"), goodWhenUp: false) })
            card(w.t("CEI du mois dernier", "CEI of last month"), w.percent(h.ceiTenths),
                 p.flatMap { prev in tenthsChange(h.ceiTenths, prev.ceiTenths, unit: w.fr ? "\u{A0}pt" : " pt", goodWhenUp: true) },
                 note: h.ceiTenths == nil ? w.t("pas encore d’historique", "no history yet") : w.monthYear(d.asOf.firstOfMonth.adding(months: -1)))
            card(w.t("Prévision 4 semaines", "Forecast next 4 weeks"), h.forecastNext4Weeks.formatted(d.language),
                 p.map { change(money: delta(h.forecastNext4Weeks, $0.forecastNext4Weeks), goodWhenUp: true) })
            card(w.t("Actions du jour", "Actions today"),
                 w.count(d.actionsSent) + " " + w.t(d.actionsSent > 1 ? "envoyées" : "envoyée", "sent"),
                 d.previousActionsSent.map { ps in
                     let pp = d.previousActionsPending ?? 0
                     return ("", w.t("exécution précédente : ", "previous run: ") + w.count(ps) + " " + w.t("envoyées", "sent") + " · "
                                 + w.count(pp) + " " + w.t("en attente", "pending"))
                 },
                 note: w.count(d.actionsPending) + " " + w.t("en attente de validation", "pending approval"))
            out += "</div>\n"
        }
        out += "</section>\n"
    }

    /// `now - before` (same currency; saturating rather than trapping).
    func delta(_ now: Money, _ before: Money) -> Money {
        let (r, o) = now.minorUnits.subtractingReportingOverflow(before.minorUnits)
        return Money(minorUnits: o ? (now.minorUnits < 0 ? Int64.min : Int64.max) : r, currency: now.currency)
    }

    /// A change as (css class, text).
    func change(money delta: Money, goodWhenUp: Bool) -> (String, String) {
        let since = w.t(" depuis la dernière exécution", " since the previous run")
        if delta.isZero { return ("flat", w.t("inchangé", "unchanged") + since) }
        let good = delta.isPositive == goodWhenUp
        return (good ? "good" : "bad", (delta.isPositive ? "▲ " : "▼ ") + w.signedMoney(delta) + since)
    }

    func tenthsChange(_ now: Int?, _ before: Int?, unit: String, goodWhenUp: Bool) -> (String, String)? {
        guard let now, let before else { return nil }
        let since = w.t(" depuis la dernière exécution", " since the previous run")
        let delta = now - before
        if delta == 0 { return ("flat", w.t("inchangé", "unchanged") + since) }
        let good = (delta > 0) == goodWhenUp
        return (good ? "good" : "bad", (delta > 0 ? "▲ +" : "▼ ") + w.tenths(delta) + unit + since)
    }

    mutating func card(_ label: String, _ value: String, _ change: (String, String)?, note: String? = nil) {
        out += "<div class=\"card\"><p class=\"label\">\(e(label))</p><p class=\"value\">\(e(value))</p>"
        if let note { out += "<p class=\"note\">\(e(note))</p>" }
        if let (cls, text) = change { out += "<p class=\"change \(cls.isEmpty ? "flat" : cls)\">\(e(text))</p>" }
        out += "</div>\n"
    }

    // MARK: aged balance

    mutating func aged() {
        out += section("aged", w.t("Balance âgée par tranche et par entité", "Aged balance by bucket and entity"))
        guard !d.aged.isEmpty else {
            out += empty(w.t("Aucune créance ouverte.", "No open receivables.")) + "</section>\n"
            return
        }
        let multi = Set(d.aged.map(\.currency)).count > 1
        let labels = d.aged.map { multi ? $0.entity + " (" + $0.currency.code + ")" : $0.entity }
        let totals = d.aged.map { bar in Money(minorUnits: bar.amounts.reduce(0, +), currency: bar.currency).formatted(d.language) }
        let c = d.aged[0].currency
        let title = w.t("Balance âgée : encours par tranche de retard pour chaque entité", "Aged balance: open amount per bucket for each entity")
        out += "<figure>" + DashboardChart.stackedBars(
            title: title, id: "aged-chart", labels: labels, series: d.buckets.map(w.bucket), values: d.aged.map(\.amounts), totals: totals,
            tick: { w.whole($0, c) },
            segmentTitle: { row, k in labels[row] + " · " + w.bucket(d.buckets[k]) + " : "
                + Money(minorUnits: d.aged[row].amounts[k], currency: d.aged[row].currency).formatted(d.language) })
        out += "</figure>\n"
        var rows: [[String]] = []
        for (i, bar) in d.aged.enumerated() {
            rows.append([labels[i]] + bar.amounts.map { Money(minorUnits: $0, currency: bar.currency).formatted(d.language) } + [totals[i]])
        }
        out += fallback([w.t("Entité", "Entity")] + d.buckets.map(w.bucket) + [w.t("Total", "Total")], rows)
        out += "</section>\n"
    }

    // MARK: top overdue

    mutating func topOverdue() {
        out += section("top", w.t("Les 10 clients les plus en retard", "Top 10 overdue customers"))
        guard !d.topOverdue.isEmpty else {
            out += empty(w.t("Aucun client en retard.", "No overdue customer.")) + "</section>\n"
            return
        }
        out += "<table><thead><tr>"
        for (h, num) in [("#", true), (w.t("Client", "Customer"), false), (w.t("Entité", "Entity"), false), (w.t("Échu", "Overdue"), true),
                         (w.t("Encours", "Open"), true), (w.t("Part échue", "Overdue share"), true), ("DSO", true),
                         (w.t("Classe de payeur", "Payer class"), false), (w.t("Tendance", "Trend"), false)] {
            out += "<th scope=\"col\"\(num ? " class=\"num\"" : "")>\(e(h))</th>"
        }
        out += "</tr></thead><tbody>\n"
        for (i, c) in d.topOverdue.enumerated() {
            let share = c.open.isPositive ? w.percent(Int((c.overdue.minorUnits * 2000 / c.open.minorUnits + 1) / 2)) : "—"
            out += "<tr><td class=\"num\">\(i + 1)</td><td>\(e(c.name)) <span class=\"id\">\(e(c.customerID))</span></td><td>\(e(c.entity))</td>"
            out += "<td class=\"num strong\">\(e(c.overdue.formatted(d.language)))</td><td class=\"num\">\(e(c.open.formatted(d.language)))</td>"
            out += "<td class=\"num\">\(e(share))</td><td class=\"num\">\(e(w.days(DashboardData.tenths(c.dsoDays))))</td>"
            out += "<td>\(e(w.payerClass(c.payerClass)))</td>"
            out += "<td>\(c.worsening ? "<span class=\"bad\">" + e(w.t("▼ se dégrade", "▼ getting worse")) + "</span>" : "")</td></tr>\n"
        }
        out += "</tbody></table>\n</section>\n"
    }

    // MARK: DSO and CEI by month

    mutating func trend() {
        out += section("trend", w.t("DSO et CEI par mois", "DSO and CEI by month"))
        guard !d.months.isEmpty else {
            out += empty(w.t("Pas encore d’instantané de fin de mois dans l’état.", "No month-end snapshot in the state yet.")) + "</section>\n"
            return
        }
        let currencies = Array(Set(d.months.map(\.currency))).sorted()
        for c in currencies {
            let months = d.months.filter { $0.currency == c }.suffix(13)
            let labels = months.map { w.monthShort($0.month) }
            let suffix = currencies.count > 1 ? " (" + c.code + ")" : ""
            out += "<div class=\"pair\"><figure>"
            out += DashboardChart.columns(
                title: w.t("DSO (jours) par mois", "DSO (days) by month") + suffix, id: "dso-" + c.code, width: 560, labels: labels,
                values: months.map { $0.dsoTenths.map(Int64.init) }, valueLabels: months.map { w.days($0.dsoTenths) },
                tick: { w.tenths(Int($0)) }, colour: "#1d4ed8")
            out += "</figure><figure>"
            if months.contains(where: { $0.ceiTenths != nil }) {
                out += DashboardChart.columns(
                    title: w.t("CEI (%) par mois", "CEI (%) by month") + suffix, id: "cei-" + c.code, width: 560, labels: labels,
                    values: months.map { $0.ceiTenths.map(Int64.init) }, valueLabels: months.map { w.percent($0.ceiTenths) },
                    tick: { w.tenths(Int($0)) }, colour: "#0f766e", reference: (1000, "100\u{A0}%"))
            } else {
                out += "<p class=\"nochart\">" + e(w.t("CEI : pas encore de mois complet entre deux instantanés de fin de mois dans l’état.",
                                                       "CEI: no complete month between two month-end snapshots in the state yet.")) + "</p>"
            }
            out += "</figure></div>\n"
            out += fallback([w.t("Mois", "Month"), "DSO", "CEI"],
                            months.map { [w.monthYear($0.month), w.days($0.dsoTenths), w.percent($0.ceiTenths)] })
        }
        out += "<p class=\"note\">" + e(w.t("Le mois en cours compte du 1er à la date de situation ; le CEI n’est donné que pour les mois complets.",
                                             "The current month counts from its 1st to the as-of date; CEI is given for complete months only."))
            + "</p>\n</section>\n"
    }

    // MARK: forecast

    mutating func forecast() {
        out += section("forecast", w.t("Prévision d’encaissements par semaine", "Cash-in forecast by week"))
        guard !d.forecast.isEmpty else {
            out += empty(w.t("Aucun encaissement attendu.", "No cash-in expected.")) + "</section>\n"
            return
        }
        let currencies = Array(Set(d.forecast.map(\.amount.currency))).sorted()
        for c in currencies {
            let weeks = d.forecast.filter { $0.amount.currency == c }
            let suffix = currencies.count > 1 ? " (" + c.code + ")" : ""
            out += "<figure>" + DashboardChart.columns(
                title: w.t("Encaissements attendus par semaine, 8 semaines", "Expected cash-in by week, next 8 weeks") + suffix,
                id: "forecast-" + c.code, width: 1160, labels: weeks.map { w.t("sem. du ", "w/c ") + w.dayMonth($0.start) },
                values: weeks.map { $0.amount.minorUnits }, valueLabels: weeks.map { w.whole($0.amount.minorUnits, c) },
                tick: { w.whole($0, c) }, colour: "#1d4ed8") + "</figure>\n"
            out += fallback([w.t("Semaine", "Week"), w.t("Montant attendu", "Expected amount")],
                            weeks.map { [w.dateShort($0.start) + " – " + w.dateShort($0.start.adding(days: 6)), $0.amount.formatted(d.language)] })
        }
        for m in d.expectedBefore {
            out += "<p class=\"note\">" + e(w.t("Attendu avant le ", "Expected on or before ") + w.date(d.asOf)
                                            + w.t(" et pas encore reçu : ", " and not yet received: ") + m.formatted(d.language)) + "</p>\n"
        }
        out += "<p class=\"note\">" + e(w.t("Date de paiement attendue = échéance + retard moyen du client.",
                                             "Expected payment date = due date + the customer’s average days late.")) + "</p>\n</section>\n"
    }

    // MARK: actions

    mutating func actions() {
        out += section("actions", w.t("Actions du jour", "Today’s actions"))
        let sent = d.actions.filter(\.sent), pending = d.actions.filter { !$0.sent }
        actionTable(w.t("Envoyées dans la boîte d’envoi", "Sent to the outbox") + " (" + w.count(sent.count) + ")", sent)
        actionTable(w.t("En attente de validation", "Pending approval") + " (" + w.count(pending.count) + ")", pending)
        if d.otherActions > 0 {
            out += "<p class=\"note\">" + e(w.count(d.otherActions) + w.t(" autres actions (sautées, retenues, rejetées ou retirées) : voir actions.csv.",
                                                                          " other actions (skipped, held back, rejected or withdrawn): see actions.csv.")) + "</p>\n"
        }
        out += "</section>\n"
    }

    mutating func actionTable(_ caption: String, _ rows: [DashboardAction]) {
        out += "<h3>\(e(caption))</h3>\n"
        guard !rows.isEmpty else {
            out += empty(w.t("Aucune.", "None."))
            return
        }
        out += "<table><thead><tr>"
        for (h, num) in [(w.t("Client", "Customer"), false), (w.t("Entité", "Entity"), false), (w.t("Étape", "Step"), false),
                         (w.t("Canal", "Channel"), false), (w.t("Montant réclamé", "Amount claimed"), true), (w.t("Fichier", "File"), false)] {
            out += "<th scope=\"col\"\(num ? " class=\"num\"" : "")>\(e(h))</th>"
        }
        out += "</tr></thead><tbody>\n"
        for a in rows {
            let who = a.customerName.isEmpty ? a.customerID : a.customerName
            out += "<tr><td>\(e(who))\(a.customerName.isEmpty ? "" : " <span class=\"id\">" + e(a.customerID) + "</span>")</td>"
            out += "<td>\(e(a.entity))</td><td>\(e(w.step(a.step)))</td><td>\(e(w.channel(a.channel)))</td>"
            out += "<td class=\"num\">\(e(a.amount?.formatted(d.language) ?? ""))</td><td><code>\(e(a.path))</code></td></tr>\n"
        }
        out += "</tbody></table>\n"
    }

    // MARK: disputes and promises

    mutating func holds() {
        out += section("holds", w.t("Litiges et promesses non tenues", "Disputes and broken promises"))
        out += "<h3>\(e(w.t("Litiges", "Disputes") + " (" + w.count(d.disputes.count) + ")"))</h3>\n"
        holdTable(d.disputes, dueHeader: nil)
        out += "<h3>\(e(w.t("Promesses non tenues", "Broken promises") + " (" + w.count(d.brokenPromises.count) + ")"))</h3>\n"
        holdTable(d.brokenPromises, dueHeader: w.t("Promis pour", "Promised for"))
        out += "<p class=\"note\">" + e(w.t("Promesses en cours : ", "Open promises: ") + w.count(d.openPromises) + " · "
                                        + w.t("tenues : ", "kept: ") + w.count(d.keptPromises)) + "</p>\n</section>\n"
    }

    mutating func holdTable(_ rows: [DashboardHold], dueHeader: String?) {
        guard !rows.isEmpty else {
            out += empty(w.t("Aucun.", "None."))
            return
        }
        var headers = [(w.t("Client", "Customer"), false), (w.t("Entité", "Entity"), false), (w.t("Document", "Document"), false),
                       (w.t("Montant", "Amount"), true), (w.t("Depuis", "Since"), false)]
        if let dueHeader { headers.append((dueHeader, false)) }
        headers += [(w.t("Jours", "Days"), true), (w.t("Note", "Note"), false)]
        out += "<table><thead><tr>"
        for (h, num) in headers { out += "<th scope=\"col\"\(num ? " class=\"num\"" : "")>\(e(h))</th>" }
        out += "</tr></thead><tbody>\n"
        for h in rows {
            out += "<tr><td>\(e(h.customerName)) <span class=\"id\">\(e(h.customerID))</span></td><td>\(e(h.entity))</td>"
            out += "<td>\(e(h.document.isEmpty ? w.t("tout le compte", "whole account") : h.document))</td>"
            out += "<td class=\"num\">\(e(h.amount?.formatted(d.language) ?? ""))</td><td>\(e(w.dateShort(h.since)))</td>"
            if dueHeader != nil { out += "<td>\(e(w.dateShort(h.due)))</td>" }
            out += "<td class=\"num\">\(e(h.daysOpen.map(w.count) ?? ""))</td><td>\(e(h.note))</td></tr>\n"
        }
        out += "</tbody></table>\n"
    }

    // MARK: unmatched payments

    mutating func unmatched() {
        out += section("unmatched", w.t("Paiements non affectés", "Unmatched payments") + " (" + w.count(d.unmatched.count) + ")")
        guard !d.unmatched.isEmpty else {
            out += empty(w.t("Tous les encaissements sont affectés.", "Every payment received is matched.")) + "</section>\n"
            return
        }
        var totals: [Currency: Int64] = [:]
        for p in d.unmatched { totals[p.amount.currency, default: 0] += p.amount.minorUnits }
        out += "<p>" + e(w.t("Total à affecter : ", "Total to allocate: ")
                         + totals.keys.sorted().map { Money(minorUnits: totals[$0]!, currency: $0).formatted(d.language) }.joined(separator: " · ")) + "</p>\n"
        out += "<table><thead><tr>"
        for (h, num) in [(w.t("Date", "Date"), false), (w.t("Montant", "Amount"), true), (w.t("Payeur", "Payer"), false),
                         (w.t("Libellé", "Remittance"), false), (w.t("Suggestion", "Suggestion"), false)] {
            out += "<th scope=\"col\"\(num ? " class=\"num\"" : "")>\(e(h))</th>"
        }
        out += "</tr></thead><tbody>\n"
        for p in d.unmatched {
            let suggestion = p.suggestion.isEmpty ? "" : p.suggestion + (p.score.isEmpty ? "" : " (" + p.score + ")")
            out += "<tr><td>\(e(w.dateShort(p.bookingDate)))</td><td class=\"num\">\(e(p.amount.formatted(d.language)))</td>"
            out += "<td>\(e(p.payerName))</td><td>\(e(p.remittance))</td><td>\(e(suggestion))</td></tr>\n"
        }
        out += "</tbody></table>\n</section>\n"
    }

    // MARK: pieces

    func section(_ id: String, _ title: String) -> String {
        "<section id=\"\(id)\" aria-labelledby=\"\(id)-h\"><h2 id=\"\(id)-h\">\(e(title))</h2>\n"
    }

    func empty(_ text: String) -> String { "<p class=\"empty\">\(e(text))</p>\n" }

    /// The numbers of a chart, in a table under a disclosure.
    func fallback(_ header: [String], _ rows: [[String]]) -> String {
        var s = "<details><summary>\(e(w.t("Voir les chiffres", "Show the numbers")))</summary><table><thead><tr>"
        for (i, h) in header.enumerated() { s += "<th scope=\"col\"\(i > 0 ? " class=\"num\"" : "")>\(e(h))</th>" }
        s += "</tr></thead><tbody>"
        for r in rows {
            s += "<tr>"
            for (i, c) in r.enumerated() { s += i == 0 ? "<th scope=\"row\">\(e(c))</th>" : "<td class=\"num\">\(e(c))</td>" }
            s += "</tr>"
        }
        return s + "</tbody></table></details>\n"
    }

    static let css = """
    *{box-sizing:border-box}
    html{background:#f3f4f6}
    body{margin:0 auto;max-width:1240px;padding:24px 32px 40px;background:#fff;color:#111827;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
    h1{font-size:26px;margin:0 0 4px}
    h2{font-size:20px;margin:0 0 12px;padding-bottom:6px;border-bottom:2px solid #1f2937}
    h3{font-size:16px;margin:16px 0 8px}
    .sub{color:#374151;margin:0 0 8px}
    section{margin:28px 0 0}
    .cards{display:grid;grid-template-columns:repeat(6,1fr);gap:12px}
    .card{border:1px solid #d1d5db;border-radius:8px;padding:12px 14px;border-top:4px solid #1d4ed8}
    .card p{margin:0}
    .label{font-size:13px;color:#374151;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
    .value{font-size:21px;font-weight:700;margin:4px 0 2px !important;font-variant-numeric:tabular-nums}
    .note{font-size:13px;color:#4b5563}
    .change{font-size:13px;margin-top:4px !important}
    .good{color:#166534}
    .bad{color:#b91c1c}
    .flat{color:#4b5563}
    figure{margin:0}
    svg.chart{display:block;width:100%;max-width:100%;height:auto}
    .pair{display:grid;grid-template-columns:1fr 1fr;gap:24px}
    table{border-collapse:collapse;width:100%;font-size:14px;font-variant-numeric:tabular-nums}
    th,td{padding:6px 8px;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top}
    thead th{border-bottom:2px solid #9ca3af;font-size:13px;color:#374151}
    tbody th{font-weight:600}
    .num{text-align:right;white-space:nowrap}
    .strong{font-weight:700}
    .id{color:#4b5563;font-size:12px}
    code{font-size:12px;color:#1f2937;word-break:break-all}
    details{margin:8px 0 0}
    summary{cursor:pointer;color:#1d4ed8;font-size:14px}
    .empty{color:#4b5563;font-style:italic}
    .nochart{color:#4b5563;font-style:italic;border:1px dashed #9ca3af;border-radius:8px;padding:24px;margin:26px 0 0}
    footer{margin-top:36px;color:#4b5563;font-size:12px;border-top:1px solid #e5e7eb}
    @media print{
    @page{size:A4;margin:14mm}
    html,body{background:none}
    body{max-width:none;padding:0;font-size:10.5pt}
    section{break-before:page;margin:0}
    section#kpis{break-before:auto;margin-top:16px}
    figure,svg.chart,tr,.card{break-inside:avoid}
    h2,h3{break-after:avoid}
    .cards{grid-template-columns:repeat(3,1fr)}
    .card{border-top-color:#111827}
    summary{color:#111827}
    details{display:none}
    }

    """
}
