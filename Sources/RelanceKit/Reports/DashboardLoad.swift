// Reads the report CSVs of a reports folder back into `DashboardData`.

/// Why the dashboard's data cannot be read.
public struct DashboardError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A report CSV read by header name; an absent file reads as no rows.
struct DashboardCSV {
    /// One row, its cells looked up by column name. The rows share one index of the columns: a
    /// dictionary per row cost more than the rest of the dashboard at a million open items.
    struct Row {
        fileprivate let cells: [String]
        fileprivate let columns: [String: Int]

        /// The cell of column `name`; nil when the file has no such column or the row is shorter.
        subscript(_ name: String) -> String? {
            guard let i = columns[name], i < cells.count else { return nil }
            return cells[i]
        }
    }

    var header: [String] = []
    var rows: [Row] = []
    private var columns: [String: Int] = [:]

    /// Rows given by name (for tests): the columns are those any row names; a row without one reads it as "".
    init(rows named: [[String: String]]) {
        header = Set(named.flatMap(\.keys)).sorted()
        setColumns()
        rows = named.map { r in Row(cells: header.map { r[$0] ?? "" }, columns: columns) }
    }

    init(_ path: String) throws {
        guard FileTree.exists(path) else { return }
        let reader: CSVReader
        do { reader = try CSVReader(contentsOf: path, delimiter: 0x2C) } catch { throw DashboardError("\(path): \(error)") }
        var row = CSVRow()
        var first = true
        do {
            while try reader.next(into: &row) {
                let cells = row.strings()
                if first {
                    header = cells
                    setColumns()
                    first = false
                    continue
                }
                if cells.count == 1 && cells[0].isEmpty { continue }
                rows.append(Row(cells: cells, columns: columns))
            }
        } catch { throw DashboardError("\(path): \(error)") }
    }

    /// A name given twice is the later column's.
    private mutating func setColumns() {
        for (i, name) in header.enumerated() { columns[name] = i }
    }
}

extension DashboardData {
    /// Reads what the page shows from the report CSVs of `reportsFolder` (`REPORTS/AS_OF/`), the month-end
    /// snapshots of `state` (a folder holding `month-ends.csv`), and for the changes since the previous run the
    /// reports folder of the latest earlier as-of (`previousReports`, nil when there is none).
    public static func load(reportsFolder: String, state: String, language: Language, pipelineName: String, asOf: CivilDate,
                            previousReports: String?) throws -> DashboardData {
        guard FileTree.exists(reportsFolder) else { throw DashboardError("no reports folder \(reportsFolder)") }
        var d = DashboardData(language: language, pipelineName: pipelineName, asOf: asOf)
        let f = reportsFolder + "/"

        // Headline KPIs and actions, now and at the previous run.
        d.headlines = try headlines(DashboardCSV(f + "kpis.csv"))
        let actions = try DashboardCSV(f + "actions.csv")
        (d.actionsSent, d.actionsPending) = counts(actions)
        if let previousReports {
            d.previousAsOf = CivilDate(iso: lastComponent(previousReports))
            d.previousHeadlines = try headlines(DashboardCSV(previousReports + "/kpis.csv"))
            let (s, p) = counts(try DashboardCSV(previousReports + "/actions.csv"))
            d.previousActionsSent = s
            d.previousActionsPending = p
        }

        // Customers: names, buckets and the top overdue.
        let customers = try DashboardCSV(f + "customers.csv")
        var names: [String: String] = [:]
        for r in customers.rows { names[(r["entity"] ?? "") + "\u{1F}" + (r["customer_id"] ?? "")] = r["name"] ?? "" }
        if let a = customers.header.firstIndex(of: "overdue_total"), let b = customers.header.firstIndex(of: "dso_days"), a + 1 < b {
            d.buckets = Array(customers.header[(a + 1)..<b])
        }
        var top: [DashboardCustomer] = []
        for r in customers.rows {
            guard let c = Currency(code: r["currency"] ?? ""), let overdue = money(r["overdue_total"], c), overdue.isPositive else { continue }
            top.append(DashboardCustomer(entity: r["entity"] ?? "", customerID: r["customer_id"] ?? "", name: r["name"] ?? "",
                                         open: money(r["open_total"], c) ?? .zero(c), overdue: overdue, dsoDays: r["dso_days"] ?? "",
                                         payerClass: r["payer_class"] ?? "", worsening: r["trend"] == "worsening"))
        }
        top.sort { ($0.overdue.minorUnits, $1.entity, $1.customerID) > ($1.overdue.minorUnits, $0.entity, $0.customerID) }
        d.topOverdue = Array(top.prefix(10))

        // Aged balance by entity and bucket, and the cash-in forecast, from the open items.
        let aged = try DashboardCSV(f + "aged-balance.csv")
        var bars: [String: DashboardAgedBar] = [:]
        var weeks: [String: [Int64]] = [:]
        var before: [String: Int64] = [:]
        var currencies: [String: Currency] = [:]
        for r in aged.rows {
            guard let c = Currency(code: r["currency"] ?? ""), let amount = money(r["open_amount"], c) else { continue }
            currencies[c.code] = c
            let bucket = r["bucket"] ?? ""
            if !d.buckets.contains(bucket) { d.buckets.append(bucket) }
            let entity = r["entity"] ?? ""
            let key = entity + "\u{1F}" + c.code
            var bar = bars[key] ?? DashboardAgedBar(entity: entity, currency: c, amounts: [])
            if bar.amounts.count < d.buckets.count { bar.amounts += Array(repeating: 0, count: d.buckets.count - bar.amounts.count) }
            bar.amounts[d.buckets.firstIndex(of: bucket)!] += amount.minorUnits
            bars[key] = bar
            if let expected = CivilDate(iso: r["expected_payment_date"] ?? "") {
                let days = expected - asOf
                if days <= 0 {
                    before[c.code, default: 0] += amount.minorUnits
                } else if days <= 56 {
                    weeks[c.code, default: Array(repeating: 0, count: 8)][(days - 1) / 7] += amount.minorUnits
                }
            }
        }
        d.aged = bars.values.map { b in
            var b = b
            if b.amounts.count < d.buckets.count { b.amounts += Array(repeating: 0, count: d.buckets.count - b.amounts.count) }
            return b
        }.sorted { ($0.currency.code, $0.entity) < ($1.currency.code, $1.entity) }
        for code in currencies.keys.sorted() {
            let c = currencies[code]!
            let w = weeks[code] ?? Array(repeating: 0, count: 8)
            for i in 0..<8 { d.forecast.append(DashboardWeek(start: asOf.adding(days: 1 + 7 * i), amount: Money(minorUnits: w[i], currency: c))) }
            if let b = before[code], b != 0 { d.expectedBefore.append(Money(minorUnits: b, currency: c)) }
        }

        // Actions of the day.
        for r in actions.rows {
            let status = r["status"] ?? ""
            guard status == "sent_to_outbox" || status == "pending" else {
                d.otherActions += 1
                continue
            }
            let entity = r["entity"] ?? ""
            let id = r["customer_id"] ?? ""
            let c = d.headlines.first?.currency ?? .eur
            d.actions.append(DashboardAction(entity: entity, customerID: id, customerName: names[entity + "\u{1F}" + id] ?? "",
                                             step: r["step"] ?? "", channel: r["channel"] ?? "",
                                             amount: money(r["amount_claimed"], Currency(code: r["currency"] ?? "") ?? c),
                                             sent: status == "sent_to_outbox", path: r["path"] ?? ""))
        }
        d.actions.sort { ($0.sent ? 0 : 1, $0.entity, $0.customerID) < ($1.sent ? 0 : 1, $1.entity, $1.customerID) }

        // Disputes and promises.
        for r in try DashboardCSV(f + "disputes.csv").rows { d.disputes.append(hold(r)) }
        for r in try DashboardCSV(f + "promises.csv").rows {
            switch r["status"] ?? "" {
            case "broken": d.brokenPromises.append(hold(r))
            case "kept": d.keptPromises += 1
            default: d.openPromises += 1
            }
        }

        // Unmatched payments.
        for r in try DashboardCSV(f + "unmatched-payments.csv").rows {
            guard let c = Currency(code: r["currency"] ?? ""), let amount = money(r["amount"], c) else { continue }
            d.unmatched.append(DashboardPayment(bookingDate: CivilDate(iso: r["booking_date"] ?? ""), amount: amount,
                                                payerName: r["payer_name"] ?? "", remittance: r["remittance"] ?? "",
                                                suggestion: r["suggestion_1"] ?? "", score: r["score_1"] ?? ""))
        }

        d.months = try months(DashboardCSV(state + "/month-ends.csv"), asOf: asOf)
        // The month of as-of shows the run's own DSO (kpis.csv, from the whole sales history).
        for h in d.headlines where h.dsoTenths != nil {
            if let i = d.months.firstIndex(where: { $0.currency == h.currency && $0.month == asOf.firstOfMonth }) {
                d.months[i].dsoTenths = h.dsoTenths
            } else {
                d.months.append(DashboardMonth(month: asOf.firstOfMonth, currency: h.currency, dsoTenths: h.dsoTenths, ceiTenths: nil))
            }
        }
        d.months.sort { ($0.currency, $0.month) < ($1.currency, $1.month) }
        return d
    }

    static func headlines(_ kpis: DashboardCSV) -> [DashboardHeadline] {
        var out: [DashboardHeadline] = []
        for r in kpis.rows where r["entity"] == "*" {
            guard let c = Currency(code: r["currency"] ?? "") else { continue }
            out.append(DashboardHeadline(currency: c, open: money(r["open_total"], c) ?? .zero(c), overdue: money(r["overdue_total"], c) ?? .zero(c),
                                         dsoTenths: tenths(r["dso_days"]), ceiTenths: tenths(r["cei_month"]),
                                         forecastNext4Weeks: money(r["forecast_next_4_weeks"], c) ?? .zero(c)))
        }
        return out.sorted { $0.currency < $1.currency }
    }

    static func counts(_ actions: DashboardCSV) -> (sent: Int, pending: Int) {
        var sent = 0, pending = 0
        for r in actions.rows {
            if r["status"] == "sent_to_outbox" { sent += 1 }
            if r["status"] == "pending" { pending += 1 }
        }
        return (sent, pending)
    }

    static func hold(_ r: DashboardCSV.Row) -> DashboardHold {
        let c = Currency(code: r["currency"] ?? "") ?? .eur
        let amount = money(r["amount_concerned"], c) ?? money(r["target"], c) ?? money(r["amount"], c)
        return DashboardHold(entity: r["entity"] ?? "", customerID: r["customer_id"] ?? "", customerName: r["customer_name"] ?? "",
                             document: r["document"] ?? "", amount: amount, since: CivilDate(iso: r["since"] ?? ""),
                             due: CivilDate(iso: r["until"] ?? "") ?? CivilDate(iso: r["deadline"] ?? ""),
                             daysOpen: Int(r["days_open"] ?? ""), note: r["note"] ?? "", status: r["status"] ?? "")
    }

    /// DSO (countback over the snapshots' monthly sales) and CEI per month, summed over the entities of each currency.
    /// The month of as-of counts from its 1st to as-of and has no CEI (not complete).
    static func months(_ monthEnds: DashboardCSV, asOf: CivilDate) -> [DashboardMonth] {
        struct Snap { var total: Int64 = 0; var current: Int64 = 0; var sales: Int64 = 0 }
        var byCurrency: [String: [CivilDate: Snap]] = [:]
        for r in monthEnds.rows {
            guard let c = Currency(code: r["currency"] ?? ""), let m = monthStart(r["month"] ?? ""), m <= asOf else { continue }
            var s = byCurrency[c.code, default: [:]][m] ?? Snap()
            s.total += Int64(r["total_receivables"] ?? "") ?? 0
            s.current += Int64(r["current_receivables"] ?? "") ?? 0
            s.sales += Int64(r["sales_of_month"] ?? "") ?? 0
            byCurrency[c.code, default: [:]][m] = s
        }
        var out: [DashboardMonth] = []
        for code in byCurrency.keys.sorted() {
            let snaps = byCurrency[code]!
            let c = Currency(code: code)!
            for m in snaps.keys.sorted() {
                let s = snaps[m]!
                // Countback: subtract each month's sales going back until the receivables are exhausted.
                var dso: Int? = nil
                if s.total > 0 {
                    var left = s.total
                    var days = 0.0
                    var month = m
                    while let snap = snaps[month], snap.sales > 0 {
                        let length = month.firstOfMonth == asOf.firstOfMonth ? asOf.day
                            : CivilDate.daysInMonth(year: month.year, month: month.month)
                        if left <= snap.sales {
                            days += Double(length) * Double(left) / Double(snap.sales)
                            left = 0
                            break
                        }
                        left -= snap.sales
                        days += Double(length)
                        month = month.adding(months: -1)
                    }
                    if left == 0 { dso = Int((days * 10).rounded()) }
                }
                var cei: Int? = nil
                if m.firstOfMonth < asOf.firstOfMonth, let opening = snaps[m.adding(months: -1)] {
                    let denominator = opening.total + s.sales - s.current
                    if denominator != 0 {
                        cei = Int((Double(opening.total + s.sales - s.total) / Double(denominator) * 1000).rounded())
                    }
                }
                out.append(DashboardMonth(month: m, currency: c, dsoTenths: dso, ceiTenths: cei))
            }
        }
        return out
    }

    static func monthStart(_ text: String) -> CivilDate? {
        if let d = CivilDate(iso: text) { return d.firstOfMonth }
        return CivilDate(iso: text + "-01")
    }

    static func money(_ text: String?, _ c: Currency) -> Money? {
        guard let text, !text.isEmpty, case .success(let p) = AmountParser.parse(text, minorDigits: c.minorDigits, convention: .point) else { return nil }
        return Money(minorUnits: p.minorUnits, currency: c)
    }

    /// `53.5` → 535, `-11` → -110; nil when empty or unreadable.
    static func tenths(_ text: String?) -> Int? {
        guard let text, !text.isEmpty, case .success(let p) = AmountParser.parse(text, minorDigits: 1, convention: .point) else { return nil }
        return Int(p.minorUnits)
    }

    static func lastComponent(_ path: String) -> String {
        var p = Substring(path)
        while p.hasSuffix("/") { p = p.dropLast() }
        if let i = p.lastIndex(of: "/") { return String(p[p.index(after: i)...]) }
        return String(p)
    }
}
