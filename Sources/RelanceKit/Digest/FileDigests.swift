import Dispatch

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
                if let size, let twin = bySize[size, default: []].first(where: { !results[$0].isEmpty && AtomicFile.sameContent(paths[$0], paths[i]) }) {
                    results[i] = results[twin]
                    continue
                }
                results[i] = (try? SHA256.hexDigest(ofFile: paths[i])) ?? ""
                if let size { bySize[size, default: []].append(i) }
            }
            done.leave()
        }
    }

    /// Waits for the worker; the hex digest by path ("" for a file that could not be read).
    func wait() -> [String: String] {
        done.wait()
        var out: [String: String] = [:]
        for (p, d) in zip(paths, results) { out[p] = d }
        return out
    }
}
