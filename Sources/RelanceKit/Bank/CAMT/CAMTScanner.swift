/// The state machine behind `CAMTReader`: one pass of `XMLPullParser`, a stack of packed element paths,
/// the text of the leaves we keep, and one entry (with its transactions) in progress at a time.
struct CAMTScanner {
    private enum Context: UInt8 { case document, message, statement, entry, transaction }

    private struct Frame {
        var path: UInt64
        var context: Context
        /// True for the element that opened `context` (the message, a statement, an entry, a transaction).
        var anchor: Bool
    }

    /// What one `Ntry` or one `TxDtls` said, before it becomes transactions. A class so that filling
    /// it field by field never copies it.
    private final class Draft {
        var offset = 0
        var amount: (Money, Bool)? = nil
        var amountOffset = 0
        var transactionAmount: (Money, Bool)? = nil
        var transactionAmountOffset = 0
        var instructedAmount: Money? = nil
        var isCredit: Bool? = nil
        var reversal = false
        var status = ""
        var bookingDate: CivilDate? = nil
        var valueDate: CivilDate? = nil
        var entryReference = ""
        var additionalEntryInfo = ""
        var transactionReference = ""
        var endToEndID = ""
        var uetr = ""
        var exchange: CAMTExchange? = nil
        var chargesTotal: Money? = nil
        var chargesSum: Money? = nil
        var chargesIncluded: Bool? = nil
        var debtorName = ""
        var ultimateDebtorName = ""
        var debtorIBAN = ""
        var unstructured: [String] = []
        var structuredRef = ""
        var structuredRefCode = ""
        var structuredRefIssuer = ""
        var additionalTransactionInfo = ""

        init() {}

        /// A copy (used once per entry whose several transactions carry no amount).
        func copy() -> Draft {
            let d = Draft()
            d.offset = offset; d.amount = amount; d.amountOffset = amountOffset; d.transactionAmount = transactionAmount
            d.transactionAmountOffset = transactionAmountOffset; d.instructedAmount = instructedAmount; d.isCredit = isCredit
            d.reversal = reversal; d.status = status; d.bookingDate = bookingDate; d.valueDate = valueDate
            d.entryReference = entryReference; d.additionalEntryInfo = additionalEntryInfo
            d.transactionReference = transactionReference; d.endToEndID = endToEndID; d.uetr = uetr; d.exchange = exchange
            d.chargesTotal = chargesTotal; d.chargesSum = chargesSum; d.chargesIncluded = chargesIncluded
            d.debtorName = debtorName; d.ultimateDebtorName = ultimateDebtorName; d.debtorIBAN = debtorIBAN
            d.unstructured = unstructured; d.structuredRef = structuredRef; d.structuredRefCode = structuredRefCode
            d.structuredRefIssuer = structuredRefIssuer; d.additionalTransactionInfo = additionalTransactionInfo
            return d
        }

        var hasAmount: Bool { amount != nil || transactionAmount != nil }
        var charges: Money? { chargesTotal ?? chargesSum }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let file: String
    private let timeZone: CAMTTimeZone
    private var parser: XMLPullParser
    private var lines = XMLLineCounter()
    // The lookup tables, held here: a `static let` read on every start tag costs a `swift_once` check.
    private let tags = CAMTTag.Table.shared
    private let entryFields = CAMTScanner.entryFieldTable
    private let transactionFields = CAMTScanner.transactionFieldTable
    private let transactionPath = CAMTScanner.transactionPathKey

    private var kind = CAMTMessageKind.statement
    private var version = 0
    private var frames: [Frame] = []
    private var messageSeen = false
    private var statements = 0
    private var messageOffset = 0
    private var messageDate: CivilDate? = nil

    // The statement in progress.
    private var account = ""
    private var accountOther = ""
    private var accountCurrency: Currency? = nil
    private var statementID = ""
    private var statementDate: CivilDate? = nil
    private var entryIndex = 0

    // The entry in progress.
    private var entry = Draft()
    private var entryLine = 0
    private var transactions: [Draft] = []
    private var transaction = Draft()

    // The leaf being collected.
    private var collecting: CAMTField? = nil
    private var collectContext = Context.entry
    private var collectDepth = 0
    private var collectOffset = 0
    private var textOffset = -1
    private var pendingCurrency: Currency? = nil
    private var text: [UInt8] = []

    private var currencies: [UInt32: Currency] = [:]
    private var output: [CAMTTransaction] = []
    private var warnings: [CAMTWarning] = []

    init(bytes: UnsafeBufferPointer<UInt8>, file: String, timeZone: CAMTTimeZone) {
        self.bytes = bytes
        self.file = file
        self.timeZone = timeZone
        self.parser = XMLPullParser(bytes: bytes)
        frames.reserveCapacity(32)
        text.reserveCapacity(256)
        // Room for a transaction per 400 bytes, more than statements hold (an entry takes 500 bytes
        // or more): the array is not grown by copies, and room never used is never touched.
        output.reserveCapacity(bytes.count / 400)
    }

    mutating func run() throws(CAMTError) -> CAMTDocument {
        while true {
            let event: XMLPullParser.Event
            do {
                event = try parser.next()
            } catch {
                throw fail(error.offset, error.description)
            }
            switch event {
            case .startElement: try start()
            case .endElement: try end()
            case .text:
                if collecting != nil {
                    if textOffset < 0 { textOffset = parser.tokenOffset }
                    parser.decodedText(into: &text)
                }
            case .endOfDocument:
                return CAMTDocument(kind: kind, version: version, transactions: output, warnings: warnings)
            }
        }
    }

    // MARK: Elements

    private mutating func start() throws(CAMTError) {
        let depth = parser.depth
        let offset = parser.tokenOffset
        if depth == 1 {
            try root(offset)
            frames.append(Frame(path: 0, context: .document, anchor: true))
            return
        }
        let tag = tags.tag(bytes, parser.localName)
        let parent = frames[frames.count - 1]
        var frame = Frame(path: CAMTPath.child(parent.path, tag), context: parent.context, anchor: false)
        switch parent.context {
        case .document:
            try message(offset)
            frame = Frame(path: 0, context: .message, anchor: true)
        case .message:
            if parent.anchor && (tag == .Stmt || tag == .Rpt || tag == .Ntfctn) {
                frame = Frame(path: 0, context: .statement, anchor: true)
                beginStatement()
            }
        case .statement:
            if parent.anchor && tag == .Ntry {
                frame = Frame(path: 0, context: .entry, anchor: true)
                entry = Draft()
                entry.offset = offset
                entryLine = lines.line(at: offset, in: bytes)
                transactions.removeAll(keepingCapacity: true)
            }
        case .entry:
            if frame.path == transactionPath {
                frame = Frame(path: 0, context: .transaction, anchor: true)
                transaction = Draft()
                transaction.offset = offset
            }
        case .transaction:
            break
        }
        frames.append(frame)
        guard !frame.anchor else { return }

        let field: CAMTField?
        switch frame.context {
        case .statement: field = CAMTField.statement[frame.path]
        case .entry: field = entryFields[frame.path]
        case .transaction: field = transactionFields[frame.path]
        case .message: field = frame.path == Self.messageDatePath ? .statementCreated : nil
        case .document: field = nil
        }
        guard let field else { return }
        collecting = field
        collectContext = frame.context
        collectDepth = depth
        collectOffset = offset
        textOffset = -1
        text.removeAll(keepingCapacity: true)
        if field.isAmount { pendingCurrency = try currencyAttribute(offset) }
    }

    private mutating func end() throws(CAMTError) {
        let frame = frames.removeLast()
        if let field = collecting, parser.depth + 1 == collectDepth {
            collecting = nil
            try apply(field)
        }
        guard frame.anchor else { return }
        switch frame.context {
        case .transaction: transactions.append(transaction)
        case .entry: try finishEntry()
        case .statement: break
        case .message:
            if statements == 0 {
                throw fail(messageOffset, "the message holds no statement (<\(statementElement)>)")
            }
        case .document:
            if !messageSeen {
                throw fail(0, "<Document> holds no \(kind) message (expected <\(messageElement)>)")
            }
        }
    }

    private mutating func root(_ offset: Int) throws(CAMTError) {
        guard parser.bytes(parser.localName, equal: "Document") else {
            throw fail(offset, "not a CAMT document: the root element is <\(parser.string(parser.name))>, expected <Document>")
        }
        let prefix = parser.name.count > parser.localName.count
            ? parser.string(parser.name.lowerBound..<parser.localName.lowerBound - 1) : ""
        let wanted = prefix.isEmpty ? "xmlns" : "xmlns:" + prefix
        var namespace: String? = nil
        for attribute in parser.attributes where parser.string(attribute.name) == wanted {
            var value: [UInt8] = []
            parser.decode(attribute.value, hasReferences: attribute.hasReference, into: &value)
            namespace = String(decoding: value, as: UTF8.self)
        }
        guard let namespace else {
            throw fail(offset, "not a CAMT document: <\(parser.string(parser.name))> has no namespace")
        }
        guard let (kind, version) = CAMTReader.messageType(namespace: namespace) else {
            throw fail(offset, "not a CAMT document: namespace \"\(namespace)\" is not urn:iso:std:iso:20022:tech:xsd:camt.05x.001.NN")
        }
        self.kind = kind
        self.version = version
    }

    private mutating func message(_ offset: Int) throws(CAMTError) {
        let name = parser.string(parser.localName)
        var rest = Substring(name)
        guard !messageSeen, rest.hasPrefix(messageElement) else {
            throw fail(offset, "unexpected <\(parser.string(parser.name))> in a \(kind) document, expected <\(messageElement)>")
        }
        rest = rest.dropFirst(messageElement.count)
        // Version 01 names the message with its version (`BkToCstmrAcctRptV01`).
        guard rest.isEmpty || (rest.first == "V" && rest.dropFirst().allSatisfy(\.isASCII) && rest.dropFirst().allSatisfy(\.isNumber)) else {
            throw fail(offset, "unexpected <\(name)> in a \(kind) document, expected <\(messageElement)>")
        }
        messageSeen = true
        messageOffset = offset
    }

    private var messageElement: String {
        switch kind {
        case .accountReport: return "BkToCstmrAcctRpt"
        case .statement: return "BkToCstmrStmt"
        case .notification: return "BkToCstmrDbtCdtNtfctn"
        }
    }

    private var statementElement: String {
        switch kind {
        case .accountReport: return "Rpt"
        case .statement: return "Stmt"
        case .notification: return "Ntfctn"
        }
    }

    private mutating func beginStatement() {
        statements += 1
        account = ""
        accountOther = ""
        accountCurrency = nil
        statementID = ""
        statementDate = nil
        entryIndex = 0
    }

    private static let transactionPathKey = CAMTPath.of(.NtryDtls, .TxDtls)
    private static let entryFieldTable = CAMTPathTable(CAMTField.entry)
    private static let transactionFieldTable = CAMTPathTable(CAMTField.transaction)
    private static let messageDatePath = CAMTPath.of(.GrpHdr, .CreDtTm)

    // MARK: Leaves

    private mutating func currencyAttribute(_ offset: Int) throws(CAMTError) -> Currency {
        guard let attribute = parser.attribute("Ccy") else {
            throw fail(offset, "<\(parser.string(parser.name))> has no currency (Ccy attribute)")
        }
        let r = attribute.value
        var key: UInt32 = 0
        if r.count == 3 { key = UInt32(bytes[r.lowerBound]) << 16 | UInt32(bytes[r.lowerBound + 1]) << 8 | UInt32(bytes[r.lowerBound + 2]) }
        if let cached = currencies[key] { return cached }
        guard r.count == 3, let currency = Currency(code: parser.string(r)), currency.code == parser.string(r) else {
            throw fail(r.lowerBound, "unknown currency code \"\(parser.string(r))\"")
        }
        currencies[key] = currency
        return currency
    }

    /// The collected text, blanks trimmed.
    private func value() -> String {
        var s = 0, e = text.count
        CAMTValue.trim(text, &s, &e)
        return String(decoding: text[s..<e], as: UTF8.self)
    }

    private var valueOffset: Int { textOffset >= 0 ? textOffset : collectOffset }

    private func amount() throws(CAMTError) -> (Money, Bool) {
        let currency = pendingCurrency ?? .eur
        guard let (minor, rounded) = CAMTValue.amount(text, minorDigits: currency.minorDigits) else {
            if value().isEmpty { throw fail(collectOffset, "missing amount") }
            throw fail(valueOffset, "malformed amount \"\(value())\"")
        }
        return (Money(minorUnits: minor, currency: currency), rounded)
    }

    private func date(time: Bool) throws(CAMTError) -> CivilDate {
        let parsed = time ? CAMTValue.dateTime(text, timeZone: timeZone) : CAMTValue.date(text)
        guard let parsed else {
            throw fail(valueOffset, "malformed \(time ? "date-time" : "date") \"\(value())\"")
        }
        return parsed
    }

    private mutating func apply(_ field: CAMTField) throws(CAMTError) {
        switch collectContext {
        case .statement, .message:
            switch field {
            case .statementID: statementID = value()
            case .accountIBAN: account = IBAN.normalize(value())
            case .accountOther: accountOther = value()
            case .accountCurrency: accountCurrency = Currency(code: value())
            case .statementCreated:
                // Only a fallback for entries with no date: a malformed one is ignored, not fatal.
                let date = CAMTValue.dateTime(text, timeZone: timeZone) ?? CAMTValue.date(Array(text.prefix(10)))
                if collectContext == .message { messageDate = date } else { statementDate = date }
            default: break
            }
        case .entry:
            try apply(field, to: entry)
        case .transaction:
            try apply(field, to: transaction)
        case .document:
            break
        }
    }

    private func apply(_ field: CAMTField, to draft: Draft) throws(CAMTError) {
        switch field {
        case .amount:
            draft.amount = try amount()
            draft.amountOffset = valueOffset
        case .transactionAmount:
            draft.transactionAmount = try amount()
            draft.transactionAmountOffset = valueOffset
        case .instructedAmount: draft.instructedAmount = try amount().0
        case .chargesTotal: draft.chargesTotal = try amount().0
        case .chargeAmount:
            let a = try amount().0
            if let sum = draft.chargesSum {
                if let total = try? sum.adding(a) { draft.chargesSum = total }
            } else {
                draft.chargesSum = a
            }
        case .chargesIncluded: draft.chargesIncluded = value() == "true" || value() == "1"
        case .creditDebit:
            switch value() {
            case "CRDT": draft.isCredit = true
            case "DBIT": draft.isCredit = false
            default: throw fail(valueOffset, "CdtDbtInd must be CRDT or DBIT, not \"\(value())\"")
            }
        case .reversal: draft.reversal = value() == "true" || value() == "1"
        case .status:
            let v = value()
            if !v.isEmpty { draft.status = v }
        case .statusCode: draft.status = value()
        case .bookingDate: draft.bookingDate = try date(time: false)
        case .bookingDateTime: draft.bookingDate = try date(time: true)
        case .valueDate: draft.valueDate = try date(time: false)
        case .valueDateTime: draft.valueDate = try date(time: true)
        case .entryReference: draft.entryReference = value()
        case .additionalEntryInfo: draft.additionalEntryInfo = value()
        case .transactionReference: draft.transactionReference = value()
        case .endToEndID:
            let v = value()
            draft.endToEndID = v == "NOTPROVIDED" ? "" : v
        case .uetr: draft.uetr = value()
        case .sourceCurrency: draft.exchange = update(draft.exchange) { $0.sourceCurrency = value() }
        case .targetCurrency: draft.exchange = update(draft.exchange) { $0.targetCurrency = value() }
        case .unitCurrency: draft.exchange = update(draft.exchange) { $0.unitCurrency = value() }
        case .exchangeRate: draft.exchange = update(draft.exchange) { $0.rate = value() }
        case .debtorName: draft.debtorName = value()
        case .ultimateDebtorName: draft.ultimateDebtorName = value()
        case .debtorIBAN: draft.debtorIBAN = IBAN.normalize(value())
        case .unstructured:
            let v = value()
            if !v.isEmpty { draft.unstructured.append(v) }
        case .structuredRef: draft.structuredRef = value()
        case .structuredRefCode: draft.structuredRefCode = value()
        case .structuredRefIssuer: draft.structuredRefIssuer = value()
        case .additionalTransactionInfo: draft.additionalTransactionInfo = value()
        case .statementID, .accountIBAN, .accountOther, .accountCurrency, .statementCreated: break
        }
    }

    private func update(_ exchange: CAMTExchange?, _ change: (inout CAMTExchange) -> Void) -> CAMTExchange {
        var e = exchange ?? CAMTExchange()
        change(&e)
        return e
    }

    // MARK: Entries

    private mutating func finishEntry() throws(CAMTError) {
        entryIndex += 1
        guard let (entryAmount, entryRounded) = entry.amount else {
            throw fail(entry.offset, "entry has no amount (<Amt>)")
        }
        guard let entryCredit = entry.isCredit else {
            throw fail(entry.offset, "entry has no credit/debit indicator (<CdtDbtInd>)")
        }
        if entryRounded { warn(entry.amountOffset, "entry amount rounded to \(entryAmount.currency.minorDigits) decimals") }
        var bookingDateGiven = true
        let bookingDate: CivilDate
        if let d = entry.bookingDate {
            bookingDate = d
        } else if let d = entry.valueDate ?? statementDate ?? messageDate {
            bookingDate = d
            bookingDateGiven = false
            warn(entry.offset, "entry has no booking date; \(entry.valueDate != nil ? "value date" : "statement date") \(d.iso) used")
        } else {
            throw fail(entry.offset, "entry has no booking date (<BookgDt>)")
        }

        var parts = transactions
        let withAmounts = parts.filter(\.hasAmount).count
        if parts.count > 1 && withAmounts == 0 {
            // A batch whose transactions carry no amounts: one line for the entry total, all texts kept.
            warn(entry.offset, "\(parts.count) transaction details without amounts: read as one line for the entry total")
            let merged = parts[0].copy()
            merged.unstructured = parts.flatMap(\.unstructured)
            parts = [merged]
        } else if parts.count > 1 && withAmounts < parts.count, let missing = parts.firstIndex(where: { !$0.hasAmount }) {
            throw fail(parts[missing].offset, "transaction \(missing + 1) of the entry has no amount while others have one")
        }
        if parts.isEmpty { parts = [Draft()] }

        let count = parts.count
        for (index, tx) in parts.enumerated() {
            var (amount, rounded) = tx.transactionAmount ?? tx.amount ?? (entryAmount, entryRounded)
            let isCredit = tx.isCredit ?? entryCredit
            if rounded && (tx.transactionAmount != nil || tx.amount != nil) {
                warn(tx.transactionAmount != nil ? tx.transactionAmountOffset : tx.amountOffset,
                     "amount rounded to \(amount.currency.minorDigits) decimals")
            }
            if !isCredit { amount = amount.negated() }
            var instructed = tx.instructedAmount ?? (parts.count == 1 ? entry.instructedAmount : nil)
            if !isCredit { instructed = instructed?.negated() }
            let charges = tx.charges ?? (count == 1 ? entry.charges : nil)
            output.append(CAMTTransaction(
                account: account.isEmpty ? accountOther : account, accountCurrency: accountCurrency, kind: kind, version: version,
                statementID: statementID, entryIndex: entryIndex, transactionIndex: index + 1, transactionCount: count,
                amount: amount, rounded: rounded, entryAmount: entryCredit ? entryAmount : entryAmount.negated(),
                instructedAmount: instructed, exchange: tx.exchange ?? (count == 1 ? entry.exchange : nil),
                isCredit: isCredit, reversal: entry.reversal, status: CAMTEntryStatus(code: entry.status),
                bookingDate: bookingDate, bookingDateGiven: bookingDateGiven, valueDate: entry.valueDate,
                entryReference: entry.entryReference, transactionReference: tx.transactionReference,
                endToEndID: tx.endToEndID, uetr: tx.uetr, debtorName: tx.debtorName, ultimateDebtorName: tx.ultimateDebtorName,
                debtorIBAN: tx.debtorIBAN, unstructuredRemittance: tx.unstructured, structuredReference: tx.structuredRef,
                structuredReferenceType: !tx.structuredRefCode.isEmpty ? tx.structuredRefCode : tx.structuredRefIssuer,
                additionalEntryInfo: entry.additionalEntryInfo, additionalTransactionInfo: tx.additionalTransactionInfo,
                charges: charges, chargesIncluded: tx.chargesIncluded ?? entry.chargesIncluded, sourceLine: entryLine))
        }
    }

    // MARK: Diagnostics

    private func fail(_ offset: Int, _ message: String) -> CAMTError {
        let p = XMLPosition(offset: offset, in: bytes)
        return CAMTError(file: file, line: p.line, column: p.column, message: message)
    }

    private mutating func warn(_ offset: Int, _ message: String) {
        let p = XMLPosition(offset: offset, in: bytes)
        warnings.append(CAMTWarning(file: file, line: p.line, column: p.column, message: message))
    }
}
