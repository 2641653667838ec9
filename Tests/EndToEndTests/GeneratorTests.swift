import Foundation
import RelanceKit
import RelanceTestSupport
import XCTest

/// The data generator of scale.md (`relance-bench generate`): deterministic, and its inbox runs
/// through the whole pipeline with every payment that quotes a reference or an exact number matched
/// to the documents the ground truth names, and no payment on a wrong invoice. Timings are the
/// benchmark's business (`relance-bench run`), never asserted here.
final class GeneratorTests: XCTestCase {
    static let invoices = "300"
    static let seed = "20261120"

    private func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "relance-generator-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func generate(into folder: String) throws {
        let bench = PipelineSandbox.binaries + "/relance-bench"
        guard FileManager.default.fileExists(atPath: bench) else {
            return XCTFail("relance-bench is not built in \(PipelineSandbox.binaries) (swift build builds it)")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bench)
        p.arguments = ["generate", "--invoices", Self.invoices, "--seed", Self.seed,
                       "--demo", PipelineSandbox.repository + "/pipelines/demo", folder]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "relance-bench generate failed")
    }

    /// Every regular file under a folder, relative path → bytes.
    private func files(_ folder: String) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for rel in try FileTree.listFiles(under: folder) { out[rel] = try AtomicFile.readBytes(folder + "/" + rel) }
        return out
    }

    private func records(_ path: String) throws -> [[String: String]] {
        let reader = try CSVReader(contentsOf: path, delimiter: UInt8(ascii: ","))
        var row = CSVRow()
        guard try reader.next(into: &row) else { return [] }
        let header = row.strings()
        var rows: [[String: String]] = []
        while try reader.next(into: &row) {
            var d: [String: String] = [:]
            for (i, h) in header.enumerated() where i < row.count { d[h] = row.string(i) }
            rows.append(d)
        }
        return rows
    }

    func testSameSeedSameBytes() throws {
        let a = try temporaryFolder(), b = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        try generate(into: a)
        try generate(into: b)
        let fa = try files(a), fb = try files(b)
        XCTAssertFalse(fa.isEmpty)
        XCTAssertEqual(Set(fa.keys), Set(fb.keys))
        for (name, bytes) in fa { XCTAssertTrue(bytes == fb[name], "\(name) differs between two generations with the same seed") }
        // The inbox has every kind of file scale.md asks for.
        let names = fa.keys.sorted()
        XCTAssertTrue(names.contains("pipeline.conf") && names.contains("truth.csv") && names.contains("inbox/customers.csv")
                      && names.contains("inbox/holds.csv") && names.contains("inbox/be/open-items.csv"))
        XCTAssertTrue(names.contains { $0.hasPrefix("inbox/fr/") && $0.contains("FEC") })
        XCTAssertTrue(names.contains { $0.hasPrefix("inbox/fr/banque/camt053-") && $0.hasSuffix("-copie.xml") }, "the duplicated statement")
        XCTAssertTrue(names.contains { $0.hasPrefix("inbox/be/bank/extrait-") })
        XCTAssertTrue(names.contains { $0.hasPrefix("plans/") } && names.contains { $0.hasPrefix("templates/") } && names.contains("rates.conf"))
    }

    func testGeneratedInboxRunsAndMatchesTheTruth() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try generate(into: folder)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: PipelineSandbox.binaries + "/relance")
        p.arguments = ["run", folder, "--quiet"]
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "RELANCE_LOCK_HELD")
        p.environment = env
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        // 0 expected: every generated file is well formed, so none is rejected whole (3 would mean an
        // input file was rejected whole: a generator or reader bug). A few customer warnings
        // (IBANs failing mod 97 on purpose) are row-level and do not change the status.
        XCTAssertEqual(p.terminationStatus, 0, stderr)

        let reports = folder + "/outbox/reports/2026-11-20"
        let accounts = ["FR7630006000011234567890189": "FR", "BE68539007547034": "BE"]
        var report: [String: (docs: String, rule: String)] = [:]
        for r in try records(reports + "/reconciliation.csv") {
            let key = (accounts[r["account"] ?? ""] ?? "?") + "|" + (r["booking_date"] ?? "") + "|" + (r["amount"] ?? "")
            let docs = (r["documents"] ?? "").split(separator: ";").map(String.init).sorted().joined(separator: ";")
            report[key] = (docs, r["rule"] ?? "")
        }
        var truth: [String: (docs: String, kind: String)] = [:]
        for t in try records(folder + "/truth.csv") where t["kind"] != "debit" {
            truth[(t["entity"] ?? "") + "|" + (t["booking_date"] ?? "") + "|" + (t["amount"] ?? "")] = (t["documents"] ?? "", t["kind"] ?? "")
        }
        XCTAssertFalse(truth.isEmpty)
        XCTAssertEqual(report.count, truth.count, "one reconciliation row per bank credit (the duplicated file counted once)")

        // Precision: every allocation made names exactly the truth's documents.
        var made = 0, correct = 0
        for (key, r) in report where !r.docs.isEmpty {
            made += 1
            if let t = truth[key], t.docs == r.docs, t.kind != "already_booked" { correct += 1 } else {
                XCTFail("wrong allocation \(key): [\(r.docs)], truth \(truth[key].map { "[\($0.docs)] \($0.kind)" } ?? "none")")
            }
        }
        XCTAssertGreaterThan(made, 0)
        XCTAssertEqual(correct, made, "precision")

        // Recall on credits quoting a structured reference or an exact number.
        let referencing: Set<String> = ["structured_ref", "document_number", "partial", "overpayment", "multi"]
        var kinds: Set<String> = []
        var referenced = 0, matched = 0
        for (key, t) in truth {
            kinds.insert(t.kind)
            let r = report[key]
            switch t.kind {
            case "already_booked": XCTAssertEqual(r?.rule, "already_booked", key)
            case "unidentifiable": XCTAssertEqual(r?.docs, "", "an unidentifiable payment was allocated: \(key)")
            case let k where referencing.contains(k):
                referenced += 1
                if r?.docs == t.docs { matched += 1 } else { XCTFail("\(k) \(key): expected [\(t.docs)], got [\(r?.docs ?? "no row")]") }
            default: XCTFail("unknown kind \(t.kind)")
            }
        }
        XCTAssertEqual(matched, referenced, "recall")
        // N = 300 is enough to have every case of the generator.
        XCTAssertEqual(kinds, referencing.union(["already_booked", "unidentifiable"]))
    }
}
