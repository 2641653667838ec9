import Testing
@testable import RelanceKit

@Suite("OpenDocuments")
struct OpenDocumentsTests {
    static let day = CivilDate(year: 2026, month: 10, day: 15)!

    static func item(_ entity: String, _ document: String, _ customer: String, open: Int64, currency: Currency = .eur) -> OpenItem {
        let amount = Money(minorUnits: 120_000, currency: currency)
        return OpenItem(entity: entity, document: document, customerID: customer, kind: .invoice, documentDate: day,
                        dueDate: day.adding(days: 30), amount: amount, openAmount: Money(minorUnits: open, currency: currency))
    }

    @Test("the same number twice in an entity is one document: the last open row, owned by the last row")
    func duplicates() {
        let rows = [
            Self.item("FR", "F2026-0142", "DUPONT", open: 120_000),
            Self.item("BE", "F2026-0142", "JANSSENS", open: 50_000),
            Self.item("FR", "F2026-0142", "DURAND", open: 80_000),
            Self.item("FR", "F2026-0142", "MARTIN", open: 0),
        ]
        let book = OpenDocuments(rows, order: [3, 2, 1, 0])
        let fr = book.slot(of: DocumentKey(entity: "FR", document: "F2026-0142"))!
        #expect(book.slot(ofRow: 0) == fr && book.slot(ofRow: 2) == fr && book.slot(ofRow: 3) == fr)
        #expect(book.slot(ofRow: 1) != fr)
        #expect(book[fr]?.customerID == "DURAND")
        #expect(book.openAmount(fr) == 80_000)
        #expect(book.owner(fr) == "MARTIN")
        #expect(book.openItems().map { "\($0.entity) \($0.customerID) \($0.openAmount.minorUnits)" } == ["BE JANSSENS 50000", "FR DURAND 80000"])
    }

    @Test("payments change the open amount in place; a paid document stays, not open; undone, it is gone")
    func payments() {
        var book = OpenDocuments([Self.item("FR", "F2026-0142", "DUPONT", open: 120_000)], order: [0])
        let slot = book.slot(ofRow: 0)
        book.setOpenAmount(slot, 0)
        #expect(book.exists(slot) && !book.isOpen(slot))
        #expect(book.openItems().isEmpty)
        book.remove(slot)
        #expect(!book.exists(slot) && book[slot] == nil)
    }

    @Test("an unapplied credit gets a slot after the rows and comes out after the ledger")
    func credits() {
        var book = OpenDocuments([Self.item("FR", "F2026-0150", "DUPONT", open: 120_000)], order: [0])
        let credit = OpenItem(entity: "FR", document: "3f2a9c0d11e4b7a8", customerID: "DUPONT", kind: .unappliedCredit,
                              documentDate: Self.day, dueDate: Self.day, amount: Money(minorUnits: -2_500, currency: .eur),
                              openAmount: Money(minorUnits: -2_500, currency: .eur))
        book.add(credit)
        let slot = book.slot(of: credit.key)!
        #expect(slot == 1)
        #expect(book.owner(slot) == nil)
        #expect(book.isOpen(slot, in: book.currencyNumber(.eur)))
        #expect(!book.isOpen(slot, in: book.currencyNumber(Currency(code: "CHF")!)))
        // Out of order: the credit's number sorts before the invoice's.
        #expect(book.openItems().map(\.document) == ["3f2a9c0d11e4b7a8", "F2026-0150"])
    }
}
