import Foundation

/// The short summary `relance run` prints: files read, rows rejected, payments matched, amounts open
/// and overdue, actions sent and pending, where things are.
struct RunSummary {
    let ctx: RunContext

    func text() -> String {
        func object(_ s: Stage) -> [String: Any] {
            guard let data = FileManager.default.contents(atPath: ctx.stageDirectory(s) + "/stage.json"),
                  let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
            return obj
        }
        func stage(_ s: Stage) -> (fields: [String: String], object: [String: Any]) {
            let obj = object(s)
            return (obj.mapValues { "\($0)" }, obj)
        }
        let ingest = stage(.ingest).fields, (reconcile, reconcileObject) = stage(.reconcile)
        let plan = stage(.plan).fields, render = stage(.render).fields
        var lines: [String] = []
        lines.append("Relance — \(ctx.config.name), as of \(ctx.asOf.iso)\(ctx.dryRun ? " (dry run)" : "")")
        lines.append("  inputs      \(ingest["files_read"] ?? "0") files read, \(ingest["files_rejected"] ?? "0") rejected whole; \(ingest["rows_read"] ?? "0") rows, \(ingest["rows_rejected"] ?? "0") rejected, \(ingest["warnings"] ?? "0") warnings")
        lines.append("  bank        \(reconcile["bank_credits"] ?? "0") credits: \(reconcile["matched"] ?? "0") matched, \(reconcile["partial"] ?? "0") partial, \(reconcile["already_booked"] ?? "0") already booked, \(reconcile["unmatched"] ?? "0") unmatched")
        // The amounts are JSON strings (`MatchTally.amountsJSON`): printed with their digits as written.
        for a in reconcileObject["amounts"] as? [[String: Any]] ?? [] {
            lines.append("  bank        \(a["currency"] ?? "") \(a["matched"] ?? "") matched, \(a["partial"] ?? "") partial, \(a["unmatched"] ?? "") unmatched")
        }
        // The pipeline's totals per currency: the `*` rows of kpis.csv, as the dashboard reads them
        // (JSONSerialization would read run.json's amounts as floating point: 1450.0).
        do {
            for h in try DashboardData.headlines(DashboardCSV(ctx.reportsDirectory + "/kpis.csv")) {
                lines.append("  open        \(h.currency.code) \(h.open.machineString) open, \(h.overdue.machineString) overdue")
            }
        } catch {
            Diagnostics.warning("the summary has no open totals: \(error)")
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
