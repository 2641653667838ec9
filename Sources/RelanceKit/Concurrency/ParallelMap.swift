import Dispatch
import Foundation

/// Runs independent work on every core, results in input order: the render stage composes its
/// e-mails this way (templates, MIME, base64, QR, PNG are pure functions of the action), then writes
/// and journals them one by one in the original order, so that the outbox and the journal do not
/// depend on thread timing. The KPI calculator computes its customers in chunks the same way.
enum ParallelMap {
    /// Threads to use: `RELANCE_RENDER_THREADS` when set (1 renders sequentially, for comparisons),
    /// else the number of active cores.
    static let threads: Int = {
        if let text = ProcessInfo.processInfo.environment["RELANCE_RENDER_THREADS"], let n = Int(text), n > 0 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// `items.map(transform)`, computed in contiguous chunks on up to `threads` threads.
    static func map<T: Sendable, R: Sendable>(_ items: [T], threads: Int = ParallelMap.threads,
                                              _ transform: @Sendable (T) -> R) -> [R] {
        let count = items.count
        guard count > 1, threads > 1 else { return items.map(transform) }
        // Small chunks (a few per thread and more) even out the cost of uneven items.
        let chunks = min(count, threads * 8)
        var results = [R?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each chunk writes only its own slots [start, end): no two threads touch the same element,
            // and the array is not resized while they run, so sharing the base address is sound.
            let slots = Slots(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = count * chunk / chunks
                let end = count * (chunk + 1) / chunks
                for i in start..<end { slots.base[i] = transform(items[i]) }
            }
        }
        return results.map { $0! }
    }

    /// The results buffer handed to the worker threads (see the comment at its use).
    private struct Slots<R>: @unchecked Sendable {
        let base: UnsafeMutablePointer<R?>
    }
}
