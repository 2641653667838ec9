extension Reject: StageRecord {
    /// The columns of `rejects.csv` (`outputs.md`).
    static let stageColumns = ["file", "line", "column", "severity", "code", "message", "raw"]

    var stageCells: [String] { [file, String(line), column, severity.rawValue, code, message, raw] }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        self.init(file: r.text(c[0]), line: try r.int(c[1]), column: r.text(c[2]),
                  severity: Severity(rawValue: r.text(c[3])) ?? .error, code: r.text(c[4]), message: r.text(c[5]),
                  raw: r.text(c[6]))
    }
}
