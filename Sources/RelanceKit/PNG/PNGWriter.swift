// PNG: the minimal PNG encoder behind the QR code attached to e-mails. Greyscale only, zlib with
// stored (uncompressed) deflate blocks, our own CRC-32 and Adler-32; no I/O, no dependencies.

/// Writes PNG images (ISO/IEC 15948) as bytes, deterministically.
public enum PNGWriter {
    /// An 8-bit greyscale image: `pixels` holds `width × height` bytes row by row (0 black, 255 white).
    public static func grayscale(width: Int, height: Int, pixels: [UInt8]) -> [UInt8] {
        precondition(width > 0 && height > 0 && pixels.count == width * height, "pixels must hold width × height bytes")
        var raw: [UInt8] = []
        raw.reserveCapacity((width + 1) * height)
        for y in 0..<height {
            raw.append(0)  // filter type None
            raw += pixels[(y * width)..<((y + 1) * width)]
        }
        return png(width: width, height: height, bitDepth: 8, scanlines: raw)
    }

    /// A QR code as a 1-bit greyscale image: each module `moduleSize` pixels square, surrounded by
    /// `quietZone` light modules (ISO/IEC 18004 asks for at least 4).
    public static func qr(_ code: QRCode, moduleSize: Int = 4, quietZone: Int = 4) -> [UInt8] {
        let scale = max(1, moduleSize)
        let quiet = max(0, quietZone)
        let side = (code.size + 2 * quiet) * scale
        let rowBytes = (side + 7) / 8
        var raw: [UInt8] = []
        raw.reserveCapacity((rowBytes + 1) * side)
        var row = [UInt8](repeating: 0xFF, count: rowBytes)
        for py in 0..<side {
            if py % scale == 0 {
                // A new row of modules: 1 is white in greyscale; start all white, clear the dark
                // modules, each `scale` pixels wide (rows of the quiet zone stay white).
                for i in 0..<rowBytes { row[i] = 0xFF }
                let y = py / scale - quiet
                if y >= 0 && y < code.size {
                    for x in 0..<code.size where code.modules[y * code.size + x] {
                        let start = (x + quiet) * scale
                        for px in start..<(start + scale) { row[px >> 3] &= ~(0x80 >> UInt8(px & 7)) }
                    }
                }
            }
            raw.append(0)
            raw += row
        }
        return png(width: side, height: side, bitDepth: 1, scanlines: raw)
    }

    /// Signature, IHDR (greyscale), one IDAT with the zlib stream of the filtered scanlines, IEND.
    static func png(width: Int, height: Int, bitDepth: UInt8, scanlines: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        appendUInt32(UInt32(width), to: &header)
        appendUInt32(UInt32(height), to: &header)
        header += [bitDepth, 0, 0, 0, 0]  // colour type 0 (greyscale), deflate, adaptive filtering, no interlace
        appendChunk("IHDR", header, to: &out)
        appendChunk("IDAT", zlibStored(scanlines), to: &out)
        appendChunk("IEND", [], to: &out)
        return out
    }

    /// A zlib stream (RFC 1950) whose deflate data (RFC 1951) is stored blocks of at most 65 535 bytes.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]  // deflate, 32 KiB window, no dictionary, fastest; (0x7801 % 31 == 0)
        out.reserveCapacity(data.count + data.count / 65535 * 5 + 16)
        var offset = 0
        repeat {
            let length = min(65535, data.count - offset)
            let final: UInt8 = offset + length == data.count ? 1 : 0
            out.append(final)  // BFINAL, BTYPE 00
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[offset..<(offset + length)]
            offset += length
        } while offset < data.count
        appendUInt32(adler32(data), to: &out)
        return out
    }

    /// Adler-32 (RFC 1950 8.2).
    public static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var i = 0
        while i < data.count {
            // 5552 bytes is the most that can be summed before b may overflow 32 bits.
            let end = min(data.count, i + 5552)
            while i < end {
                a &+= UInt32(data[i])
                b &+= a
                i += 1
            }
            a %= 65521
            b %= 65521
        }
        return b << 16 | a
    }

    private static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// CRC-32 as PNG and zlib use it (ISO 3309, reflected polynomial 0xEDB88320).
    public static func crc32<S: Sequence>(_ bytes: S) -> UInt32 where S.Element == UInt8 {
        // Contiguous bytes (every PNG chunk) are read through pointers, without per-byte bounds checks.
        let fast = bytes.withContiguousStorageIfAvailable { buffer in
            crcTable.withUnsafeBufferPointer { table in
                var c: UInt32 = 0xFFFF_FFFF
                for b in buffer { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
                return c ^ 0xFFFF_FFFF
            }
        }
        if let fast { return fast }
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        appendUInt32(UInt32(data.count), to: &out)
        let start = out.count
        out += Array(type.utf8)
        out += data
        appendUInt32(crc32(out[start...]), to: &out)
    }

    private static func appendUInt32(_ v: UInt32, to out: inout [UInt8]) {
        out += [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }
}
