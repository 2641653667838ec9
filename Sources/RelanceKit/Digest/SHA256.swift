// Digest: SHA-256 (FIPS 180-4) for input fingerprints in run.json and for
// deterministic identifiers. Foundation on Linux has no hash; this one is
// self-contained. It must never allocate per block nor read whole files into
// memory: files are streamed in 1 MiB reads.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An incremental SHA-256 hasher (FIPS 180-4).
///
/// Feed bytes with `update`, then call `finalize()` for the 32-byte digest.
/// `finalize()` resets the hasher to a fresh state.
public struct SHA256: Sendable {
    /// Why a file could not be hashed; `errno` is the C error number.
    public enum FileError: Error, Sendable, Equatable, CustomStringConvertible {
        case cannotOpen(path: String, errno: Int32)
        case cannotRead(path: String, errno: Int32)

        public var description: String {
            switch self {
            case let .cannotOpen(path, code):
                return "\(path): error: cannot open: \(String(cString: strerror(code)))"
            case let .cannotRead(path, code):
                return "\(path): error: cannot read: \(String(cString: strerror(code)))"
            }
        }
    }

    /// Length of a digest in bytes.
    public static let digestByteCount = 32
    /// Size of one compression block in bytes.
    public static let blockByteCount = 64

    private var h0: UInt32 = 0x6a09_e667
    private var h1: UInt32 = 0xbb67_ae85
    private var h2: UInt32 = 0x3c6e_f372
    private var h3: UInt32 = 0xa54f_f53a
    private var h4: UInt32 = 0x510e_527f
    private var h5: UInt32 = 0x9b05_688c
    private var h6: UInt32 = 0x1f83_d9ab
    private var h7: UInt32 = 0x5be0_cd19
    // A partial block kept inline (8 × 8 bytes) so the hasher never touches the heap.
    private var pending: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var pendingCount = 0
    private var totalByteCount: UInt64 = 0

    public init() {}

    /// Adds raw bytes to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var source = bytes.baseAddress, bytes.count > 0 else { return }
        var remaining = bytes.count
        totalByteCount &+= UInt64(remaining)

        if pendingCount > 0 {
            let take = Swift.min(Self.blockByteCount - pendingCount, remaining)
            let offset = pendingCount
            withUnsafeMutableBytes(of: &pending) { buffer in
                (buffer.baseAddress! + offset).copyMemory(from: source, byteCount: take)
            }
            pendingCount += take
            source += take
            remaining -= take
            if pendingCount == Self.blockByteCount {
                let block = pending
                withUnsafeBytes(of: block) { compress($0.baseAddress!, blocks: 1) }
                pendingCount = 0
            }
        }
        let fullBlocks = remaining / Self.blockByteCount
        if fullBlocks > 0 {
            compress(source, blocks: fullBlocks)
            source += fullBlocks * Self.blockByteCount
            remaining -= fullBlocks * Self.blockByteCount
        }
        if remaining > 0 {
            let take = remaining
            withUnsafeMutableBytes(of: &pending) { buffer in
                buffer.baseAddress!.copyMemory(from: source, byteCount: take)
            }
            pendingCount = take
        }
    }

    /// Adds bytes to the message.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Adds the UTF-8 encoding of `text` to the message.
    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Pads the message, returns the 32-byte digest and resets the hasher.
    public mutating func finalize() -> [UInt8] {
        let words = finalizeWords()
        var digest = [UInt8]()
        digest.reserveCapacity(Self.digestByteCount)
        for word in [words.0, words.1, words.2, words.3, words.4, words.5, words.6, words.7] {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return digest
    }

    /// Pads the message, returns the digest as its eight big-endian words and resets the hasher:
    /// the digest without an array, for ids made a million at a time.
    mutating func finalizeWords() -> (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) {
        let bitLength = totalByteCount &* 8
        // 0x80, zeros up to 56 mod 64, then the 64-bit big-endian bit length: at most 128 bytes, inline.
        let padLength = pendingCount < 56 ? 56 - pendingCount : 120 - pendingCount
        var tail: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                   UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &tail) { t in
            t[0] = 0x80
            for i in 0 ..< 8 {
                t[padLength + i] = UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * UInt64(i)))
            }
            update(UnsafeRawBufferPointer(rebasing: t[0 ..< padLength + 8]))
        }
        let words = (h0, h1, h2, h3, h4, h5, h6, h7)
        self = SHA256()
        return words
    }

    /// The digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of the UTF-8 encoding of `text`.
    public static func hash(_ text: String) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(text)
        return hasher.finalize()
    }

    /// The first `count` bytes of `digest` (all by default) as lower-case hexadecimal, two characters
    /// per byte, written straight into the string (bank line ids take 8 bytes, a million per run).
    public static func hex(_ digest: [UInt8], bytes count: Int? = nil) -> String {
        let n = Swift.min(count ?? digest.count, digest.count)
        return String(unsafeUninitializedCapacity: 2 * n) { out in
            let digits: StaticString = "0123456789abcdef"
            for i in 0 ..< n {
                out[2 * i] = digits.utf8Start[Int(digest[i] >> 4)]
                out[2 * i + 1] = digits.utf8Start[Int(digest[i] & 0x0F)]
            }
            return 2 * n
        }
    }

    /// The lower-case hex digest of the UTF-8 encoding of `text`.
    public static func hexDigest(of text: String) -> String {
        hex(hash(text))
    }

    /// The lower-case hex digest of the file at `path`, read in 1 MiB chunks.
    public static func hexDigest(ofFile path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw FileError.cannotOpen(path: path, errno: errno) }
        defer { close(fd) }
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        while true {
            let n = read(fd, buffer.baseAddress!, chunk)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError.cannotRead(path: path, errno: errno)
            }
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0 ..< n]))
        }
        return hex(hasher.finalize())
    }

    // MARK: - Compression

    private mutating func compress(_ data: UnsafeRawPointer, blocks: Int) {
        var a0 = h0, b0 = h1, c0 = h2, d0 = h3, e0 = h4, f0 = h5, g0 = h6, k0 = h7
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            roundConstants.withUnsafeBufferPointer { k in
                for block in 0 ..< blocks {
                    let base = data + block &* 64
                    for t in 0 ..< 16 {
                        w[t] = base.loadUnaligned(fromByteOffset: t &* 4, as: UInt32.self).bigEndian
                    }
                    for t in 16 ..< 64 {
                        let x = w[t &- 15], y = w[t &- 2]
                        let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
                        let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
                        w[t] = w[t &- 16] &+ s0 &+ w[t &- 7] &+ s1
                    }
                    var a = a0, b = b0, c = c0, d = d0, e = e0, f = f0, g = g0, h = k0
                    var t = 0
                    while t < 64 {
                        step(a, b, c, &d, e, f, g, &h, k[t] &+ w[t])
                        step(h, a, b, &c, d, e, f, &g, k[t &+ 1] &+ w[t &+ 1])
                        step(g, h, a, &b, c, d, e, &f, k[t &+ 2] &+ w[t &+ 2])
                        step(f, g, h, &a, b, c, d, &e, k[t &+ 3] &+ w[t &+ 3])
                        step(e, f, g, &h, a, b, c, &d, k[t &+ 4] &+ w[t &+ 4])
                        step(d, e, f, &g, h, a, b, &c, k[t &+ 5] &+ w[t &+ 5])
                        step(c, d, e, &f, g, h, a, &b, k[t &+ 6] &+ w[t &+ 6])
                        step(b, c, d, &e, f, g, h, &a, k[t &+ 7] &+ w[t &+ 7])
                        t &+= 8
                    }
                    a0 &+= a; b0 &+= b; c0 &+= c; d0 &+= d
                    e0 &+= e; f0 &+= f; g0 &+= g; k0 &+= h
                }
            }
        }
        h0 = a0; h1 = b0; h2 = c0; h3 = d0; h4 = e0; h5 = f0; h6 = g0; h7 = k0
    }
}

/// One round, with the eight working variables named where they stand this round rather than
/// moved down one place each (eight rounds later they are back where they started).
@inline(__always)
private func step(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                  _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32) {
    let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ (g ^ (e & (f ^ g))) &+ kw
    let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) | (c & (a | b)))
    d &+= t1
    h = t1 &+ t2
}

@inline(__always)
private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
    (x >> n) | (x << (32 &- n))
}

private let roundConstants: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
    0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
    0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
    0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
    0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
    0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
]
