import Foundation
import Testing
@testable import RelanceKit

/// A mapped inbox file written to in place is told from one replaced or deleted, which leave the
/// mapped bytes whole (the ingest stage stops on the first, not on the others).
@Suite("FileSignature: a mapped file written to in place")
struct FileSignatureTests {
    private func write(_ text: String, to path: String, truncating: Bool) throws {
        let fd = open(path, O_WRONLY | O_CREAT | (truncating ? O_TRUNC : 0), 0o644)
        try #require(fd >= 0)
        defer { close(fd) }
        let bytes = Array(text.utf8)
        #expect(Glibc.write(fd, bytes, bytes.count) == bytes.count)
    }

    @Test("written to in place: told; replaced by a rename, or deleted: the mapped bytes stay, not told")
    func writtenSince() throws {
        let dir = NSTemporaryDirectory() + "relance-signature-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/ledger.csv"
        try write("document,amount\nF-1,10.00\n", to: path, truncating: true)

        let mapped = try #require(FileBytes.mapped(path: path))
        let signature = try #require(mapped.signature)
        #expect(!signature.writtenSince(path: path))
        // The same size, new bytes (`cp` over the file would truncate first, then write); its time a
        // second later, as a file system that keeps whole seconds would show a write a second later.
        try write("document,amount\nF-2,99.00\n", to: path, truncating: false)
        var times = [timespec](repeating: timespec(tv_sec: Int(signature.modifiedSeconds) + 1, tv_nsec: 0), count: 2)
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        #expect(signature.writtenSince(path: path))

        let other = try #require(FileBytes.mapped(path: path)?.signature)
        try write("document,amount\nF-3,12.00\n", to: dir + "/ledger.csv.part", truncating: true)
        #expect(rename(dir + "/ledger.csv.part", path) == 0)
        #expect(!other.writtenSince(path: path))
        #expect(unlink(path) == 0)
        #expect(!other.writtenSince(path: path))
        #expect(mapped.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) } == "document,amount\nF-2,99.00\n")
    }
}
