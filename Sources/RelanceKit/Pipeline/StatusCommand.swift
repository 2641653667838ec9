import Foundation

/// `relance status PIPELINE`: what the last run did, what waits for approval, what the mail relay
/// has not taken yet.
enum StatusCommand {
    static func main(_ arguments: [String]) -> Int32 {
        let options: RunOptions
        switch RunOptions.parse(arguments, pipelineFlag: false) {
        case .help: print(RelanceCommand.usage); return ExitStatus.ok.rawValue
        case .failure(let m): Diagnostics.error(m); return ExitStatus.usage.rawValue
        case .success(let o): options = o
        }
        guard let config = PipelineConfig.loadReportingProblems(options.pipeline) else { return ExitStatus.usage.rawValue }
        let history = RunHistory(state: config.state)
        guard let last = history.entries.last else {
            print("\(config.name): no run yet")
            return ExitStatus.ok.rawValue
        }
        print("\(config.name): last run as of \(last.asOf.iso), exit status \(last.exitStatus)")
        print(RunSummary(ctx: RunContext(config: config, asOf: last.asOf, quiet: true)).text())
        let journal: Journal
        do {
            journal = try Journal(path: config.journalPath)
        } catch {
            Diagnostics.error("\(error)")
            return ExitStatus.failed.rawValue
        }
        // The journal has a line per action and step: an action grouping invoices at different steps
        // waits on several lines, whose documents and steps are all shown.
        // Those `relance approve` would act on.
        let pending = Approvals.pending(in: journal)
        print("waiting for approval: \(pending.count)")
        for (id, lines) in pending.sorted(by: { $0.key < $1.key }) {
            let e = lines[0]
            var steps: [String] = []
            for l in lines where !steps.contains(l.step) { steps.append(l.step) }
            let documents = Set(lines.flatMap(\.documents)).sorted().joined(separator: ";")
            print("  \(id)  \(e.entity)/\(e.customerID)  \(steps.joined(separator: "+"))  \(documents)  \(e.path)  (since \(e.at.iso))")
        }
        let waiting = ((try? FileManager.default.contentsOfDirectory(atPath: config.outbox + "/" + Outbox.mailNew)) ?? [])
            .filter { !$0.hasPrefix(".") }
        print("not yet taken by the mail relay (\(Outbox.mailNew)): \(waiting.count)")
        return ExitStatus.ok.rawValue
    }
}
