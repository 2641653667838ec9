import Foundation
import Testing
@testable import RelanceKit

@Suite("Action registry")
struct ActionRegistryTests {
    static func temporaryRegistry() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relance-registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("actions.csv").path
    }

    /// An action of 100.00 EUR on F1 with the given penalties (minor units), status and reason.
    static func action(_ status: Action.Status, interest: Int64, indemnity: Int64, reason: String = "") -> Action {
        let lines = [ActionLine(document: "F1", step: "formal-notice", documentDate: CivilDate(year: 2026, month: 1, day: 16)!,
                                dueDate: CivilDate(year: 2026, month: 2, day: 15)!, daysOverdue: 36,
                                amount: Money(minorUnits: 10_000, currency: .eur), openAmount: Money(minorUnits: 10_000, currency: .eur))]
        return Action(id: "356c00000001", entity: "FR", customerID: "C1", currency: .eur, channel: .registeredLetter,
                      step: "formal-notice", template: "formal-notice", approval: .auto, plan: "pen", language: .fr, lines: lines,
                      amountClaimed: Money(minorUnits: 10_000 + interest + indemnity, currency: .eur),
                      interest: Money(minorUnits: interest, currency: .eur), indemnity: Money(minorUnits: indemnity, currency: .eur),
                      status: status, reason: reason, attach: .none, ccSalesRep: false)
    }

    /// `status amount_claimed interest indemnity`
    static func figures(_ a: Action?) -> String {
        guard let a else { return "missing" }
        return "\(a.status.rawValue) \(a.amountClaimed.machineString) \(a.interest.machineString) \(a.indemnity.machineString)"
    }

    @Test("a held-back action is replaced by the version a later run sends; a rendered one keeps its figures")
    func heldBackThenSent() throws {
        let path = try Self.temporaryRegistry()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let held = Self.action(.heldBack, interest: 117, indemnity: 4_000, reason: "max_per_customer_per_run")
        let sent = Self.action(.planned, interest: 120, indemnity: 4_000)
        let later = Self.action(.planned, interest: 123, indemnity: 4_000)

        let registry = try ActionRegistry(path: path)
        try registry.record([held], rendered: [])
        #expect(Self.figures(registry.actions[held.id]) == "held_back 141.17 1.17 40.00")
        // The same version again (a re-run the same day) adds no line.
        try registry.record([held], rendered: [])
        // The next run sends it: its figures replace the held-back ones.
        try registry.record([sent], rendered: [])
        #expect(Self.figures(registry.actions[sent.id]) == "planned 141.20 1.20 40.00")
        // Once rendered (sent or pending), a later version never replaces it.
        try registry.record([later], rendered: [sent.id])
        #expect(Self.figures(registry.actions[sent.id]) == "planned 141.20 1.20 40.00")

        // Read back, the last line of the id wins.
        #expect(Self.figures(try ActionRegistry(path: path).actions[sent.id]) == "planned 141.20 1.20 40.00")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3, "header, held back, sent: \(lines)")
    }
}
