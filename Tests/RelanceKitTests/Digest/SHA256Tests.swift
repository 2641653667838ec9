import Foundation
import Testing
@testable import RelanceKit

@Suite("SHA-256")
struct SHA256Tests {
    struct Vector: CustomTestStringConvertible, Sendable {
        let name: String
        let message: String
        let digest: String
        var testDescription: String { name }
    }

    static let nistVectors: [Vector] = [
        Vector(name: "empty", message: "",
               digest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Vector(name: "abc", message: "abc",
               digest: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Vector(name: "448 bits", message: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
               digest: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        Vector(name: "896 bits",
               message: "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
               digest: "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ]

    @Test("NIST vectors", arguments: nistVectors)
    func nist(_ vector: Vector) {
        #expect(SHA256.hexDigest(of: vector.message) == vector.digest)
        #expect(SHA256.hex(SHA256.hash(Array(vector.message.utf8))) == vector.digest)
    }

    @Test("one million 'a'")
    func millionA() {
        let digest = SHA256.hex(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)))
        #expect(digest == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // Fed in odd-sized pieces through the streaming API.
        var hasher = SHA256()
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 999)
        var left = 1_000_000
        while left > 0 {
            let n = min(left, piece.count)
            hasher.update(Array(piece[0 ..< n]))
            left -= n
        }
        #expect(SHA256.hex(hasher.finalize()) == digest)
    }

    @Test("a split update at every boundary 0…130 gives the same digest")
    func splitUpdates() {
        let message = (0 ..< 131).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        for length in [55, 56, 63, 64, 65, 119, 127, 128, 131] {
            let bytes = Array(message.prefix(length))
            let whole = SHA256.hash(bytes)
            for split in 0 ... min(130, length) {
                var hasher = SHA256()
                hasher.update(Array(bytes[0 ..< split]))
                hasher.update(Array(bytes[split...]))
                #expect(hasher.finalize() == whole, "length \(length), split \(split)")
            }
        }
    }

    @Test("finalize resets the hasher")
    func finalizeResets() {
        var hasher = SHA256()
        hasher.update("abc")
        _ = hasher.finalize()
        #expect(SHA256.hex(hasher.finalize()) == Self.nistVectors[0].digest)
    }

    @Test("file digest equals sha256sum")
    func fileDigest() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("relance-sha-\(UUID().uuidString).bin").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Over 1 MiB, not a multiple of 64, so reads and blocks straddle.
        let bytes = (0 ..< (1 << 20) + 12_345).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ ($0 >> 9)) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let ours = try SHA256.hexDigest(ofFile: path)
        #expect(ours == SHA256.hex(SHA256.hash(bytes)))

        guard let sha256sum = findExecutable("sha256sum") else {
            print("sha256sum not on PATH: compared with the in-memory digest only")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sha256sum)
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let expected = String(decoding: output, as: UTF8.self).split(separator: " ").first.map(String.init)
        #expect(ours == expected)
    }

    @Test("an inbox's digests: a copy of an earlier file has its digest, a file of the same size with one byte changed its own")
    func inboxDigests() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("relance-digests-\(UUID().uuidString)").path
        try FileTree.createDirectories(dir)
        defer { try? FileTree.removeTree(dir) }
        // Over 2 MiB: the comparison reads several chunks, and the change is in the last one.
        let bytes = (0 ..< (2 << 20) + 777).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ ($0 >> 11)) }
        var changed = bytes
        changed[changed.count - 5] ^= 1
        let files = ["a.xml": bytes, "b.xml": bytes, "c.xml": changed, "d.csv": [], "e.csv": []]
        for (name, content) in files { try AtomicFile.write(content, to: dir + "/" + name) }
        let paths = files.keys.sorted().map { dir + "/" + $0 }
        let digests = FileDigests(paths: paths).wait()
        for path in paths { #expect(digests[path] == (try SHA256.hexDigest(ofFile: path)), "\(path)") }
        #expect(digests[dir + "/a.xml"] == digests[dir + "/b.xml"])
        #expect(digests[dir + "/a.xml"] != digests[dir + "/c.xml"])
        #expect(digests[dir + "/d.csv"] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(AtomicFile.sameContent(dir + "/a.xml", dir + "/b.xml"))
        #expect(!AtomicFile.sameContent(dir + "/a.xml", dir + "/c.xml"))
        #expect(!AtomicFile.sameContent(dir + "/a.xml", dir + "/missing.xml"))
    }

    @Test("a missing file throws cannotOpen")
    func missingFile() {
        #expect(throws: SHA256.FileError.cannotOpen(path: "/nonexistent/relance", errno: ENOENT)) {
            try SHA256.hexDigest(ofFile: "/nonexistent/relance")
        }
    }

    /// Run with RELANCE_BENCH=1 (and `-c release`) to print the throughput on 100 MB.
    @Test("throughput on 100 MB", .enabled(if: ProcessInfo.processInfo.environment["RELANCE_BENCH"] == "1"))
    func throughput() {
        let bytes = [UInt8](repeating: 0x5A, count: 100_000_000)
        let clock = ContinuousClock()
        var digest: [UInt8] = []
        let elapsed = clock.measure { digest = SHA256.hash(bytes) }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("SHA-256: 100 MB in \(seconds) s = \(100 / seconds) MB/s (\(SHA256.hex(digest).prefix(8)))")
    }
}

private func findExecutable(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}
