import Testing
@testable import RelanceKit
import RelanceTestSupport

/// Runs the ingest stage's reading on a temporary inbox (as of 2026-11-20) and removes the folder.
func ingestInbox(entities: [InboxBuilder.Entity] = [InboxBuilder.Entity("FR")],
                 pipeline: KeyValuePairs<String, String> = [:],
                 files: [InboxBuilder.File], asOf: String = "2026-11-20") throws -> IngestedInbox {
    let box = try InboxBuilder(entities: entities, pipeline: pipeline, files: files)
    defer { box.remove() }
    let config = try box.loadConfig()
    return try IngestStage.read(RunContext(config: config, asOf: CivilDate(iso: asOf)!))
}

/// A reject as asserted: code, file, line, column header.
struct IngestRejectKey: Equatable, CustomStringConvertible {
    let code: String
    let file: String
    let line: Int
    let column: String
    var description: String { "\(code) \(file):\(line) [\(column)]" }

    init(_ code: String, _ file: String, _ line: Int, _ column: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
    }

    init(_ r: Reject) {
        self.init(r.code, r.file, r.line, r.column)
    }
}

func ingestDocument(_ inbox: IngestedInbox, _ document: String, entity: String = "FR",
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> OpenItem {
    try #require(inbox.documents.first { $0.entity == entity && $0.document == document },
                 "document \(document) not read", sourceLocation: sourceLocation)
}
