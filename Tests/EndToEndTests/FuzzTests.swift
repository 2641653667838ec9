import Foundation
import RelanceKit
import RelanceTestSupport
import Testing

// A small fuzz harness (issue 8, item 5): with a fixed seed, each iteration mutates one demo inbox file
// (byte flips, truncations, duplicated lines, deleted delimiters, inserted quotes), runs the pipeline
// twice, and checks: exit 0 or 3, no signal, no hang, no temp leftovers, every row read accounted for
// (normalised or rejected), and identical reports from both runs (timings.json excepted).

@Suite("Fuzz: mutated demo inbox files")
struct FuzzTests {
    static let seed: UInt64 = 0x5245_4C41_4E43_4501
    static let iterations = 20
    static let files = ["be/bank/extrait-2026-11.xml", "be/open-items.csv", "customers.csv",
                        "fr/123456789FEC20261120.txt", "fr/banque/releve-BNP-2026-11.csv", "holds.csv"]

    /// One random mutation, applied in place; returns what it did (for the failure message).
    static func mutate(_ bytes: inout [UInt8], _ rng: inout SplitMix64) -> String {
        guard !bytes.isEmpty else { return "none (empty)" }
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(max(n, 1))) }
        switch rng.next() % 5 {
        case 0:
            let i = pick(bytes.count)
            let x = UInt8(1 + rng.next() % 255)
            bytes[i] ^= x
            return "flip byte \(i) ^ \(x)"
        case 1:
            let n = 1 + pick(bytes.count - 1)
            bytes.removeSubrange(n...)
            return "truncate to \(n) bytes"
        case 2:
            var starts = [0]
            for (i, b) in bytes.enumerated() where b == 0x0A && i + 1 < bytes.count { starts.append(i + 1) }
            let k = pick(starts.count)
            let end = k + 1 < starts.count ? starts[k + 1] : bytes.count
            var line = Array(bytes[starts[k]..<end])
            if line.last != 0x0A { line.append(0x0A) }
            bytes.insert(contentsOf: line, at: end)
            return "duplicate line \(k + 1)"
        case 3:
            let delimiters: Set<UInt8> = [UInt8(ascii: ";"), UInt8(ascii: ","), 0x09, UInt8(ascii: "|"), UInt8(ascii: "<"), UInt8(ascii: ">")]
            let found = bytes.indices.filter { delimiters.contains(bytes[$0]) }
            guard !found.isEmpty else { return "no delimiter to delete" }
            let i = found[pick(found.count)]
            bytes.remove(at: i)
            return "delete delimiter at \(i)"
        default:
            let i = pick(bytes.count + 1)
            bytes.insert(UInt8(ascii: "\""), at: i)
            return "insert quote at \(i)"
        }
    }

    /// Problems with the ingest stage's accounting: every row read is either normalised or rejected.
    static func accountingProblems(_ box: PipelineSandbox) throws -> [String] {
        let stage = box.work + "/" + Hostile.asOf + "/01-ingest/"
        let manifest = try box.csvRows(stage + "manifest.csv")
        let rejects = try box.csvRows(stage + "rejects.csv")
        var sourceLines: [String: Set<String>] = [:]
        for name in ["documents.csv", "bank-lines.csv", "holds.csv", "matches.csv"] {
            for r in (try? box.csvRows(stage + name)) ?? [] {
                sourceLines[r["source_file"] ?? "", default: []].insert(r["source_line"] ?? "")
            }
        }
        let customers = try box.csvRows(stage + "customers.csv").count
        let bankLines = try box.csvRows(stage + "bank-lines.csv")
        var problems: [String] = []
        for m in manifest {
            let file = m["file"] ?? ""
            let read = Int(m["rows_read"] ?? "") ?? -1
            let rejected = Int(m["rows_rejected"] ?? "") ?? -1
            let mine = rejects.filter { $0["file"] == file }
            if m["status"] == "rejected" {
                if !mine.contains(where: { $0["severity"] == "error" }) { problems.append("\(file): rejected whole without an error in rejects.csv") }
                continue
            }
            let errorLines = Set(mine.filter { $0["severity"] == "error" && ($0["line"] ?? "0") != "0" }.map { $0["line"]! })
            if rejected != errorLines.count {
                problems.append("\(file): manifest rows_rejected \(rejected) but \(errorLines.count) rejected lines in rejects.csv")
            }
            if read < rejected { problems.append("\(file): rows_read \(read) < rows_rejected \(rejected)") }
            switch m["kind"] ?? "" {
            case "open_items", "bank_csv", "holds", "matches":
                let rejectLines = Set(mine.compactMap { $0["line"] }.filter { $0 != "0" })
                let accounted = (sourceLines[file] ?? []).union(rejectLines).count
                if accounted != read { problems.append("\(file) (\(m["kind"]!)): rows_read \(read) but \(accounted) rows normalised or rejected") }
            case "camt":
                let normalised = bankLines.filter { $0["source_file"] == file }.count
                let notBooked = mine.filter { $0["code"] == "W_NOT_BOOKED" }.count
                if normalised + rejected + notBooked != read {
                    problems.append("\(file) (camt): rows_read \(read) ≠ \(normalised) bank lines + \(rejected) rejected + \(notBooked) not booked")
                }
            case "customers":
                let duplicates = mine.filter { $0["code"] == "W_DUPLICATE_CUSTOMER" }.count
                if customers + rejected + duplicates != read {
                    problems.append("\(file) (customers): rows_read \(read) ≠ \(customers) customers + \(rejected) rejected + \(duplicates) duplicates")
                }
            default:
                break
            }
        }
        return problems
    }

    /// The reports of the run, timings.json excepted.
    static func reports(_ box: PipelineSandbox) -> [String: Data] {
        box.snapshot(box.reports(Hostile.asOf)).filter { !$0.key.hasSuffix("timings.json") }
    }

    @Test("the accounting check holds on the unmutated demo")
    func cleanDemo() throws {
        let box = try PipelineSandbox()
        let r = try Hostile.run(box)
        #expect(r.status == 0, "\(r.summary)")
        let problems = try Self.accountingProblems(box)
        #expect(problems.isEmpty, "\(problems)")
    }

    /// One iteration: mutate one file, run twice, return the problems found (empty when all is well).
    static func iteration(_ iteration: Int) -> [String] {
        var rng = SplitMix64(seed: seed &+ UInt64(iteration) &* 0x2545_F491_4F6C_DD1D)
        let file = files[iteration % files.count]
        var bytes = Hostile.demoBytes(file)
        var log: [String] = []
        for _ in 0..<(1 + Int(rng.next() % 4)) { log.append(mutate(&bytes, &rng)) }
        let what = "iteration \(iteration), \(file): \(log.joined(separator: "; "))"
        var problems: [String] = []
        do {
            let box = try PipelineSandbox()
            try Data(bytes).write(to: URL(fileURLWithPath: box.inbox + "/" + file))
            let first = try Hostile.run(box)
            if first.timedOut || first.signaled || !(first.status == 0 || first.status == 3) {
                return ["\(what): \(first.summary)"]
            }
            if !Hostile.leftovers(box).isEmpty { problems.append("\(what): leftovers \(Hostile.leftovers(box))") }
            problems += try accountingProblems(box).map { "\(what): \($0)" }
            let rejects = try box.csvRows(box.reports(Hostile.asOf) + "/rejects.csv")
            if first.status == 3 && !rejects.contains(where: { $0["file"] == file && $0["severity"] == "error" }) {
                problems.append("\(what): exit 3 but \(file) not named in rejects.csv")
            }
            let once = reports(box)
            let second = try Hostile.run(box)
            if second.status != first.status { problems.append("\(what): second run \(second.summary), first \(first.status)") }
            if !Hostile.leftovers(box).isEmpty { problems.append("\(what): leftovers after the second run") }
            let twice = reports(box)
            let differing = Set(once.keys).union(twice.keys).filter { once[$0] != twice[$0] }.sorted()
            if !differing.isEmpty { problems.append("\(what): reports differ between two runs: \(differing)") }
        } catch {
            problems.append("\(what): \(error)")
        }
        return problems
    }

    /// Iterations run four at a time (the runs mostly wait on processes and the disk).
    @Test("mutated demo files, fixed seed: exit 0 or 3, no crash, no leftovers, rows accounted for, deterministic")
    func mutatedFiles() throws {
        // RELANCE_FUZZ_ONLY=93,195 replays chosen iterations of a longer run (RELANCE_FUZZ_ITERATIONS=300).
        let environment = ProcessInfo.processInfo.environment
        let chosen = (environment["RELANCE_FUZZ_ONLY"] ?? "").split(separator: ",").compactMap { Int($0) }
        let count = chosen.isEmpty ? Int(environment["RELANCE_FUZZ_ITERATIONS"] ?? "") ?? Self.iterations : chosen.count
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var next = 0
            var problems: [Int: [String]] = [:]
        }
        let results = Results()
        let group = DispatchGroup()
        for _ in 0..<4 {
            group.enter()
            let t = Thread {
                while true {
                    results.lock.lock()
                    let i = results.next
                    results.next += 1
                    results.lock.unlock()
                    if i >= count { break }
                    let p = FuzzTests.iteration(chosen.isEmpty ? i : chosen[i])
                    results.lock.lock()
                    results.problems[i] = p
                    results.lock.unlock()
                }
                group.leave()
            }
            t.start()
        }
        group.wait()
        for i in 0..<count {
            for p in results.problems[i] ?? ["iteration \(i) did not run"] { Issue.record(Comment(rawValue: p)) }
        }
    }
}
