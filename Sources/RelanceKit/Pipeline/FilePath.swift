import Foundation

/// Path arithmetic on strings, without touching the file system.
enum FilePath {
    /// `path` made absolute against the current directory, then normalised.
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return normalize(path) }
        return normalize(FileManager.default.currentDirectoryPath + "/" + path)
    }

    /// Removes `.` and `..` components and doubled slashes.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for c in path.split(separator: "/", omittingEmptySubsequences: true) {
            if c == "." { continue }
            if c == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(c)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// A name built from data, made safe for a file name (spec README, Ids): only `[A-Za-z0-9._-]`
    /// survive, everything else becomes `_`, at most 100 characters; `.` and `..` never result.
    static func safeName(_ text: String) -> String {
        var out: [UInt8] = []
        for b in text.utf8 {
            if out.count == 100 { break }
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                out.append(b)
            default:
                // A multi-byte character becomes one `_`, not one per byte.
                if b & 0xC0 != 0x80 { out.append(UInt8(ascii: "_")) }
            }
        }
        if out.allSatisfy({ $0 == UInt8(ascii: ".") }) { return String(repeating: "_", count: max(out.count, 1)) }
        return String(decoding: out, as: UTF8.self)
    }
}
