import Foundation
import RelanceKit

/// Dunning scenarios on the demo pipeline with an inbox of a few customers only: the demo's conf,
/// plans and templates, but the Belgian entity's open-items export and a customers file written by
/// the test, so that every journal line and outbox file belongs to the scenario.
extension PipelineSandbox {
    /// The header of the demo's customers file.
    public static let customersHeader =
        "customer_id,entity,name,contact_name,email,cc,language,country,address1,address2,postcode,city,terms,segment,plan,sales_rep,iban,vat_number,phone"

    /// One customer of entity BE on plan `standard-fr` (French, Belgium): `email` empty for none,
    /// `segment` e.g. `consumer`, `plan` e.g. one written by `writePlan`.
    public static func customer(_ id: String, name: String, email: String, segment: String = "", plan: String = "standard-fr") -> String {
        "\(id),BE,\(name),Contact \(id),\(email),,fr,BE,Rue Haute 1,,1000,Bruxelles,30 jours,\(segment),\(plan),,,,+32 2 000 00 00"
    }

    /// Adds a plan file (the text of a `.plan`) to the pipeline's plans folder.
    public func writePlan(_ name: String, _ text: String) throws {
        try text.write(toFile: pipeline + "/plans/" + name + ".plan", atomically: true, encoding: .utf8)
    }

    /// One open item of entity BE: an invoice of `amount` (machine format, in `currency`) due on `due`, `open` still open.
    public struct Invoice: Sendable {
        public var document: String
        public var customerID: String
        public var due: String
        public var amount: String
        public var open: String
        public var currency: String

        public init(_ document: String, customer: String, due: String, amount: String, open: String? = nil, currency: String = "EUR") {
            self.document = document
            self.customerID = customer
            self.due = due
            self.amount = amount
            self.open = open ?? amount
            self.currency = currency
        }
    }

    /// Replaces the demo inbox with `customers` (rows of `customer(…)`) and the BE export of `invoices`.
    public func useScenarioInbox(customers: [String], invoices: [Invoice]) throws {
        let fm = FileManager.default
        try fm.removeItem(atPath: inbox)
        try fm.createDirectory(atPath: inbox + "/be", withIntermediateDirectories: true)
        try ([Self.customersHeader] + customers).joined(separator: "\n").appending("\n")
            .write(toFile: inbox + "/customers.csv", atomically: true, encoding: .utf8)
        try writeOpenItems(invoices)
    }

    /// Rewrites the BE open-items export (e.g. with `open: "0.00"` for an invoice paid in full).
    public func writeOpenItems(_ invoices: [Invoice]) throws {
        var text = "Invoice No,Customer ID,Customer,Invoice Date,Due Date,Amount,Open Amount,Currency,Payment reference\n"
        for i in invoices {
            let issued = CivilDate(iso: i.due)!.adding(days: -30).iso
            text += "\(i.document),\(i.customerID),Client \(i.customerID),\(issued),\(i.due),\(i.amount),\(i.open),\(i.currency),\n"
        }
        try text.write(toFile: inbox + "/be/open-items.csv", atomically: true, encoding: .utf8)
    }

    /// The pipeline's journal (empty before the first run).
    public func journal() throws -> [JournalEvent] {
        let path = state + "/journal.csv"
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return try Journal(path: path).events
    }

    /// `relance approve` (or `reject`) of every pending action, dated `asOf`.
    @discardableResult
    public func decideAll(approve: Bool = true, asOf: String, _ extra: [String] = []) throws -> Result {
        try run("relance", [approve ? "approve" : "reject", pipeline, "--as-of", asOf] + (extra.isEmpty ? ["--all"] : extra))
    }

    /// The names in an outbox folder (empty when it does not exist).
    public func names(in folder: String) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: outbox + "/" + folder)) ?? [])
    }
}
