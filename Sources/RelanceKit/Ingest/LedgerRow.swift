/// One document of the ledger snapshot as an open-items CSV gave it: what was parsed (amounts, dates,
/// kind, currency) and where its texts lie in the file. A million documents kept as `OpenItem`s were
/// six strings each, 200 bytes and two allocations a row, made and copied while the file was read:
/// more than half of reading a CSV ledger. The texts become strings only for the few documents a
/// holds or matches file asks about, and `documents.csv` is written from the file's bytes.
///
/// A row the file cannot give this way (a field whose doubled quotes were undoubled, a file of 4 GiB)
/// and every FEC document are kept whole, as an `OpenItem` that `item` points to.
struct LedgerRow: Sendable {
    var amount: Int64
    var openAmount: Int64
    var currency: Currency
    var document = TextSpan.empty
    var customerID = TextSpan.empty
    var customerName = TextSpan.empty
    var externalRef = TextSpan.empty
    var paymentRef = TextSpan.empty
    var poNumber = TextSpan.empty
    var documentDate: CivilDate
    var dueDate: CivilDate
    /// The 1-based line of the row in its file.
    var line: Int32
    /// The position of the whole document among the snapshot's kept `OpenItem`s; -1 when its texts are
    /// in the file.
    var item: Int32 = -1
    /// The position of the terms text among the snapshot's terms texts.
    var terms: Int32
    /// The ledger file (its position among the run's ledger files) the row came from.
    var file: Int32
    /// The position of the entity among the snapshot's entities.
    var entity: UInt16
    var kind: DocumentKind
    /// -1 when the document number is ASCII, whose bytes order as its string does; otherwise the
    /// position of the number's string among the snapshot's (made once, not at every comparison).
    var documentString: Int32

    var isWhole: Bool { item >= 0 }
}
