// Bank/CAMT: reads ISO 20022 bank-to-customer messages (camt.052 account reports, camt.053 statements,
// camt.054 notifications, versions .001.01 onwards) into transactions, streaming over the bytes with
// `XMLPullParser`. It must never build a DOM, never expand entities (a DOCTYPE is refused) and never
// return part of a file: a file is taken whole or rejected whole with a `file:line:col` error.

/// Reads one CAMT file.
public enum CAMTReader {
    /// Reads `bytes` (UTF-8 XML) named `file` in messages; `DtTm` values become civil dates in `timeZone`
    /// (an IANA identifier such as `Europe/Brussels`).
    public static func read(bytes: [UInt8], file: String, timeZone: String) throws(CAMTError) -> CAMTDocument {
        guard let zone = CAMTTimeZone(identifier: timeZone) else {
            throw CAMTError(file: file, line: 1, column: 1, message: "unknown time zone \"\(timeZone)\"")
        }
        let result: Result<CAMTDocument, CAMTError> = bytes.withUnsafeBufferPointer { buffer in
            var scanner = CAMTScanner(bytes: buffer, file: file, timeZone: zone)
            do throws(CAMTError) {
                return .success(try scanner.run())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Recognises `urn:iso:std:iso:20022:tech:xsd:camt.05[234].001.NN` (and the misspelt `iso:20023`):
    /// the message kind and version, nil for anything else.
    public static func messageType(namespace: String) -> (kind: CAMTMessageKind, version: Int)? {
        let b = Array(namespace.utf8)
        var s = 0, e = b.count
        CAMTValue.trim(b, &s, &e)
        let head = Array("urn:iso:std:iso:2002".utf8)
        let mid = Array(":tech:xsd:camt.05".utf8)
        let n = head.count + 1 + mid.count + 1 + 5 + 2
        guard e - s == n, Array(b[s..<s + head.count]) == head else { return nil }
        var j = s + head.count
        guard b[j] == 0x32 || b[j] == 0x33 else { return nil }  // 20022, or the misspelt 20023
        j += 1
        guard Array(b[j..<j + mid.count]) == mid else { return nil }
        j += mid.count
        let kind: CAMTMessageKind
        switch b[j] {
        case 0x32: kind = .accountReport
        case 0x33: kind = .statement
        case 0x34: kind = .notification
        default: return nil
        }
        j += 1
        guard Array(b[j..<j + 5]) == Array(".001.".utf8) else { return nil }
        j += 5
        guard b[j] &- 0x30 < 10, b[j + 1] &- 0x30 < 10 else { return nil }
        let version = Int(b[j] &- 0x30) * 10 + Int(b[j + 1] &- 0x30)
        guard version >= 1 else { return nil }
        return (kind, version)
    }
}
