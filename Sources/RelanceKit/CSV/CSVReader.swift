// CSV: the byte-level reading and writing of every CSV file Relance touches.
//
// Reading turns bytes into records of fields (RFC 4180 with the dialect of spec/inputs.md:
// UTF-8 or Windows-1252, BOM, delimiter detection, CRLF/LF/CR) and header texts into canonical
// column names (`CSVSchema`). Writing produces the machine dialect of spec/outputs.md
// (`CSVWriter`). This folder never interprets values (amounts, dates, ids belong to the stages
// that read them) and never drops a record silently: every malformed record is reported with
// its line and column so the caller can reject it and go on.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming CSV reader over an in-memory buffer.
///
/// The whole file is held once in memory (transcoded to UTF-8 if it was Windows-1252); records
/// are parsed one at a time by `next(into:)` in a single pass over the bytes.
///
/// ```swift
/// let reader = try CSVReader(contentsOf: path)
/// var row = CSVRow()
/// while true {
///     do { guard try reader.next(into: &row) else { break } }
///     catch { /* reject row.line, row.rawText */ continue }
///     …
/// }
/// ```
public final class CSVReader {
    /// `.utf8`, or `.windows1252` when the bytes were not valid UTF-8 (they were then transcoded).
    public let encoding: TextEncoding
    /// Whether a UTF-8 byte-order mark was stripped.
    public let hadBOM: Bool
    /// The field delimiter: the one given, or the one detected from the first non-blank line
    /// among `;` `,` TAB `|` (most frequent outside quotes; ties in that order; none → `,`).
    /// `restart(atLine:)` detects it again from the line it restarts at.
    public private(set) var delimiter: UInt8
    /// The largest field accepted, in bytes after unescaping (16 MiB by default).
    public var fieldLimit: Int = 16 << 20

    private let buffer: FileBytes
    private var position = 0
    private var line = 1
    private var finished = false

    /// Reads `bytes` (a whole file). Throws nothing today; typed for future checks.
    public convenience init(bytes: [UInt8], delimiter: UInt8? = nil) throws(CSVError) {
        self.init(text: FileBytes(bytes), delimiter: delimiter)
    }

    /// Reads the file at `path`; an unreadable file (missing, a directory, no permission)
    /// throws `.unreadable(path:reason:)`. `mapped` maps it rather than reading it into memory: for
    /// files Relance wrote, which nobody shortens while they are read (see `FileBytes`).
    public convenience init(contentsOf path: String, delimiter: UInt8? = nil, mapped: Bool = false) throws(CSVError) {
        self.init(text: try Self.readFile(path, mapped: mapped), delimiter: delimiter)
    }

    /// `bytes` as UTF-8 text: a byte-order mark dropped, bytes that are not UTF-8 read as Windows-1252.
    init(text bytes: FileBytes, delimiter: UInt8?) {
        let (bom, valid) = bytes.withUnsafeBufferPointer { p in
            (p.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF, TextEncoding.isValidUTF8(p))
        }
        let text = bom ? FileBytes(bytes.withUnsafeBufferPointer { Array($0[3...]) }) : bytes
        if valid {
            encoding = .utf8
            buffer = text
        } else {
            encoding = .windows1252
            buffer = FileBytes(text.withUnsafeBufferPointer { TextEncoding.windows1252ToUTF8($0) })
        }
        hadBOM = bom
        self.delimiter = delimiter ?? buffer.withUnsafeBufferPointer { Self.detectDelimiter($0) }
    }

    /// Another reader of the same text (shared, not copied nor checked again), from its first line.
    public func fromTheStart() -> CSVReader {
        let other = CSVReader(sharing: self)
        other.fieldLimit = fieldLimit
        return other
    }

    private init(sharing other: CSVReader) {
        encoding = other.encoding
        hadBOM = other.hadBOM
        buffer = other.buffer
        delimiter = other.delimiter
    }

    /// The (UTF-8) text being read, which the rows' fields point into.
    var text: FileBytes { buffer }

    /// Total bytes of the (UTF-8) text being read, BOM excluded; with `byteOffset()`, for progress.
    public var byteCount: Int { buffer.count }

    /// Offset in the text of the next record to read.
    public func byteOffset() -> Int { position }

    /// The line feeds from the next record to the end: at least the records left when lines end in
    /// LF (a quoted field may hold more), as in every file Relance writes. Room for that many is made
    /// at once instead of growing an array of a million records by copies.
    public func lineFeedsLeft() -> Int {
        buffer.withUnsafeBufferPointer { Self.lineFeeds(in: UnsafeBufferPointer(rebasing: $0[position...])) }
    }

    /// The line feeds in `p`, eight bytes at a time (a stage file of hundreds of MB is counted before
    /// it is read, to size its records' array once).
    static func lineFeeds(in p: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        var i = 0
        if let base = p.baseAddress {
            let raw = UnsafeRawPointer(base)
            let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            while i &+ 8 <= p.count {
                let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
                // The high bit of each byte of `zero` is set exactly where `x` has a zero byte (a line
                // feed): no borrow runs from one byte into the next.
                let zero = ~(((x & lows) &+ lows) | x | lows)
                n &+= zero.nonzeroBitCount
                i &+= 8
            }
        }
        while i < p.count {
            n &+= p[i] == lf ? 1 : 0
            i &+= 1
        }
        return n
    }

    /// Reads again from the start of physical line `line` (1-based, counted as `CSVRow.line` counts
    /// them), whose record becomes the next one read; line numbers stay those of the file. The
    /// delimiter is the one given, else detected from that line: a bank export's block of account
    /// lines above its real header may not use the header's delimiter. Returns false, and changes
    /// nothing, when the text has fewer lines.
    @discardableResult
    public func restart(atLine target: Int, delimiter: UInt8? = nil) -> Bool {
        guard target >= 1 else { return false }
        let start: Int? = buffer.withUnsafeBufferPointer { p in
            var i = 0
            var l = 1
            let n = p.count
            while l < target {
                guard i < n else { return nil }
                let c = p[i]
                if c == lf {
                    l += 1
                } else if c == cr {
                    l += 1
                    if i + 1 < n && p[i + 1] == lf { i += 1 }
                }
                i += 1
            }
            return i < n ? i : nil
        }
        guard let start else { return false }
        position = start
        line = target
        finished = false
        self.delimiter = delimiter ?? buffer.withUnsafeBufferPointer { Self.detectDelimiter($0, from: start) }
        return true
    }

    /// Reads the next record into `row`, reusing its storage. Returns `false` at the end.
    /// Blank lines (only spaces) are skipped; line numbers still count them.
    ///
    /// After any error the reader stands after the faulty record (for a bad quote, after the
    /// physical line where it was found; for a quote never closed, after the line where it opened)
    /// and `row.line`/`row.rawText` describe it: reject it and call `next(into:)` again.
    public func next(into row: inout CSVRow) throws(CSVError) -> Bool {
        row.prepare(source: buffer)
        if finished { return false }
        let outcome = buffer.withUnsafeBufferPointer { parseRecord($0, into: &row) }
        switch outcome {
        case .row: return true
        case .end: return false
        case .failure(let error): throw error
        }
    }

    // MARK: - Parsing

    private enum Outcome {
        case row
        case end
        case failure(CSVError)
    }

    private func parseRecord(_ p: UnsafeBufferPointer<UInt8>, into row: inout CSVRow) -> Outcome {
        let n = p.count
        let delim = delimiter
        var i = position
        var line = self.line

        // Skip blank lines.
        while true {
            var j = i
            while j < n && p[j] == space { j &+= 1 }
            if j >= n {
                position = n
                self.line = line
                finished = true
                return .end
            }
            let b = p[j]
            if b == lf {
                line &+= 1
                i = j &+ 1
            } else if b == cr {
                line &+= 1
                i = j &+ 1
                if i < n && p[i] == lf { i &+= 1 }
            } else {
                break
            }
        }

        row.line = line
        row.recordStart = i
        let limit = fieldLimit
        var tooLarge: CSVError?

        fields: while true {
            let fieldStart = i
            if i < n && p[i] == quote {
                let openLine = line
                i &+= 1
                let contentStart = i
                var segmentStart = i
                var scratchStart = -1
                var contentEnd = i
                while true {
                    guard i < n else {
                        // Taken to the end of the file, the open quote would swallow every later line. The
                        // record is rejected up to the end of the line where the quote opened, and reading
                        // goes on at the next line. This stays linear: this scan found every later quote
                        // doubled, so every later run of quotes is even, and a field that opens with one
                        // closes within its own run instead of scanning to the end again.
                        var k = fieldStart
                        while k < n && p[k] != lf && p[k] != cr { k &+= 1 }
                        row.recordEnd = k
                        if k < n {
                            if p[k] == cr && k &+ 1 < n && p[k &+ 1] == lf { k &+= 1 }
                            k &+= 1
                        }
                        position = k
                        self.line = openLine &+ 1
                        return .failure(.unterminatedQuote(line: openLine, column: Self.column(in: p, at: fieldStart)))
                    }
                    let c = p[i]
                    if c == quote {
                        if i &+ 1 < n && p[i &+ 1] == quote {
                            if scratchStart < 0 { scratchStart = row.scratch.count }
                            row.scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[segmentStart...i]))
                            i &+= 2
                            segmentStart = i
                            continue
                        }
                        contentEnd = i
                        i &+= 1
                        break
                    }
                    if c == lf {
                        line &+= 1
                    } else if c == cr && (i &+ 1 >= n || p[i &+ 1] != lf) {
                        line &+= 1
                    }
                    i &+= 1
                }
                let length: Int
                if scratchStart >= 0 {
                    row.scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[segmentStart..<contentEnd]))
                    length = row.scratch.count &- scratchStart
                    row.fields.append(.init(start: scratchStart, end: row.scratch.count, rawStart: fieldStart, inScratch: true, quoted: true))
                } else {
                    length = contentEnd &- contentStart
                    row.fields.append(.init(start: contentStart, end: contentEnd, rawStart: fieldStart, inScratch: false, quoted: true))
                }
                if length > limit && tooLarge == nil {
                    tooLarge = .fieldTooLarge(line: openLine, column: Self.column(in: p, at: fieldStart), limit: limit)
                }
                if i >= n { break fields }
                let c = p[i]
                if c == delim {
                    i &+= 1
                    continue fields
                }
                if c == lf || c == cr { break fields }

                let error = CSVError.badQuote(line: line, column: Self.column(in: p, at: i))
                while i < n && p[i] != lf && p[i] != cr { i &+= 1 }
                row.recordEnd = i
                if i < n {
                    if p[i] == cr && i &+ 1 < n && p[i &+ 1] == lf { i &+= 1 }
                    i &+= 1
                    line &+= 1
                }
                position = i
                self.line = line
                return .failure(error)
            } else {
                i = Self.endOfUnquotedField(p, from: i, delimiter: delim)
                row.fields.append(.init(start: fieldStart, end: i, rawStart: fieldStart, inScratch: false, quoted: false))
                if i &- fieldStart > limit && tooLarge == nil {
                    tooLarge = .fieldTooLarge(line: line, column: Self.column(in: p, at: fieldStart), limit: limit)
                }
                if i < n && p[i] == delim {
                    i &+= 1
                    continue fields
                }
                break fields
            }
        }

        row.recordEnd = i
        if i < n {
            if p[i] == cr && i &+ 1 < n && p[i &+ 1] == lf { i &+= 1 }
            i &+= 1
            line &+= 1
        }
        position = i
        self.line = line
        if let tooLarge { return .failure(tooLarge) }
        return .row
    }

    /// The offset of the first delimiter, LF or CR at or after `start` (the end when none): eight
    /// bytes at a time, as most fields are longer than a few bytes, then byte by byte.
    @inline(__always)
    private static func endOfUnquotedField(_ p: UnsafeBufferPointer<UInt8>, from start: Int, delimiter: UInt8) -> Int {
        let n = p.count
        var i = start
        if let base = p.baseAddress {
            let raw = UnsafeRawPointer(base)
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            let d = ones &* UInt64(delimiter), l = ones &* UInt64(lf), r = ones &* UInt64(cr)
            while i &+ 8 <= n {
                let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let a = w ^ d, b = w ^ l, c = w ^ r
                // A byte of a, b or c is zero where w has the delimiter, LF or CR: the lowest high bit
                // set marks the first (the bits above it may be false, never the lowest).
                let zero = ((a &- ones) & ~a | (b &- ones) & ~b | (c &- ones) & ~c) & highs
                if zero != 0 { return i &+ zero.trailingZeroBitCount >> 3 }
                i &+= 8
            }
        }
        while i < n {
            let c = p[i]
            if c == delimiter || c == lf || c == cr { break }
            i &+= 1
        }
        return i
    }

    /// 1-based byte column of `offset` within its physical line.
    static func column(in p: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        var start = min(offset, p.count)
        while start > 0 && p[start - 1] != lf && p[start - 1] != cr { start -= 1 }
        return offset - start + 1
    }

    /// The most frequent of `;` `,` TAB `|` outside quotes on the first non-blank line from `start`
    /// (ties in that order); `,` when none occurs.
    static func detectDelimiter(_ p: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> UInt8 {
        let n = p.count
        var i = start
        while i < n {
            var j = i
            while j < n && p[j] == space { j += 1 }
            if j < n && (p[j] == lf || p[j] == cr) {
                i = j + 1
            } else {
                i = j
                break
            }
        }
        let candidates: [UInt8] = [0x3B, 0x2C, 0x09, 0x7C]
        var counts = [0, 0, 0, 0]
        // As in parsing, a quote opens a quoted field only at the start of a field.
        var inQuotes = false
        let lineStart = i
        while i < n {
            let c = p[i]
            if inQuotes {
                if c == quote {
                    if i + 1 < n && p[i + 1] == quote { i += 1 } else { inQuotes = false }
                }
            } else if c == quote {
                if i == lineStart || candidates.contains(p[i - 1]) { inQuotes = true }
            } else {
                if c == lf || c == cr { break }
                if let k = candidates.firstIndex(of: c) { counts[k] += 1 }
            }
            i += 1
        }
        var best = 0
        for k in 1..<counts.count where counts[k] > counts[best] { best = k }
        return counts[best] == 0 ? 0x2C : candidates[best]
    }

    // MARK: - File

    private static func readFile(_ path: String, mapped: Bool) throws(CSVError) -> FileBytes {
        func failure(_ code: Int32) -> CSVError {
            .unreadable(path: path, reason: String(cString: strerror(code)))
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(errno) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw failure(EISDIR) }
        if mapped && (info.st_mode & S_IFMT) == S_IFREG, let bytes = FileBytes.map(fd, size: Int(info.st_size)) {
            return bytes
        }

        // Read what fstat announces, then keep reading in case the file is not a regular one
        // or grew meanwhile.
        var bytes: [UInt8] = []
        var capacity = max(Int(info.st_size), 0) + 1
        while true {
            var readError: Int32 = 0
            var atEnd = false
            let chunk = [UInt8](unsafeUninitializedCapacity: capacity) { out, written in
                written = 0
                while written < capacity {
                    let r = read(fd, out.baseAddress! + written, capacity - written)
                    if r < 0 {
                        if errno == EINTR { continue }
                        readError = errno
                        return
                    }
                    if r == 0 {
                        atEnd = true
                        return
                    }
                    written += r
                }
            }
            if readError != 0 { throw failure(readError) }
            if bytes.isEmpty { bytes = chunk } else { bytes.append(contentsOf: chunk) }
            if atEnd { return FileBytes(bytes) }
            capacity = max(capacity, 1 << 20)
        }
    }
}

private let space: UInt8 = 0x20
private let quote: UInt8 = 0x22
private let lf: UInt8 = 0x0A
private let cr: UInt8 = 0x0D
