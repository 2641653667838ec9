/// The comparison key of a header text.
public enum HeaderName {
    /// A case-, accent-, space- and punctuation-insensitive key: lower-cased, Latin accents folded
    /// (é è ê ë → e, à â ä → a, ç → c, ô ö → o, û ù ü → u, î ï → i, ÿ → y, ñ → n, œ → oe, æ → ae,
    /// ß → ss, and the like), every character that is not `[a-z0-9]` removed.
    ///
    /// `"N° facture"` → `"nfacture"`, `"Date d'échéance"` → `"datedecheance"`.
    public static func normalize(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.lowercased().unicodeScalars {
            let v = scalar.value
            if (0x61...0x7A).contains(v) || (0x30...0x39).contains(v) {
                out.append(UInt8(v))
                continue
            }
            switch v {
            case 0xE0...0xE5, 0x101, 0x103, 0x105: out.append(0x61)  // a
            case 0xE6: out.append(contentsOf: [0x61, 0x65])  // ae
            case 0xE7, 0x107, 0x10D: out.append(0x63)  // c
            case 0xE8...0xEB, 0x113, 0x117, 0x119, 0x11B: out.append(0x65)  // e
            case 0xEC...0xEF, 0x12B, 0x131: out.append(0x69)  // i
            case 0xF1, 0x144, 0x148: out.append(0x6E)  // n
            case 0xF2...0xF6, 0xF8, 0x14D, 0x151: out.append(0x6F)  // o
            case 0x153: out.append(contentsOf: [0x6F, 0x65])  // oe
            case 0xDF: out.append(contentsOf: [0x73, 0x73])  // ss
            case 0xF9...0xFC, 0x16B, 0x16F, 0x171: out.append(0x75)  // u
            case 0xFD, 0xFF: out.append(0x79)  // y
            case 0x161, 0x15B: out.append(0x73)  // s
            case 0x17E, 0x17A, 0x17C: out.append(0x7A)  // z
            default: break  // punctuation, spaces, combining accents, anything else
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A canonical column an input may have, with the header texts that mean it.
public struct ColumnSpec: Sendable {
    /// The canonical name (`document`, `customer_id`, …).
    public let name: String
    /// Other header texts meaning this column, in French and English (compared by `HeaderName.normalize`).
    public let aliases: [String]
    /// Whether a file without this column is refused.
    public let required: Bool

    public init(_ name: String, required: Bool = false, aliases: [String]) {
        self.name = name
        self.required = required
        self.aliases = aliases
    }
}

/// The columns of one kind of CSV input; matches a header line to canonical names.
public struct CSVSchema: Sendable {
    public let specs: [ColumnSpec]
    /// Normalised header key → canonical name; the first spec claiming a key wins.
    private let keys: [String: String]
    private let canonicalByKey: [String: String]

    public init(_ specs: [ColumnSpec]) {
        self.specs = specs
        var keys: [String: String] = [:]
        var canonical: [String: String] = [:]
        for spec in specs {
            let key = HeaderName.normalize(spec.name)
            canonical[key] = canonical[key] ?? spec.name
            keys[key] = keys[key] ?? spec.name
        }
        // Aliases after every canonical name, so that a canonical name always means itself.
        for spec in specs {
            for alias in spec.aliases {
                let key = HeaderName.normalize(alias)
                keys[key] = keys[key] ?? spec.name
            }
        }
        self.keys = keys
        self.canonicalByKey = canonical
    }

    /// Maps each header text to a canonical name.
    ///
    /// - Parameter overrides: header text (any case, accents, punctuation) → canonical name, from
    ///   `pipeline.conf`; they take precedence over the aliases. A canonical name written in
    ///   another case is brought back to the schema's spelling.
    ///
    /// The first header column wins when two map to the same name; the later one is listed in
    /// `duplicates`. Header texts that map to nothing are listed in `unknown` (empty ones, such as
    /// trailing empty columns, are not).
    public func match(header: [String], overrides: [String: String] = [:]) -> ColumnMatch {
        var overrideKeys: [String: String] = [:]
        for (text, name) in overrides {
            let key = HeaderName.normalize(text)
            let canonical = canonicalByKey[HeaderName.normalize(name)] ?? name
            overrideKeys[key] = canonical
        }
        var indices: [String: Int] = [:]
        var unknown: [String] = []
        var duplicates: [String] = []
        for (index, text) in header.enumerated() {
            if text.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let key = HeaderName.normalize(text)
            guard let name = overrideKeys[key] ?? keys[key] else {
                unknown.append(text)
                continue
            }
            if indices[name] == nil {
                indices[name] = index
            } else {
                duplicates.append(text)
            }
        }
        let missing = specs.filter { $0.required && indices[$0.name] == nil }.map(\.name)
        return ColumnMatch(indices: indices, missing: missing, unknown: unknown, duplicates: duplicates, header: header)
    }
}

/// The result of matching a header line against a `CSVSchema`.
public struct ColumnMatch: Sendable {
    // The matched columns as a short list rather than a dictionary: readers look columns up by name
    // for every field of every row, and comparing a dozen short names costs less than hashing one.
    private let names: [String]
    private let positions: [Int]
    /// Required canonical names not found, in schema order.
    public let missing: [String]
    /// Header texts that match no column (ignored), in file order.
    public let unknown: [String]
    /// Header texts that match a column already matched by an earlier header column.
    public let duplicates: [String]
    /// The header line as read.
    public let header: [String]
    /// The header's columns up to its last named one: empty cells after it (French Excel ends every
    /// line with `;`) are trailing empty columns, which rows need not have (`inputs.md`).
    public let namedCount: Int
    /// 1-based line of the header in the file (below a block of account lines in some bank exports).
    public var line = 1

    init(indices: [String: Int], missing: [String], unknown: [String], duplicates: [String], header: [String]) {
        let sorted = indices.sorted { $0.key < $1.key }
        self.names = sorted.map(\.key)
        self.positions = sorted.map(\.value)
        self.missing = missing
        self.unknown = unknown
        self.duplicates = duplicates
        self.header = header
        namedCount = (header.lastIndex { !$0.isEmpty } ?? -1) + 1
    }

    /// 0-based field index of a canonical column, or nil when the file does not have it.
    public subscript(name: String) -> Int? {
        for i in names.indices where names[i] == name { return positions[i] }
        return nil
    }

    /// Number of canonical columns found.
    public var matchedCount: Int { names.count }

    /// The header text of a canonical column as written in the file (for messages).
    public func headerText(of name: String) -> String? {
        self[name].map { header[$0] }
    }
}
