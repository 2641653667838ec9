import Foundation

/// A step's message in one language: `templates/LANG/NAME.txt` holds the subject on its first line
/// (`Subject:` prefix optional), a blank line, then the text; `NAME.html` optionally holds the HTML part.
public struct MessageTemplate: Sendable {
    public var subject: Template
    public var text: Template
    public var html: Template?
    /// The `.txt` file, for messages.
    public var path: String
    /// Lines of the `.txt` file before the text (subject, blank line): added to the text's error lines.
    var bodyLineOffset: Int
    /// Characters of the first line before the subject's text (`Subject: `): added to the subject's error columns.
    var subjectColumnOffset: Int = 0

    /// Loads `templates/LANG/NAME.txt` (and `.html` when present).
    public static func load(directory: String, language: Language, name: String,
                            extension ext: String = "txt") throws(TemplateLoadError) -> MessageTemplate {
        let base = directory + "/" + language.rawValue + "/" + name
        let path = base + "." + ext
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw TemplateLoadError(path: path, line: 0, message: "missing template (or not UTF-8)")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        guard var first = lines.first, !first.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw TemplateLoadError(path: path, line: 1, message: "the first line must be the subject")
        }
        // Errors in the subject point into the file's first line, `Subject:` prefix included.
        var subjectColumnOffset = 0
        if first.hasPrefix("Subject:") {
            let rest = first.dropFirst(8)
            let trimmed = rest.drop { $0 == " " || $0 == "\t" }
            subjectColumnOffset = 8 + rest.unicodeScalars.count - trimmed.unicodeScalars.count
            first = String(trimmed).trimmingCharacters(in: .whitespaces)
        }
        lines.removeFirst()
        // The body starts after the blank line; its line numbers in errors are those of the file.
        var bodyStart = 2
        if let l = lines.first, l.trimmingCharacters(in: .whitespaces).isEmpty {
            lines.removeFirst()
            bodyStart = 3
        }
        let subject: Template
        let body: Template
        do {
            subject = try Template.parse(first, name: path)
        } catch {
            throw TemplateLoadError(path: path, line: 1, message: error.message, column: error.column + subjectColumnOffset)
        }
        do {
            body = try Template.parse(lines.joined(separator: "\n"), name: path)
        } catch {
            throw TemplateLoadError(path: path, line: error.line + bodyStart - 1, message: error.message, column: error.column)
        }
        var html: Template? = nil
        let htmlPath = base + ".html"
        if let hd = FileManager.default.contents(atPath: htmlPath), let h = String(data: hd, encoding: .utf8) {
            do {
                html = try Template.parse(h, name: htmlPath)
            } catch {
                throw TemplateLoadError(path: htmlPath, line: error.line, message: error.message, column: error.column)
            }
        }
        return MessageTemplate(subject: subject, text: body, html: html, path: path, bodyLineOffset: bodyStart - 1,
                               subjectColumnOffset: subjectColumnOffset)
    }

    /// Every unknown field of its subject, text and HTML.
    public func unknownFields(_ schema: TemplateSchema) -> [TemplateError] {
        let inText = text.unknownFields(schema).map {
            TemplateError(kind: $0.kind, template: $0.template, line: $0.line + bodyLineOffset, column: $0.column)
        }
        let inSubject = subject.unknownFields(schema).map {
            TemplateError(kind: $0.kind, template: $0.template, line: $0.line, column: $0.column + subjectColumnOffset)
        }
        return inSubject + inText + (html?.unknownFields(schema) ?? [])
    }
}

/// A template that cannot be loaded or parsed: `path:line:col: error: message` (no `:col` when the
/// column is 0, no `:line` when the file itself is the problem).
public struct TemplateLoadError: Error, Sendable, CustomStringConvertible {
    public var path: String
    /// 1-based; 0 when the file itself is the problem.
    public var line: Int
    public var message: String
    /// 1-based, in Unicode scalars, of the tag's `{{`; 0 when only the line is known.
    public var column: Int = 0

    public var description: String {
        guard line > 0 else { return "\(path): error: \(message)" }
        return column > 0 ? "\(path):\(line):\(column): error: \(message)" : "\(path):\(line): error: \(message)"
    }
}
