/// The names available to a template, for `relance check`: plain fields and sections with their inside.
public struct TemplateSchema: Sendable {
    /// Dotted names (`customer.name`, `as_of`); a name here may also open a bool or text section.
    public var fields: Set<String>
    /// Lists and records usable as sections, with the names available inside them.
    public var sections: [String: TemplateSchema]

    public init(fields: Set<String>, sections: [String: TemplateSchema] = [:]) {
        self.fields = fields
        self.sections = sections
    }

    /// Whether `name` (dotted) is a field of this schema, directly or through nested sections.
    func knows(_ name: Substring) -> Bool {
        if fields.contains(String(name)) { return true }
        if let dot = name.firstIndex(of: "."), let inner = sections[String(name[..<dot])] {
            return inner.knows(name[name.index(after: dot)...])
        }
        return sections[String(name)] != nil
    }
}
