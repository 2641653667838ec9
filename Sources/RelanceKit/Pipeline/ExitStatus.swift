/// The exit status of every Relance command (spec README, "Exit status").
public enum ExitStatus: Int32, Sendable, Comparable {
    /// Done; rejected rows (not whole files) are reported, not failures.
    case ok = 0
    /// The stage could not produce its output; nothing half-written remains.
    case failed = 1
    /// Usage or configuration error (conf, plans, templates).
    case usage = 2
    /// Done, but at least one input file was rejected whole.
    case fileRejected = 3
    /// Another run holds the pipeline's lock; nothing was changed.
    case locked = 4

    /// How serious a status is when several stages report one: `relance run` ends with the worst.
    var severity: Int {
        switch self {
        case .ok: 0
        case .fileRejected: 1
        case .failed: 3
        case .usage: 2
        case .locked: 4
        }
    }

    public static func < (a: ExitStatus, b: ExitStatus) -> Bool { a.severity < b.severity }
}
