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
        var pending: [String: JournalEvent] = [:]
        for e in journal.events {
            switch e.event {
            case .pending: pending[e.actionID] = e
            case .approved, .rejected, .withdrawn: pending[e.actionID] = nil
            default: break
            }
        }
        print("waiting for approval: \(pending.count)")
        for (id, e) in pending.sorted(by: { $0.key < $1.key }) {
            print("  \(id)  \(e.entity)/\(e.customerID)  \(e.step)  \(e.documents.joined(separator: ";"))  \(e.path)  (since \(e.at.iso))")
        }
        let waiting = ((try? FileManager.default.contentsOfDirectory(atPath: config.outbox + "/" + Outbox.mailNew)) ?? [])
            .filter { !$0.hasPrefix(".") }
        print("not yet taken by the mail relay (\(Outbox.mailNew)): \(waiting.count)")
        return ExitStatus.ok.rawValue
    }
}
