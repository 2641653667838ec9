import Foundation
import Testing
@testable import RelanceKit

@Suite("Journal")
struct JournalTests {
    static let day1 = CivilDate(year: 2026, month: 11, day: 2)!
    static let day2 = CivilDate(year: 2026, month: 11, day: 10)!
    static let day3 = CivilDate(year: 2026, month: 11, day: 20)!

    static func temporaryJournal() throws -> (directory: URL, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relance-journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (directory, directory.appendingPathComponent("journal.csv").path)
    }

    static func event(_ at: CivilDate, _ id: String, _ kind: JournalEvent.Kind, step: String, documents: [String],
                      customer: String = "C1", note: String = "") -> JournalEvent {
        JournalEvent(at: at, actionID: id, event: kind, entity: "FR", customerID: customer, step: step, channel: "email",
                     documents: documents, amount: "120.00", path: "mail/new/\(id).eml", note: note)
    }

    static let events: [JournalEvent] = [
        // F1: preventive sent on day 1.
        event(day1, "a00000000001", .rendered, step: "preventive", documents: ["F1"]),
        event(day1, "a00000000001", .sentToOutbox, step: "preventive", documents: ["F1"]),
        // F2: preventive skipped on day 2; reminder-1 pending on day 2, approved on day 3.
        event(day2, "a00000000002", .skipped, step: "preventive", documents: ["F2"]),
        event(day2, "a00000000003", .rendered, step: "reminder-1", documents: ["F1", "F2"]),
        event(day2, "a00000000003", .pending, step: "reminder-1", documents: ["F1", "F2"]),
        event(day3, "a00000000003", .approved, step: "reminder-1", documents: ["F1", "F2"]),
        event(day3, "a00000000003", .sentToOutbox, step: "reminder-1", documents: ["F1", "F2"]),
        // F3: reminder-1 pending (still waiting); F4: pending then withdrawn; F5: held back; F6: rejected.
        event(day3, "a00000000004", .rendered, step: "reminder-1", documents: ["F3"]),
        event(day3, "a00000000004", .pending, step: "reminder-1", documents: ["F3"]),
        event(day2, "a00000000005", .pending, step: "reminder-2", documents: ["F4"]),
        event(day3, "a00000000005", .withdrawn, step: "reminder-2", documents: ["F4"], note: "F4 paid, \"partly\""),
        event(day3, "a00000000006", .heldBack, step: "reminder-1", documents: ["F5"], note: "credits cover the claim"),
        event(day2, "a00000000007", .pending, step: "reminder-2", documents: ["F6"]),
        event(day3, "a00000000007", .rejected, step: "reminder-2", documents: ["F6"]),
    ]

    static func key(_ d: String) -> DocumentKey { DocumentKey(entity: "FR", document: d) }

    @Test("events survive a re-open, with the header written once")
    func roundTrip() throws {
        let (directory, path) = try Self.temporaryJournal()
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Journal(path: path)
        #expect(journal.events.isEmpty)
        try journal.append(Array(Self.events.prefix(5)))
        journal.close()
        let second = try Journal(path: path)
        try second.append(Array(Self.events.dropFirst(5)))
        second.close()
        let reopened = try Journal(path: path)
        #expect(reopened.events == Self.events)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("at,action_id,event,entity,customer_id,step,channel,documents,amount,path,note\n"))
        #expect(text.components(separatedBy: "at,action_id,").count == 2)
        #expect(text.contains("2026-11-10,a00000000003,pending,FR,C1,reminder-1,email,F1;F2,120.00,mail/new/a00000000003.eml,\n"))
        #expect(text.hasSuffix("\n"))
    }

    @Test("documentHistory: done, pending, skipped and last contact per document")
    func history() throws {
        let (directory, path) = try Self.temporaryJournal()
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Journal(path: path)
        try journal.append(Self.events)
        journal.close()
        let h = try Journal(path: path).documentHistory()

        let f1 = try #require(h[Self.key("F1")])
        #expect(f1.done == ["preventive": Self.day1, "reminder-1": Self.day3])
        #expect(f1.pending == [:])
        #expect(f1.skipped == [])
        #expect(f1.lastContact == Self.day3)

        let f2 = try #require(h[Self.key("F2")])
        #expect(f2.done == ["preventive": Self.day2, "reminder-1": Self.day3])
        #expect(f2.skipped == ["preventive"])
        #expect(f2.pending == [:])
        #expect(f2.lastContact == Self.day3)

        let f3 = try #require(h[Self.key("F3")])
        #expect(f3.done == [:])
        #expect(f3.pending == ["reminder-1": "a00000000004"])
        #expect(f3.lastContact == nil)

        let f4 = try #require(h[Self.key("F4")])
        #expect(f4.done == [:])
        #expect(f4.pending == [:])
        #expect(f4.lastContact == nil)

        let f5 = try #require(h[Self.key("F5")])
        #expect(f5.done == [:])
        #expect(f5.pending == [:])

        let f6 = try #require(h[Self.key("F6")])
        #expect(f6.done == ["reminder-2": Self.day3])
        #expect(f6.pending == [:])

        #expect(h[Self.key("F7")] == nil)
        #expect(h[DocumentKey(entity: "BE", document: "F1")] == nil)
    }

    @Test("a skipped step alone is not a contact")
    func skippedIsNoContact() throws {
        let (directory, path) = try Self.temporaryJournal()
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Journal(path: path)
        try journal.append([Self.event(Self.day2, "a00000000002", .skipped, step: "preventive", documents: ["F2"])])
        let s = try #require(journal.documentHistory()[Self.key("F2")])
        #expect(s.done == ["preventive": Self.day2])
        #expect(s.skipped == ["preventive"])
        #expect(s.lastContact == nil)
    }

    @Test("a torn last line is cut off on open, and the next append starts on a fresh line")
    func tornTail() throws {
        let (directory, path) = try Self.temporaryJournal()
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Journal(path: path)
        try journal.append(Array(Self.events.prefix(3)))
        journal.close()
        let intact = try Data(contentsOf: URL(fileURLWithPath: path))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("2026-11-20,a0000000".utf8))
        try handle.close()

        let repaired = try Journal(path: path)
        #expect(repaired.events == Array(Self.events.prefix(3)))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == intact)
        try repaired.append([Self.events[3]])
        repaired.close()
        #expect(try Journal(path: path).events == Array(Self.events.prefix(4)))
    }

    @Test("renderedActionIDs and contains")
    func renderedAndContains() throws {
        let (directory, path) = try Self.temporaryJournal()
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Journal(path: path)
        try journal.append(Self.events)
        #expect(journal.renderedActionIDs == ["a00000000001", "a00000000003", "a00000000004"])
        #expect(journal.contains(at: Self.day3, actionID: "a00000000003", event: .approved, step: "reminder-1"))
        #expect(!journal.contains(at: Self.day2, actionID: "a00000000003", event: .approved, step: "reminder-1"))
        #expect(!journal.contains(at: Self.day3, actionID: "a00000000003", event: .rejected, step: "reminder-1"))
        #expect(!journal.contains(at: Self.day3, actionID: "a00000000003", event: .approved, step: "reminder-2"))
        #expect(!journal.contains(at: Self.day3, actionID: "a00000000009", event: .approved, step: "reminder-1"))
        journal.close()
        let reopened = try Journal(path: path)
        #expect(reopened.renderedActionIDs == ["a00000000001", "a00000000003", "a00000000004"])
        #expect(reopened.contains(at: Self.day1, actionID: "a00000000001", event: .sentToOutbox, step: "preventive"))
    }

    @Test("text cells starting like a formula are guarded in the file (machine CSV) and read back as they were")
    func formulaGuard() throws {
        let (directory, path) = try Self.temporaryJournal()
        defer { try? FileManager.default.removeItem(at: directory) }
        let e = JournalEvent(at: Self.day1, actionID: "a00000000009", event: .sentToOutbox, entity: "FR", customerID: "+33C1",
                             step: "call", channel: "call", documents: ["=T-0004", "@X", "-7"], amount: "-12.00",
                             path: "calls/2026-11-02-calls.csv", note: "=HYPERLINK(\"x\")")
        let journal = try Journal(path: path)
        try journal.append([e])
        journal.close()
        let text = String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self)
        #expect(text.hasSuffix("\n2026-11-02,a00000000009,sent_to_outbox,FR,'+33C1,call,call,'=T-0004;@X;-7,-12.00,calls/2026-11-02-calls.csv,\"'=HYPERLINK(\"\"x\"\")\"\n"))
        #expect(try Journal(path: path).events == [e])
        #expect(CSVWriter.unguarded("'x") == "'x")
        #expect(CSVWriter.unguarded("'") == "'")
    }

    @Test("an absent file is an empty journal, and nothing is created until an append")
    func absent() throws {
        let (directory, path) = try Self.temporaryJournal()
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = try Journal(path: path)
        #expect(journal.events.isEmpty)
        #expect(journal.documentHistory().isEmpty)
        #expect(journal.renderedActionIDs.isEmpty)
        try journal.append([])
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
