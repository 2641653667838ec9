/// `STATE/runs.csv`: the as-of dates of completed runs, so that a run for an earlier date is refused
/// unless `--replay` is given (spec README, Commands).
public struct RunHistory: Sendable {
    public struct Entry: Sendable, Equatable {
        public var asOf: CivilDate
        public var exitStatus: Int32
    }
    public var entries: [Entry] = []
    public let path: String

    public init(state: String) {
        path = state + "/runs.csv"
        guard let r = try? StageFileReader(path: path), let c = try? r.columns(["as_of", "exit_status"]) else { return }
        while (try? r.next()) == true {
            if let d = r.optionalDate(c[0]) { entries.append(Entry(asOf: d, exitStatus: Int32(r.text(c[1])) ?? 0)) }
        }
    }

    /// The latest as-of recorded.
    public var latest: CivilDate? { entries.map(\.asOf).max() }

    /// Records a run (one line per as-of, the latest status kept), rewritten atomically.
    public mutating func record(_ asOf: CivilDate, status: ExitStatus) throws(StoreError) {
        entries.removeAll { $0.asOf == asOf }
        entries.append(Entry(asOf: asOf, exitStatus: status.rawValue))
        entries.sort { $0.asOf < $1.asOf }
        var w = try StageFileWriter(columns: ["as_of", "exit_status"], path: path)
        for e in entries { w.row([e.asOf.iso, String(e.exitStatus)]) }
        try w.commit()
    }
}
