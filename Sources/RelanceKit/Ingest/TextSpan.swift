/// Where a text of a ledger row lies in the bytes of the file it was read from (UTF-8, trimmed).
struct TextSpan: Sendable {
    var start: UInt32
    var count: UInt32

    static let empty = TextSpan(start: 0, count: 0)

    /// The span of `range`, nil when it does not fit (a file of 4 GiB or more): the row is then kept whole.
    init?(_ range: Range<Int>) {
        guard let start = UInt32(exactly: range.lowerBound), let count = UInt32(exactly: range.count) else { return nil }
        self.start = start
        self.count = count
    }

    private init(start: UInt32, count: UInt32) {
        self.start = start
        self.count = count
    }

    func bytes(in file: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: file[Int(start)..<Int(start) + Int(count)])
    }

    func string(in file: UnsafeBufferPointer<UInt8>) -> String {
        count == 0 ? "" : String(decoding: bytes(in: file), as: UTF8.self)
    }
}
