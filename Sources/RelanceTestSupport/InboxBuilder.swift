import Foundation
import RelanceKit

/// A temporary pipeline folder built declaratively for tests: a `pipeline.conf` with the given
/// `[pipeline]` keys and entities, and an inbox holding the given files (text or raw bytes, with an
/// optional modification time). The folder is removed by `remove()` or when the builder goes away.
///
/// ```swift
/// let box = try InboxBuilder(entities: [.init("FR", ["fdm_method": "b"])],
///                            files: [.text("fr/ledger.csv", "N° facture;Code client\n…")])
/// defer { box.remove() }
/// let config = try box.loadConfig()
/// ```
public final class InboxBuilder: @unchecked Sendable {
    /// One `[entity ID]` section: its id and its keys, in order.
    public struct Entity: Sendable {
        public var id: String
        public var keys: [(String, String)]

        public init(_ id: String, _ keys: KeyValuePairs<String, String> = [:]) {
            self.id = id
            self.keys = keys.map { ($0.key, $0.value) }
        }
    }

    /// What a file holds.
    public enum Content: Sendable {
        case text(String)
        case bytes([UInt8])

        var data: Data {
            switch self {
            case .text(let s): Data(s.utf8)
            case .bytes(let b): Data(b)
            }
        }
    }

    /// One file of the inbox: its path relative to the inbox (sub-folders are created), its content,
    /// and, when given, its modification time in seconds since 1970.
    public struct File: Sendable {
        public var path: String
        public var content: Content
        public var modified: TimeInterval?

        public init(_ path: String, _ content: Content, modified: TimeInterval? = nil) {
            self.path = path
            self.content = content
            self.modified = modified
        }

        public static func text(_ path: String, _ text: String, modified: TimeInterval? = nil) -> File {
            File(path, .text(text), modified: modified)
        }

        public static func bytes(_ path: String, _ bytes: [UInt8], modified: TimeInterval? = nil) -> File {
            File(path, .bytes(bytes), modified: modified)
        }
    }

    /// The temporary folder holding everything.
    public let root: String
    /// `root/pipeline.conf`.
    public let confPath: String
    /// `root/inbox`.
    public let inbox: String
    public let outbox: String
    public let work: String
    public let state: String
    /// Absolute path of each file written, by its inbox-relative path.
    public let paths: [String: String]
    private let lock = NSLock()
    private var removed = false

    /// Writes the conf and the inbox.
    /// - Parameters:
    ///   - entities: the `[entity ID]` sections (at least one for a loadable conf).
    ///   - pipeline: extra `[pipeline]` keys (`as_of`, `decimal_separator`, `date_order`…), after the paths.
    ///   - extraConf: raw text appended to the conf (`[aging]`, `[columns]`…).
    ///   - files: the inbox files.
    public init(entities: [Entity] = [Entity("FR")], pipeline: KeyValuePairs<String, String> = [:],
                extraConf: String = "", files: [File] = []) throws {
        let fm = FileManager.default
        let base = fm.temporaryDirectory.path
        let root = (base.hasSuffix("/") ? base : base + "/") + "relance-test-" + UUID().uuidString
        self.root = root
        self.confPath = root + "/pipeline.conf"
        self.inbox = root + "/inbox"
        self.outbox = root + "/outbox"
        self.work = root + "/work"
        self.state = root + "/state"
        try fm.createDirectory(atPath: inbox, withIntermediateDirectories: true)

        var conf = "[pipeline]\nname = test\ninbox = inbox\noutbox = outbox\nwork = work\nstate = state\n"
        for (k, v) in pipeline { conf += k + " = " + v + "\n" }
        for e in entities {
            conf += "\n[entity " + e.id + "]\n"
            for (k, v) in e.keys { conf += k + " = " + v + "\n" }
        }
        if !extraConf.isEmpty { conf += "\n" + extraConf + "\n" }
        try Data(conf.utf8).write(to: URL(fileURLWithPath: confPath))

        var paths: [String: String] = [:]
        for f in files {
            let absolute = inbox + "/" + f.path
            let parent = (absolute as NSString).deletingLastPathComponent
            try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
            try f.content.data.write(to: URL(fileURLWithPath: absolute))
            if let t = f.modified {
                try fm.setAttributes([.modificationDate: Date(timeIntervalSince1970: t)], ofItemAtPath: absolute)
            }
            paths[f.path] = absolute
        }
        self.paths = paths
    }

    /// The pipeline as the stages see it.
    public func loadConfig() throws -> PipelineConfig {
        try PipelineConfig.load(confPath)
    }

    /// Removes the whole temporary folder (also done when the builder is released).
    public func remove() {
        lock.lock()
        defer { lock.unlock() }
        guard !removed else { return }
        removed = true
        try? FileManager.default.removeItem(atPath: root)
    }

    deinit {
        if !removed { try? FileManager.default.removeItem(atPath: root) }
    }
}

extension InboxBuilder {
/// Bytes of a string in Windows-1252, for the characters French exports use (tests only).
public static func windows1252(_ text: String) -> [UInt8] {
    var out: [UInt8] = []
    for s in text.unicodeScalars {
        switch s.value {
        case 0..<0x80, 0xA0...0xFF: out.append(UInt8(s.value))
        case 0x20AC: out.append(0x80) // €
        case 0x2019: out.append(0x92) // ’
        case 0x0153: out.append(0x9C) // œ
        case 0x0152: out.append(0x8C) // Œ
        default: out.append(UInt8(ascii: "?"))
        }
    }
    return out
}
}
