import Foundation
import RelanceKit

/// A copy of the demo pipeline and its inbox in a temporary folder, laid out like the repository
/// (`pipelines/demo`, `fixtures/demo/inbox`), so that the conf's relative paths resolve inside it;
/// plus the built executables to run against it.
public final class PipelineSandbox {
    public let root: String
    public var pipeline: String { root + "/pipelines/demo" }
    public var inbox: String { root + "/fixtures/demo/inbox" }
    public var outbox: String { root + "/outbox" }
    public var work: String { root + "/.relance/demo/work" }
    public var state: String { root + "/.relance/demo/state" }
    public func reports(_ asOf: String = "2026-11-20") -> String { outbox + "/reports/" + asOf }

    /// The repository's root (found from this file's path).
    public static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// Where the executables are: beside the test bundle.
    public static let binaries: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = (exe as NSString).deletingLastPathComponent
        // swift test runs `.build/debug/RelancePackageTests.xctest`: the executables are in `.build/debug`.
        while !FileManager.default.fileExists(atPath: dir + "/relance") && dir != "/" {
            dir = (dir as NSString).deletingLastPathComponent
        }
        return dir
    }()

    public init() throws {
        root = NSTemporaryDirectory() + "relance-sandbox-" + UUID().uuidString
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/pipelines", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/fixtures/demo", withIntermediateDirectories: true)
        try fm.copyItem(atPath: Self.repository + "/pipelines/demo", toPath: pipeline)
        try fm.copyItem(atPath: Self.repository + "/fixtures/demo/inbox", toPath: inbox)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// The result of running an executable.
    public struct Result: Sendable {
        public var status: Int32
        public var signaled: Bool
        public var stdout: String
        public var stderr: String
    }

    /// Runs `relance` (or a stage executable) with arguments and extra environment variables.
    @discardableResult
    public func run(_ executable: String = "relance", _ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binaries + "/" + executable)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "RELANCE_LOCK_HELD")
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes before waiting, so that a full pipe never blocks the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, signaled: p.terminationReason == .uncaughtSignal,
                      stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// `relance run` on the sandbox's pipeline.
    @discardableResult
    public func runPipeline(_ extra: [String] = [], environment: [String: String] = [:]) throws -> Result {
        try run("relance", ["run", pipeline, "--quiet"] + extra, environment: environment)
    }

    /// Every regular file under `folder` (relative path → bytes), dot-files included.
    public func snapshot(_ folder: String) -> [String: Data] {
        var out: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(atPath: folder) else { return out }
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            let path = folder + "/" + rel
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue {
                out[rel] = FileManager.default.contents(atPath: path)
            }
        }
        return out
    }

    /// A text file of the sandbox.
    public func text(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Rows of a machine CSV report as dictionaries (simple: the reports quote only when needed).
    public func csvRows(_ path: String) throws -> [[String: String]] {
        let reader = try CSVReader(contentsOf: path, delimiter: UInt8(ascii: ","))
        var row = CSVRow()
        guard try reader.next(into: &row) else { return [] }
        let header = (0..<row.count).map { row.string($0) }
        var rows: [[String: String]] = []
        while try reader.next(into: &row) {
            var d: [String: String] = [:]
            for (i, h) in header.enumerated() { d[h] = row.string(i) }
            rows.append(d)
        }
        return rows
    }
}
