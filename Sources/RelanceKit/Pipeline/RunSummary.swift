import Foundation

/// The short summary `relance run` prints: files read, rows rejected, payments matched, amounts open
/// and overdue, actions sent and pending, where things are.
struct RunSummary {
    let ctx: RunContext

    func text() -> String {
        func stage(_ s: Stage) -> [String: String] {
            let path = ctx.stageDirectory(s) + "/stage.json"
            guard let data = FileManager.default.contents(atPath: path),
                  let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
            var out: [String: String] = [:]
            for (k, v) in obj { out[k] = "\(v)" }
            return out
        }
        let ingest = stage(.ingest), reconcile = stage(.reconcile), plan = stage(.plan), render = stage(.render)
        var lines: [String] = []
        lines.append("Relance — \(ctx.config.name), as of \(ctx.asOf.iso)\(ctx.dryRun ? " (dry run)" : "")")
        lines.append("  inputs      \(ingest["files_read"] ?? "0") files read, \(ingest["files_rejected"] ?? "0") rejected whole; \(ingest["rows_read"] ?? "0") rows, \(ingest["rows_rejected"] ?? "0") rejected, \(ingest["warnings"] ?? "0") warnings")
        lines.append("  bank        \(reconcile["bank_credits"] ?? "0") credits: \(reconcile["matched"] ?? "0") matched, \(reconcile["partial"] ?? "0") partial, \(reconcile["already_booked"] ?? "0") already booked, \(reconcile["unmatched"] ?? "0") unmatched")
        if let data = FileManager.default.contents(atPath: ctx.stageDirectory(.reconcile) + "/stage.json"),
           let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let amounts = obj["amounts"] as? [[String: Any]] {
            for a in amounts {
                lines.append("  bank        \(a["currency"] ?? "") \(a["matched"] ?? "") matched, \(a["partial"] ?? "") partial, \(a["unmatched"] ?? "") unmatched")
            }
        }
        // The pipeline's totals per currency: the `*` rows of kpis.csv, whose amounts are text with the
        // currency's digits (JSONSerialization would read run.json's amounts as floating point: 1450.0).
        if let reader = try? CSVReader(contentsOf: ctx.reportsDirectory + "/kpis.csv") {
            var row = CSVRow()
            if (try? reader.next(into: &row)) == true {
                let header = row.strings()
                let column = { (name: String) in header.firstIndex(of: name) ?? -1 }
                let (entity, currency, open, overdue) = (column("entity"), column("currency"), column("open_total"), column("overdue_total"))
                while (try? reader.next(into: &row)) == true {
                    let cells = row.strings()
                    guard entity >= 0, entity < cells.count, cells[entity] == "*", [currency, open, overdue].allSatisfy({ $0 >= 0 && $0 < cells.count }) else { continue }
                    lines.append("  open        \(cells[currency]) \(cells[open]) open, \(cells[overdue]) overdue")
                }
            }
        }
        lines.append("  dunning     \(plan["actions"] ?? "0") actions planned; \(render["emails_sent"] ?? "0") e-mails to the outbox, \(render["pending"] ?? "0") pending approval, \(render["calls"] ?? "0") calls, \(render["held_back"] ?? "0") held back")
        if (reconcile["entities_without_cutoff"] ?? "").contains(where: { $0.isLetter }) {
            lines.append("  warning     entities without a bank cut-off (bank_booked_until): every bank line counts as new")
        }
        lines.append("  outbox      \(ctx.outbox)")
        lines.append("  reports     \(ctx.reportsDirectory)")
        return lines.joined(separator: "\n")
    }
}
