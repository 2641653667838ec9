import Foundation
import RelanceKit
import RelanceTestSupport
import Testing

/// Crash safety and the lock (spec README, invariant 3; exit status 4).
@Suite("Crashes and the lock", .serialized)
struct CrashAndLockTests {
    @Test("a stage killed half-way leaves no half-written stage folder, and the next run completes")
    func killedIngest() throws {
        let box = try PipelineSandbox()
        // The ingest stage writes its files one by one into a temporary folder: kill it after the third.
        let killed = try box.run("relance-ingest", ["--pipeline", box.pipeline], environment: ["RELANCE_CRASH_AFTER_WRITES": "3"])
        #expect(killed.signaled)
        let run = box.work + "/2026-11-20"
        let entries = try FileManager.default.contentsOfDirectory(atPath: run)
        #expect(!entries.contains("01-ingest"))
        #expect(entries.contains { $0.hasPrefix(".01-ingest.tmp-") })
        #expect(try box.runPipeline().status == 0)
        let after = try FileManager.default.contentsOfDirectory(atPath: run)
        #expect(after.contains("01-ingest"))
        #expect(!after.contains { $0.hasPrefix(".") })
    }

    @Test("render killed at each durable step, then re-run: the same outbox, journal and reports as an uninterrupted run",
          arguments: [1, 2, 3, 6, 10, 20, 21, 22, 23, 24])
    func killedRender(after writes: Int) throws {
        let reference = try PipelineSandbox()
        #expect(try reference.runPipeline().status == 0)
        let box = try PipelineSandbox()
        let killed = try box.runPipeline(environment: ["RELANCE_CRASH_AFTER_WRITES": String(writes), "RELANCE_CRASH_STAGE": "render"])
        #expect(killed.status != 0)
        #expect(try box.runPipeline().status == 0)
        #expect(box.snapshot(box.outbox) == reference.snapshot(reference.outbox))
        #expect(box.text(box.state + "/journal.csv") == reference.text(reference.state + "/journal.csv"))
    }

    @Test("report killed at its durable steps (reports written, linked into the reports folder, the state's files linked), then re-run: the same outbox and state as an uninterrupted run",
          arguments: [1, 9, 15, 22, 28, 31])
    func killedReport(after writes: Int) throws {
        let reference = try PipelineSandbox()
        #expect(try reference.runPipeline().status == 0)
        let box = try PipelineSandbox()
        let killed = try box.runPipeline(environment: ["RELANCE_CRASH_AFTER_WRITES": String(writes), "RELANCE_CRASH_STAGE": "report"])
        #expect(killed.status != 0)
        #expect(try box.runPipeline().status == 0)
        #expect(box.snapshot(box.outbox) == reference.snapshot(reference.outbox))
        // A temporary name left by the kill (a dot-file, which no reader takes) aside, the state is the same.
        let state = { (b: PipelineSandbox) in b.snapshot(b.state).filter { !$0.key.hasPrefix(".") } }
        #expect(state(box) == state(reference))
        #expect(state(box).keys.contains("sales.csv") && state(box).keys.contains("month-ends.csv"))
    }

    @Test("render in batches of 3 e-mails killed between and inside batches, then re-run: the same outbox and journal as an uninterrupted run",
          arguments: [4, 9, 13, 17, 26, 31, 40, 47, 55, 62, 66])
    func killedRenderInBatches(after writes: Int) throws {
        let batches = ["RELANCE_RENDER_BATCH": "3"]
        let reference = try PipelineSandbox()
        #expect(try reference.runPipeline(environment: batches).status == 0)
        let box = try PipelineSandbox()
        let killed = try box.runPipeline(environment: batches.merging(["RELANCE_CRASH_AFTER_WRITES": String(writes),
                                                                       "RELANCE_CRASH_STAGE": "render"]) { $1 })
        #expect(killed.status != 0)
        #expect(try box.runPipeline(environment: batches).status == 0)
        #expect(box.snapshot(box.outbox) == reference.snapshot(reference.outbox))
        #expect(box.text(box.state + "/journal.csv") == reference.text(reference.state + "/journal.csv"))
    }

    @Test("the batch size changes the order of the journal's lines, never the e-mails or the lines themselves")
    func batchSizeKeepsMessages() throws {
        let whole = try PipelineSandbox()
        #expect(try whole.runPipeline().status == 0)
        let small = try PipelineSandbox()
        #expect(try small.runPipeline(environment: ["RELANCE_RENDER_BATCH": "3", "RELANCE_RENDER_THREADS": "1"]).status == 0)
        #expect(small.snapshot(small.outbox) == whole.snapshot(whole.outbox))
        let lines = { (box: PipelineSandbox) in box.text(box.state + "/journal.csv").split(separator: "\n").sorted() }
        #expect(lines(small) == lines(whole))
        #expect(small.text(small.state + "/journal.csv") != whole.text(whole.state + "/journal.csv"))
    }

    @Test("a run while another holds the lock exits 4 and changes nothing; a stale lock is recovered")
    func lock() throws {
        let box = try PipelineSandbox()
        try FileManager.default.createDirectory(atPath: box.state, withIntermediateDirectories: true)
        let held = try PipelineLock.acquire(path: box.state + "/lock")
        let result = try box.runPipeline()
        #expect(result.status == 4)
        #expect(!FileManager.default.fileExists(atPath: box.work))
        #expect(!FileManager.default.fileExists(atPath: box.outbox + "/mail"))
        held.release()
        // A lock file left by a process that died names a pid that no longer exists.
        try "999999\n".write(toFile: box.state + "/lock", atomically: true, encoding: .utf8)
        #expect(try box.runPipeline().status == 0)
    }

    @Test("an as-of earlier than the last run is refused with exit 2 unless --replay")
    func replay() throws {
        let box = try PipelineSandbox()
        #expect(try box.runPipeline().status == 0)
        let refused = try box.runPipeline(["--as-of", "2026-11-19"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--replay"))
        #expect(try box.runPipeline(["--as-of", "2026-11-19", "--replay"]).status == 0)
    }
}
