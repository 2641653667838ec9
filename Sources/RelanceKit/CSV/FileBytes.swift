#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes a `CSVReader` parses: a file mapped read-only, or an array.
///
/// A stage reads its predecessors' files (hundreds of MB at scale) once, front to back. Mapped,
/// their pages are the page cache's own: no copy, and no fresh memory to zero. On the virtual
/// machines Relance is measured on, first touching fresh memory costs 1 to 3 s per GB, more than
/// parsing it. Files Relance wrote itself are mapped (`CSVReader(contentsOf:mapped: true)`, which the
/// stage file reader asks for): written whole and renamed into place, never shortened under a reader.
/// So are the inbox's CSV files (`mapped(path:)`): `inputs.md` has a copy in progress named `.part` or
/// `.tmp` and renamed once complete, and a rename leaves the mapped file whole. For one copied over in
/// place while a run reads it, see `BusErrorGuard` and `FileSignature`.
public final class FileBytes: @unchecked Sendable {
    private let array: [UInt8]
    private let mapping: UnsafeMutableRawPointer?
    public let count: Int
    /// For an inbox file mapped by `mapped(path:)`: the file as it was when mapped, and whether
    /// `BusErrorGuard` watches the mapping.
    private(set) var signature: FileSignature? = nil
    private var watched = false

    /// Bytes built in memory.
    public init(_ array: [UInt8]) {
        self.array = array
        mapping = nil
        count = array.count
    }

    private init(mapping: UnsafeMutableRawPointer, count: Int) {
        array = []
        self.mapping = mapping
        self.count = count
    }

    deinit {
        if let mapping {
            if watched { BusErrorGuard.forget(mapping) }
            munmap(mapping, count)
        }
    }

    /// No bytes (a row not read yet).
    static let empty = FileBytes([])

    /// The regular file at `path`, mapped; nil when it cannot be (unreadable, empty, not a regular
    /// file, too many mapped at once): the caller reads it, and reports what stops it. (The ingest
    /// stage reads the files of an inbox on a network share instead: `FileSystemKind`.)
    static func mapped(path: String) -> FileBytes? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
              let bytes = map(fd, size: Int(info.st_size)), let mapping = bytes.mapping else { return nil }
        // Unwatched, it is unmapped (deinit) and the file read.
        guard BusErrorGuard.watch(mapping, count: bytes.count, path: path) else { return nil }
        bytes.watched = true
        bytes.signature = FileSignature(info)
        return bytes
    }

    /// The open file `fd` of `size` bytes, mapped with its pages entered at once; nil when it cannot
    /// be mapped (empty, not a regular file, no room): the caller then reads it.
    static func map(_ fd: Int32, size: Int) -> FileBytes? {
        guard size > 0 else { return nil }
        #if os(Linux)
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        guard let p = mmap(nil, size, PROT_READ, flags, fd, 0), p != MAP_FAILED else { return nil }
        return FileBytes(mapping: p, count: size)
    }

    /// Calls `body` with the bytes, valid only during the call.
    @inline(__always)
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let mapping {
            return try body(UnsafeBufferPointer(start: mapping.assumingMemoryBound(to: UInt8.self), count: count))
        }
        return try array.withUnsafeBufferPointer(body)
    }
}
