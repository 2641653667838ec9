// Config: reads the INI-like files a pipeline is configured with
// (`pipeline.conf`, `plans/*.plan`) into sections of key/value entries that
// remember their line. This layer only knows the syntax; what the keys mean
// is checked by the code that reads them, which reports `ConfError`s with the
// entry's line. It never guesses: anything it cannot read is an error.

/// A parsed INI-like file.
///
/// Syntax, line by line (UTF-8, an optional BOM, LF or CRLF):
/// - `[name]` or `[name argument]` starts a section; names use lower-case
///   letters, digits, `_` and `-`; the argument is any non-empty text without `]`.
/// - `key = value`; keys use `[a-z0-9_.-]`; the value is trimmed and may be
///   empty; a value in double quotes keeps `#` and surrounding spaces, and
///   loses the quotes (there are no escapes).
/// - `#` or `;` at the start of a line is a comment; whitespace followed by
///   `#` starts a comment at the end of an entry or section line.
/// - Blank lines are ignored.
public struct ConfFile: Sendable {
    /// One `key = value` line.
    public struct Entry: Sendable {
        public let key: String
        /// Trimmed, unquoted, inline comment removed.
        public let value: String
        /// 1-based line number.
        public let line: Int
    }

    /// A `[name argument]` header and the entries under it.
    public struct Section: Sendable {
        /// `"pipeline"`, `"entity"`…; `""` for the entries before any header.
        public let name: String
        /// `"FR"` in `[entity FR]`, `"reminder-1"` in `[step reminder-1]`.
        public let argument: String?
        /// 1-based line of the header (of the first entry for the `""` section).
        public let line: Int
        /// In file order; keys are unique within a section.
        public var entries: [Entry]

        /// The entry with this key, if present.
        public func entry(_ key: String) -> Entry? {
            entries.first { $0.key == key }
        }

        /// The value of the entry with this key, if present.
        public func value(_ key: String) -> String? {
            entry(key)?.value
        }

        /// `[name]` or `[name argument]`, as written in messages.
        public var header: String {
            if let argument { return "[\(name) \(argument)]" }
            return "[\(name)]"
        }
    }

    /// The path the file was read from (used in messages).
    public let path: String
    /// In file order.
    public var sections: [Section]

    /// Parses `text`; `path` is only used in errors. Throws the first problem (in line order).
    public static func parse(_ text: String, path: String) throws(ConfError) -> ConfFile {
        try parse(bytes: Array(text.utf8), path: path)
    }

    /// Parses raw bytes, reporting invalid UTF-8 with its line. Throws the first problem (in line order).
    public static func parse(bytes: [UInt8], path: String) throws(ConfError) -> ConfFile {
        var errors: [ConfError] = []
        let file = parse(bytes: bytes, path: path, errors: &errors)
        if let first = errors.first { throw first }
        return file
    }

    /// Parses raw bytes and appends every syntax problem to `errors`, in line order, instead of
    /// stopping at the first: `relance check` lists them all. A bad line is left out and the next one
    /// is read; the entries under a bad or duplicate section header are checked but left out too (they
    /// would otherwise land in the previous section and give false errors there); a duplicate key keeps
    /// its first value.
    public static func parse(bytes: [UInt8], path: String, errors: inout [ConfError]) -> ConfFile {
        var parser = ConfParser(bytes: bytes, path: path)
        let sections = parser.run()
        errors += parser.errors
        return ConfFile(path: path, sections: sections)
    }

    /// Reads and parses the file at `path`. An unreadable file is an error on line 0.
    public static func load(path: String) throws(ConfError) -> ConfFile {
        var errors: [ConfError] = []
        let file = load(path: path, errors: &errors)
        if let first = errors.first { throw first }
        return file!
    }

    /// Reads and parses the file at `path`, appending every problem to `errors` (see
    /// `parse(bytes:path:errors:)`); nil when the file cannot be read (an error on line 0).
    public static func load(path: String, errors: inout [ConfError]) -> ConfFile? {
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.readBytes(path)
        } catch {
            errors.append(ConfError(path: path, line: 0, message: "cannot read the file: \(StoreError.message(for: error.errno))"))
            return nil
        }
        return parse(bytes: bytes, path: path, errors: &errors)
    }

    /// The section with this name and argument (`nil`: a section without argument).
    public func section(_ name: String, _ argument: String? = nil) -> Section? {
        sections.first { $0.name == name && $0.argument == argument }
    }

    /// Every section with this name, whatever its argument, in file order.
    public func sections(named name: String) -> [Section] {
        sections.filter { $0.name == name }
    }
}

/// A problem in a conf or plan file, with its location.
public struct ConfError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    /// 1-based; 0 when the file itself is the problem.
    public let line: Int
    public let message: String

    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `PATH:LINE: error: MESSAGE` (no `:LINE` when the line is 0).
    public var description: String {
        line > 0 ? "\(path):\(line): error: \(message)" : "\(path): error: \(message)"
    }
}

/// The line-by-line state machine behind `ConfFile.parse`.
private struct ConfParser {
    let bytes: [UInt8]
    let path: String
    var sections: [ConfFile.Section] = []
    /// Every problem, in line order (one per line at most).
    var errors: [ConfError] = []
    /// Set after a bad or duplicate section header: the entries up to the next header are left out.
    var skippingSection = false
    /// Header line of each section seen, by name and argument.
    var sectionLines: [SectionKey: Int] = [:]
    /// Line of each key in the current section.
    var keyLines: [String: Int] = [:]

    struct SectionKey: Hashable {
        let name: String
        let argument: String?
    }

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    mutating func run() -> [ConfFile.Section] {
        var position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 0
        while position < bytes.count {
            line += 1
            var end = position
            while end < bytes.count && bytes[end] != newline { end += 1 }
            let next = end + 1
            if end > position && bytes[end - 1] == carriageReturn { end -= 1 }
            // A bad line is reported and skipped: the next one is read as if it were not there.
            do {
                try parseLine(position..<end, line: line)
            } catch {
                errors.append(error)
            }
            position = next
        }
        return sections
    }

    /// A section whose header is bad: its entries are not read (each would be one more error).
    private mutating func skipSection() {
        skippingSection = true
        keyLines = [:]
    }

    private mutating func parseLine(_ range: Range<Int>, line: Int) throws(ConfError) {
        let content = trimmed(range)
        guard String(validating: bytes[range], as: UTF8.self) != nil else {
            if content.first.map({ bytes[$0] }) == openBracket { skipSection() }
            throw error(line, "invalid UTF-8")
        }
        guard let first = content.first.map({ bytes[$0] }) else { return }
        if first == hash || first == semicolon { return }
        if first == openBracket {
            do {
                try parseHeader(content, line: line)
                skippingSection = false
            } catch {
                skipSection()
                throw error
            }
        } else {
            try parseEntry(content, line: line)
        }
    }

    private mutating func parseHeader(_ content: Range<Int>, line: Int) throws(ConfError) {
        guard let close = content.first(where: { bytes[$0] == closeBracket }) else {
            throw error(line, "unclosed `[`: expected `]` at the end of `\(text(content))`")
        }
        let rest = trimmed(close + 1..<content.upperBound)
        if !rest.isEmpty && bytes[rest.lowerBound] != hash {
            throw error(line, "unexpected text after `]`: `\(text(rest))`")
        }
        let inside = trimmed(content.lowerBound + 1..<close)
        guard !inside.isEmpty else { throw error(line, "empty section header `[]`") }
        let nameEnd = inside.first(where: { isBlank(bytes[$0]) }) ?? inside.upperBound
        let name = text(inside.lowerBound..<nameEnd)
        guard bytes[inside.lowerBound..<nameEnd].allSatisfy(isSectionNameByte) else {
            throw error(line, "invalid section name `\(name)`: use lower-case letters, digits, `_` and `-`")
        }
        let argumentRange = trimmed(nameEnd..<inside.upperBound)
        let argument = argumentRange.isEmpty ? nil : text(argumentRange)
        let key = SectionKey(name: name, argument: argument)
        let section = ConfFile.Section(name: name, argument: argument, line: line, entries: [])
        if let first = sectionLines[key] {
            throw error(line, "duplicate section `\(section.header)` (first on line \(first))")
        }
        sectionLines[key] = line
        sections.append(section)
        keyLines = [:]
    }

    private mutating func parseEntry(_ content: Range<Int>, line: Int) throws(ConfError) {
        guard let equals = content.first(where: { bytes[$0] == equalsSign }) else {
            throw expected(content, line: line)
        }
        let keyRange = trimmed(content.lowerBound..<equals)
        guard !keyRange.isEmpty else { throw expected(content, line: line) }
        let key = text(keyRange)
        guard bytes[keyRange].allSatisfy(isKeyByte) else {
            if bytes[keyRange].contains(where: isBlank) { throw expected(content, line: line) }
            throw error(line, "invalid key `\(key)`: use lower-case letters, digits, `_`, `.` and `-`")
        }
        let value = try parseValue(equals + 1..<content.upperBound, key: key, line: line)
        // Under a header that was refused, the syntax is checked but the entry belongs nowhere.
        if skippingSection { return }

        if sections.isEmpty {
            sections.append(ConfFile.Section(name: "", argument: nil, line: line, entries: []))
            sectionLines[SectionKey(name: "", argument: nil)] = line
        }
        if let first = keyLines[key] {
            let header = sections[sections.count - 1]
            let place = header.name.isEmpty ? "" : " in `\(header.header)`"
            throw error(line, "duplicate key `\(key)`\(place) (first on line \(first))")
        }
        keyLines[key] = line
        sections[sections.count - 1].entries.append(ConfFile.Entry(key: key, value: value, line: line))
    }

    /// The value after `=`: quoted, or up to an inline comment, trimmed.
    private func parseValue(_ range: Range<Int>, key: String, line: Int) throws(ConfError) -> String {
        let value = trimmed(range)
        if !value.isEmpty && bytes[value.lowerBound] == quote {
            guard let close = (value.lowerBound + 1..<value.upperBound).first(where: { bytes[$0] == quote }) else {
                throw error(line, "unclosed `\"` in the value of `\(key)`")
            }
            let rest = trimmed(close + 1..<value.upperBound)
            if !rest.isEmpty && bytes[rest.lowerBound] != hash {
                throw error(line, "unexpected text after the closing `\"` in the value of `\(key)`: `\(text(rest))`")
            }
            return text(value.lowerBound + 1..<close)
        }
        var end = range.upperBound
        var index = range.lowerBound + 1
        while index < range.upperBound {
            if bytes[index] == hash && isBlank(bytes[index - 1]) {
                end = index
                break
            }
            index += 1
        }
        return text(trimmed(range.lowerBound..<end))
    }

    // MARK: - Bytes

    private func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper && isBlank(bytes[lower]) { lower += 1 }
        while upper > lower && isBlank(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    private func error(_ line: Int, _ message: String) -> ConfError {
        ConfError(path: path, line: line, message: message)
    }

    private func expected(_ content: Range<Int>, line: Int) -> ConfError {
        var shown = text(content)
        if shown.count > 60 { shown = String(shown.prefix(60)) + "…" }
        return error(line, "expected `key = value` or `[section]`, found `\(shown)`")
    }
}

private let newline: UInt8 = 0x0A
private let carriageReturn: UInt8 = 0x0D
private let hash: UInt8 = 0x23
private let semicolon: UInt8 = 0x3B
private let openBracket: UInt8 = 0x5B
private let closeBracket: UInt8 = 0x5D
private let equalsSign: UInt8 = 0x3D
private let quote: UInt8 = 0x22

private func isBlank(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09
}

private func isSectionNameByte(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x2D
}

private func isKeyByte(_ byte: UInt8) -> Bool {
    isSectionNameByte(byte) || byte == 0x2E
}
