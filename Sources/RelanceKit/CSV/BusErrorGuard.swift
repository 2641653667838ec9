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
/// the local disk under it (files on network shares are read, not mapped). A SIGBUS inside an inbox
/// mapping stops the stage with exit 1 and a message naming the file, the spec's "could not produce
/// its output": no stage folder is in place until it is complete, and the next run reads the file
/// again. Any other SIGBUS goes to the handler that was there before (the Swift runtime's backtrace).
/// (A file rewritten to the same size or longer raises nothing: the ingest stage compares each
/// file's `FileSignature` before it commits.)
enum BusErrorGuard {
    /// An inbox mapping: its addresses, and the message naming its file, made when it is watched so
    /// that the handler only writes it.
    private struct Watched {
        var start = 0
        var end = 0
        var message: UnsafeMutableBufferPointer<UInt8>? = nil
    }

    /// The mappings, in a table made once: the handler reads it without a lock or an allocation.
    /// A slot is free when its `end` is 0; `end` is written last when a slot is taken and first when
    /// it is freed, so the handler never sees a slot half made.
    private static let capacity = 4096
    nonisolated(unsafe) private static let table: UnsafeMutablePointer<Watched> = {
        let p = UnsafeMutablePointer<Watched>.allocate(capacity: capacity)
        p.initialize(repeating: Watched(), count: capacity)
        return p
    }()
    nonisolated(unsafe) private static var lock = pthread_mutex_t()
    nonisolated(unsafe) private static var previous = sigaction()

    private static let installed: Void = {
        pthread_mutex_init(&lock, nil)
        _ = table
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = { _, info, _ in
            #if os(Linux)
            let address = Int(bitPattern: info?.pointee._sifields._sigfault.si_addr)
            #else
            let address = Int(bitPattern: info?.pointee.si_addr)
            #endif
            var i = 0
            while i < BusErrorGuard.capacity {
                let w = BusErrorGuard.table[i]
                if w.end != 0 && address >= w.start && address < w.end, let message = w.message {
                    _ = write(2, message.baseAddress, message.count)
                    _exit(1)
                }
                i += 1
            }
            // Not an inbox file's: the handler from before, when the instruction faults again.
            sigaction(SIGBUS, &BusErrorGuard.previous, nil)
        }
        action.sa_flags = SA_SIGINFO
        sigaction(SIGBUS, &action, &previous)
    }()

    /// Watches `count` bytes mapped at `start` from the file at `path` until `forget`; false when the
    /// table is full (4096 files mapped at once): the caller then reads the file instead.
    static func watch(_ start: UnsafeRawPointer, count: Int, path: String) -> Bool {
        _ = installed
        let text = Array(("relance: the inbox file \(path) was shortened, or could not be read, while this stage read it "
                          + "(copy files into the inbox under a .part or .tmp name, then rename them); "
                          + "the stage stopped and wrote nothing; run again\n").utf8)
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        for i in 0..<capacity where table[i].end == 0 {
            if let old = table[i].message { old.deallocate() }
            let message = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.count)
            _ = message.initialize(from: text)
            table[i].message = message
            table[i].start = Int(bitPattern: start)
            table[i].end = Int(bitPattern: start) + count
            return true
        }
        return false
    }

    static func forget(_ start: UnsafeRawPointer) {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        for i in 0..<capacity where table[i].end != 0 && table[i].start == Int(bitPattern: start) {
            // The message stays until the slot is taken again: the handler may be reading it.
            table[i].end = 0
            return
        }
    }
}
