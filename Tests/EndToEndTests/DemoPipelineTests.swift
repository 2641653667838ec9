import Foundation
import RelanceKit
import RelanceTestSupport
import Testing

/// The built executables on a temporary copy of the demo: exit codes, e-mails, conservation of money,
/// idempotence (spec README, invariants 1 and 2).
@Suite("Demo pipeline, end to end", .serialized)
struct DemoPipelineTests {
    @Test("a run exits 0, fills the outbox and the reports")
    func firstRun() throws {
        let box = try PipelineSandbox()
        let result = try box.runPipeline()
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let reports = box.reports()
        for name in ["aged-balance.csv", "customers.csv", "actions.csv", "rejects.csv", "reconciliation.csv",
                     "unmatched-payments.csv", "run.json"] {
            #expect(FileManager.default.fileExists(atPath: reports + "/" + name), "missing \(name)")
        }
        let sent = try FileManager.default.contentsOfDirectory(atPath: box.outbox + "/mail/new").filter { $0.hasSuffix(".eml") }
        let pending = try FileManager.default.contentsOfDirectory(atPath: box.outbox + "/pending/mail").filter { $0.hasSuffix(".eml") }
        // The invoices due within ten days give one preventive e-mail per customer (4), plus the collector's
        // digest; the others wait for approval.
        #expect(sent.count == 5)
        #expect(pending.count == 15)
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.outbox + "/mail/tmp").isEmpty)
        // Every action of the day is in actions.csv with its journal status.
        let actions = try box.csvRows(reports + "/actions.csv")
        #expect(actions.filter { $0["status"] == "sent_to_outbox" }.count == 5)
        #expect(actions.filter { $0["status"] == "sent_to_outbox" && $0["channel"] == "internal" }.count == 1)
        #expect(actions.filter { $0["status"] == "pending" }.count == 15)
        for a in actions where a["status"] == "sent_to_outbox" {
            #expect(a["path"] == "mail/new/" + a["action_id"]! + ".eml")
        }
    }

    @Test("every e-mail is CRLF, has the required headers, and lines within 998 octets")
    func emailsAreWellFormed() throws {
        let box = try PipelineSandbox()
        try box.runPipeline()
        let folders = [box.outbox + "/mail/new", box.outbox + "/pending/mail"]
        var checked = 0
        for folder in folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".eml") {
                let bytes = [UInt8](FileManager.default.contents(atPath: folder + "/" + name)!)
                for (i, b) in bytes.enumerated() where b == 0x0A {
                    #expect(i > 0 && bytes[i - 1] == 0x0D, "bare LF in \(name) at \(i)")
                }
                let text = String(decoding: bytes, as: UTF8.self)
                let header = text.components(separatedBy: "\r\n\r\n")[0]
                for h in ["Date: Fri, 20 Nov 2026 07:00:00 +0100", "From: ", "Reply-To: ", "To: ", "Subject: ",
                          "Message-ID: <" + name.dropLast(4) + ".relance@demo.example>", "MIME-Version: 1.0",
                          "Auto-Submitted: auto-generated", "X-Relance-Action: " + name.dropLast(4)] {
                    #expect(header.contains("\r\n" + h) || header.hasPrefix(h), "\(name) lacks \(h)")
                }
                for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 998) }
                checked += 1
            }
        }
        #expect(checked == 20)
    }

    @Test("conservation: balances per customer equal the ledger minus the payments, as the demo's EXPECTED.md computes them")
    func conservation() throws {
        let box = try PipelineSandbox()
        try box.runPipeline()
        let expected = try expectedBalances()
        #expect(expected.count == 37)
        let customers = try box.csvRows(box.reports() + "/customers.csv")
        var actual: [String: (String, String)] = [:]
        for c in customers { actual[c["entity"]! + "/" + c["customer_id"]!] = (c["open_total"]!, c["overdue_total"]!) }
        for (key, value) in expected {
            // A customer with nothing left open has no row.
            #expect((actual[key]?.0 ?? "0.00") == value.net, "open total of \(key)")
            #expect((actual[key]?.1 ?? "0.00") == value.overdue, "overdue total of \(key)")
        }
        // The aged balance adds up to the same totals, to the cent.
        var sums: [String: Int64] = [:]
        for row in try box.csvRows(box.reports() + "/aged-balance.csv") {
            sums[row["entity"]! + "/" + row["customer_id"]!, default: 0] += cents(row["open_amount"]!)
        }
        for (key, value) in expected { #expect((sums[key] ?? 0) == cents(value.net), "aged balance of \(key)") }
        let total = sums.values.reduce(0, +)
        #expect(total == 21_675_696) // 137 316,96 + 79 472,14 − 32,14 of unapplied credit
    }

    @Test("aged-balance.csv, customers.csv and kpis.csv agree to the cent for every entity and currency")
    func totalsAgree() throws {
        let box = try PipelineSandbox()
        try box.runPipeline()
        var aged: [String: Int64] = [:], overdueAged: [String: Int64] = [:]
        for r in try box.csvRows(box.reports() + "/aged-balance.csv") {
            let key = r["entity"]! + "|" + r["currency"]!
            aged[key, default: 0] += cents(r["open_amount"]!)
            aged["*|" + r["currency"]!, default: 0] += cents(r["open_amount"]!)
            // The overdue total is the sum of the overdue buckets (aging.md), overdue credit notes netting it.
            if r["bucket"] != "not_due" {
                overdueAged[key, default: 0] += cents(r["open_amount"]!)
                overdueAged["*|" + r["currency"]!, default: 0] += cents(r["open_amount"]!)
            }
        }
        var customers: [String: Int64] = [:]
        for r in try box.csvRows(box.reports() + "/customers.csv") {
            customers[r["entity"]! + "|" + r["currency"]!, default: 0] += cents(r["open_total"]!)
            customers["*|" + r["currency"]!, default: 0] += cents(r["open_total"]!)
        }
        let kpis = try box.csvRows(box.reports() + "/kpis.csv")
        #expect(kpis.count == 3) // FR, BE and the whole pipeline, in EUR
        for k in kpis {
            let key = k["entity"]! + "|" + k["currency"]!
            #expect(cents(k["open_total"]!) == aged[key], "\(key)")
            #expect(cents(k["open_total"]!) == customers[key], "\(key)")
            #expect(cents(k["overdue_total"]!) == overdueAged[key], "\(key)")
        }
        #expect(aged["*|EUR"] == 21_675_696)
        // The figures, sorted by entity in byte order (`*` first, outputs.md). Overdue nets the credit
        // notes AV2026-005 (FR, −200.10, 31 days) and BE-CN-2026-02 (BE, −407.57, 32 days): FR
        // 45 962.16 − 200.10, BE 46 191.09 − 407.57 (EXPECTED.md). FR's best possible DSO counts back
        // its not_due bucket, 91 554.90 of invoices − 32.14 of unapplied credit = 91 522.76: 29.54 days
        // over its FEC sales (the invoices alone gave 29.55, reported 29.6); BE has no current credit.
        // A customer whose only overdue item is a credit note: a negative overdue total, a late rate of 0.
        #expect(box.text(box.reports() + "/customers.csv").contains(
            "\nBE,B2011,Transport Maes NV,EUR,1870.17,-407.57,2277.74,0.00,-407.57,0.00,0.00,0.00,3.1,19.1,-25.9,0.0000,excellent,,"))
        #expect(box.text(box.reports() + "/kpis.csv") == """
            entity,currency,open_total,overdue_total,late_rate,dso_days,best_possible_dso,add_days,cei_month,avg_days_late,forecast_next_4_weeks
            *,EUR,216756.96,91545.58,0.4223,53.5,25.5,28.0,,5.9,81339.25
            BE,EUR,79472.14,45783.52,0.5761,74.0,17.3,56.7,,-11.5,15151.27
            FR,EUR,137284.82,45762.06,0.3333,48.3,29.5,18.8,,7.1,66187.98

            """)
    }

    @Test("matched, partial and unmatched credits: counted and added up per currency in run.json and the printed summary")
    func matchedPartialUnmatched() throws {
        let box = try PipelineSandbox()
        let result = try box.run("relance", ["run", box.pipeline])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("""
              bank        50 credits: 34 matched, 3 partial, 10 already booked, 3 unmatched
              bank        EUR 123100.57 matched, 7000.00 partial, 2349.40 unmatched

            """), "\(result.stdout)")
        // Amounts with the currency's two digits, never through floating point (1450.0).
        #expect(result.stdout.contains("\n  open        EUR 216756.96 open, 91545.58 overdue\n"), "\(result.stdout)")
        let runJSON = box.text(box.reports() + "/run.json")
        #expect(runJSON.contains("""
                  "already_booked": 10,
                  "matched": 34,
                  "partial": 3,
                  "unmatched": 3,
                  "amounts": [
                    {
                      "currency": "EUR",
                      "matched": "123100.57",
                      "partial": "7000.00",
                      "unmatched": "2349.40"
                    }
                  ],
                  "allocations": 40,
            """), "\(runJSON)")
        #expect(try box.runPipeline().status == 0)
        #expect(box.text(box.reports() + "/run.json") == runJSON)
    }

    @Test("a second run with the same as-of writes nothing new and the same reports, byte for byte")
    func idempotence() throws {
        let box = try PipelineSandbox()
        #expect(try box.runPipeline().status == 0)
        let outbox = box.snapshot(box.outbox)
        let journal = box.text(box.state + "/journal.csv")
        #expect(try box.runPipeline().status == 0)
        #expect(box.snapshot(box.outbox) == outbox)
        #expect(box.text(box.state + "/journal.csv") == journal)
    }

    @Test("a dry run before any real run works on a journal of its own, and leaves the outbox and state untouched")
    func dryRunOnAFreshPipeline() throws {
        let box = try PipelineSandbox()
        let dry = try box.runPipeline(["--dry-run"])
        #expect(dry.status == 0, "stderr: \(dry.stderr)")
        let run = box.work + "/2026-11-20.dry"
        // The dry run's own journal: 5 e-mails sent, 17 actions waiting for approval.
        let events = try box.csvRows(run + "/journal.csv")
        #expect(events.filter { $0["event"] == "sent_to_outbox" }.count == 5)
        #expect(events.filter { $0["event"] == "pending" }.count == 17)
        #expect(box.snapshot(box.outbox).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: box.state + "/journal.csv"))
        // The real run afterwards still has everything to send, and journals what the dry run showed.
        #expect(try box.runPipeline().status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.outbox + "/mail/new").filter { $0.hasSuffix(".eml") }.count == 5)
        #expect(box.text(box.state + "/journal.csv") == box.text(run + "/journal.csv"))
    }

    @Test("relance status lists every pending action with all its documents, whatever the steps of its invoices")
    func statusListsEveryDocument() throws {
        let box = try PipelineSandbox()
        #expect(try box.runPipeline().status == 0)
        let status = try box.run("relance", ["status", box.pipeline])
        #expect(status.status == 0, "\(status.stderr)")
        var documents: [String: Set<String>] = [:], lines: [String: Int] = [:]
        for e in try box.csvRows(box.state + "/journal.csv") where e["event"] == "pending" {
            documents[e["action_id"]!, default: []].formUnion(e["documents"]!.split(separator: ";").map(String.init))
            lines[e["action_id"]!, default: 0] += 1
        }
        #expect(status.stdout.contains("waiting for approval: \(documents.count)\n"))
        // Some actions group invoices at two steps: their journal has two pending lines.
        #expect(lines.values.contains { $0 > 1 })
        for (id, docs) in documents {
            let line = status.stdout.split(separator: "\n").first { $0.hasPrefix("  " + id + "  ") }
            #expect(line?.contains("  " + docs.sorted().joined(separator: ";") + "  ") == true, "\(id): \(line ?? "missing")")
        }
    }

    @Test("a reminder lists the customer's other open items (dunning.md: a short statement beside the invoices claimed)")
    func reminderListsOtherItems() throws {
        let box = try PipelineSandbox()
        #expect(try box.runPipeline().status == 0)
        let action = try #require(try box.csvRows(box.reports() + "/actions.csv").first {
            $0["customer_id"] == "B2008" && $0["step"] == "reminder-1"
        })
        #expect(action["documents"] == "BE-2026-0013")
        let mail = box.text(box.outbox + "/" + action["path"]!)
        let text = String(mail[mail.range(of: "Other open items on your account, for information:")!.lowerBound...])
        // B2008's three invoices not yet due, in due-date order, and not the one claimed.
        for document in ["BE-2026-0065 of 3 November 2026", "BE-2026-0069 of 6 November 2026", "BE-2026-0075 of 12 November 2026"] {
            #expect(text.contains("  - " + document + ", due on "), "\(document)")
        }
        #expect(!text.prefix(400).contains("BE-2026-0013"))
    }

    @Test("a conf error names the file and line and exits 2")
    func confError() throws {
        let box = try PipelineSandbox()
        let conf = box.pipeline + "/pipeline.conf"
        try (box.text(conf) + "\nthis line is wrong\n").write(toFile: conf, atomically: true, encoding: .utf8)
        let result = try box.runPipeline()
        #expect(result.status == 2)
        let lines = box.text(conf).split(separator: "\n", omittingEmptySubsequences: false).count - 1
        #expect(result.stderr.contains("pipeline.conf:\(lines): error:"), "\(result.stderr)")
    }

    @Test("a file missing a required column is rejected whole, naming it; the others go on; the run exits 3")
    func fileRejected() throws {
        let box = try PipelineSandbox()
        try "Code client;Date facture;Montant TTC\nC1001;01/11/2026;120,00\n"
            .write(toFile: box.inbox + "/fr/export-incomplet.csv", atomically: true, encoding: .utf8)
        let result = try box.runPipeline()
        #expect(result.status == 3)
        let rejects = try box.csvRows(box.reports() + "/rejects.csv")
        let reject = try #require(rejects.first { $0["file"] == "fr/export-incomplet.csv" })
        #expect(reject["code"] == "E_MISSING_COLUMN")
        #expect(reject["line"] == "0")
        #expect(reject["message"]!.contains("document"))
        #expect(reject["message"]!.contains("headers found: Code client, Date facture, Montant TTC"))
        // The other files are processed as without the bad one: the demo's 89 open items.
        #expect(try box.csvRows(box.reports() + "/aged-balance.csv").count == 89)
    }

    @Test("relance check reports an inbox problem with exit 3 and writes nothing")
    func check() throws {
        let box = try PipelineSandbox()
        #expect(try box.run("relance", ["check", box.pipeline]).status == 0)
        try "N° facture;Code client;Date facture;Montant TTC\nF1;C1001;31/02/2026;120,00\n"
            .write(toFile: box.inbox + "/fr/mauvaise-date.csv", atomically: true, encoding: .utf8)
        let result = try box.run("relance", ["check", box.pipeline])
        #expect(result.status == 3)
        #expect(result.stdout.contains("fr/mauvaise-date.csv:2: error: `31/02/2026` is not a real date"), "\(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: box.work))
    }

    /// The demo's ground truth, computed by the generator that wrote the inbox.
    func expectedBalances() throws -> [String: (net: String, overdue: String)] {
        let text = try String(contentsOfFile: PipelineSandbox.repository + "/fixtures/demo/EXPECTED.md", encoding: .utf8)
        var out: [String: (String, String)] = [:]
        var inTable = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("## ") { inTable = line.contains("Balances per customer") }
            guard inTable, line.hasPrefix("| FR") || line.hasPrefix("| BE") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            // | entity | customer | name | ledger open | allocated | open after | unapplied | net balance | overdue after |
            out[cells[1] + "/" + cells[2]] = (machine(cells[8]), machine(cells[9]))
        }
        return out
    }

    /// `1 234,56` → `1234.56`.
    func machine(_ french: String) -> String {
        french.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{00A0}", with: "").replacingOccurrences(of: ",", with: ".")
    }

    func cents(_ s: String) -> Int64 {
        guard case .success(let p) = AmountParser.parse(s, minorDigits: 2, convention: .point) else { return .min }
        return p.minorUnits
    }

    @Test("approving an action whose pending file has gone refuses it, names where the file is, journals nothing; reject then records it")
    func approveMissingFile() throws {
        let box = try PipelineSandbox()
        #expect(try box.runPipeline().status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: box.outbox + "/pending/mail").filter { $0.hasSuffix(".eml") }.sorted()
        let gone = try #require(names.first), kept = try #require(names.last)
        let id = String(gone.dropLast(4)), other = String(kept.dropLast(4))
        // An interrupted reject: the file already in withdrawn/, the journal still saying pending.
        try FileManager.default.createDirectory(atPath: box.outbox + "/withdrawn", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: box.outbox + "/pending/mail/" + gone, toPath: box.outbox + "/withdrawn/" + gone)

        let approved = try box.run("relance", ["approve", box.pipeline, id, other])
        #expect(approved.status == 1, "stderr: \(approved.stderr)")
        #expect(approved.stderr.contains("release action \(id) (its file is not there, but in withdrawn/\(gone)"), "\(approved.stderr)")
        #expect(approved.stdout.contains("approved: 1 action(s)"))
        let journal = try box.csvRows(box.state + "/journal.csv")
        #expect(!journal.contains { $0["action_id"] == id && ($0["event"] == "approved" || $0["event"] == "sent_to_outbox") })
        #expect(journal.contains { $0["action_id"] == other && $0["event"] == "sent_to_outbox" })
        #expect(FileManager.default.fileExists(atPath: box.outbox + "/mail/new/" + kept))

        #expect(try box.run("relance", ["reject", box.pipeline, id]).status == 0)
        let after = try box.csvRows(box.state + "/journal.csv")
        #expect(after.contains { $0["action_id"] == id && $0["event"] == "rejected" && $0["path"] == "withdrawn/" + gone })
    }
}
