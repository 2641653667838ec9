import Foundation
import RelanceKit
import RelanceTestSupport
import Testing

/// Sixty days of the demo (issue 6): the as-of advances a day at a time, a person approves every
/// pending action each day, payments arrive from a script, a relay takes the sent e-mails on some
/// days. The journal must show no step sent twice, spacing always respected, and the outbox plus
/// what the relay took must be exactly the journal's e-mails.
@Suite("Sixty days of dunning", .serialized)
struct SimulationTests {
    @Test("no step twice, spacing respected, every e-mail accounted for")
    func sixtyDays() throws {
        let box = try PipelineSandbox()
        let start = CivilDate(iso: "2026-11-20")!
        var taken: Set<String> = []
        var paid: Set<String> = []
        for day in 0..<60 {
            let asOf = start.adding(days: day)
            if day > 0 && day % 10 == 0 { try pay(box, asOf: asOf, count: 3, paid: &paid) }
            let run = try box.runPipeline(["--as-of", asOf.iso])
            #expect(run.status == 0, "day \(day): \(run.stderr)")
            let approve = try box.run("relance", ["approve", box.pipeline, "--all", "--as-of", asOf.iso])
            #expect(approve.status == 0, "day \(day): \(approve.stderr)")
            // The relay takes the sent e-mails every third day.
            if day % 3 == 2 {
                let folder = box.outbox + "/mail/new"
                for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
                    taken.insert("mail/new/" + name)
                    try FileManager.default.removeItem(atPath: folder + "/" + name)
                }
            }
        }
        let events = try Journal(path: box.state + "/journal.csv").events
        #expect(events.count > 100)
        #expect(paid.count == 15)

        // No step sent twice for an invoice.
        var sent: [String: Int] = [:]
        for e in events where e.event == .sentToOutbox {
            for d in e.documents { sent[e.entity + "/" + d + "/" + e.step, default: 0] += 1 }
        }
        #expect(sent.values.allSatisfy { $0 == 1 }, "\(sent.filter { $0.value > 1 })")

        // Spacing: consecutive steps actually done (sent, approved or rejected) at least 5 days apart.
        var doneDates: [String: [CivilDate]] = [:]
        for e in events where (e.event == .sentToOutbox || e.event == .rejected || e.event == .pending) && e.step != "thank_you" {
            for d in e.documents { doneDates[e.entity + "/" + d, default: []].append(e.at) }
        }
        var checkedPairs = 0
        for (doc, dates) in doneDates {
            let distinct = Array(Set(dates)).sorted()
            for (a, b) in zip(distinct, distinct.dropFirst()) {
                #expect(b - a >= 5, "\(doc): steps on \(a.iso) and \(b.iso)")
                checkedPairs += 1
            }
        }
        #expect(checkedPairs > 20)

        // Reminders climb one at a time: reminder-2 never before reminder-1, reminder-3 never before reminder-2.
        var stepsOf: [String: [String: CivilDate]] = [:]
        for e in events where e.event == .pending || e.event == .sentToOutbox {
            for d in e.documents where stepsOf[e.entity + "/" + d]?[e.step] == nil { stepsOf[e.entity + "/" + d, default: [:]][e.step] = e.at }
        }
        for (doc, steps) in stepsOf {
            if let r2 = steps["reminder-2"] { #expect(steps["reminder-1"].map { $0 < r2 } ?? false, "\(doc)") }
            if let r3 = steps["reminder-3"] { #expect(steps["reminder-2"].map { $0 < r3 } ?? false, "\(doc)") }
            if let notice = steps["formal-notice"] { #expect(steps["reminder-2"].map { $0 < notice } ?? false, "\(doc)") }
        }

        // The outbox plus what the relay took are exactly the e-mails the journal sent.
        // Customer e-mails and the collector's daily digest.
        let journaled = Set(events.filter { $0.event == .sentToOutbox && ($0.channel == "email" || $0.channel == "internal") }.map(\.path))
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: box.outbox + "/mail/new").map { "mail/new/" + $0 })
        #expect(present.union(taken) == journaled)
        #expect(present.isDisjoint(with: taken))
        // Payments withdrew nothing unexpectedly and thanked the customers whose reminded invoices were paid.
        #expect(events.contains { $0.step == "thank_you" && $0.event == .sentToOutbox })
    }

    /// Pays in full, by a bank line quoting its number, the `count` open invoices with the most advanced reminders.
    func pay(_ box: PipelineSandbox, asOf: CivilDate, count: Int, paid: inout Set<String>) throws {
        let yesterday = asOf.adding(days: -1)
        let aged = try box.csvRows(box.reports(yesterday.iso) + "/aged-balance.csv")
        let candidates = aged.filter {
            $0["entity"] == "FR" && $0["kind"] == "invoice" && $0["status"] == "open" && !($0["last_step"] ?? "").isEmpty
                && !paid.contains($0["document"]!)
        }.sorted { ($0["last_step"]!, $0["document"]!) > ($1["last_step"]!, $1["document"]!) }
        var lines = "Date opération;Date valeur;Libellé;Débit;Crédit\r\n"
        for row in candidates.prefix(count) {
            let amount = row["open_amount"]!.replacingOccurrences(of: ".", with: ",")
            let date = String(format: "%02d/%02d/%04d", yesterday.day, yesterday.month, yesterday.year)
            lines += "\(date);\(date);VIR SEPA RECU /DE CLIENT /MOTIF FACTURE \(row["document"]!);;\(amount)\r\n"
            paid.insert(row["document"]!)
        }
        try lines.write(toFile: box.inbox + "/fr/banque/sim-\(asOf.iso).csv", atomically: true, encoding: .utf8)
    }
}
