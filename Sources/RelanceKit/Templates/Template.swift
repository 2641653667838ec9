// Templates: the logic-less syntax of outputs.md ("Templates") that turns a reminder's data into
// its subject, text, HTML and letter. It must never leave an empty hole: a name that resolves to
// nothing is an error, found by `unknownFields` at `relance check` and again at render time.
//
// Syntax: `{{name}}`, `{{customer.contact_name}}`, `{{#section}}…{{/section}}`, `{{^inverted}}…{{/inverted}}`,
// `{{! comment }}`, and formatters `{{due_date|short}}`, `{{as_of|iso}}`, `{{amount|plain}}`, `{{name|upper}}`.
// A line holding only a section, inverted, close or comment tag and blanks leaves no line in the output.

/// A parsed template, ready to render any number of times.
public struct Template: Sendable {
    /// The name given to `parse` (usually the file's path), used in error messages.
    public let name: String
    let nodes: [Node]

    /// How a value is written instead of its default form.
    enum Formatter: String, Sendable {
        /// Dates in figures (`20/11/2026`).
        case short
        /// Dates as `YYYY-MM-DD`.
        case iso
        /// Money in machine form (`1234.56`), dates as `YYYY-MM-DD`.
        case plain
        /// Upper case.
        case upper
    }

    /// A name as written in a tag, split at dots, with the 1-based position of the tag's `{{`.
    struct Tag: Sendable {
        let name: String
        let path: [String]
        let line: Int
        let column: Int
    }

    indirect enum Node: Sendable {
        case text(String)
        case variable(Tag, Formatter?)
        case section(Tag, inverted: Bool, [Node])
    }

    /// Parses `text`; `name` is used in errors. Throws on unterminated or empty tags, unknown
    /// formatters and unbalanced sections.
    public static func parse(_ text: String, name: String) throws(TemplateError) -> Template {
        var parser = TemplateParser(bytes: Array(text.utf8), name: name)
        return Template(name: name, nodes: try parser.parse())
    }

    /// Renders with `context`, money and dates written in `language`, every value escaped per `escaping`.
    /// Throws `.unknownField` for a name that resolves to nothing in the context stack.
    public func render(_ context: TemplateContext, language: Language, escaping: TemplateEscaping = .none) throws(TemplateError) -> String {
        var out = ""
        var stack = [context]
        try render(nodes, stack: &stack, language: language, escaping: escaping, into: &out)
        return out
    }

    /// Every tag whose name `schema` does not know, in the order of the template. Inside a section,
    /// names are looked up in the section's schema first, then outward.
    public func unknownFields(_ schema: TemplateSchema) -> [TemplateError] {
        var errors: [TemplateError] = []
        var stack = [schema]
        check(nodes, stack: &stack, errors: &errors)
        return errors
    }

    // MARK: Rendering

    private func render(_ nodes: [Node], stack: inout [TemplateContext], language: Language, escaping: TemplateEscaping, into out: inout String) throws(TemplateError) {
        for node in nodes {
            switch node {
            case let .text(s):
                out += s
            case let .variable(tag, formatter):
                guard let value = Template.resolve(tag, in: stack) else { throw error(.unknownField(tag.name), tag) }
                let s: String
                switch value {
                case let .text(t): s = formatter == .upper ? t.uppercased() : t
                case let .money(m):
                    switch formatter {
                    case .plain, .iso: s = m.machineString
                    case .upper: s = m.formatted(language).uppercased()
                    default: s = m.formatted(language)
                    }
                case let .date(d):
                    switch formatter {
                    case .short: s = d.short(language)
                    case .iso, .plain: s = d.iso
                    case .upper: s = d.formatted(language).uppercased()
                    case nil: s = d.formatted(language)
                    }
                case let .integer(n): s = String(n)
                case let .bool(b): s = b ? "true" : "false"
                case .list, .context: throw error(.notPrintable(tag.name), tag)
                }
                escaping.append(s, to: &out)
            case let .section(tag, inverted, children):
                guard let value = Template.resolve(tag, in: stack) else { throw error(.unknownField(tag.name), tag) }
                if inverted {
                    if !value.isTruthy { try render(children, stack: &stack, language: language, escaping: escaping, into: &out) }
                    continue
                }
                switch value {
                case let .list(items):
                    for item in items {
                        stack.append(item)
                        defer { stack.removeLast() }
                        try render(children, stack: &stack, language: language, escaping: escaping, into: &out)
                    }
                case let .context(c):
                    stack.append(c)
                    defer { stack.removeLast() }
                    try render(children, stack: &stack, language: language, escaping: escaping, into: &out)
                default:
                    if value.isTruthy { try render(children, stack: &stack, language: language, escaping: escaping, into: &out) }
                }
            }
        }
    }

    /// Innermost context first; a dotted name whose first part is found does not fall back outward.
    private static func resolve(_ tag: Tag, in stack: [TemplateContext]) -> TemplateValue? {
        for context in stack.reversed() {
            if let v = context[tag.name] { return v }
            guard tag.path.count > 1, var v = context[tag.path[0]] else { continue }
            for part in tag.path.dropFirst() {
                guard case let .context(inner) = v, let next = inner[part] else { return nil }
                v = next
            }
            return v
        }
        return nil
    }

    private func error(_ kind: TemplateError.Kind, _ tag: Tag) -> TemplateError {
        TemplateError(kind: kind, template: name, line: tag.line, column: tag.column)
    }

    // MARK: Checking

    private func check(_ nodes: [Node], stack: inout [TemplateSchema], errors: inout [TemplateError]) {
        for node in nodes {
            switch node {
            case .text:
                break
            case let .variable(tag, _):
                if !stack.contains(where: { $0.knows(tag.name[...]) }) { errors.append(error(.unknownField(tag.name), tag)) }
            case let .section(tag, _, children):
                var inner = TemplateSchema(fields: [])
                if let found = stack.reversed().lazy.compactMap({ $0.section(tag.name[...]) }).first {
                    inner = found
                } else if !stack.contains(where: { $0.knows(tag.name[...]) }) {
                    errors.append(error(.unknownField(tag.name), tag))
                }
                stack.append(inner)
                check(children, stack: &stack, errors: &errors)
                stack.removeLast()
            }
        }
    }
}

extension TemplateSchema {
    /// The schema inside section `name` (dotted names go through nested sections).
    fileprivate func section(_ name: Substring) -> TemplateSchema? {
        if let s = sections[String(name)] { return s }
        guard let dot = name.firstIndex(of: "."), let inner = sections[String(name[..<dot])] else { return nil }
        return inner.section(name[name.index(after: dot)...])
    }
}

/// How values are escaped when inserted: not at all (text, subjects) or for HTML.
public enum TemplateEscaping: Sendable, Equatable {
    case none
    /// `& < > " '` become entities.
    case html

    fileprivate func append(_ s: String, to out: inout String) {
        switch self {
        case .none:
            out += s
        case .html:
            for scalar in s.unicodeScalars {
                switch scalar {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += "&#39;"
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
    }
}

/// Turns template bytes into nodes, applying the standalone-line rule.
private struct TemplateParser {
    let bytes: [UInt8]
    let name: String
    var line = 1
    var lineStart = 0
    var scanned = 0

    init(bytes: [UInt8], name: String) {
        self.bytes = bytes
        self.name = name
    }

    private struct Open {
        let tag: Template.Tag
        let inverted: Bool
        var nodes: [Template.Node]
    }

    mutating func parse() throws(TemplateError) -> [Template.Node] {
        let b = bytes
        let n = b.count
        var stack = [Open(tag: Template.Tag(name: "", path: [], line: 0, column: 0), inverted: false, nodes: [])]
        var i = 0
        var textStart = 0
        while true {
            // Next `{{`.
            var k = i
            while k + 1 < n, !(b[k] == 0x7B && b[k + 1] == 0x7B) { k += 1 }
            if k + 1 >= n { break }
            let (tagLine, tagColumn) = position(k)
            var close = k + 2
            // A tag ends on its own line: a forgotten `}}` is reported where it is missing, not as a
            // field named after the text up to the next tag, lines further down.
            while close + 1 < n, b[close] != 0x0A, !(b[close] == 0x7D && b[close + 1] == 0x7D) { close += 1 }
            if close + 1 >= n || b[close] == 0x0A {
                throw TemplateError(kind: .unterminatedTag, template: name, line: tagLine, column: tagColumn)
            }
            var tagEnd = close + 2
            var contentStart = k + 2
            var contentEnd = close
            while contentStart < contentEnd, TemplateParser.isBlank(b[contentStart]) { contentStart += 1 }
            while contentEnd > contentStart, TemplateParser.isBlank(b[contentEnd - 1]) { contentEnd -= 1 }
            let sigil: UInt8 = contentStart < contentEnd ? b[contentStart] : 0
            let isBlock = sigil == 0x23 || sigil == 0x5E || sigil == 0x2F || sigil == 0x21  // # ^ / !

            // Standalone: only blanks before the tag on its line and after it up to the line end.
            var textEnd = k
            if isBlock {
                var ls = k
                while ls > 0, b[ls - 1] != 0x0A { ls -= 1 }
                var before = ls
                while before < k, b[before] == 0x20 || b[before] == 0x09 { before += 1 }
                if before == k && ls >= textStart {
                    var after = tagEnd
                    while after < n, b[after] == 0x20 || b[after] == 0x09 { after += 1 }
                    var lineEnd = -1
                    if after == n { lineEnd = n }
                    else if b[after] == 0x0A { lineEnd = after + 1 }
                    else if b[after] == 0x0D, after + 1 < n, b[after + 1] == 0x0A { lineEnd = after + 2 }
                    if lineEnd >= 0 {
                        textEnd = ls
                        tagEnd = lineEnd
                    }
                }
            }
            if textEnd > textStart {
                stack[stack.count - 1].nodes.append(.text(String(decoding: b[textStart..<textEnd], as: UTF8.self)))
            }
            i = tagEnd
            textStart = tagEnd

            func tag(_ from: Int, _ to: Int) throws(TemplateError) -> Template.Tag {
                var s = from, e = to
                while s < e, TemplateParser.isBlank(b[s]) { s += 1 }
                while e > s, TemplateParser.isBlank(b[e - 1]) { e -= 1 }
                if s == e { throw TemplateError(kind: .emptyTag, template: name, line: tagLine, column: tagColumn) }
                let text = String(decoding: b[s..<e], as: UTF8.self)
                return Template.Tag(name: text, path: text.split(separator: ".", omittingEmptySubsequences: false).map(String.init), line: tagLine, column: tagColumn)
            }

            switch sigil {
            case 0x21:  // ! comment
                break
            case 0x23, 0x5E:  // # ^
                let t = try tag(contentStart + 1, contentEnd)
                stack.append(Open(tag: t, inverted: sigil == 0x5E, nodes: []))
            case 0x2F:  // /
                let t = try tag(contentStart + 1, contentEnd)
                guard stack.count > 1 else {
                    throw TemplateError(kind: .unexpectedClose(t.name), template: name, line: tagLine, column: tagColumn)
                }
                let open = stack.removeLast()
                guard open.tag.name == t.name else {
                    throw TemplateError(kind: .mismatchedClose(expected: open.tag.name, found: t.name), template: name, line: tagLine, column: tagColumn)
                }
                stack[stack.count - 1].nodes.append(.section(open.tag, inverted: open.inverted, open.nodes))
            default:
                var bar = contentStart
                while bar < contentEnd, b[bar] != 0x7C { bar += 1 }  // |
                let t = try tag(contentStart, bar)
                var formatter: Template.Formatter? = nil
                if bar < contentEnd {
                    var s = bar + 1, e = contentEnd
                    while s < e, TemplateParser.isBlank(b[s]) { s += 1 }
                    while e > s, TemplateParser.isBlank(b[e - 1]) { e -= 1 }
                    let f = String(decoding: b[s..<e], as: UTF8.self)
                    guard let known = Template.Formatter(rawValue: f) else {
                        throw TemplateError(kind: .unknownFormatter(f), template: name, line: tagLine, column: tagColumn)
                    }
                    formatter = known
                }
                stack[stack.count - 1].nodes.append(.variable(t, formatter))
            }
        }
        if textStart < n {
            stack[stack.count - 1].nodes.append(.text(String(decoding: b[textStart..<n], as: UTF8.self)))
        }
        if stack.count > 1 {
            let open = stack[stack.count - 1].tag
            throw TemplateError(kind: .unclosedSection(open.name), template: name, line: open.line, column: open.column)
        }
        return stack[0].nodes
    }

    /// 1-based line and column (in Unicode scalars) of byte `offset`; offsets only move forward.
    private mutating func position(_ offset: Int) -> (Int, Int) {
        while scanned < offset {
            if bytes[scanned] == 0x0A {
                line += 1
                lineStart = scanned + 1
            }
            scanned += 1
        }
        var column = 1
        var j = lineStart
        while j < offset {
            if bytes[j] & 0xC0 != 0x80 { column += 1 }
            j += 1
        }
        return (line, column)
    }

    private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
}
