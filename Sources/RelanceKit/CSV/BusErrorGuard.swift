#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Inbox files are mapped rather than copied into memory (`FileBytes.mapped(path:)`). A file copied
/// over in place while a run reads it, instead of under a `.part` name and renamed (`inputs.md`), is
/// shortened under the mapping, and reading past its new end raises SIGBUS; so does a read error of
/// the disk or network share under it. A SIGBUS inside an inbox mapping stops the stage with exit 1
/// and a message, the spec's "could not produce its output": no stage folder is in place until it is
/// complete, and the next run reads the file again. Any other SIGBUS is left to its default action.
/// (A file rewritten to the same size or longer raises nothing: the ingest stage compares each
/// file's `FileSignature` before it commits.)
enum BusErrorGuard {
    /// Inbox mappings as (start, end) addresses, in a table made once: the handler reads it without
    /// a lock or an allocation. Slots of unmapped files are (0, 0).
    private static let capacity = 4096
    nonisolated(unsafe) private static let ranges: UnsafeMutablePointer<(Int, Int)> = {
        let p = UnsafeMutablePointer<(Int, Int)>.allocate(capacity: capacity)
        p.initialize(repeating: (0, 0), count: capacity)
        return p
    }()
    nonisolated(unsafe) private static var lock = pthread_mutex_t()
    /// The message, made before the handler can run: the handler only writes it.
    nonisolated(unsafe) private static let message: UnsafeBufferPointer<UInt8> = {
        let text = "relance: an inbox file was shortened, or could not be read, while this stage read it (copy files into the inbox "
            + "under a .part or .tmp name, then rename them); the stage stopped and wrote nothing; run again\n"
        let bytes = Array(text.utf8)
        let p = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = p.initialize(from: bytes)
        return UnsafeBufferPointer(p)
    }()

    private static let installed: Void = {
        pthread_mutex_init(&lock, nil)
        _ = ranges
        _ = message
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = { _, info, _ in
            #if os(Linux)
            let address = Int(bitPattern: info?.pointee._sifields._sigfault.si_addr)
            #else
            let address = Int(bitPattern: info?.pointee.si_addr)
            #endif
            var i = 0
            while i < BusErrorGuard.capacity {
                let (start, end) = BusErrorGuard.ranges[i]
                if address >= start && address < end {
                    _ = write(2, BusErrorGuard.message.baseAddress, BusErrorGuard.message.count)
                    _exit(1)
                }
                i += 1
            }
            // Not an inbox file's: the default action, when the instruction faults again.
            signal(SIGBUS, SIG_DFL)
        }
        action.sa_flags = SA_SIGINFO
        sigaction(SIGBUS, &action, nil)
    }()

    /// Watches `count` bytes mapped at `start` until `forget` (a table full of mappings watches no more).
    static func watch(_ start: UnsafeRawPointer, count: Int) {
        _ = installed
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        let s = Int(bitPattern: start)
        for i in 0..<capacity where ranges[i] == (0, 0) {
            ranges[i] = (s, s + count)
            return
        }
    }

    static func forget(_ start: UnsafeRawPointer) {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        let s = Int(bitPattern: start)
        for i in 0..<capacity where ranges[i].0 == s {
            ranges[i] = (0, 0)
            return
        }
    }
}
