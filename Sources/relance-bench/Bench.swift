// The benchmark of scale.md: generates (or reuses) an inbox, runs the six stages one by one as
// `relance run` would, and measures each (wall time, rows/s, peak RSS of the child), then the
// matching precision and recall against the generator's ground truth.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import RelanceKit

struct StageResult {
    var name: String
    var wall: Double
    var rows: Int
    var rowsLabel: String
    var maxRSSKB: Int
    var exit: Int32
    var signaled: Bool
}

struct MatchScore {
    var allocationsMade = 0
    var allocationsCorrect = 0
    var referenced = 0
    var referencedMatched = 0
    var byKind: [String: (total: Int, matched: Int)] = [:]
    var alreadyBookedTruth = 0
    var alreadyBookedAgreed = 0
    var unidentifiable = 0
    var unidentifiableUnmatched = 0
    var creditsInReport = 0
    var truthCreditsMissing = 0
    var mistakes: [String] = []
    var precision: Double { allocationsMade == 0 ? 1 : Double(allocationsCorrect) / Double(allocationsMade) }
    var recall: Double { referenced == 0 ? 1 : Double(referencedMatched) / Double(referenced) }
}

enum Bench {
    /// `relance-bench camt FILE…`: the CAMT reader's throughput on each file, best of three.
    static func camt(_ files: [String]) throws {
        for path in files {
            let bytes = try AtomicFile.readBytes(path)
            var bestWall = Double.infinity, bestCPU = Double.infinity
            var count = 0
            for _ in 0..<3 {
                var cpu0 = timespec(), cpu1 = timespec()
                clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu0)
                let start = now()
                let doc = try CAMTReader.read(bytes: bytes, file: path, timeZone: "Europe/Paris")
                let wall = now() - start
                clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu1)
                let cpu = Double(cpu1.tv_sec - cpu0.tv_sec) + Double(cpu1.tv_nsec - cpu0.tv_nsec) / 1e9
                count = doc.transactions.count
                bestWall = min(bestWall, wall)
                bestCPU = min(bestCPU, cpu)
            }
            let mb = Double(bytes.count) / 1e6
            print(path + ": " + String(format: "%.1f MB, %d transactions, best of 3: %.3f s wall (%.0f MB/s), %.3f s CPU (%.0f MB/s)",
                                       mb, count, bestWall, mb / bestWall, bestCPU, mb / bestCPU))
        }
    }

    static let referencingKinds: Set<String> = ["structured_ref", "document_number", "partial", "overpayment", "multi"]

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs an executable, waits with `wait4` and returns (exit status, signaled, wall seconds, ru_maxrss KB).
    static func spawn(_ path: String, _ args: [String]) throws -> (Int32, Bool, Double, Int) {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "RELANCE_LOCK_HELD")
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.keys.sorted().map { strdup($0 + "=" + env[$0]!) } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid: pid_t = 0
        let started = now()
        let rc = posix_spawn(&pid, path, nil, nil, argv, envp)
        if rc != 0 { throw BenchError("cannot start \(path): error \(rc)") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { throw BenchError("wait4 failed: errno \(errno)") }
        }
        let wall = now() - started
        let signaled = (status & 0x7f) != 0
        return (signaled ? (status & 0x7f) : (status >> 8) & 0xff, signaled, wall, Int(usage.ru_maxrss))
    }

    /// Data rows of a CSV file (its header excepted); 0 when it is missing.
    static func csvRowCount(_ path: String) -> Int {
        guard FileManager.default.fileExists(atPath: path), let reader = try? CSVReader(contentsOf: path) else { return 0 }
        var row = CSVRow()
        var count = 0
        while (try? reader.next(into: &row)) == true { count += 1 }
        return max(0, count - 1)
    }

    static func csvRecords(_ path: String) throws -> [[String: String]] {
        let reader = try CSVReader(contentsOf: path, delimiter: UInt8(ascii: ","))
        var row = CSVRow()
        guard try reader.next(into: &row) else { return [] }
        let header = row.strings()
        var out: [[String: String]] = []
        while try reader.next(into: &row) {
            var d: [String: String] = [:]
            for (i, h) in header.enumerated() where i < row.count { d[h] = row.string(i) }
            out.append(d)
        }
        return out
    }

    /// Compares `reconciliation.csv` with `truth.csv`, joined on (entity's account, booking date, amount).
    static func score(truthPath: String, reconciliationPath: String) throws -> MatchScore {
        var s = MatchScore()
        let accounts = Dictionary(uniqueKeysWithValues: zip(Generator.accounts, Generator.entityIDs))
        var recon: [String: (docs: String, rule: String)] = [:]
        for r in try csvRecords(reconciliationPath) {
            let entity = accounts[r["account", default: ""]] ?? r["account", default: ""]
            let key = entity + "|" + r["booking_date", default: ""] + "|" + r["amount", default: ""]
            let docs = r["documents", default: ""].split(separator: ";").map(String.init).sorted().joined(separator: ";")
            recon[key] = (docs, r["rule", default: ""])
            s.creditsInReport += 1
            if !docs.isEmpty { s.allocationsMade += 1 }
        }
        var truthByKey: [String: String] = [:]
        for t in try csvRecords(truthPath) {
            let kind = t["kind", default: ""]
            if kind == "debit" { continue }
            let key = t["entity", default: ""] + "|" + t["booking_date", default: ""] + "|" + t["amount", default: ""]
            let docs = t["documents", default: ""]
            truthByKey[key] = docs
            guard let r = recon[key] else {
                s.truthCreditsMissing += 1
                if s.mistakes.count < 20 { s.mistakes.append("missing from reconciliation.csv: \(key) \(kind) \(docs)") }
                continue
            }
            switch kind {
            case "already_booked":
                s.alreadyBookedTruth += 1
                if r.rule == "already_booked" { s.alreadyBookedAgreed += 1 }
            case "unidentifiable":
                s.unidentifiable += 1
                if r.docs.isEmpty { s.unidentifiableUnmatched += 1 }
            default:
                s.referenced += 1
                var k = s.byKind[kind] ?? (0, 0)
                k.total += 1
                if r.docs == docs { s.referencedMatched += 1; k.matched += 1 } else if s.mistakes.count < 20 {
                    s.mistakes.append("\(kind) \(key): expected [\(docs)], got [\(r.docs)] (\(r.rule))")
                }
                s.byKind[kind] = k
            }
        }
        for (key, r) in recon where !r.docs.isEmpty {
            if let docs = truthByKey[key], docs == r.docs, r.rule != "already_booked" { s.allocationsCorrect += 1 } else if s.mistakes.count < 20,
                truthByKey[key] != r.docs {
                s.mistakes.append("wrong allocation \(key): [\(r.docs)] (truth [\(truthByKey[key] ?? "no such line")])")
            }
        }
        return s
    }

    static func readJSON(_ path: String) -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }

    static func inboxBytes(_ inbox: String) -> Int64 {
        ((try? FileTree.listFiles(under: inbox)) ?? []).reduce(0) { $0 + (FileTree.fileSize(inbox + "/" + $1) ?? FileTree.fileSize($1) ?? 0) }
    }

    static func run(invoices: Int, seed: UInt64, keep: String?, demo: String) throws -> Int32 {
        let dir = keep ?? (NSTemporaryDirectory() + "relance-bench-\(invoices)-\(seed)")
        let fm = FileManager.default
        let marker = readJSON(dir + "/generator.json")
        var generateSeconds = 0.0
        if (marker["invoices"] as? Int) == invoices, (marker["seed"] as? NSNumber)?.uint64Value == seed, fm.fileExists(atPath: dir + "/truth.csv") {
            FileHandle.standardError.write(Data("relance-bench: reusing \(dir)\n".utf8))
        } else {
            if fm.fileExists(atPath: dir) { try fm.removeItem(atPath: dir) }
            try FileTree.createDirectories(dir)
            FileHandle.standardError.write(Data("relance-bench: generating \(invoices) invoices into \(dir)\n".utf8))
            let t0 = now()
            _ = try Generator.generate(GeneratorOptions(invoices: invoices, seed: seed, outDir: dir, demoDir: demo))
            generateSeconds = now() - t0
        }
        let stats = readJSON(dir + "/generator.json")
        // A fresh run every time: no state, no outbox left from an earlier one.
        for sub in [".relance", "outbox"] where fm.fileExists(atPath: dir + "/" + sub) { try fm.removeItem(atPath: dir + "/" + sub) }

        let exe = (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let bin = (exe as NSString).deletingLastPathComponent
        let asOf = Fmt.iso(Generator.asOf)
        let reports = dir + "/outbox/reports/" + asOf
        var results: [StageResult] = []
        for stage in ["ingest", "reconcile", "age", "plan", "render", "report"] {
            let (code, signaled, wall, rss) = try spawn(bin + "/relance-" + stage, ["--pipeline", dir, "--as-of", asOf, "--quiet"])
            results.append(StageResult(name: stage, wall: wall, rows: 0, rowsLabel: "", maxRSSKB: rss, exit: code, signaled: signaled))
            FileHandle.standardError.write(Data(String(format: "relance-bench: %@ %.2f s, exit %d\n", stage, wall, code).utf8))
            if signaled || (code != 0 && code != 3) { break }
        }
        // Rows per stage.
        let inputRows = stats["input_rows"] as? Int ?? 0
        let credits = csvRowCount(reports + "/reconciliation.csv")
        let openItems = csvRowCount(reports + "/aged-balance.csv")
        let actions = csvRowCount(reports + "/actions.csv")
        var reportRows = 0
        for f in ((try? fm.contentsOfDirectory(atPath: reports)) ?? []).sorted() where f.hasSuffix(".csv") { reportRows += csvRowCount(reports + "/" + f) }
        for i in results.indices {
            switch results[i].name {
            case "ingest": (results[i].rows, results[i].rowsLabel) = (inputRows, "input rows")
            case "reconcile": (results[i].rows, results[i].rowsLabel) = (credits, "bank credits")
            case "age", "plan": (results[i].rows, results[i].rowsLabel) = (openItems, "open items")
            case "render": (results[i].rows, results[i].rowsLabel) = (actions, "actions")
            default: (results[i].rows, results[i].rowsLabel) = (reportRows, "report rows")
            }
        }
        let inbox = inboxBytes(dir + "/inbox")
        let score = fm.fileExists(atPath: reports + "/reconciliation.csv")
            ? try Bench.score(truthPath: dir + "/truth.csv", reconciliationPath: reports + "/reconciliation.csv") : MatchScore()
        for m in score.mistakes { FileHandle.standardError.write(Data("relance-bench: \(m)\n".utf8)) }

        // Table.
        let total = results.reduce(0) { $0 + $1.wall }
        let withoutRender = results.filter { $0.name != "render" }.reduce(0) { $0 + $1.wall }
        let peak = results.map(\.maxRSSKB).max() ?? 0
        var out = "Relance benchmark — \(invoices) invoices, seed \(seed), \(dir)\n"
        out += String(format: "inbox: %.1f MB, %d input rows, %d bank lines (with the duplicated file %d)%@\n",
                      Double(inbox) / 1e6, inputRows, stats["bank_lines"] as? Int ?? 0, stats["bank_lines_with_duplicate"] as? Int ?? 0,
                      generateSeconds > 0 ? String(format: "; generated in %.1f s", generateSeconds) : "")
        out += "stage        wall (s)      rows  rows/s         peak RSS (MiB)  exit  rows are\n"
        for r in results {
            let rate = r.wall > 0 ? Double(r.rows) / r.wall : 0
            let name = r.name.padding(toLength: 10, withPad: " ", startingAt: 0)
            let exitText = r.signaled ? "sig\(r.exit)" : String(r.exit)
            out += name + String(format: " %10.3f %9d %12.0f %14.1f ", r.wall, r.rows, rate, Double(r.maxRSSKB) / 1024)
                + String(repeating: " ", count: max(0, 5 - exitText.count)) + exitText + "  " + r.rowsLabel + "\n"
        }
        out += String(format: "total      %10.3f   (without render %.3f s; ingest %.1f MB/s)   peak %.1f MiB\n", total, withoutRender,
                      (results.first?.wall ?? 0) > 0 ? Double(inbox) / 1e6 / results[0].wall : 0, Double(peak) / 1024)
        out += String(format: "matching: precision %.4f%% (%d/%d allocations), recall %.4f%% (%d/%d credits with a reference or exact number)\n",
                      score.precision * 100, score.allocationsCorrect, score.allocationsMade, score.recall * 100, score.referencedMatched, score.referenced)
        for k in score.byKind.keys.sorted() {
            out += "  \(k): \(score.byKind[k]!.matched)/\(score.byKind[k]!.total)\n"
        }
        out += "  already_booked: \(score.alreadyBookedAgreed)/\(score.alreadyBookedTruth); unidentifiable left unmatched: \(score.unidentifiableUnmatched)/\(score.unidentifiable); truth credits missing from the report: \(score.truthCreditsMissing); credits in the report: \(score.creditsInReport)\n"
        print(out, terminator: "")

        // bench.json
        func num(_ d: Double) -> String { String(format: "%.3f", d) }
        let stageJSON = results.map {
            "{\"stage\": \"\($0.name)\", \"wall_s\": \(num($0.wall)), \"rows\": \($0.rows), \"rows_label\": \"\($0.rowsLabel)\", " +
            "\"rows_per_s\": \(num($0.wall > 0 ? Double($0.rows) / $0.wall : 0)), \"max_rss_kb\": \($0.maxRSSKB), \"exit\": \($0.exit), \"signaled\": \($0.signaled)}"
        }.joined(separator: ",\n    ")
        let kinds = score.byKind.keys.sorted().map { "\"\($0)\": [\(score.byKind[$0]!.matched), \(score.byKind[$0]!.total)]" }.joined(separator: ", ")
        let json = """
        {
          "invoices": \(invoices), "seed": \(seed), "folder": "\(dir)", "inbox_bytes": \(inbox), "input_rows": \(inputRows),
          "generate_s": \(num(generateSeconds)),
          "stages": [
            \(stageJSON)
          ],
          "total_s": \(num(total)), "total_without_render_s": \(num(withoutRender)), "peak_rss_kb": \(peak),
          "precision": \(String(format: "%.6f", score.precision)), "allocations_made": \(score.allocationsMade), "allocations_correct": \(score.allocationsCorrect),
          "recall": \(String(format: "%.6f", score.recall)), "referenced_credits": \(score.referenced), "referenced_matched": \(score.referencedMatched),
          "recall_by_kind": {\(kinds)},
          "already_booked": [\(score.alreadyBookedAgreed), \(score.alreadyBookedTruth)], "unidentifiable_unmatched": [\(score.unidentifiableUnmatched), \(score.unidentifiable)],
          "truth_credits_missing": \(score.truthCreditsMissing)
        }

        """
        try AtomicFile.write(json, to: dir + "/bench.json")
        let failed = results.contains { $0.signaled || ($0.exit != 0 && $0.exit != 3) }
        return failed ? 1 : 0
    }
}
