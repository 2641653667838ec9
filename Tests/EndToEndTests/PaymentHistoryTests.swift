import Foundation
import RelanceKit
import RelanceTestSupport
import Testing

/// The payment history kept in the state across runs: a settlement is forgotten when its document
/// is open again (a payment reversed), so that the customer's days late, class and last payment
/// are as if it had never been paid.
@Suite("Payment history across runs", .serialized)
struct PaymentHistoryTests {
    static let bankHeader = "account,booking_date,amount,currency,payer_name,payer_iban,remittance,bank_reference\n"

    /// The customers.csv row of `customer` as of `asOf`.
    static func customerRow(_ box: PipelineSandbox, _ asOf: String, _ customer: String) throws -> [String: String] {
        try #require(try box.csvRows(box.reports(asOf) + "/customers.csv").first { $0["customer_id"] == customer })
    }

    @Test("a payment reversed after the run that settled G13: the state forgets that settlement, K1 is new again")
    func reversedPaymentReopens() throws {
        let box = try PipelineSandbox()
        try box.useScenarioInbox(customers: [PipelineSandbox.customer("K1", name: "Alpha SA", email: "a@a.example")],
                                 invoices: [.init("G13", customer: "K1", due: "2026-10-01", amount: "120.00"),
                                            .init("G14", customer: "K1", due: "2026-10-01", amount: "130.00")])
        try (Self.bankHeader + "BE68539007547034,2026-11-11,120.00,EUR,ALPHA SA,,G13,R1\n")
            .write(toFile: box.inbox + "/be/bank.csv", atomically: true, encoding: .utf8)
        let first = try box.runPipeline(["--as-of", "2026-11-12"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let header = "entity,customer_id,document,document_date,due_date,settled_on,currency,amount\n"
        #expect(box.text(box.state + "/settlements.csv") == header + "BE,K1,G13,2026-09-01,2026-10-01,2026-11-11,EUR,120.00\n")
        let paid = try Self.customerRow(box, "2026-11-12", "K1")
        #expect([paid["avg_days_late"], paid["payer_class"], paid["last_payment_date"]] == ["41.0", "poor", "2026-11-11"])

        // The transfer is rejected two days later: G13 is open again with its whole amount.
        try (Self.bankHeader + "BE68539007547034,2026-11-13,-120.00,EUR,ALPHA SA,,REJET VIREMENT G13,R2\n")
            .write(toFile: box.inbox + "/be/bank-2.csv", atomically: true, encoding: .utf8)
        let second = try box.runPipeline(["--as-of", "2026-11-20"])
        #expect(second.status == 0, "stderr: \(second.stderr)")
        let open = try box.csvRows(box.reports() + "/aged-balance.csv").filter { $0["customer_id"] == "K1" }.compactMap { $0["document"] }
        #expect(open.contains("G13"))
        #expect(box.text(box.state + "/settlements.csv") == header)
        let reopened = try Self.customerRow(box, "2026-11-20", "K1")
        #expect([reopened["avg_days_late"], reopened["avg_days_to_pay"], reopened["payer_class"], reopened["last_payment_date"]]
                == ["", "", "new", ""])

        // Invariant 2: the same as-of again gives the same state and reports, byte for byte.
        let state = box.snapshot(box.state), reports = box.snapshot(box.reports())
        let again = try box.runPipeline(["--as-of", "2026-11-20"])
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(box.snapshot(box.state) == state)
        #expect(box.snapshot(box.reports()) == reports)
    }
}
