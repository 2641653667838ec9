import Foundation
import Testing

/// Byte-for-byte comparison of a rendered document with its golden file in `Tests/RelanceKitTests/Golden/`.
///
/// The golden files are found from this source file's path (`#filePath`), so they are read from the
/// checkout the tests were built from, not from the test bundle (Package.swift excludes the folder).
/// They are re-recorded only when `RELANCE_RECORD_GOLDEN=1` is set, and a recording run fails on
/// purpose: a changed rendering is accepted by a person who looked at it, never by a green run.
enum GoldenFile {
    static let directory: String = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()   // Render/
        url.deleteLastPathComponent()   // RelanceKitTests/
        return url.appendingPathComponent("Golden").path
    }()

    static var recording: Bool { ProcessInfo.processInfo.environment["RELANCE_RECORD_GOLDEN"] == "1" }

    /// Records an issue when `bytes` differ from the golden file `name` (or, when recording, writes it).
    static func check(_ bytes: [UInt8], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let path = directory + "/" + name
        if recording {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
                Issue.record("recorded golden file \(path) (\(bytes.count) bytes) because RELANCE_RECORD_GOLDEN=1: look at it, then run the tests again without the variable",
                             sourceLocation: sourceLocation)
            } catch {
                Issue.record("cannot record golden file \(path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            Issue.record("golden file \(path) is missing: record it with RELANCE_RECORD_GOLDEN=1 swift test --filter GoldenRenderTests",
                         sourceLocation: sourceLocation)
            return
        }
        let expected = [UInt8](data)
        guard expected != bytes else { return }
        Issue.record("\(path) differs: \(difference(expected: expected, actual: bytes)) (re-record with RELANCE_RECORD_GOLDEN=1 once the change is wanted)",
                     sourceLocation: sourceLocation)
    }

    /// The first differing line (lines end at LF; a CR before it is shown), 1-based, both versions
    /// shown with bytes outside printable ASCII escaped, and the sizes.
    static func difference(expected: [UInt8], actual: [UInt8]) -> String {
        let e = lines(expected), a = lines(actual)
        var i = 0
        while i < e.count && i < a.count && e[i] == a[i] { i += 1 }
        let sizes = "golden \(expected.count) bytes, rendered \(actual.count) bytes"
        var report = "first difference at line \(i + 1): " + pair(e, a, i)
        // A PDF stream's length comes before its content: the line that says what changed is further on.
        if i < e.count && i < a.count && e[i].starts(with: Array("<< /Length ".utf8)) {
            var j = i + 1
            while j < e.count && j < a.count && e[j] == a[j] { j += 1 }
            report += "; next at line \(j + 1): " + pair(e, a, j)
        }
        return report + "; " + sizes
    }

    private static func pair(_ e: [ArraySlice<UInt8>], _ a: [ArraySlice<UInt8>], _ i: Int) -> String {
        let want = i < e.count ? "«" + show(e[i]) + "»" : "end of file"
        let got = i < a.count ? "«" + show(a[i]) + "»" : "end of file"
        return "golden \(want), rendered \(got)"
    }

    /// Lines with their LF kept, so that a missing final newline is a difference too.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            out.append(bytes[start...i])
            start = i + 1
        }
        if start < bytes.count { out.append(bytes[start...]) }
        return out
    }

    /// Printable ASCII as is, the rest as `\r`, `\n`, `\xNN`; cut after 160 characters.
    static func show(_ line: ArraySlice<UInt8>) -> String {
        var s = ""
        for b in line {
            switch b {
            case 0x0D: s += "\\r"
            case 0x0A: s += "\\n"
            case 0x5C: s += "\\\\"
            case 0x20..<0x7F: s.append(Character(UnicodeScalar(b)))
            default: s += "\\x" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
            }
            if s.count > 160 { return s + "…" }
        }
        return s
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
