/// The six stages of a nightly run, in order. Each is its own executable and writes its own
/// folder `WORK/AS_OF/NN-name/` (spec README, "Stages").
public enum Stage: Int, Sendable, CaseIterable, Comparable {
    case ingest = 1, reconcile, age, plan, render, report

    /// The stage's short name: `ingest`, `reconcile`…
    public var name: String {
        switch self {
        case .ingest: "ingest"
        case .reconcile: "reconcile"
        case .age: "age"
        case .plan: "plan"
        case .render: "render"
        case .report: "report"
        }
    }

    /// The executable that runs this stage, found next to `relance`.
    public var executableName: String { "relance-" + name }

    /// The stage's folder name inside a run folder, e.g. `03-age`.
    public var folderName: String { (rawValue < 10 ? "0" : "") + String(rawValue) + "-" + name }

    public static func < (a: Stage, b: Stage) -> Bool { a.rawValue < b.rawValue }
}
