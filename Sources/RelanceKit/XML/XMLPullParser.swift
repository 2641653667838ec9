// XML: a small streaming (pull) tokenizer over UTF-8 bytes for the bank statements we read.
// It never builds a tree, never expands an entity other than the five predefined ones and
// character references, and refuses any DOCTYPE. Line and column are computed only on error.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pull tokenizer over a UTF-8 buffer: each `next()` returns the next start tag, end tag or text
/// run. Well-formedness is checked as it goes (matching tags, one root, references, attribute syntax).
///
/// The parser borrows `bytes`: use it only inside the `withUnsafeBufferPointer` that produced them.
/// Names and text are given as byte ranges into `bytes`; make `String`s only for what you keep.
public struct XMLPullParser {
    public enum Event: Equatable, Sendable {
        /// `name`, `localName`, `attributes` describe the element; `depth` counts it (root = 1).
        case startElement
        /// The element named by `name`/`localName` ends (also after a self-closing tag).
        case endElement
        /// A run of character data between tags: `text`, `textNeedsDecoding`; CDATA is one run.
        case text
        case endOfDocument
    }

    /// One attribute as byte ranges into the input; `value` is raw (see `decodeValue`).
    public struct Attribute: Sendable {
        public var name: Range<Int>
        public var value: Range<Int>
        /// True when the raw value holds a reference (`&…;`).
        public var hasReference: Bool
    }

    public let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    /// Open elements: the byte range of each qualified name, outermost first.
    private var open: [Range<Int>] = []
    private var pendingEnd = false
    private var rootSeen = false
    private var rootClosed = false

    /// The qualified name of the current start or end element.
    public private(set) var name: Range<Int> = 0..<0
    /// The name after its prefix (`Document` in `ns:Document`).
    public private(set) var localName: Range<Int> = 0..<0
    /// The attributes of the current start element (reused between calls).
    public private(set) var attributes: [Attribute] = []
    /// Raw bytes of the current text run.
    public private(set) var text: Range<Int> = 0..<0
    /// True when `text` holds references to decode (false for CDATA and plain text).
    public private(set) var textNeedsDecoding = false
    /// 0-based byte offset of the `<` of the current tag, or of the first byte of the text run.
    public private(set) var tokenOffset = 0

    public init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        attributes.reserveCapacity(8)
        open.reserveCapacity(32)
        // A UTF-8 byte order mark is allowed before the prolog.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
    }

    /// Elements open now, counting the current start element (the root is depth 1).
    public var depth: Int { open.count }

    /// The next token; `.endOfDocument` once the root is closed and only blanks, comments or
    /// processing instructions follow.
    public mutating func next() throws(XMLError) -> Event {
        if pendingEnd {
            pendingEnd = false
            name = open.removeLast()
            localName = Self.local(name, bytes)
            if open.isEmpty { rootClosed = true }
            return .endElement
        }
        let n = bytes.count
        while true {
            if i >= n {
                if !open.isEmpty {
                    throw XMLError(offset: n, kind: .truncated(element: string(open[open.count - 1])))
                }
                if !rootSeen { throw XMLError(offset: n, kind: .noRootElement) }
                return .endOfDocument
            }
            if bytes[i] != 0x3C {  // text up to the next '<'
                let start = i
                let end = find(0x3C, from: i) ?? n
                i = end
                if open.isEmpty {
                    var j = start
                    while j < end {
                        let b = bytes[j]
                        if b != 0x20 && b != 0x0A && b != 0x0D && b != 0x09 { throw XMLError(offset: j, kind: .contentOutsideRoot) }
                        j += 1
                    }
                    continue
                }
                var needs = false
                var j = start
                while j < end, let amp = find(0x26, from: j, to: end) {
                    j = try checkReference(at: amp, end: end)
                    needs = true
                }
                text = start..<end
                textNeedsDecoding = needs
                tokenOffset = start
                return .text
            }
            tokenOffset = i
            guard i + 1 < n else { throw XMLError(offset: n, kind: .truncated(element: open.last.map(string))) }
            switch bytes[i + 1] {
            case 0x2F:  // </
                return try endTag()
            case 0x3F:  // <?
                guard let close = find(0x3F, 0x3E, from: i + 2) else { throw truncated() }
                i = close + 2
            case 0x21:  // <!
                if matches("<!--", at: i) {
                    guard let close = find(0x2D, 0x2D, from: i + 4) else { throw truncated() }
                    guard close + 2 < n else { throw truncated() }
                    guard bytes[close + 2] == 0x3E else { throw XMLError(offset: close, kind: .unexpected("\"--\" inside a comment")) }
                    i = close + 3
                } else if matches("<![CDATA[", at: i) {
                    guard !open.isEmpty else { throw XMLError(offset: i, kind: .contentOutsideRoot) }
                    let start = i + 9
                    var j = start
                    while true {
                        guard let close = find(0x5D, 0x5D, from: j) else { throw truncated() }
                        guard close + 2 < n else { throw truncated() }
                        if bytes[close + 2] == 0x3E { text = start..<close; break }
                        j = close + 1
                    }
                    i = text.upperBound + 3
                    textNeedsDecoding = false
                    tokenOffset = start
                    return .text
                } else if matches("<!DOCTYPE", at: i) || matches("<!doctype", at: i) {
                    throw XMLError(offset: i, kind: .doctype)
                } else {
                    throw XMLError(offset: i, kind: .unexpected("unexpected markup after \"<!\""))
                }
            default:
                return try startTag()
            }
        }
    }

    // MARK: Tags

    private mutating func startTag() throws(XMLError) -> Event {
        let n = bytes.count
        if rootClosed || (open.isEmpty && rootSeen) { throw XMLError(offset: i, kind: .contentOutsideRoot) }
        var j = i + 1
        let nameRange = try scanName(&j)
        // Most tags have none: skip the generic removal then.
        if !attributes.isEmpty { attributes.removeAll(keepingCapacity: true) }
        while true {
            let hadSpace = skipSpace(&j)
            guard j < n else { throw truncated() }
            let b = bytes[j]
            if b == 0x3E { j += 1; break }
            if b == 0x2F {
                guard j + 1 < n else { throw truncated() }
                guard bytes[j + 1] == 0x3E else { throw XMLError(offset: j, kind: .unexpected("expected \">\" after \"/\"")) }
                j += 2
                pendingEnd = true
                break
            }
            guard hadSpace else { throw XMLError(offset: j, kind: .unexpected("expected a blank, \">\" or \"/>\" in a start tag")) }
            let attrName = try scanName(&j)
            _ = skipSpace(&j)
            guard j < n else { throw truncated() }
            guard bytes[j] == 0x3D else { throw XMLError(offset: j, kind: .unexpected("expected \"=\" after attribute \(string(attrName))")) }
            j += 1
            _ = skipSpace(&j)
            guard j < n else { throw truncated() }
            let quote = bytes[j]
            guard quote == 0x22 || quote == 0x27 else { throw XMLError(offset: j, kind: .unexpected("expected a quoted attribute value")) }
            let vStart = j + 1
            guard let vEnd = find(quote, from: vStart) else { throw truncated() }
            if let lt = find(0x3C, from: vStart, to: vEnd) { throw XMLError(offset: lt, kind: .unexpected("\"<\" in an attribute value")) }
            var has = false
            var k = vStart
            while k < vEnd, let amp = find(0x26, from: k, to: vEnd) {
                k = try checkReference(at: amp, end: vEnd)
                has = true
            }
            for a in attributes where equal(a.name, attrName) {
                throw XMLError(offset: attrName.lowerBound, kind: .duplicateAttribute(string(attrName)))
            }
            attributes.append(Attribute(name: attrName, value: vStart..<vEnd, hasReference: has))
            j = vEnd + 1
        }
        i = j
        rootSeen = true
        open.append(nameRange)
        name = nameRange
        localName = Self.local(nameRange, bytes)
        return .startElement
    }

    private mutating func endTag() throws(XMLError) -> Event {
        var j = i + 2
        let nameRange = try scanName(&j)
        _ = skipSpace(&j)
        guard j < bytes.count else { throw truncated() }
        guard bytes[j] == 0x3E else { throw XMLError(offset: j, kind: .unexpected("expected \">\" in an end tag")) }
        guard let top = open.last else { throw XMLError(offset: i, kind: .unexpectedEndTag(string(nameRange))) }
        guard equal(top, nameRange) else {
            throw XMLError(offset: i, kind: .mismatchedEndTag(found: string(nameRange), expected: string(top)))
        }
        open.removeLast()
        if open.isEmpty { rootClosed = true }
        i = j + 1
        name = nameRange
        localName = Self.local(nameRange, bytes)
        return .endElement
    }

    /// A name: up to a blank, `/`, `>`, `=`, or a quote; must not start with a digit, `-`, `.`.
    private func scanName(_ j: inout Int) throws(XMLError) -> Range<Int> {
        let n = bytes.count
        let start = j
        while j < n {
            let b = bytes[j]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x2F || b == 0x3E || b == 0x3D
                || b == 0x22 || b == 0x27 || b == 0x3C || b == 0x26 { break }
            j += 1
        }
        if j == n { throw truncated() }
        guard j > start else { throw XMLError(offset: start, kind: .unexpected("expected a name")) }
        let f = bytes[start]
        if f &- 0x30 < 10 || f == 0x2D || f == 0x2E { throw XMLError(offset: start, kind: .unexpected("a name cannot start with \"\(Character(Unicode.Scalar(f)))\"")) }
        return start..<j
    }

    @inline(__always)
    private func skipSpace(_ j: inout Int) -> Bool {
        let start = j
        while j < bytes.count {
            let b = bytes[j]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { break }
            j += 1
        }
        return j > start
    }

    // MARK: References

    /// Checks the reference starting at `amp` (`&amp;`, `&#233;`, `&#xE9;`…) and returns the offset after it.
    private func checkReference(at amp: Int, end: Int) throws(XMLError) -> Int {
        let limit = min(end, amp + 12)
        var j = amp + 1
        while j < limit, bytes[j] != 0x3B { j += 1 }
        guard j < limit else {
            if end == bytes.count && j == end { throw truncated() }
            throw XMLError(offset: amp, kind: .badReference(string(amp + 1..<min(j, end))))
        }
        guard Self.referenceValue(bytes, amp + 1, j) != nil else {
            throw XMLError(offset: amp, kind: .badReference(string(amp + 1..<j)))
        }
        return j + 1
    }

    /// The scalar a reference body (between `&` and `;`) stands for, nil when invalid.
    static func referenceValue(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt32? {
        let len = end - start
        guard len >= 2 else { return nil }
        if b[start] == 0x23 {  // #
            var v: UInt32 = 0
            var j = start + 1
            let hex = b[j] == 0x78
            if hex { j += 1 }
            guard j < end else { return nil }
            while j < end {
                let c = b[j]
                let d: UInt32
                if c &- 0x30 < 10 { d = UInt32(c &- 0x30) }
                else if hex, (c | 0x20) &- 0x61 < 6 { d = UInt32((c | 0x20) &- 0x61 + 10) }
                else { return nil }
                v = v * (hex ? 16 : 10) + d
                if v > 0x10FFFF { return nil }
                j += 1
            }
            // XML Char: no NUL or other C0 controls but tab/LF/CR, no surrogates, no FFFE/FFFF.
            if v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D { return nil }
            if (0xD800...0xDFFF).contains(v) || v == 0xFFFE || v == 0xFFFF { return nil }
            return v
        }
        switch len {
        case 2:
            if b[start] == 0x6C && b[start + 1] == 0x74 { return 0x3C }  // lt
            if b[start] == 0x67 && b[start + 1] == 0x74 { return 0x3E }  // gt
        case 3:
            if b[start] == 0x61 && b[start + 1] == 0x6D && b[start + 2] == 0x70 { return 0x26 }  // amp
        case 4:
            if b[start] == 0x71 && b[start + 1] == 0x75 && b[start + 2] == 0x6F && b[start + 3] == 0x74 { return 0x22 }  // quot
            if b[start] == 0x61 && b[start + 1] == 0x70 && b[start + 2] == 0x6F && b[start + 3] == 0x73 { return 0x27 }  // apos
        default: break
        }
        return nil
    }

    /// Appends the bytes of `range` to `out`, references replaced by their UTF-8 (ranges already checked).
    public func decode(_ range: Range<Int>, hasReferences: Bool, into out: inout [UInt8]) {
        guard hasReferences else {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
            return
        }
        var j = range.lowerBound
        while j < range.upperBound {
            let amp = find(0x26, from: j, to: range.upperBound) ?? range.upperBound
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[j..<amp]))
            guard amp < range.upperBound else { break }
            var semi = amp + 1
            while bytes[semi] != 0x3B { semi += 1 }
            let v = Self.referenceValue(bytes, amp + 1, semi) ?? 0xFFFD
            for u in String(Character(Unicode.Scalar(v) ?? "\u{FFFD}")).utf8 { out.append(u) }
            j = semi + 1
        }
    }

    /// The current text run, decoded.
    public func decodedText(into out: inout [UInt8]) {
        decode(text, hasReferences: textNeedsDecoding, into: &out)
    }

    /// The raw value range of the current element's attribute with this exact name, if any.
    public func attribute(_ name: StaticString) -> Attribute? {
        let p = name.utf8Start
        let len = name.utf8CodeUnitCount
        for a in attributes where a.name.count == len {
            if memcmp(bytes.baseAddress! + a.name.lowerBound, p, len) == 0 { return a }
        }
        return nil
    }

    /// A `String` of the bytes of `range` (no decoding).
    public func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// True when the bytes of `range` equal `literal`.
    public func bytes(_ range: Range<Int>, equal literal: StaticString) -> Bool {
        range.count == literal.utf8CodeUnitCount
            && memcmp(bytes.baseAddress! + range.lowerBound, literal.utf8Start, range.count) == 0
    }

    // MARK: Scanning

    private func truncated() -> XMLError {
        XMLError(offset: bytes.count, kind: .truncated(element: open.last.map(string)))
    }

    private static func local(_ name: Range<Int>, _ b: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var j = name.upperBound - 1
        while j >= name.lowerBound {
            if b[j] == 0x3A { return j + 1..<name.upperBound }
            j -= 1
        }
        return name
    }

    private func equal(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        a.count == b.count && memcmp(bytes.baseAddress! + a.lowerBound, bytes.baseAddress! + b.lowerBound, a.count) == 0
    }

    private func matches(_ literal: StaticString, at j: Int) -> Bool {
        let len = literal.utf8CodeUnitCount
        return j + len <= bytes.count && memcmp(bytes.baseAddress! + j, literal.utf8Start, len) == 0
    }

    /// Offset of the first `byte` in `from..<to` (default: to the end), nil when absent.
    @inline(__always)
    private func find(_ byte: UInt8, from: Int, to: Int? = nil) -> Int? {
        let end = to ?? bytes.count
        guard from < end, let base = bytes.baseAddress else { return nil }
        guard let hit = memchr(base + from, Int32(byte), end - from) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// Offset of the first `a` immediately followed by `b`, from `from`.
    private func find(_ a: UInt8, _ b: UInt8, from: Int) -> Int? {
        var j = from
        while let hit = find(a, from: j) {
            if hit + 1 < bytes.count && bytes[hit + 1] == b { return hit }
            if hit + 1 >= bytes.count { return nil }
            j = hit + 1
        }
        return nil
    }
}
