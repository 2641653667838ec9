import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The SHA-256 of each inbox file for the manifest, computed on another core while the ingest parses
/// the files: hashing a gigabyte of statements takes seconds of one core, parsing them longer, so
/// the digests come for free on a machine with two. The worker reads each file again (from the page
/// cache) rather than sharing the parser's buffers, which keeps memory as it was.
final class FileDigests: @unchecked Sendable {
    // Written by the worker only, read only after `done` is waited for: the group orders the two.
    private var results: [String]
    private let paths: [String]
    private let done = DispatchGroup()

    init(paths: [String]) {
        self.paths = paths
        results = Array(repeating: "", count: paths.count)
        done.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            // A statement dropped twice (a copy beside it) is hashed once: a file with the bytes of
            // an earlier one has its digest, found by comparing them (a fraction of hashing them).
            var bySize: [Int64: [Int]] = [:]
            for i in paths.indices {
                let size = FileTree.fileSize(paths[i])
                if let size, let twin = bySize[size, default: []].first(where: { !results[$0].isEmpty && Self.sameBytes(paths[$0], paths[i]) }) {
                    results[i] = results[twin]
                    continue
                }
                results[i] = (try? SHA256.hexDigest(ofFile: paths[i])) ?? ""
                if let size { bySize[size, default: []].append(i) }
            }
            done.leave()
        }
    }

    /// Whether two files hold the same bytes, read a megabyte at a time from each.
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        let fa = open(a, O_RDONLY | O_CLOEXEC), fb = open(b, O_RDONLY | O_CLOEXEC)
        defer {
            if fa >= 0 { close(fa) }
            if fb >= 0 { close(fb) }
        }
        guard fa >= 0, fb >= 0 else { return false }
        let chunk = 1 << 20
        let x = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        let y = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer {
            x.deallocate()
            y.deallocate()
        }
        while true {
            let n = readFully(fa, x), m = readFully(fb, y)
            guard n >= 0, n == m else { return false }
            if n == 0 { return true }
            if memcmp(x.baseAddress!, y.baseAddress!, n) != 0 { return false }
        }
    }

    /// Reads until `buffer` is full or the file ends; -1 on an error.
    private static func readFully(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            if n < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    /// Waits for the worker; the hex digest by path ("" for a file that could not be read).
    func wait() -> [String: String] {
        done.wait()
        var out: [String: String] = [:]
        for (p, d) in zip(paths, results) { out[p] = d }
        return out
    }
}
