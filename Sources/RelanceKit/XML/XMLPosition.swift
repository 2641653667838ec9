#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A 1-based line and column in a byte buffer, computed from a byte offset only when needed
/// (error reports, source lines of records): hot loops track offsets, never lines.
public struct XMLPosition: Equatable, Sendable {
    /// 1-based line (lines end with LF; a CR before it is part of the line).
    public var line: Int
    /// 1-based column counted in Unicode scalars (UTF-8 continuation bytes do not count).
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The position of byte `offset` (clamped to the buffer) in `bytes`.
    public init(offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        var i = 0
        while i < end {
            if bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        var column = 1
        i = lineStart
        while i < end {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        self.init(line: line, column: column)
    }

    /// The position of byte `offset` in `bytes`.
    public init(offset: Int, in bytes: [UInt8]) {
        self = bytes.withUnsafeBufferPointer { XMLPosition(offset: offset, in: $0) }
    }
}

/// Counts lines forward through a buffer for offsets given in increasing order (one pass in total).
struct XMLLineCounter {
    private var offset = 0
    private var line = 1

    /// The 1-based line of byte `target`; `target` must not decrease between calls.
    mutating func line(at target: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let end = min(target, bytes.count)
        guard let base = bytes.baseAddress, end > offset else { return line }
        var p = base + offset
        let stop = base + end
        while p < stop, let hit = memchr(p, 0x0A, stop - p) {
            line += 1
            p = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) + 1
        }
        offset = end
        return line
    }
}
