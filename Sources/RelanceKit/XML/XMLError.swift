/// Why a byte sequence is not well-formed XML (or is XML we refuse). Carries the 0-based byte offset
/// only; `XMLPosition` turns it into a 1-based line and column when the error is reported.
public struct XMLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 0-based byte offset in the input where the problem was found.
    public var offset: Int
    public var kind: Kind

    public enum Kind: Equatable, Sendable {
        /// `<!DOCTYPE …>`: refused, so that no entity is ever expanded.
        case doctype
        /// The input ends inside a construct or with elements still open (`element` is the innermost).
        case truncated(element: String?)
        case mismatchedEndTag(found: String, expected: String)
        case unexpectedEndTag(String)
        /// Something other than what the grammar allows here.
        case unexpected(String)
        /// `&name;` that is not one of the five predefined entities or a valid character reference.
        case badReference(String)
        case duplicateAttribute(String)
        /// Non-blank text, or a second element, outside the root element.
        case contentOutsideRoot
        case noRootElement
    }

    public init(offset: Int, kind: Kind) {
        self.offset = offset
        self.kind = kind
    }

    public var description: String {
        switch kind {
        case .doctype: return "a DOCTYPE is not accepted (no entity is ever expanded)"
        case let .truncated(element):
            if let element { return "unexpected end of file: <\(element)> is not closed (truncated file?)" }
            return "unexpected end of file (truncated file?)"
        case let .mismatchedEndTag(found, expected): return "mismatched end tag </\(found)>, expected </\(expected)>"
        case let .unexpectedEndTag(name): return "end tag </\(name)> without a start tag"
        case let .unexpected(what): return what
        case let .badReference(ref): return "unknown or invalid reference &\(ref);"
        case let .duplicateAttribute(name): return "attribute \(name) appears twice"
        case .contentOutsideRoot: return "content outside the root element (not an XML document?)"
        case .noRootElement: return "no root element (empty or not an XML document)"
        }
    }
}
