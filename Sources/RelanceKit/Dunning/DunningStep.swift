/// One step of a dunning plan: when it fires (days from the due date), how, and with which template.
public struct DunningStep: Sendable, Equatable {
    public enum Channel: String, Sendable, CaseIterable {
        case email, letter
        case registeredLetter = "registered_letter"
        case call, legal, `internal`
    }
    public enum Approval: String, Sendable {
        case auto, manual
    }
    public enum Attachment: String, Sendable {
        case invoiceCopies = "invoice_copies"
        case statement
        case none
    }

    /// The step's id within its plan, e.g. `reminder-1`; it is what the journal records.
    public var id: String
    /// Offset in days from the due date: `-10` before, `+3` after.
    public var at: Int
    public var channel: Channel
    /// The template name, found as `templates/LANG/TEMPLATE.txt`.
    public var template: String
    public var approval: Approval
    public var attach: Attachment
    /// Copy the customer's sales representative.
    public var ccSalesRep: Bool
    /// Show and claim late-payment interest and the fixed indemnity.
    public var penalties: Bool
    /// Free label for templates (`courteous`, `firm`…).
    public var tone: String
    /// Consumers (segment `consumer`) skip this step.
    public var b2bOnly: Bool
    /// Line of the `[step …]` header in the plan file.
    public var line: Int

    /// A preventive step fires before the due date.
    public var isPreventive: Bool { at < 0 }
    /// A formal notice (registered letter) or a legal hand-off: what a consumer receives only after two reminders.
    public var isFormal: Bool { channel == .registeredLetter || channel == .legal }
}
