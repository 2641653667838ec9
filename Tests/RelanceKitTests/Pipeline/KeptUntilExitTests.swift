import Testing
@testable import RelanceKit

@Suite("Kept until exit")
struct KeptUntilExitTests {
    final class Tracked: @unchecked Sendable {
        let released: () -> Void
        init(_ released: @escaping () -> Void) { self.released = released }
        deinit { released() }
    }

    @Test("outside a stage executable, what a stage hands over is released as usual")
    func releasedWhenNotEnabled() {
        // The test process never calls `enable()` (only `StageCommand.main` does).
        var released = false
        do {
            let value = Tracked { released = true }
            KeptUntilExit.keep(value, [value])
        }
        #expect(released)
    }
}
