extension ManifestEntry: StageRecord {
    static let stageColumns = ["file", "size", "sha256", "modified", "kind", "encoding", "delimiter", "entity",
                               "rows_read", "rows_rejected", "status", "duplicates"]
    static var laterStageColumns: Set<String> { ["duplicates"] }

    var stageCells: [String] {
        [file, String(size), sha256, modified, kind.rawValue, encoding, delimiter, entity, String(rowsRead),
         String(rowsRejected), status, String(duplicates)]
    }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        self.init(file: r.text(c[0]), size: Int64(try r.int(c[1])), sha256: r.text(c[2]), modified: r.text(c[3]),
                  kind: InputKind(rawValue: r.text(c[4])) ?? .unknown, encoding: r.text(c[5]), delimiter: r.text(c[6]),
                  entity: r.text(c[7]), rowsRead: try r.int(c[8]), rowsRejected: try r.int(c[9]), status: r.text(c[10]))
        duplicates = Int(r.text(c[11])) ?? 0
    }
}
