/// One record read by `CSVReader`.
///
/// A row is meant to be reused: `CSVReader.next(into:)` clears it keeping its capacity, so
/// reading a file makes no per-row allocation. Unquoted fields, and quoted fields without
/// doubled quotes, are views into the reader's buffer; only fields whose doubled quotes must be
/// undoubled are copied (into a scratch buffer owned by the row).
public struct CSVRow: Sendable {
    struct Field: Sendable {
        /// Content range, in `source` or, when `inScratch`, in `scratch`.
        var start: Int
        var end: Int
        /// Offset in `source` of the field's first byte (its opening quote when quoted).
        var rawStart: Int
        var inScratch: Bool
        var quoted: Bool
    }

    var source = FileBytes.empty
    var scratch: [UInt8] = []
    var fields: [Field] = []
    var recordStart = 0
    var recordEnd = 0

    /// 1-based physical line where the record starts.
    public internal(set) var line: Int = 0

    public init() {}

    /// Number of fields.
    public var count: Int { fields.count }

    /// Number of fields once trailing empty ones are dropped: unquoted fields that are
    /// zero-length or contain only spaces and tabs. A quoted `""` counts as a value.
    public var countIgnoringTrailingEmpty: Int {
        var n = fields.count
        source.withUnsafeBufferPointer { p in
            while n > 0 {
                let f = fields[n - 1]
                if f.quoted { break }
                var blank = true
                for i in f.start..<f.end where p[i] != 0x20 && p[i] != 0x09 {
                    blank = false
                    break
                }
                if !blank { break }
                n -= 1
            }
        }
        return n
    }

    /// The field's content (quotes removed, doubled quotes undoubled, nothing trimmed);
    /// `""` when `index >= count`.
    public func string(_ index: Int) -> String {
        withField(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// All fields as strings (for a header line, or a rejected row).
    public func strings() -> [String] {
        (0..<fields.count).map(string)
    }

    /// Calls `body` with the unescaped UTF-8 bytes of the field (empty when `index >= count`).
    /// The buffer is valid only during the call.
    public func withField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard index >= 0 && index < fields.count else {
            return try body(UnsafeBufferPointer(start: nil, count: 0))
        }
        let f = fields[index]
        if f.inScratch {
            return try scratch.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[f.start..<f.end])) }
        }
        return try source.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[f.start..<f.end])) }
    }

    /// The field's content trimmed of surrounding spaces and tabs, as a range of the reader's text
    /// (`CSVReader.text`); nil when its doubled quotes were undoubled into the row's own buffer. An
    /// empty range when `index` is nil or beyond the row.
    func trimmedRange(_ index: Int?) -> Range<Int>? {
        source.withUnsafeBufferPointer { trimmedRange(index, in: $0) }
    }

    /// `trimmedRange(_:)` with the reader's text already in hand (`CSVReader.text`).
    @inline(__always)
    func trimmedRange(_ index: Int?, in p: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard let index, index >= 0 && index < fields.count else { return 0..<0 }
        let f = fields[index]
        return f.inScratch ? nil : Self.trimmed(p, f.start..<f.end)
    }

    /// Calls `body` with the field's content trimmed of surrounding spaces and tabs (see `withField`).
    func withTrimmedField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withField(index) { f in body(UnsafeBufferPointer(rebasing: f[Self.trimmed(f, 0..<f.count)])) }
    }

    /// `range` of `p` without the spaces and tabs at its ends.
    @inline(__always)
    static func trimmed(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi && (p[lo] == 0x20 || p[lo] == 0x09) { lo &+= 1 }
        while hi > lo && (p[hi &- 1] == 0x20 || p[hi &- 1] == 0x09) { hi &-= 1 }
        return lo..<hi
    }

    /// Whether the field has no content (`""` quoted counts as empty too); true when `index >= count`.
    public func isEmpty(_ index: Int) -> Bool {
        guard index >= 0 && index < fields.count else { return true }
        return fields[index].start == fields[index].end
    }

    /// Whether the field was quoted in the file.
    public func isQuoted(_ index: Int) -> Bool {
        guard index >= 0 && index < fields.count else { return false }
        return fields[index].quoted
    }

    /// 1-based byte column, within its physical line, where the field starts (its opening quote
    /// when quoted); 0 when `index >= count`.
    public func column(of index: Int) -> Int {
        guard index >= 0 && index < fields.count else { return 0 }
        return source.withUnsafeBufferPointer { CSVReader.column(in: $0, at: fields[index].rawStart) }
    }

    /// 1-based physical line where the field starts (differs from `line` after a line break
    /// inside an earlier quoted field); 0 when `index >= count`.
    public func line(of index: Int) -> Int {
        guard index >= 0 && index < fields.count else { return 0 }
        let target = fields[index].rawStart
        return source.withUnsafeBufferPointer { p in
            var l = line
            var i = recordStart
            while i < target {
                if p[i] == 0x0A || (p[i] == 0x0D && (i + 1 >= p.count || p[i + 1] != 0x0A)) { l += 1 }
                i += 1
            }
            return l
        }
    }

    /// The record's text as in the file (line breaks inside quotes kept, final line break
    /// excluded), cut to 500 characters followed by "…".
    public var rawText: String {
        guard recordEnd > recordStart else { return "" }
        return source.withUnsafeBufferPointer { p in
            let cut = min(recordEnd, recordStart + 4 * 500 + 16)
            let text = String(decoding: UnsafeBufferPointer(rebasing: p[recordStart..<cut]), as: UTF8.self)
            if cut < recordEnd || text.count > 500 {
                return String(text.prefix(500)) + "…"
            }
            return text
        }
    }

    mutating func prepare(source: FileBytes) {
        self.source = source
        fields.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        recordStart = 0
        recordEnd = 0
    }
}
