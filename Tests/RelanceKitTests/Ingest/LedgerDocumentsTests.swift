import Foundation
import Testing
@testable import RelanceKit
import RelanceTestSupport

/// The ledger as the snapshot keeps it: most rows as spans of the file's bytes, a few whole. Both
/// must read, sort and write exactly as the `OpenItem`s they stand for.
@Suite("LedgerDocuments: rows kept as spans of the file and rows kept whole read and write the same")
struct LedgerDocumentsTests {
    /// Out of number order (so the entity is indexed), a quoted name with doubled quotes (kept whole),
    /// padded and quoted fields, a non-ASCII number, a credit note, a formula-looking name, a repeat,
    /// and a number whose `é` is decomposed: its bytes order before `Ff`, the string after.
    static let ledger = "document,customer_id,customer_name,document_date,amount,open_amount,terms,payment_ref\n"
        + "F-3,C1,\"Dupont \"\"et fils\"\"\",2026-01-15,100.00,100.00,,\n"
        + "F-1,C2,  Société Générale  ,2026-01-10,50.00,50.00,45 jours fin de mois,+++090/9337/55493+++\n"
        + "É-2,C1,Café du Nord,2026-01-11,20.00,20.00,,\n"
        + "F-10,C3,\"Martin, SA\",2026-02-01,-30.00,-30.00,,\n"
        + "F-2,C2,=SUM(A1),2026-01-12,10.00,4.00,60 jours,\n"
        + "F-1,C2,Société Générale,2026-01-10,99.00,99.00,,\n"
        + "Fe\u{301},C1,Décomposé,2026-01-13,5.00,5.00,,\n"
        + "Ff,C1,Plain,2026-01-14,6.00,6.00,,\n"

    @Test("String order across whole and spanned rows; the repeat rejected at its line")
    func orderAndRepeat() throws {
        let inbox = try ingestInbox(files: [.text("ledger.csv", Self.ledger)])
        #expect(inbox.documents.map(\.document) == ["F-1", "F-10", "F-2", "F-3", "Ff", "Fe\u{301}", "É-2"])
        #expect(inbox.documents.items.count == 1, "only the row with doubled quotes is kept whole")
        #expect(inbox.rejects.map(IngestRejectKey.init) == [IngestRejectKey("E_DUPLICATE_DOCUMENT", "ledger.csv", 7, "document")])
        #expect(inbox.rejects.first?.message == "document `F-1` already appears on line 3 of this file")

        let f1 = try ingestDocument(inbox, "F-1")
        #expect(f1.customerName == "Société Générale")
        #expect(f1.terms == "45 jours fin de mois")
        #expect(f1.dueDate == CivilDate(iso: "2026-02-28")!)  // 10 January + 45 days, then the end of that month
        #expect(f1.paymentRef == "+++090/9337/55493+++")
        #expect(f1.amount == Money(minorUnits: 50_00, currency: .eur))
        #expect(f1.sourceFile == "ledger.csv")
        #expect(f1.sourceLine == 3)
        let f3 = try ingestDocument(inbox, "F-3")
        #expect(f3.customerName == "Dupont \"et fils\"")
        #expect(f3.terms == "30 jours")
        #expect(f3.sourceLine == 2)
        let f10 = try ingestDocument(inbox, "F-10")
        #expect(f10.kind == .creditNote)
        #expect(f10.customerName == "Martin, SA")
        #expect(f10.openAmount == Money(minorUnits: -30_00, currency: .eur))
    }

    @Test("documents.csv written from the rows is byte for byte that of the OpenItems they stand for")
    func writtenAsOpenItems() throws {
        let inbox = try ingestInbox(files: [.text("ledger.csv", Self.ledger)])
        let dir = NSTemporaryDirectory() + "relance-ledger-documents-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try inbox.documents.write(to: dir + "/rows.csv")
        try OpenItem.write(Array(inbox.documents), to: dir + "/items.csv")
        let rows = try AtomicFile.readBytes(dir + "/rows.csv"), items = try AtomicFile.readBytes(dir + "/items.csv")
        #expect(rows == items)
        // Seven documents and the header; the formula-looking name is written as it is (stage files are not guarded).
        let text = String(decoding: rows, as: UTF8.self)
        #expect(text.split(separator: "\n").count == 8)
        #expect(text.contains(",=SUM(A1),"))
        #expect(text.contains(",\"Dupont \"\"et fils\"\"\","))
    }

    @Test("a document found by halving, whole or spanned; the customers of the ledger")
    func lookups() throws {
        let inbox = try ingestInbox(files: [.text("ledger.csv", Self.ledger)])
        #expect(inbox.documents.document(withKey: DocumentKey(entity: "FR", document: "É-2"))?.customerName == "Café du Nord")
        #expect(inbox.documents.document(withKey: DocumentKey(entity: "FR", document: "F-3"))?.customerID == "C1")
        #expect(inbox.documents.document(withKey: DocumentKey(entity: "FR", document: "F-4")) == nil)
        #expect(inbox.documents.document(withKey: DocumentKey(entity: "BE", document: "F-1")) == nil)
        #expect(inbox.documents.customerKeys() == Set(["C1", "C2", "C3"].map { CustomerKey(entity: "FR", customerID: $0) }))
    }
}
