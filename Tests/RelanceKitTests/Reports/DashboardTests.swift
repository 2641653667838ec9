import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import RelanceKit

@Suite("Dashboard")
struct DashboardTests {
    static func eur(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: .eur) }

    static func sample(_ language: Language) -> DashboardData {
        let asOf = CivilDate(year: 2026, month: 11, day: 20)!
        var d = DashboardData(language: language, pipelineName: "Demo <SARL> & \"Co\"", asOf: asOf,
                              previousAsOf: CivilDate(year: 2026, month: 11, day: 13)!)
        d.headlines = [DashboardHeadline(currency: .eur, open: eur(21_675_696), overdue: eur(9_215_325), dsoTenths: 535, ceiTenths: 873,
                                         forecastNext4Weeks: eur(8_133_925))]
        d.previousHeadlines = [DashboardHeadline(currency: .eur, open: eur(20_000_000), overdue: eur(9_300_000), dsoTenths: 512, ceiTenths: nil,
                                                 forecastNext4Weeks: eur(8_133_925))]
        d.actionsSent = 4
        d.actionsPending = 15
        d.previousActionsSent = 2
        d.previousActionsPending = 3
        d.aged = [DashboardAgedBar(entity: "BE", currency: .eur, amounts: [3_368_862, 500_000, 0, 217_954, 1_829_292, 1_240_313]),
                  DashboardAgedBar(entity: "FR", currency: .eur, amounts: [9_155_490, -10_000, 4_000_000, 0, 0, 583_000])]
        d.topOverdue = [DashboardCustomer(entity: "BE", customerID: "B2006", name: "Bouwbedrijf Janssens & Zonen <BV>", open: eur(3_287_559),
                                          overdue: eur(3_287_559), dsoDays: "173.0", payerClass: "new", worsening: true),
                        DashboardCustomer(entity: "FR", customerID: "C1001", name: "L'Atelier \"Roux\"", open: eur(100_000), overdue: eur(50_000))]
        d.months = [DashboardMonth(month: CivilDate(year: 2026, month: 10, day: 1)!, currency: .eur, dsoTenths: 498, ceiTenths: 873),
                    DashboardMonth(month: CivilDate(year: 2026, month: 11, day: 1)!, currency: .eur, dsoTenths: 535, ceiTenths: nil)]
        d.forecast = (0..<8).map { DashboardWeek(start: asOf.adding(days: 1 + 7 * $0), amount: eur(Int64($0) * 123_456)) }
        d.expectedBefore = [eur(4_000_000)]
        d.actions = [DashboardAction(entity: "FR", customerID: "C1001", customerName: "L'Atelier \"Roux\"", step: "reminder-1", channel: "email",
                                     amount: eur(50_000), sent: true, path: "mail/new/abc.eml"),
                     DashboardAction(entity: "BE", customerID: "B2006", customerName: "Bouwbedrijf Janssens & Zonen <BV>", step: "reminder-2",
                                     channel: "letter", amount: eur(3_287_559), sent: false, path: "pending/letters/def.pdf")]
        d.disputes = [DashboardHold(entity: "FR", customerID: "C1019", customerName: "Atelier <Roux> Décoration", document: "F2026-0116",
                                    amount: eur(92_400), since: asOf, daysOpen: 0, note: "Livraison incomplète & avoir demandé")]
        d.brokenPromises = [DashboardHold(entity: "BE", customerID: "B2003", customerName: "Boucherie Lemaire", document: "", amount: eur(272_490),
                                          since: asOf.adding(days: -10), due: asOf.adding(days: -3), daysOpen: 10, note: "appel du 18/11",
                                          status: "broken")]
        d.openPromises = 1
        d.unmatched = [DashboardPayment(bookingDate: asOf.adding(days: -11), amount: eur(145_000), payerName: "SARL <Inconnue>",
                                        remittance: "VIR SEPA /MOTIF REGLEMENT", suggestion: "C1002", score: "0.6500")]
        return d
    }

    @Test("French: the exact headline figures, per-language numbers and month names")
    func french() {
        let html = Dashboard.render(Self.sample(.fr))
        #expect(html.contains("<html lang=\"fr\">"))
        #expect(html.contains("216\u{A0}756,96\u{A0}€"))
        #expect(html.contains("92\u{A0}153,25\u{A0}€"))
        #expect(html.contains("53,5\u{A0}j"))
        #expect(html.contains("87,3\u{A0}%"))
        #expect(html.contains("81\u{A0}339,25\u{A0}€"))
        #expect(html.contains("4 envoyées"))
        #expect(html.contains("15 en attente de validation"))
        // Changes since the previous run.
        #expect(html.contains("▲ +16\u{A0}756,96\u{A0}€ depuis la dernière exécution"))
        #expect(html.contains("▼ -846,75\u{A0}€"))
        #expect(html.contains("▲ +2,3\u{A0}j"))
        #expect(html.contains("13 novembre 2026"))
        #expect(html.contains("octobre 2026"))
        #expect(html.contains("Non échu"))
    }

    @Test("English: the same figures in English forms")
    func english() {
        let html = Dashboard.render(Self.sample(.en))
        #expect(html.contains("<html lang=\"en\">"))
        #expect(html.contains("€216,756.96"))
        #expect(html.contains("€92,153.25"))
        #expect(html.contains("53.5\u{A0}days"))
        #expect(html.contains("87.3%"))
        #expect(html.contains("€81,339.25"))
        #expect(html.contains("4 sent"))
        #expect(html.contains("15 pending approval"))
        #expect(html.contains("▲ +€16,756.96 since the previous run"))
        #expect(html.contains("October 2026"))
        #expect(html.contains("20 November 2026"))
        #expect(!html.contains("Encours"))
    }

    @Test("names and notes are escaped", arguments: [Language.fr, .en])
    func escaped(_ language: Language) {
        let html = Dashboard.render(Self.sample(language))
        #expect(html.contains("Bouwbedrijf Janssens &amp; Zonen &lt;BV&gt;"))
        #expect(html.contains("L&#39;Atelier &quot;Roux&quot;"))
        #expect(html.contains("Demo &lt;SARL&gt; &amp; &quot;Co&quot;"))
        #expect(html.contains("SARL &lt;Inconnue&gt;"))
        #expect(!html.contains("<BV>"))
        #expect(!html.contains("<SARL>"))
        #expect(!html.contains("<Roux>"))
    }

    @Test("self-contained: no URL, no script, no external reference", arguments: [Language.fr, .en])
    func selfContained(_ language: Language) {
        let html = Dashboard.render(Self.sample(language))
        #expect(!html.lowercased().contains("http"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("src="))
        #expect(!html.contains("url("))
        #expect(html.contains("@media print"))
    }

    @Test("every chart has a title and an aria-label, and a table fallback", arguments: [Language.fr, .en])
    func charts(_ language: Language) throws {
        let html = Dashboard.render(Self.sample(language))
        let svgs = html.components(separatedBy: "<svg").dropFirst()
        #expect(svgs.count == 4)  // aged, DSO, CEI, forecast
        for svg in svgs {
            let head = String(svg.prefix { $0 != ">" })
            #expect(head.contains("aria-label=\""))
            #expect(head.contains("role=\"img\""))
            let body = svg.components(separatedBy: "</svg>")[0]
            #expect(body.dropFirst(head.count + 1).hasPrefix("<title"))
            #expect(body.contains("<text"))
            #expect(!body.contains("<path"))
        }
        #expect(html.components(separatedBy: "<details>").count - 1 == 3)  // aged, DSO/CEI, forecast
    }

    @Test("well-formed: tags balance, attributes quoted", arguments: [Language.fr, .en])
    func wellFormed(_ language: Language) throws {
        let html = Dashboard.render(Self.sample(language))
        try Self.checkBalanced(html)
        let document = try XMLDocument(xmlString: html, options: [])
        #expect(document.rootElement()?.name == "html")
    }

    @Test("an empty pipeline still renders a valid page")
    func emptyData() throws {
        let html = Dashboard.render(DashboardData(language: .fr, pipelineName: "x", asOf: CivilDate(year: 2026, month: 1, day: 31)!))
        try Self.checkBalanced(html)
        #expect(html.contains("première exécution"))
        #expect(!html.contains("<svg"))
    }

    @Test("load: reads the report CSVs, the month-ends and the previous run")
    func load() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dash-\(UUID().uuidString)").path
        let now = root + "/reports/2026-11-20", before = root + "/reports/2026-10-31", state = root + "/state"
        for f in [now, before, state] { try FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(atPath: root) }
        func put(_ path: String, _ text: String) throws { try text.write(toFile: path, atomically: true, encoding: .utf8) }
        let kpiHeader = "entity,currency,open_total,overdue_total,late_rate,dso_days,best_possible_dso,add_days,cei_month,avg_days_late,forecast_next_4_weeks\n"
        try put(now + "/kpis.csv", kpiHeader + "FR,EUR,300.00,100.00,0.3333,40.0,,,,,\n*,EUR,300.00,100.00,0.3333,40.0,20.0,20.0,90.5,3.0,200.00\n")
        try put(before + "/kpis.csv", kpiHeader + "*,EUR,200.00,150.00,0.7500,45.5,,,,,100.00\n")
        try put(now + "/customers.csv", """
            entity,customer_id,name,currency,open_total,overdue_total,not_due,1-30,31-60,61-90,91-120,121+,dso_days,avg_days_to_pay,avg_days_late,late_rate,payer_class,trend,plan,last_payment_date,open_promises,open_disputes
            FR,C1,"A & <B>",EUR,300.00,100.00,200.00,100.00,0.00,0.00,0.00,0.00,40.0,,,0.3333,new,worsening,p,,0,0

            """)
        try put(now + "/aged-balance.csv", """
            entity,customer_id,customer_name,document,kind,document_date,due_date,currency,amount,open_amount,days_overdue,bucket,status,plan,last_step,last_action_date,expected_payment_date
            FR,C1,x,D1,invoice,2026-10-01,2026-10-31,EUR,100.00,100.00,20,1-30,open,p,,,2026-11-10
            FR,C1,x,D2,invoice,2026-11-01,2026-12-01,EUR,150.00,150.00,-11,not_due,open,p,,,2026-11-21
            FR,C1,x,D3,invoice,2026-11-02,2026-12-02,EUR,50.00,50.00,-12,not_due,open,p,,,2026-12-18

            """)
        try put(now + "/actions.csv", """
            action_id,entity,customer_id,step,channel,documents,amount_claimed,interest,indemnity,status,reason,path
            a1,FR,C1,reminder-1,email,D1,100.00,0.00,0.00,sent_to_outbox,,mail/new/a1.eml
            a2,FR,C1,preventive,email,D2,150.00,0.00,0.00,pending,,pending/mail/a2.eml
            a3,FR,C1,preventive,email,D3,50.00,0.00,0.00,skipped,no,

            """)
        try put(now + "/promises.csv", """
            kind,customer_id,entity,document,until,amount,note,by,customer_name,target,paid,currency,since,deadline,days_open,status
            promise,C1,FR,,2026-11-15,100.00,n,J,"A & <B>",100.00,0.00,EUR,2026-11-01,2026-11-18,19,broken

            """)
        try put(state + "/month-ends.csv", """
            entity,currency,month,total_receivables,current_receivables,sales_of_month
            FR,EUR,2026-10-01,20000,5000,30000
            FR,EUR,2026-11-01,30000,20000,20000

            """)
        let d = try DashboardData.load(reportsFolder: now, state: state, language: .en, pipelineName: "P",
                                       asOf: CivilDate(year: 2026, month: 11, day: 20)!, previousReports: before)
        #expect(d.previousAsOf == CivilDate(year: 2026, month: 10, day: 31))
        #expect(d.headlines == [DashboardHeadline(currency: .eur, open: Self.eur(30000), overdue: Self.eur(10000), dsoTenths: 400,
                                                  ceiTenths: 905, forecastNext4Weeks: Self.eur(20000))])
        #expect(d.previousHeadlines.first?.dsoTenths == 455)
        #expect(d.actionsSent == 1 && d.actionsPending == 1 && d.otherActions == 1)
        #expect(d.actions.map(\.customerName) == ["A & <B>", "A & <B>"])
        #expect(d.buckets == ["not_due", "1-30", "31-60", "61-90", "91-120", "121+"])
        #expect(d.aged == [DashboardAgedBar(entity: "FR", currency: .eur, amounts: [20000, 10000, 0, 0, 0, 0])])
        #expect(d.topOverdue.map(\.worsening) == [true])
        // Forecast: D2 in week 1, D3 (28 days after as-of) in week 4, D1 expected before as-of.
        #expect(d.forecast.map(\.amount.minorUnits) == [15000, 0, 0, 5000, 0, 0, 0, 0])
        #expect(d.forecast.prefix(4).reduce(0) { $0 + $1.amount.minorUnits } == d.headlines[0].forecastNext4Weeks.minorUnits)
        #expect(d.expectedBefore == [Self.eur(10000)])
        #expect(d.brokenPromises.count == 1 && d.openPromises == 0)
        // October: countback 20000 against 30000 of sales in a 31-day month = 20.7 days; no CEI without September.
        // November (to the 20th) would count back 30000 − 20000 of November = 10000 against October's 30000 → 30.3 days,
        // but the month of as-of shows the run's own DSO (kpis.csv: 40.0); no CEI for the month in progress.
        #expect(d.months.map(\.dsoTenths) == [207, 400])
        #expect(d.months.map(\.ceiTenths) == [nil, nil])
        let html = Dashboard.render(d)
        try Self.checkBalanced(html)
        #expect(html.contains("A &amp; &lt;B&gt;"))
    }

    @Test("CEI of a complete month from two month-end snapshots")
    func cei() throws {
        let csv = DashboardCSV(rows: [["entity": "FR", "currency": "EUR", "month": "2026-09-01", "total_receivables": "100000", "current_receivables": "60000", "sales_of_month": "50000"],
                    ["entity": "FR", "currency": "EUR", "month": "2026-10-01", "total_receivables": "90000", "current_receivables": "55000", "sales_of_month": "40000"]])
        let m = DashboardData.months(csv, asOf: CivilDate(year: 2026, month: 11, day: 20)!)
        // (100000 + 40000 − 90000) / (100000 + 40000 − 55000) = 50000 / 85000 = 58.8 %
        #expect(m.map(\.ceiTenths) == [nil, 588])
    }

    /// Writes the dashboard of a real reports folder: `RELANCE_DASHBOARD_REPORTS=REPORTS/AS_OF RELANCE_DASHBOARD_STATE=STATE
    /// [RELANCE_DASHBOARD_LANGUAGE=en] swift test --filter Dashboard` (used with `scripts/screenshot-dashboard.sh`).
    @Test("writes dashboard.html for a reports folder given in the environment")
    func writeFromEnvironment() throws {
        let env = ProcessInfo.processInfo.environment
        guard let folder = env["RELANCE_DASHBOARD_REPORTS"], let state = env["RELANCE_DASHBOARD_STATE"] else { return }
        let language = Language(rawValue: env["RELANCE_DASHBOARD_LANGUAGE"] ?? "fr") ?? .fr
        let asOf = CivilDate(iso: DashboardData.lastComponent(folder)) ?? CivilDate(year: 2026, month: 11, day: 20)!
        try Dashboard.write(reportsFolder: folder, state: state, language: language, pipelineName: env["RELANCE_DASHBOARD_NAME"] ?? "Demo",
                            asOf: asOf, previousReports: env["RELANCE_DASHBOARD_PREVIOUS"])
        let html = try String(contentsOfFile: folder + "/dashboard.html", encoding: .utf8)
        try Self.checkBalanced(html)
    }

    struct Unbalanced: Error, CustomStringConvertible { let description: String }

    /// Every opened tag is closed in order (or self-closed), attributes are quoted, `&` starts an entity.
    static func checkBalanced(_ html: String) throws {
        var stack: [String] = []
        var i = html.startIndex
        while let lt = html[i...].firstIndex(of: "<") {
            // Text between tags: `&` must begin an entity.
            for amp in html[i..<lt].indices where html[amp] == "&" {
                let rest = html[amp...].prefix(10)
                guard let semi = rest.firstIndex(of: ";"), rest[rest.index(after: amp)..<semi].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "#" })
                else { throw Unbalanced(description: "bare & near \(html[amp...].prefix(30))") }
            }
            guard let gt = html[lt...].firstIndex(of: ">") else { throw Unbalanced(description: "unclosed <") }
            let tag = html[html.index(after: lt)..<gt]
            i = html.index(after: gt)
            if tag.hasPrefix("!") { continue }
            if tag.hasPrefix("/") {
                let name = String(tag.dropFirst())
                guard stack.popLast() == name else { throw Unbalanced(description: "</\(name)> closes \(stack)") }
                continue
            }
            let name = String(tag.prefix { !$0.isWhitespace && $0 != "/" })
            // Attributes: name="value" pairs only.
            var attrs = tag.dropFirst(name.count)
            if attrs.hasSuffix("/") { attrs = attrs.dropLast() }
            var rest = Substring(attrs)
            while true {
                rest = rest.drop { $0.isWhitespace }
                if rest.isEmpty { break }
                guard let eq = rest.firstIndex(of: "="), rest[rest.index(after: eq)] == "\"" else {
                    throw Unbalanced(description: "unquoted attribute in <\(tag)>")
                }
                let valueStart = rest.index(eq, offsetBy: 2)
                guard let close = rest[valueStart...].firstIndex(of: "\"") else { throw Unbalanced(description: "open quote in <\(tag)>") }
                rest = rest[rest.index(after: close)...]
            }
            if !tag.hasSuffix("/") { stack.append(name) }
        }
        guard stack.isEmpty else { throw Unbalanced(description: "left open: \(stack)") }
    }
}
