#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Inbox files are mapped rather than copied into memory (`FileBytes.mapped(path:)`). A file copied
/// over in place while a run reads it, instead of under a `.part` name and renamed (`inputs.md`), is
/// shortened under the mapping, and reading past its new end raises SIGBUS. The stage then stops
/// with exit 1 and this message, the spec's "could not produce its output": nothing of it is in
/// place yet (a stage folder is renamed into place only once complete), and the next run reads the
/// file again.
enum BusErrorGuard {
    /// Made before the handler can run: the handler only writes it.
    private static let message = Array(("relance: an inbox file was shortened while it was being read (copy files into the inbox "
                                        + "under a .part or .tmp name, then rename them); this stage stopped and wrote nothing; run again\n").utf8)

    private static let installed: Void = {
        _ = message.count
        signal(SIGBUS) { _ in
            BusErrorGuard.message.withUnsafeBufferPointer { _ = write(2, $0.baseAddress, $0.count) }
            _exit(1)
        }
    }()

    static func install() {
        _ = installed
    }
}
