import Foundation

/// A test hook for crash safety: with `RELANCE_CRASH_AFTER_WRITES=N` in its environment, a process
/// kills itself with SIGKILL right after its N-th durable step (a file written, a rename, a journal
/// batch synced). `RELANCE_CRASH_STAGE=render` limits this to one stage's executable. The end-to-end
/// tests use it to prove that a run killed at any point and started again ends as if never killed.
/// Without the variable, it costs one comparison per write.
enum CrashPoint {
    private static let limit: Int? = {
        let env = ProcessInfo.processInfo.environment
        guard let text = env["RELANCE_CRASH_AFTER_WRITES"], let n = Int(text), n > 0 else { return nil }
        if let stage = env["RELANCE_CRASH_STAGE"] {
            let executable = (CommandLine.arguments.first.map { ($0 as NSString).lastPathComponent }) ?? ""
            guard executable == "relance-" + stage else { return nil }
        }
        return n
    }()

    nonisolated(unsafe) private static var count = 0

    /// Called after each durable step.
    static func passed() {
        guard let limit else { return }
        count += 1
        if count >= limit { kill(getpid(), SIGKILL) }
    }
}
