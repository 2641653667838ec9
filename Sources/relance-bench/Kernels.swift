// The speed figures the issues ask for, one kernel at a time, each in its own process so that its
// peak memory is its own: open-items CSV ingest, CAMT.053 ingest, aging + KPIs, matching.
//   relance-bench kernels [--rows N] [--keep DIR]      all four, a table and kernels.json
//   relance-bench kernel NAME --rows N --keep DIR      one (the child process of `kernels`)
import Foundation
import RelanceKit

struct KernelResult {
    var name: String
    var seconds: Double
    var rows: Int
    var bytes: Int64
    var note: String
}

enum Kernels {
    static let names = ["open-items-csv", "camt053", "aging-kpis", "matching"]

    /// Runs every kernel in a child process and prints the table.
    static func runAll(rows: Int, keep: String?, demo: String) throws -> Int32 {
        let dir = keep ?? NSTemporaryDirectory() + "relance-kernels-\(rows)"
        try FileTree.createDirectories(dir)
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var json: [String] = []
        print("Relance kernels — \(rows) rows, \(dir)")
        print("kernel            time (s)       rows        MB     MB/s    rows/s   peak RSS (MiB)  note")
        for name in names {
            let (status, _, _, rss) = try Bench.spawn(exe, ["kernel", name, "--rows", String(rows), "--keep", dir, "--demo", demo])
            guard status == 0, let r = readResult(dir + "/" + name + ".result") else {
                print("\(name): failed (exit \(status))")
                return 1
            }
            let mb = Double(r.bytes) / 1_000_000
            let line = [pad(name, 16), num(r.seconds, 9), pad(String(r.rows), 10, right: true),
                        num(mb, 9, 1), r.bytes > 0 ? num(mb / r.seconds, 8, 1) : "       -",
                        num(Double(r.rows) / r.seconds, 9, 0), num(Double(rss) / 1024, 15, 1), "  " + r.note]
            print(line.joined(separator: " "))
            json.append("    {\"kernel\": \"\(name)\", \"seconds\": \(num(r.seconds, 0)), \"rows\": \(r.rows), \"bytes\": \(r.bytes), "
                        + "\"max_rss_kb\": \(rss), \"note\": \"\(r.note)\"}")
        }
        let text = "{\n  \"rows\": \(rows),\n  \"kernels\": [\n" + json.joined(separator: ",\n") + "\n  ]\n}\n"
        try AtomicFile.write(text, to: dir + "/kernels.json")
        return 0
    }

    /// Runs one kernel in this process and writes its result file.
    static func runOne(_ name: String, rows: Int, dir: String, demo: String) throws {
        let result: KernelResult
        switch name {
        case "open-items-csv": result = try openItemsCSV(rows: rows, dir: dir + "/open-items", demo: demo)
        case "camt053": result = try camt(rows: rows, dir: dir + "/camt", demo: demo)
        case "aging-kpis": result = agingAndKPIs(rows: rows)
        case "matching": result = matching(rows: rows)
        default: throw BenchError("unknown kernel \(name) (\(names.joined(separator: ", ")))")
        }
        try AtomicFile.write("\(result.seconds)\n\(result.rows)\n\(result.bytes)\n\(result.note)\n", to: dir + "/" + name + ".result")
    }

    // MARK: - Kernels

    /// `rows` invoices of 20 000 customers in one open-items CSV (the Belgian entity), read by the ingest stage.
    static func openItemsCSV(rows: Int, dir: String, demo: String) throws -> KernelResult {
        let file = dir + "/inbox/be/open-items.csv"
        if !FileTree.exists(file) {
            try? FileManager.default.removeItem(atPath: dir)
            _ = try Generator.generate(GeneratorOptions(invoices: 100, seed: 1, outDir: dir, demoDir: demo))
            try FileManager.default.removeItem(atPath: dir + "/inbox")
            try FileTree.createDirectories(dir + "/inbox/be")
            let customers = 20_000
            let c = try OutputFile(dir + "/inbox/customers.csv")
            c.write("customer_id,entity,name,email,country,language,terms\n")
            for i in 0..<customers {
                c.write("C\(100_000 + i),BE,Société n°\(i) SPRL,compta\(i)@client\(i).example,BE,fr,\(i % 3 == 0 ? "30 jours fin de mois" : "45 jours")\n")
            }
            c.close()
            let f = try OutputFile(file)
            f.write("Invoice No,Customer ID,Customer,Invoice Date,Due Date,Amount,Open Amount,Currency,Terms,Payment reference\n")
            var rng = SplitMix64(seed: 7)
            let start = CivilDate(year: 2025, month: 11, day: 1)!
            for i in 0..<rows {
                let cust = rng.below(customers)
                let date = start.adding(days: rng.below(380))
                let amount = Int64(rng.between(1_000, 2_500_000)) * (i % 33 == 0 ? -1 : 1)
                let open = rng.chance(0.3) ? amount / 2 : amount
                let terms = i % 5 == 0 ? "60 jours" : ""
                let due = i % 2 == 0 ? Fmt.iso(date.adding(days: 30)) : ""
                f.write("F2026-\(Fmt.pad(i, 7)),C\(100_000 + cust),Société n°\(cust) SPRL,\(Fmt.iso(date)),\(due),"
                        + "\(Fmt.amount(amount)),\(Fmt.amount(open)),EUR,\(terms),\(Codes.belgian(i))\n")
            }
            f.close()
        }
        let bytes = fileSize(file)
        let ctx = RunContext(config: try PipelineConfig.load(dir), asOf: Generator.asOf, quiet: true)
        let t0 = Bench.now()
        let inbox = try IngestStage.read(ctx)
        let seconds = Bench.now() - t0
        guard inbox.documents.count == rows else {
            throw BenchError("read \(inbox.documents.count) documents of \(rows); first reject: \(inbox.rejects.first.map { "\($0)" } ?? "none")")
        }
        return KernelResult(name: "open-items-csv", seconds: seconds, rows: rows, bytes: bytes,
                            note: "\(inbox.customers.count) customers, \(inbox.rejects.count) rejects")
    }

    /// The CAMT.053 statements the generator writes for `rows` invoices (batches, structured references,
    /// a duplicated file), alone in an inbox, read by the ingest stage.
    static func camt(rows: Int, dir: String, demo: String) throws -> KernelResult {
        let statements = dir + "/inbox/fr/banque"
        if !FileTree.exists(statements) {
            try? FileManager.default.removeItem(atPath: dir)
            _ = try Generator.generate(GeneratorOptions(invoices: rows, seed: 1, outDir: dir, demoDir: demo))
            for name in try FileManager.default.contentsOfDirectory(atPath: dir + "/inbox") where name != "fr" {
                try FileManager.default.removeItem(atPath: dir + "/inbox/" + name)
            }
            for name in try FileManager.default.contentsOfDirectory(atPath: dir + "/inbox/fr") where name != "banque" {
                try FileManager.default.removeItem(atPath: dir + "/inbox/fr/" + name)
            }
        }
        var bytes: Int64 = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: statements) { bytes += fileSize(statements + "/" + name) }
        let ctx = RunContext(config: try PipelineConfig.load(dir), asOf: Generator.asOf, quiet: true)
        let t0 = Bench.now()
        let inbox = try IngestStage.read(ctx)
        let seconds = Bench.now() - t0
        return KernelResult(name: "camt053", seconds: seconds, rows: inbox.bankLines.count, bytes: bytes,
                            note: "\(inbox.manifest.count) files, \(inbox.rejects.filter { $0.severity == .error }.count) errors")
    }

    /// Aging, balances, month-end snapshots and every KPI for `rows` open items of `rows / 20`
    /// customers, and twice as many history rows (a sale and a settlement per earlier invoice). The
    /// items come in customer order, as the reconcile stage writes them; the age stage checks it.
    static func agingAndKPIs(rows: Int) -> KernelResult {
        var rng = SplitMix64(seed: 11)
        let customers = max(1, rows / 20)
        let start = CivilDate(year: 2025, month: 1, day: 1)!
        var items: [OpenItem] = []
        items.reserveCapacity(rows)
        var history = PaymentHistory()
        var sales: [PaymentHistory.Sale] = [], settlements: [SettledDocument] = []
        for i in 0..<rows {
            let cust = "C\(rng.below(customers))"
            let date = start.adding(days: 300 + rng.below(390))
            let amount = Money(minorUnits: Int64(rng.between(1_000, 900_000)), currency: .eur)
            items.append(OpenItem(entity: i % 2 == 0 ? "FR" : "BE", document: "F\(i)", customerID: cust, kind: .invoice,
                                  documentDate: date, dueDate: date.adding(days: 30), amount: amount, openAmount: amount))
            let paidDate = start.adding(days: rng.below(600))
            let key = DocumentKey(entity: i % 2 == 0 ? "FR" : "BE", document: "P\(i)")
            sales.append(PaymentHistory.Sale(entity: key.entity, document: key.document, customerID: cust,
                                             documentDate: paidDate, amount: amount))
            settlements.append(SettledDocument(entity: key.entity, customerID: cust, document: key.document,
                                               documentDate: paidDate, dueDate: paidDate.adding(days: 30),
                                               settledOn: paidDate.adding(days: 20 + rng.below(60)), amount: amount))
        }
        history.sales = ByDocument(sales)
        history.settlements = ByDocument(settlements)
        // The reconcile stage hands its open items over in customer order; the age stage checks it.
        items = items.sortedByCustomer()
        let asOf = Generator.asOf
        let t0 = Bench.now()
        let aging = Aging(asOf: asOf, buckets: AgingBuckets(bounds: [30, 60, 90, 120]), holds: [])
        let aged = aging.age(items.sortedByCustomer())
        let balances = aging.balances(aged)
        let calculator = KPICalculator(asOf: asOf, thresholds: PayerClassThresholds())
        for (k, v) in calculator.snapshots(aged: aged, history: history) { history.monthEnds[k] = v }
        let kpis = calculator.compute(aged: aged, history: history)
        let seconds = Bench.now() - t0
        return KernelResult(name: "aging-kpis", seconds: seconds, rows: rows, bytes: 0,
                            note: "\(history.sales.count + history.settlements.count) history rows, \(balances.count) balances, \(kpis.customers.count) customer KPIs")
    }

    /// `rows` open invoices of 50 000 customers against `rows` bank credits: 30 % quote the document
    /// number, 20 % its structured reference, 20 % come from a known IBAN with the exact amount,
    /// 30 % are on or before the cut-off (already booked).
    static func matching(rows: Int) -> KernelResult {
        var rng = SplitMix64(seed: 13)
        let customerCount = max(1, rows / 20)
        var customers: [Customer] = []
        for c in 0..<customerCount {
            var customer = Customer(entity: "BE", id: "C\(c)", name: "Client \(c) SPRL")
            customer.ibans = [Codes.iban(country: "BE", bban: Fmt.pad(c, 12))]
            customers.append(customer)
        }
        let start = CivilDate(year: 2025, month: 11, day: 1)!
        let cutoff = Generator.cutoff
        var documents: [OpenItem] = []
        documents.reserveCapacity(rows)
        var lines: [BankLine] = []
        lines.reserveCapacity(rows)
        for i in 0..<rows {
            let c = rng.below(customerCount)
            let date = start.adding(days: rng.below(360))
            let amount = Money(minorUnits: Int64(rng.between(1_000, 900_000)), currency: .eur)
            let number = "F2026-\(Fmt.pad(i, 7))"
            var item = OpenItem(entity: "BE", document: number, customerID: "C\(c)", kind: .invoice,
                                documentDate: date, dueDate: date.adding(days: 30), amount: amount, openAmount: amount)
            item.paymentRef = Codes.belgian(i)
            documents.append(item)
            let kind = rng.below(10)
            let booked = kind < 3 ? cutoff.adding(days: -rng.below(200)) : cutoff.adding(days: 1 + rng.below(19))
            var line = BankLine(id: String(i, radix: 16), entity: "BE", account: "BE68539007547034", bookingDate: booked,
                                amount: amount, payerName: "CLIENT \(c)", sourceFile: "bank.csv", sourceLine: i + 2)
            switch kind {
            case 3..<6: line.remittance = "Paiement facture \(number) merci"
            case 6..<8: line.structuredRef = String(Codes.belgian(i).filter(\.isNumber))
            case 8..<10: line.payerIBAN = customers[c].ibans[0]; line.remittance = "VIREMENT"
            default: line.remittance = "Facture \(number)"
            }
            lines.append(line)
        }
        let t0 = Bench.now()
        let result = Reconciler(documents: documents, cutoffs: ["BE": cutoff], minConfidence: 9000, customers: customers)
            .reconcile(lines)
        let seconds = Bench.now() - t0
        return KernelResult(name: "matching", seconds: seconds, rows: rows, bytes: 0,
                            note: "\(result.allocations.count) allocations, \(result.lines.count) reconciliation lines")
    }

    // MARK: - Helpers

    static func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    static func readResult(_ path: String) -> KernelResult? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 4, let s = Double(parts[0]), let r = Int(parts[1]), let b = Int64(parts[2]) else { return nil }
        return KernelResult(name: "", seconds: s, rows: r, bytes: b, note: parts[3])
    }

    static func num(_ d: Double, _ width: Int, _ decimals: Int = 3) -> String {
        pad(String(format: "%.\(decimals)f", d), width, right: true)
    }

    static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return right ? fill + s : s + fill
    }
}
