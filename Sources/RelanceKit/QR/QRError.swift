/// Why a QR code could not be made.
public enum QRError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The payload needs more than version 40 holds at this level (2953 bytes at L, 2331 at M).
    case payloadTooLong(bytes: Int, level: ErrorCorrection)

    public var description: String {
        switch self {
        case let .payloadTooLong(bytes, level):
            return "QR payload of \(bytes) bytes does not fit in version 40 at error correction level \(level)"
        }
    }
}
