import Foundation
import Testing
@testable import RelanceKit

@Suite("Store")
struct StoreTests {
    // MARK: AtomicFile

    @Test func atomicWriteCreatesTheFileWithExactBytes() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("out.bin")
        let bytes: [UInt8] = [0, 1, 2, 0xFF, 0x0A] + Array(repeating: 0x41, count: 200_000)
        try AtomicFile.write(bytes, to: path)
        #expect(try AtomicFile.readBytes(path) == bytes)
        #expect(FileTree.fileSize(path) == Int64(bytes.count))
        #expect(try rawNames(scratch.path) == ["out.bin"])
    }

    @Test(arguments: [0, 1, 4095, 4096, 4097, 65_536, 300_001])
    func readBytesAndPrefixOfAnySize(_ size: Int) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("in.bin")
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 251) }
        try AtomicFile.write(bytes, to: path)
        #expect(try AtomicFile.readBytes(path) == bytes)
        #expect(try AtomicFile.readPrefix(path, count: 4096) == Array(bytes.prefix(4096)))
        #expect(try AtomicFile.readPrefix(path, count: 1) == Array(bytes.prefix(1)))
        #expect(throws: StoreError.self) { try AtomicFile.readBytes(scratch.file("missing.bin")) }
    }

    @Test func streamedAtomicWriteAppearsWholeOnCommitAndNotBefore() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("reconciliation.csv")
        try AtomicFile.write("old\n", to: path)
        do {
            let writer = try AtomicFileWriter(path: path)
            try writer.append(Array("bank_line_id,entity\n".utf8))
            try writer.append(Array(repeating: 0x41, count: 300_000))
            #expect(try AtomicFile.readBytes(path) == Array("old\n".utf8))  // untouched until the commit
            #expect(try rawNames(scratch.path).count == 2)
            try writer.commit(syncDirectory: true)
        }
        #expect(try AtomicFile.readBytes(path) == Array("bank_line_id,entity\n".utf8) + Array(repeating: 0x41, count: 300_000))
        #expect(try rawNames(scratch.path) == ["reconciliation.csv"])
        do {
            let abandoned = try AtomicFileWriter(path: path)
            try abandoned.append([1, 2, 3])
        }  // dropped without a commit: its temporary file goes, the file stays as it was
        #expect(try rawNames(scratch.path) == ["reconciliation.csv"])
        #expect(FileTree.fileSize(path) == Int64(20 + 300_000))
    }

    @Test func atomicWriteReplacesAnExistingFileAndLeavesNoTemporary() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("report.csv")
        try AtomicFile.write("first version, longer than the second\n", to: path)
        try AtomicFile.write("second\n", to: path)
        #expect(try AtomicFile.readBytes(path) == Array("second\n".utf8))
        try AtomicFile.write([], to: path, syncDirectory: false)
        #expect(try AtomicFile.readBytes(path) == [])
        #expect(try rawNames(scratch.path) == ["report.csv"])
    }

    @Test func publishedFileKeepsItsContentWhenTheSourceIsRewritten() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try FileTree.createDirectories(scratch.file("work"))
        try FileTree.createDirectories(scratch.file("outbox"))
        let source = scratch.file("work/aged-balance.csv"), target = scratch.file("outbox/aged-balance.csv")
        try AtomicFile.write("entity,customer_id\nFR,C001\n", to: source)
        try AtomicFile.write("stale\n", to: target)
        try AtomicFile.publish(source, to: target)
        #expect(String(decoding: try AtomicFile.readBytes(target), as: UTF8.self) == "entity,customer_id\nFR,C001\n")
        // Published again (a re-run of the stage): already the same file, no temporary name left.
        try AtomicFile.publish(source, to: target)
        #expect(try rawNames(scratch.file("outbox")) == ["aged-balance.csv"])
        // The next run writes its source anew; what was published stays as it was.
        try AtomicFile.write("entity,customer_id\nBE,C002\n", to: source)
        #expect(String(decoding: try AtomicFile.readBytes(target), as: UTF8.self) == "entity,customer_id\nFR,C001\n")
        #expect(throws: StoreError.self) { try AtomicFile.publish(scratch.file("work/missing.csv"), to: target) }
        #expect(try rawNames(scratch.file("outbox")) == ["aged-balance.csv"])
    }

    @Test func publishedAcrossFileSystemsIsACopy() throws {
        // /dev/shm is a tmpfs where there is one: a hard link from it fails (EXDEV), the bytes are copied.
        guard FileTree.isDirectory("/dev/shm") else { return }
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let source = "/dev/shm/relance-publish-\(getpid()).csv"
        defer { _ = unlink(source) }
        let bytes = Array("document,amount\nF-2026-001,1234.56\n".utf8) + Array(repeating: 0x41, count: 70_000)
        try AtomicFile.write(bytes, to: source)
        try AtomicFile.publish(source, to: scratch.file("reconciliation.csv"))
        #expect(try AtomicFile.readBytes(scratch.file("reconciliation.csv")) == bytes)
        #expect(try rawNames(scratch.path) == ["reconciliation.csv"])
    }

    @Test func atomicWriteIntoAMissingDirectoryFails() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("missing/out.txt")
        do {
            try AtomicFile.write("x", to: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.errno == ENOENT)
            #expect(error.operation == "create")
            #expect(error.path.hasPrefix(scratch.file("missing/.out.txt.tmp-\(getpid())-")))
        }
    }

    @Test func storeErrorDescription() throws {
        let error = StoreError(path: "/x/y", operation: "open", errno: ENOENT)
        #expect(error.description == "/x/y: cannot open: No such file or directory")
        #expect(throws: (any Error).self) { try AtomicFile.readBytes("/nonexistent/relance/file") }
        do {
            _ = try AtomicFile.readBytes("/nonexistent/relance/file")
        } catch {
            #expect(error.description == "/nonexistent/relance/file: cannot open: No such file or directory")
        }
    }

    // MARK: FileTree

    @Test func listFilesSortsByBytesAndSkipsDotNames() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        for name in ["b.csv", "A.csv", "a/x.csv", "a/.x.csv.tmp-1-1", "a-b.csv", "é.csv", ".hidden", ".git/config", "a/deeper/z.xml"] {
            try FileTree.createDirectories(FileTree.parent(of: scratch.file(name)))
            try AtomicFile.write(name, to: scratch.file(name))
        }
        try FileTree.createDirectories(scratch.file("empty/inner"))
        #expect(symlink(scratch.file("b.csv"), scratch.file("link.csv")) == 0)
        #expect(symlink(scratch.file("a"), scratch.file("linkdir")) == 0)
        #expect(symlink(scratch.file("gone.csv"), scratch.file("broken.csv")) == 0)
        let files = try FileTree.listFiles(under: scratch.path)
        #expect(files == ["A.csv", "a-b.csv", "a/deeper/z.xml", "a/x.csv", "b.csv", "broken.csv", "link.csv", "é.csv"])
        #expect(throws: StoreError.self) { try FileTree.listFiles(under: scratch.file("nope")) }
    }

    @Test func directoriesAreCreatedAndRemoved() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let deep = scratch.file("a/b/c")
        try FileTree.createDirectories(deep)
        try FileTree.createDirectories(deep)
        #expect(FileTree.isDirectory(deep))
        try AtomicFile.write("x", to: scratch.file("a/b/c/f"))
        try AtomicFile.write("x", to: scratch.file("a/.dot"))
        #expect(FileTree.exists(scratch.file("a/b/c/f")))
        #expect(!FileTree.isDirectory(scratch.file("a/b/c/f")))
        #expect(throws: StoreError.self) { try FileTree.createDirectories(scratch.file("a/b/c/f/g")) }

        // A link to a directory outside the tree is removed, not followed.
        try FileTree.createDirectories(scratch.file("keep"))
        try AtomicFile.write("kept", to: scratch.file("keep/k"))
        #expect(symlink(scratch.file("keep"), scratch.file("a/b/link")) == 0)

        try FileTree.removeTree(scratch.file("a"))
        #expect(!FileTree.exists(scratch.file("a")))
        #expect(FileTree.exists(scratch.file("keep/k")))
        try FileTree.removeTree(scratch.file("a"))
        try FileTree.removeTree(scratch.file("keep/k"))
        #expect(!FileTree.exists(scratch.file("keep/k")))
    }

    @Test func renameSizeAndModificationTime() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try AtomicFile.write("12345", to: scratch.file("a"))
        try FileTree.rename(scratch.file("a"), scratch.file("b"))
        #expect(!FileTree.exists(scratch.file("a")))
        #expect(FileTree.fileSize(scratch.file("b")) == 5)
        #expect(FileTree.fileSize(scratch.file("a")) == nil)
        var times = [timespec(tv_sec: 1_700_000_000, tv_nsec: 123_456_789), timespec(tv_sec: 1_700_000_000, tv_nsec: 123_456_789)]
        #expect(utimensat(AT_FDCWD, scratch.file("b"), &times, 0) == 0)
        let time = try #require(FileTree.modificationTime(scratch.file("b")))
        #expect(time.seconds == 1_700_000_000)
        #expect(time.nanoseconds == 123_456_789)
        #expect(FileTree.modificationTime(scratch.file("a")) == nil)
        #expect(throws: StoreError.self) { try FileTree.rename(scratch.file("a"), scratch.file("c")) }
    }

    @Test(arguments: [
        ("/a/b/c.txt", "/a/b", "c.txt"), ("c.txt", ".", "c.txt"), ("/c", "/", "c"), ("a/b/", "a", "b"),
    ])
    func pathParts(_ path: String, _ parent: String, _ name: String) {
        #expect(FileTree.parent(of: path) == parent)
        #expect(FileTree.name(of: path) == name)
    }

    // MARK: StageFolder

    @Test func stageFolderBeginsEmptyAndCommitsIntoPlace() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let run = scratch.file("work/2026-11-20")
        let stage = StageFolder(runDirectory: run, name: "01-ingest")
        #expect(stage.finalPath == run + "/01-ingest")

        let temporary = try stage.begin()
        #expect(temporary == run + "/.01-ingest.tmp-\(getpid())")
        #expect(FileTree.isDirectory(temporary))
        #expect(try FileTree.listFiles(under: temporary).isEmpty)
        #expect(!FileTree.exists(stage.finalPath))
        try FileTree.createDirectories(temporary + "/sub")
        try AtomicFile.write("v1\n", to: temporary + "/invoices.csv")
        try AtomicFile.write("v1\n", to: temporary + "/sub/old-only.csv")
        try stage.commit(temporary)
        #expect(try rawNames(run) == ["01-ingest"])
        #expect(try FileTree.listFiles(under: stage.finalPath) == ["invoices.csv", "sub/old-only.csv"])

        // A second run of the same day replaces the folder as a whole.
        let second = try stage.begin()
        #expect(try rawNames(run) == [".01-ingest.tmp-\(getpid())", "01-ingest"])
        try AtomicFile.write("v2\n", to: second + "/invoices.csv")
        try stage.commit(second)
        #expect(try rawNames(run) == ["01-ingest"])
        #expect(try FileTree.listFiles(under: stage.finalPath) == ["invoices.csv"])
        #expect(try AtomicFile.readBytes(stage.finalPath + "/invoices.csv") == Array("v2\n".utf8))
    }

    @Test func beginCleansLeftoversOfAKilledRun() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let run = scratch.file("2026-11-20")
        for file in [".01-ingest.tmp-999/a.csv", ".01-ingest.tmp-999/deep/b.csv", ".01-ingest.old-998/c.csv",
                     ".02-reconcile.tmp-999/x.csv", ".01-ingestion.tmp-1/y.csv", "01-ingest/kept.csv"] {
            try FileTree.createDirectories(FileTree.parent(of: run + "/" + file))
            try AtomicFile.write("x", to: run + "/" + file)
        }
        let stage = StageFolder(runDirectory: run, name: "01-ingest")
        let temporary = try stage.begin()
        #expect(try rawNames(run) == [".01-ingest.tmp-\(getpid())", ".01-ingestion.tmp-1", ".02-reconcile.tmp-999", "01-ingest"])
        #expect(try FileTree.listFiles(under: temporary).isEmpty)
        // The committed folder of the earlier run is untouched until commit.
        #expect(try FileTree.listFiles(under: stage.finalPath) == ["kept.csv"])
        try stage.commit(temporary)
        #expect(try FileTree.listFiles(under: stage.finalPath).isEmpty)
        #expect(try rawNames(run) == [".01-ingestion.tmp-1", ".02-reconcile.tmp-999", "01-ingest"])
    }

    @Test func beginTwiceInOneProcessStartsOver() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let stage = StageFolder(runDirectory: scratch.path, name: "03-age")
        let first = try stage.begin()
        try AtomicFile.write("partial", to: first + "/half.csv")
        let second = try stage.begin()
        #expect(second == first)
        #expect(try FileTree.listFiles(under: second).isEmpty)
        #expect(throws: StoreError.self) { try stage.commit(scratch.file("not-a-temp")) }
    }

    // MARK: PipelineLock

    @Test func lockIsExclusiveEvenWithinOneProcess() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("state/lock")
        let lock = try PipelineLock.acquire(path: path)
        #expect(lock.recoveredStalePid == nil)
        #expect(lock.pid == getpid())
        #expect(try AtomicFile.readBytes(path) == Array("\(getpid())\n".utf8))
        do {
            _ = try PipelineLock.acquire(path: path)
            Issue.record("expected the lock to be held")
        } catch {
            guard case .held(let heldPath, let pid) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(heldPath == path)
            #expect(pid == getpid())
            #expect(error.description == "\(path): another run holds the pipeline's lock (pid \(getpid()))")
        }
        lock.release()
        lock.release()
        let again = try PipelineLock.acquire(path: path)
        #expect(again.recoveredStalePid == nil)
        again.release()
    }

    @Test func lockIsReleasedWhenTheObjectGoesAway() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("lock")
        do {
            _ = try PipelineLock.acquire(path: path)
        }
        let lock = try PipelineLock.acquire(path: path)
        lock.release()
    }

    @Test func lockLeftByADeadProcessIsRecovered() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        let dead = process.processIdentifier
        #expect(kill(dead, 0) != 0)

        let path = scratch.file("lock")
        try AtomicFile.write("\(dead)\n", to: path)
        let lock = try PipelineLock.acquire(path: path)
        #expect(lock.recoveredStalePid == dead)
        #expect(try AtomicFile.readBytes(path) == Array("\(getpid())\n".utf8))
        lock.release()
        #expect(try AtomicFile.readBytes(path) == [])
    }

    @Test func lockInAnUncreatableDirectoryIsAnIOError() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try AtomicFile.write("file", to: scratch.file("f"))
        do {
            _ = try PipelineLock.acquire(path: scratch.file("f/lock"))
            Issue.record("expected an error")
        } catch {
            guard case .io = error else {
                Issue.record("unexpected \(error)")
                return
            }
        }
    }

    // MARK: AppendOnlyFile

    @Test func appendOnlyFileAppendsAcrossOpens() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("journal/events.jsonl")
        try FileTree.createDirectories(scratch.file("journal"))
        let file = try AppendOnlyFile(path: path)
        #expect(!file.hadTornTail)
        try file.append(Array("one\n".utf8))
        try file.append(Array("two\n".utf8))
        try file.sync()
        file.close()
        file.close()
        #expect(throws: StoreError.self) { try file.append(Array("x\n".utf8)) }

        let reopened = try AppendOnlyFile(path: path)
        #expect(!reopened.hadTornTail)
        try reopened.append(Array("three\n".utf8))
        reopened.close()
        #expect(try AtomicFile.readBytes(path) == Array("one\ntwo\nthree\n".utf8))
    }

    struct TornCase: Sendable, CustomTestStringConvertible {
        let name: String
        let content: String
        let repaired: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        TornCase(name: "torn last line", content: "a\nb\npartial", repaired: "a\nb\n"),
        TornCase(name: "no newline at all", content: "no newline at all", repaired: ""),
        TornCase(name: "clean", content: "clean\n", repaired: "clean\n"),
        TornCase(name: "empty", content: "", repaired: ""),
        TornCase(name: "tail longer than a read chunk", content: "x\n" + String(repeating: "y", count: 200_000), repaired: "x\n"),
        TornCase(name: "many lines, long tail",
                 content: "x\n" + String(repeating: "y\n", count: 50_000) + String(repeating: "z", count: 70_000),
                 repaired: "x\n" + String(repeating: "y\n", count: 50_000)),
    ])
    func repairTornTailTruncatesAfterTheLastNewline(_ torn: TornCase) throws {
        let content = torn.content
        let repaired = torn.repaired
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("journal.jsonl")
        try AtomicFile.write(content, to: path)
        let file = try AppendOnlyFile(path: path)
        #expect(file.hadTornTail == (content != repaired))
        file.close()
        #expect(try AtomicFile.readBytes(path) == Array(content.utf8))
        try AppendOnlyFile.repairTornTail(path: path)
        #expect(try AtomicFile.readBytes(path) == Array(repaired.utf8))
        #expect(try !AppendOnlyFile(path: path).hadTornTail)
    }

    @Test func repairingAMissingFileFails() throws {
        #expect(throws: StoreError.self) { try AppendOnlyFile.repairTornTail(path: "/nonexistent/relance/journal") }
    }
}

/// Every name in a directory, dot-files included, sorted.
private func rawNames(_ path: String) throws -> [String] {
    try FileTree.entryNames(path).map { String(decoding: $0, as: UTF8.self) }.sorted()
}

/// A fresh directory under `NSTemporaryDirectory()` for one test.
private struct ScratchDirectory {
    let path: String

    init() throws {
        let base = NSTemporaryDirectory()
        path = (base.hasSuffix("/") ? base : base + "/") + "relance-store-\(getpid())-\(UUID().uuidString)"
        try FileTree.createDirectories(path)
    }

    func remove() {
        try? FileTree.removeTree(path)
    }

    func file(_ relative: String) -> String { path + "/" + relative }
}
