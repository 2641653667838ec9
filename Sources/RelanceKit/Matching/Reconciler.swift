// Reconciliation applies bank credits to open documents, in the order of reconcile.md: already
// booked, manual matches, structured references (the ledger's and Relance's own RF), document
// numbers in the texts, customer + amount; what is left is unmatched, with suggestions. The rules that
// do not guess run for every line before customer + amount does, so that a guess never takes a document
// a later line names. A reversal undoes the credit it returns before the credits after it are matched.
// It never guesses below the confidence threshold, never mixes
// currencies, and indexes documents, customers and IBANs by key: no loop over documents × bank lines.

/// Matches bank credits with the open documents of the ledger and allocates them.
public struct Reconciler {
    public var documents: [OpenItem]
    public var cutoffs: [String: CivilDate]
    public var minConfidence: Int
    /// The customers file (names and IBANs identify payers, rule 4).
    public var customers: [Customer]
    /// Payer IBANs learned in earlier runs (`STATE/payer-ibans.csv`).
    public var learnedIBANs: [PayerIBAN]
    /// Relance's own RF references, from the actions registry.
    public var relanceReferences: [RelanceReference]
    public var manualMatches: [ManualMatch]
    /// The write-off tolerance in hundredths of the currency unit (500 = 5.00).
    public var toleranceHundredths: Int64
    /// The entities with a tolerance of their own (`tolerance` in `[entity ID]`), which replaces
    /// `toleranceHundredths` for their documents.
    public var entityToleranceHundredths: [String: Int64] = [:]

    /// 5.00 in the line's currency (`[matching] tolerance` when the conf gets the key).
    public static let defaultToleranceHundredths: Int64 = 500

    public init(documents: [OpenItem], cutoffs: [String: CivilDate], minConfidence: Int, customers: [Customer] = [],
                learnedIBANs: [PayerIBAN] = [], relanceReferences: [RelanceReference] = [], manualMatches: [ManualMatch] = [],
                toleranceHundredths: Int64 = Reconciler.defaultToleranceHundredths) {
        self.documents = documents
        self.cutoffs = cutoffs
        self.minConfidence = minConfidence
        self.customers = customers
        self.learnedIBANs = learnedIBANs
        self.relanceReferences = relanceReferences
        self.manualMatches = manualMatches
        self.toleranceHundredths = toleranceHundredths
    }

    /// The result: allocations, one reconciliation line per credit (and per reversing debit), the open
    /// items left (unapplied credits included, as items of kind `unapplied_credit` whose document is
    /// the bank line id), the write-offs within tolerance, and the payer IBANs known after this run.
    public struct Result: Sendable {
        public var allocations: [Allocation] = []
        public var lines: [ReconciliationLine] = []
        public var openItems: [OpenItem] = []
        public var writeOffs: [WriteOff] = []
        /// The learned payer IBANs: those of the state plus those learned from this run's confident matches.
        public var payerIBANs: [PayerIBAN] = []
        /// The credits that left a document of the ledger they paid partly open, as it stood when they were
        /// applied (write-offs done): `MatchTally`'s partial credits, noted where it is known, not replayed.
        public var partialLineIDs: Set<String> = []
    }

    public func reconcile(_ bankLines: [BankLine]) -> Result {
        reconcile(bankLines, indexes: LedgerIndexes(documents))
    }

    /// `reconcile` with the indexes of `documents` already made (`LedgerIndexes(documents)`).
    func reconcile(_ bankLines: [BankLine], indexes: consuming LedgerIndexes) -> Result {
        precondition(indexes.book.documents.count == documents.count, "the indexes are of other documents")
        var run = ReconcileRun(self, indexes: indexes)
        return run.reconcile(bankLines)
    }
}

/// Words by which a bank says a debit returns an earlier credit.
let reversalWords = ["RETOUR", "REJET", "R-TRANSACTION", "R TRANSACTION", "REVERSAL", "REVERSED", "RVSL", "STORNO",
                     "RUCKBUCHUNG", "RÜCKBUCHUNG", "RUECKBUCHUNG", "TERUGBOEKING", "IMPAYE", "IMPAYÉ", "RETURNED", "RETURN OF"]

/// A customer a payer may be, and why.
private struct PayerCandidate {
    let key: CustomerKey
    let confidence: Int
    /// How the payer was recognised; `ReconcileRun.how` words it, only for a suggestion (a payer matched
    /// with its amount, the usual case, needs no words).
    let by: Recognition

    enum Recognition {
        case iban(learned: Bool)
        case name
        case nameClose
    }
}

private struct ReconcileRun {
    let config: Reconciler
    var result = Reconciler.Result()
    /// The ledger's documents by slot and their indexes; the customers file adds its names to
    /// `ledger.displayName` (entity × id, entity empty: every entity → name).
    var ledger: LedgerIndexes
    var relance: [String: RelanceReference] = [:]
    var relanceWeak: [String: RelanceReference] = [:]
    var manual: [String: ManualMatch] = [:]
    var ibans: [String: [(entity: String, id: String, confidence: Int, learned: Bool)]] = [:]
    var knownIBAN = Set<String>()                              // entity|customer|iban
    var names: [String: [(entity: String, id: String)]] = [:]  // normalised name → customers
    var nameTokens: [String: [String]] = [:]                   // token or 4-letter prefix → normalised names
    var namesIndexed = false
    var cancelledAllocations = Set<Int>()
    /// The cut-off of the last line's entity: lines come by statement, one entity after the other.
    var lastCutoff: (entity: String, date: CivilDate?)? = nil
    var cancelledWriteOffs = Set<Int>()
    /// The ids of the credits a debit returns, and where their allocations and write-offs are: kept as
    /// they are made (a reversal undoes its credit in the middle of the run); most runs have none.
    var returnedIDs = Set<String>()
    var effectsOfReturned: [String: (allocations: [Int], writeOffs: [Int])] = [:]
    /// The bank line being matched, and that of each allocation and write-off: the second pass makes
    /// them out of bank order, and `finishAllocations` puts them back.
    var currentLine: Int32 = 0
    var allocationLines: [Int32] = []
    var writeOffLines: [Int32] = []

    /// `indexes` are the ledger's (`LedgerIndexes(config.documents)`), given up to the run: it changes
    /// the open amounts in place.
    init(_ config: Reconciler, indexes: consuming LedgerIndexes) {
        self.config = config
        ledger = indexes
        for r in config.relanceReferences {
            relance[r.reference] = r
            if let parsed = StructuredReference(parsing: r.reference) { relanceWeak[parsed.weakKey] = r }
        }
        for m in config.manualMatches where manual[m.bankLineID] == nil { manual[m.bankLineID] = m }
        for c in config.customers {
            ledger.displayName[CustomerKey(entity: c.entity, customerID: c.id)] = c.name
            for iban in c.ibans {
                let n = IBAN.normalize(iban)
                guard !n.isEmpty, knownIBAN.insert(c.entity + "|" + c.id + "|" + n).inserted else { continue }
                ibans[n, default: []].append((c.entity, c.id, 10_000, false))
            }
        }
        for l in config.learnedIBANs {
            let n = IBAN.normalize(l.iban)
            guard !n.isEmpty, knownIBAN.insert(l.entity + "|" + l.customerID + "|" + n).inserted else { continue }
            ibans[n, default: []].append((l.entity, l.customerID, 9_800, true))
            result.payerIBANs.append(l)
        }
    }

    /// The ledger rows of a customer's open documents, oldest first.
    func rows(of customer: CustomerKey) -> [DocumentRef] {
        ledger.customerNumber[customer].map { ledger.byCustomer[$0] } ?? []
    }

    /// The customers by normalised name, made when a payer is first looked for by name: normalising
    /// every customer's name is wasted on the runs whose payers all quote a reference or a known IBAN.
    mutating func indexNames() {
        guard !namesIndexed else { return }
        namesIndexed = true
        for c in config.customers {
            let name = PayerName.normalize(c.name)
            guard !name.isEmpty else { continue }
            if names[name] == nil {
                for t in Set(name.split(separator: " ").map(String.init) + [Self.prefix(name)]) { nameTokens[t, default: []].append(name) }
            }
            names[name, default: []].append((c.entity, c.id))
        }
    }

    static func prefix(_ name: String) -> String { "#" + String(name.filter { $0 != " " }.prefix(4)) }

    func name(_ key: CustomerKey) -> String {
        ledger.displayName[key] ?? ledger.displayName[CustomerKey(entity: "", customerID: key.customerID)] ?? key.customerID
    }

    func minor(_ hundredths: Int64, _ currency: Currency) -> Int64 {
        var v = hundredths
        if currency.minorDigits >= 2 { for _ in 2..<currency.minorDigits { v *= 10 } } else { for _ in currency.minorDigits..<2 { v /= 10 } }
        return v
    }

    // MARK: - The run

    mutating func reconcile(_ bankLines: [BankLine]) -> Reconciler.Result {
        let reversals = pairReversals(bankLines)
        // The reconciliation lines are made in bank order, straight into the result: one per credit, and
        // one per reversing debit, which holds its place until the credit it returns is known. `position`
        // keeps where the lines a reversal rewrites are.
        let returned = Set(reversals.values)
        var position: [Int: Int] = [:]
        // A reversal cancels its credit as soon as both lines have been seen (at the later of the two in
        // bank order), before the credits after it are matched: a payment sent again after a return finds
        // the document open again.
        var reversalsAfter: [Int: [Int]] = [:]      // line index → the debits whose reversal then applies
        for (debit, credit) in reversals { reversalsAfter[max(debit, credit), default: []].append(debit) }
        if !reversals.isEmpty {
            returnedIDs = Set(reversals.values.map { bankLines[$0].id })
            for k in reversalsAfter.keys { reversalsAfter[k]!.sort() }
        }
        let credits = bankLines.reduce(0) { $0 + ($1.isCredit ? 1 : 0) }
        result.lines.reserveCapacity(credits + reversals.count)
        result.allocations.reserveCapacity(credits)             // about one per credit: no growth by copies
        allocationLines.reserveCapacity(credits)
        // First pass, in bank order: the rules that do not guess (already booked, manual, structured
        // references, document numbers) for every line, so that a guess by customer + amount on an earlier
        // line never takes a document a later line names. The other lines keep their place (`deferred`).
        var deferred: [(index: Int, at: Int)] = []
        var deferredIndex = Set<Int>()
        var postponed: [(after: Int, debit: Int)] = []  // reversals of deferred credits, for the second pass
        for index in bankLines.indices {
            if bankLines[index].isCredit {
                if !returned.isEmpty, returned.contains(index) { position[index] = result.lines.count }
                currentLine = Int32(index)
                if let line = matchExactly(bankLines[index]) {
                    result.lines.append(line)
                } else {
                    let l = bankLines[index], zero = Money.zero(l.amount.currency)
                    deferred.append((index, result.lines.count))
                    if !reversals.isEmpty { deferredIndex.insert(index) }
                    result.lines.append(ReconciliationLine(line: l, allocated: zero, unapplied: zero, rule: .unmatched, confidence: 0))
                }
            } else if !reversals.isEmpty, reversals[index] != nil {
                position[index] = result.lines.count
                let debit = bankLines[index]
                result.lines.append(ReconciliationLine(line: debit, allocated: .zero(debit.amount.currency),
                                                       unapplied: .zero(debit.amount.currency), rule: .reversal, confidence: 10_000))
            }
            guard !reversals.isEmpty else { continue }
            for debit in reversalsAfter[index] ?? [] {
                if deferredIndex.contains(reversals[debit]!) {
                    postponed.append((index, debit))
                } else {
                    reverse(debit, reversals[debit]!, bankLines, position)
                }
            }
        }
        // Second pass, in bank order: customer + amount for the lines no exact rule matched, each seeing
        // every exact match; a reversal of one of these credits applies at its place in the order.
        let secondPass = (allocations: result.allocations.count, writeOffs: result.writeOffs.count)
        var next = 0
        for (index, at) in deferred {
            while next < postponed.count, postponed[next].after < index {
                reverse(postponed[next].debit, reversals[postponed[next].debit]!, bankLines, position)
                next += 1
            }
            currentLine = Int32(index)
            result.lines[at] = matchByPayer(bankLines[index])
        }
        for p in postponed[next...] { reverse(p.debit, reversals[p.debit]!, bankLines, position) }
        finishAllocations(secondPass: secondPass)
        result.openItems = ledger.book.openItems()
        learnIBANs()
        return result
    }

    /// The debit at `debitIndex` returns the credit at `creditIndex`: the credit's effects are undone
    /// (its documents re-open), and both lines say so. A credit booked before the cut-off is only noted.
    mutating func reverse(_ debitIndex: Int, _ creditIndex: Int, _ bankLines: [BankLine], _ position: [Int: Int]) {
        let debit = bankLines[debitIndex], credit = bankLines[creditIndex]
        let creditAt = position[creditIndex]!, debitAt = position[debitIndex]!
        var creditLine = result.lines[creditAt]
        if creditLine.rule == .alreadyBooked {
            creditLine.note = "reversed by \(debit.id) on \(debit.bookingDate.iso)"
            creditLine.relatedLine = debit.id
            result.lines[creditAt] = creditLine
            result.lines[debitAt] = ReconciliationLine(
                line: debit, allocated: .zero(debit.amount.currency), unapplied: .zero(debit.amount.currency), rule: .reversal,
                confidence: 10_000, note: "reverses \(credit.id) of \(credit.bookingDate.iso), booked on or before the bank cut-off: its documents re-open in the ledger",
                relatedLine: credit.id)
            return
        }
        undo(credit)
        let reopened = creditLine.documents
        let zero = Money.zero(credit.amount.currency)
        creditLine = ReconciliationLine(
            line: credit, documents: reopened, allocated: zero, unapplied: zero, rule: .reversal, confidence: 10_000,
            customerID: creditLine.customerID,
            note: "reversed by \(debit.id) on \(debit.bookingDate.iso): its allocations are undone" + (reopened.isEmpty ? "" : ", " + reopened.joined(separator: ", ") + " re-open"),
            relatedLine: debit.id)
        result.lines[creditAt] = creditLine
        result.lines[debitAt] = ReconciliationLine(
            line: debit, documents: reopened, allocated: .zero(debit.amount.currency), unapplied: .zero(debit.amount.currency),
            rule: .reversal, confidence: 10_000, customerID: creditLine.customerID,
            note: "reverses \(credit.id) of \(credit.bookingDate.iso)" + (reopened.isEmpty ? "" : ": " + reopened.joined(separator: ", ") + " re-open"),
            relatedLine: credit.id)
    }

    /// Drops the cancelled allocations and write-offs, and puts those of the second pass back in bank
    /// order. Each pass made its own in bank order: the two runs are merged (a line is matched in one
    /// pass only, so its own allocations keep their order), not sorted.
    mutating func finishAllocations(secondPass: (allocations: Int, writeOffs: Int)) {
        func ordered<T>(_ items: [T], lines: [Int32], from second: Int, cancelled: Set<Int>) -> [T]? {
            let interleaved = second > 0 && second < items.count && lines[second] < lines[second - 1]
            guard interleaved || !cancelled.isEmpty else { return nil }
            var out: [T] = []
            out.reserveCapacity(items.count - cancelled.count)
            var a = 0, b = second
            while a < second || b < items.count {
                let i: Int
                if b == items.count || (a < second && lines[a] <= lines[b]) { i = a; a += 1 } else { i = b; b += 1 }
                if cancelled.isEmpty || !cancelled.contains(i) { out.append(items[i]) }
            }
            return out
        }
        if let a = ordered(result.allocations, lines: allocationLines, from: secondPass.allocations, cancelled: cancelledAllocations) {
            result.allocations = a
        }
        if let w = ordered(result.writeOffs, lines: writeOffLines, from: secondPass.writeOffs, cancelled: cancelledWriteOffs) {
            result.writeOffs = w
        }
    }

    /// Debits that return an earlier credit: flagged by the bank (`RvslInd`) or carrying a reversal
    /// word, the same amount, the same payer (IBAN, else name), booked on or after it. The latest such credit not yet reversed is the one.
    func pairReversals(_ lines: [BankLine]) -> [Int: Int] {
        func payer(_ l: BankLine) -> String? {
            let iban = IBAN.normalize(l.payerIBAN)
            if !iban.isEmpty { return "I:" + iban }
            let n = PayerName.normalize(l.payerName)
            return n.isEmpty ? nil : "N:" + n
        }
        // The returning debits first: most runs have none, and only credits of their amounts need a key.
        var returns: [(index: Int, key: String)] = []
        for (i, l) in lines.enumerated() where l.amount.minorUnits < 0 {
            if let cutoff = config.cutoffs[l.entity], l.bookingDate <= cutoff { continue }
            let text = (l.remittance + " " + l.bankRef + " " + l.structuredRef + " " + l.endToEndID).uppercased()
            guard l.reversal || reversalWords.contains(where: { text.contains($0) }), let p = payer(l) else { continue }
            returns.append((i, l.entity + "|" + l.amount.currency.code + "|" + String(-l.amount.minorUnits) + "|" + p))
        }
        guard !returns.isEmpty else { return [:] }
        let amounts = Set(returns.map { -lines[$0.index].amount.minorUnits })
        var credits: [String: [Int]] = [:]
        for (i, l) in lines.enumerated() where l.isCredit && amounts.contains(l.amount.minorUnits) {
            guard let p = payer(l) else { continue }
            credits[l.entity + "|" + l.amount.currency.code + "|" + String(l.amount.minorUnits) + "|" + p, default: []].append(i)
        }
        var pairs: [Int: Int] = [:]
        var taken = Set<Int>()
        for (i, key) in returns {
            let l = lines[i]
            let candidate = (credits[key] ?? []).filter { !taken.contains($0) && lines[$0].bookingDate <= l.bookingDate }
                .max { (lines[$0].bookingDate, $0) < (lines[$1].bookingDate, $1) }
            if let c = candidate {
                taken.insert(c)
                pairs[i] = c
            }
        }
        return pairs
    }

    /// Undoes every effect of a credit: allocations, write-offs, the unapplied credit it left.
    mutating func undo(_ line: BankLine) {
        let effects = effectsOfReturned[line.id]
        for i in effects?.allocations ?? [] where !cancelledAllocations.contains(i) {
            let a = result.allocations[i]
            if let slot = ledger.book.slot(of: DocumentKey(entity: a.entity, document: a.document)), ledger.book.exists(slot) {
                ledger.book.setOpenAmount(slot, ledger.book.openAmount(slot) + a.amount.minorUnits)
            }
            cancelledAllocations.insert(i)
        }
        for i in effects?.writeOffs ?? [] where !cancelledWriteOffs.contains(i) {
            let w = result.writeOffs[i]
            if let slot = ledger.book.slot(of: DocumentKey(entity: w.entity, document: w.document)), ledger.book.exists(slot) {
                ledger.book.setOpenAmount(slot, ledger.book.openAmount(slot) + w.amount.minorUnits)
            }
            cancelledWriteOffs.insert(i)
        }
        if let slot = ledger.book.slot(of: DocumentKey(entity: line.entity, document: line.id)) { ledger.book.remove(slot) }
    }

    /// Currencies never mix: a document in another currency is not a candidate. (A method, not a
    /// closure capturing `ledger.book`: a captured copy would make the next allocation copy the whole index.)
    func isCandidate(_ slot: Int, for line: BankLine) -> Bool {
        ledger.book.exists(slot) && ledger.book.field(slot, { $0.amount.currency }) == line.amount.currency
    }

    /// The slots of documents named by number in an entity (a manual match, a Relance action); the
    /// numbers the ledger does not know are left out.
    func slots(_ entity: String, _ documents: [String]) -> [Int] {
        documents.compactMap { ledger.book.slot(of: DocumentKey(entity: entity, document: $0)) }
    }

    /// Rules 0 to 3, which do not guess; nil when none applies (the line waits for rule 4).
    mutating func matchExactly(_ line: BankLine) -> ReconciliationLine? {
        let zero = Money.zero(line.amount.currency)
        if lastCutoff?.entity != line.entity { lastCutoff = (line.entity, config.cutoffs[line.entity]) }
        if let cutoff = lastCutoff?.date, line.bookingDate <= cutoff {
            return ReconciliationLine(line: line, allocated: zero, unapplied: zero, rule: .alreadyBooked, confidence: 10_000)
        }

        // Rule 1: finance's manual match.
        if !manual.isEmpty, let m = manual[line.id] {
            let entity = m.entity.isEmpty ? line.entity : m.entity
            let keys = slots(entity, m.documents)
            let customer = keys.compactMap { self.ledger.book.owner($0) }.first ?? ""
            let exact = m.amounts.count == m.documents.count && !m.amounts.isEmpty ? m.amounts : nil
            return allocate(line, to: keys, rule: .manual, confidence: 10_000, customer: customer, exact: exact)
        }
        // A credit the bank flags as a reversal gives back one of our own debits: no customer paid it.
        if line.reversal {
            return ReconciliationLine(line: line, allocated: zero, unapplied: zero, rule: .unmatched, confidence: 0,
                                      note: "the bank flags this credit as the reversal of an earlier debit (RvslInd): not a customer's payment")
        }

        // Rule 2: a structured reference, given by the bank or found in the text: Relance's own RF
        // (the action's documents) or a document's payment reference.
        var refs: [StructuredReference] = []
        if !line.structuredRef.isEmpty, let r = StructuredReference(parsing: line.structuredRef) { refs.append(r) }
        refs += StructuredReference.find(in: line.remittance)
        for r in refs where !relance.isEmpty {
            if let action = relance[r.canonical], action.entity == line.entity, action.currency == line.amount.currency {
                let keys = slots(action.entity, action.documents).filter { ledger.book.isOpen($0) }
                return allocate(line, to: keys, rule: .relanceRef, confidence: 10_000, customer: action.customerID)
            }
        }
        var matched: [Int] = []
        if !refs.isEmpty, let index = ledger.byReference[line.entity] {
            for r in refs {
                if let row = index[r.canonical] {
                    let slot = ledger.book.slot(ofRow: row)
                    if isCandidate(slot, for: line), !matched.contains(slot) { matched.append(slot) }
                }
            }
        }
        if !matched.isEmpty { return allocate(line, to: matched, rule: .structuredRef, confidence: 10_000) }

        // Rule 3: document numbers in the remittance, the end-to-end id, the additional info.
        if let index = ledger.byNumber[line.entity] {
            for text in [line.remittance, line.endToEndID, line.additionalInfo] where !text.isEmpty {
                DocumentNumber.forEachCandidateKey(in: text, shape: index.shape) { k in
                    for row in index[k] {
                        let slot = ledger.book.slot(ofRow: row)
                        if isCandidate(slot, for: line) && !matched.contains(slot) { matched.append(slot) }
                    }
                }
            }
            if !matched.isEmpty { return allocate(line, to: matched, rule: .documentNumber, confidence: 10_000) }
        }
        return nil
    }

    /// Rule 4, else rule 5: for a line no exact rule matched, once every line has had those.
    mutating func matchByPayer(_ line: BankLine) -> ReconciliationLine {
        let zero = Money.zero(line.amount.currency)
        // Rule 4: customer (IBAN, else name) + amount; applied at or above the threshold only.
        var suggestions: [Suggestion] = []
        let payers = identify(line)
        if let best = payers.first {
            if let (rows, factor, why) = amountMatch(best.key, line) {
                let confidence = best.confidence * factor / 10_000
                if confidence >= config.minConfidence {
                    return allocate(line, to: rows.map { ledger.book.slot(ofRow: $0) }, rule: .customerAmount, confidence: confidence,
                                    customer: best.key.customerID)
                }
                suggestions.append(Suggestion(customerID: best.key.customerID, documents: rows.map { config.documents[$0].document }.sorted(),
                                              score: confidence, reason: how(best) + "; " + why))
            }
        }
        // Rule 5: unmatched, with suggestions.
        suggestions += suggest(line, payers: payers)
        var seen = Set<String>()
        suggestions = suggestions.sorted { ($1.score, $0.text) < ($0.score, $1.text) }.filter { seen.insert($0.text).inserted }
        return ReconciliationLine(line: line, allocated: zero, unapplied: zero, rule: .unmatched, confidence: 0,
                                  suggestions: Array(suggestions.prefix(3)))
    }

    // MARK: - Rule 4

    /// Why a customer may be the payer, as a suggestion's reason says it.
    func how(_ payer: PayerCandidate) -> String {
        switch payer.by {
        case .iban(let learned): "IBAN \(learned ? "learned" : "known") for \(name(payer.key))"
        case .name: "name of \(name(payer.key))"
        case .nameClose: "name close to \(name(payer.key))"
        }
    }

    /// The customers the payer may be, best first: by IBAN (customers file, then learned), else by name.
    mutating func identify(_ line: BankLine) -> [PayerCandidate] {
        var out: [PayerCandidate] = []
        let iban = IBAN.normalize(line.payerIBAN)
        if !iban.isEmpty, let entries = ibans[iban] {
            var seen = Set<String>()
            // One customer for the IBAN, the usual case: no set to tell the customers apart.
            let mine = entries.count == 1 ? entries.filter { $0.entity.isEmpty || $0.entity == line.entity }
                : entries.filter { ($0.entity.isEmpty || $0.entity == line.entity) && seen.insert($0.id).inserted }
            for e in mine {
                let key = CustomerKey(entity: line.entity, customerID: e.id)
                // One IBAN for several customers (a group paying for its companies): no automatic match.
                let confidence = mine.count == 1 ? e.confidence : e.confidence / 2
                out.append(PayerCandidate(key: key, confidence: confidence,
                                          by: .iban(learned: e.learned)))
            }
            if out.count == 1 { return out }
            if !out.isEmpty { return out.sorted { ($1.confidence, $0.key) < ($0.confidence, $1.key) } }
        }
        let payer = PayerName.normalize(line.payerName)
        guard !payer.isEmpty else { return [] }
        indexNames()
        if let exact = names[payer] {
            var seen = Set<String>()
            let mine = exact.filter { ($0.entity.isEmpty || $0.entity == line.entity) && seen.insert($0.id).inserted }
            for c in mine {
                let key = CustomerKey(entity: line.entity, customerID: c.id)
                out.append(PayerCandidate(key: key, confidence: mine.count == 1 ? 9_500 : 4_750, by: .name))
            }
            if !out.isEmpty { return out.sorted { ($1.confidence, $0.key) < ($0.confidence, $1.key) } }
        }
        // Near names: only those sharing a word or the first four letters (an index, not a scan).
        var candidates = Set<String>()
        for t in Set(payer.split(separator: " ").map(String.init) + [Self.prefix(payer)]) {
            let list = nameTokens[t] ?? []
            if list.count <= 200 { candidates.formUnion(list) }
        }
        var scored: [(key: CustomerKey, score: Int, name: String)] = []
        for n in candidates {
            let s = PayerName.similarity(payer, n)
            guard s > 0 else { continue }
            for c in names[n] ?? [] where c.entity.isEmpty || c.entity == line.entity {
                scored.append((CustomerKey(entity: line.entity, customerID: c.id), s, n))
            }
        }
        scored.sort { ($1.score, $0.key) < ($0.score, $1.key) }
        for (i, s) in scored.enumerated() {
            // A tie at the top is ambiguous: halve.
            let tied = scored.count > 1 && scored[i == 0 ? 1 : 0].score == s.score && i < 2
            out.append(PayerCandidate(key: s.key, confidence: tied ? s.score / 2 : s.score,
                                      by: .nameClose))
        }
        return out.sorted { ($1.confidence, $0.key) < ($0.confidence, $1.key) }
    }

    /// The amount = one open document (the oldest if several), a small set (≤ 12 candidates, oldest
    /// first), or the whole overdue balance. Returns the documents, a factor and a reason.
    func amountMatch(_ customer: CustomerKey, _ line: BankLine) -> ([Int], Int, String)? {
        let amount = line.amount.minorUnits
        let currency = line.amount.currency
        let documents = config.documents
        // The customer's open documents in the line's currency, oldest first (as ledger rows), with their
        // open amounts and due dates read once: the subset search below adds up to 4 096 combinations.
        var docs: [Int] = [], amounts: [Int64] = [], dues: [CivilDate] = []
        let inCurrency = ledger.book.currencyNumber(currency)
        let refs = rows(of: customer)
        // Usually one document has the amount: found without the lists below.
        var single: DocumentRef? = nil, singles = 0
        for d in refs where ledger.book.isOpen(Int(d.slot), in: inCurrency) && ledger.book.openAmount(Int(d.slot)) == amount {
            if single == nil { single = d }
            singles += 1
        }
        if let first = single {
            return ([Int(first.row)], singles == 1 ? 10_000 : 9_500,
                    "amount equals \(documents[Int(first.row)].document)" + (singles > 1 ? " (the oldest of \(singles))" : ""))
        }
        for d in refs {
            let slot = Int(d.slot)
            guard ledger.book.isOpen(slot, in: inCurrency) else { continue }
            docs.append(Int(d.row))
            amounts.append(ledger.book.openAmount(slot))
            dues.append(ledger.book.dueDate(slot))
        }
        let count = min(docs.count, 12)
        if count >= 2 {
            var best: [Int]? = nil
            var ambiguous = false
            for mask in 1..<(1 << count) where mask.nonzeroBitCount >= 2 {
                var sum: Int64 = 0
                for i in 0..<count where mask & (1 << i) != 0 { sum += amounts[i] }
                guard sum == amount else { continue }
                let set = (0..<count).filter { mask & (1 << $0) != 0 }
                if let b = best {
                    if set.count < b.count || (set.count == b.count && set.lexicographicallyPrecedes(b)) {
                        ambiguous = set.count == b.count
                        best = set
                    } else if set.count == b.count {
                        ambiguous = true
                    }
                } else {
                    best = set
                }
            }
            if let best {
                let keys = best.map { docs[$0] }
                return (keys, ambiguous ? 8_000 : 9_500,
                        "amount equals the sum of " + keys.map { documents[$0].document }.joined(separator: " + ") + (ambiguous ? " (other sets also fit)" : ""))
            }
        }
        let overdue = docs.indices.filter { dues[$0] < line.bookingDate }
        if !overdue.isEmpty, overdue.reduce(Int64(0), { $0 + amounts[$1] }) == amount {
            return (overdue.map { docs[$0] }, 10_000, "amount equals the overdue balance (\(overdue.count) documents)")
        }
        return nil
    }

    // MARK: - Rule 5

    /// The document whose reference has this weak key (the last row, when several do). The references
    /// with a weak key are the one or two its check digits allow: looked up in `ledger.byReference`, not kept
    /// in a second index of a million keys.
    func weakReferenceRow(_ entity: String, _ weakKey: String) -> Int? {
        guard let index = ledger.byReference[entity] else { return nil }
        return StructuredReference.canonicals(withWeakKey: weakKey).compactMap { index[$0] }.max()
    }

    func suggest(_ line: BankLine, payers: [PayerCandidate]) -> [Suggestion] {
        var out: [Suggestion] = []
        let currency = line.amount.currency
        let amountText = line.amount.machineString
        // The payer is known, the amount fits nothing: its oldest document it could be part of.
        for p in payers.prefix(2) {
            let inCurrency = ledger.book.currencyNumber(currency)
            let docs = rows(of: p.key).filter { ledger.book.isOpen(Int($0.slot), in: inCurrency) }
            if let partial = docs.first(where: { ledger.book.openAmount(Int($0.slot)) > line.amount.minorUnits }) {
                let document = config.documents[Int(partial.row)].document
                let open = ledger.book[Int(partial.slot)]!.openAmount
                out.append(Suggestion(customerID: p.key.customerID, documents: [document], score: p.confidence * 6 / 10,
                                      reason: how(p) + "; \(amountText) is less than \(document) (open \(open.machineString)): partial payment?"))
            } else {
                out.append(Suggestion(customerID: p.key.customerID, documents: [], score: p.confidence * 4 / 10,
                                      reason: how(p) + "; the amount fits none of its open documents"))
            }
        }
        // A reference that fails its check, close to a document's or a reminder's.
        for k in StructuredReference.weakKeys(in: line.structuredRef + " " + line.remittance) {
            if let row = weakReferenceRow(line.entity, k), let d = ledger.book[ledger.book.slot(ofRow: row)], d.isOpen, d.openAmount.currency == currency {
                out.append(Suggestion(customerID: d.customerID, documents: [d.document], score: 6_000,
                                      reason: "reference resembles the one of \(d.document) but fails its check"))
            }
            if let a = relanceWeak[k], a.entity == line.entity {
                out.append(Suggestion(customerID: a.customerID, documents: a.documents, score: 6_000,
                                      reason: "reference resembles Relance's \(a.reference) (\(name(CustomerKey(entity: a.entity, customerID: a.customerID)))) but fails its check"))
            }
        }
        // The amount equals an open document of the entity.
        var same: [Int] = []
        if let entity = ledger.entityNumber[line.entity] {
            same = ledger.byAmount[AmountKey(entity: entity, currency: ledger.book.currencyNumber(currency), minor: line.amount.minorUnits)].filter {
                let slot = ledger.book.slot(ofRow: $0)
                return ledger.book.exists(slot) && ledger.book.openAmount(slot) == line.amount.minorUnits
            }
        }
        for row in same.prefix(3) {
            let key = config.documents[row].key
            let customer = CustomerKey(entity: key.entity, customerID: ledger.book.owner(ledger.book.slot(ofRow: row)) ?? "")
            out.append(Suggestion(customerID: customer.customerID, documents: [key.document], score: same.count == 1 ? 3_000 : 1_500,
                                  reason: "amount equals \(key.document) of \(name(customer))"))
        }
        return out
    }

    // MARK: - Allocation

    /// Credit notes quoted with the invoices first (they add to what can be applied), then invoices
    /// oldest due date first; the last may stay partly open; a surplus is an unapplied credit. With
    /// `exact` amounts (a manual match), exactly those, in the order given. A shortfall within the
    /// tolerance closes the documents and is reported as a write-off suggestion.
    mutating func allocate(_ line: BankLine, to keys: [Int], rule: MatchRule, confidence: Int,
                           customer fallbackCustomer: String = "", exact: [Int64]? = nil) -> ReconciliationLine {
        let currency = line.amount.currency
        var pairs: [(OpenItem, Int64?, slot: Int)] = []
        for (i, k) in keys.enumerated() {
            guard let d = ledger.book[k], d.isOpen, d.openAmount.currency == currency, !pairs.contains(where: { $0.slot == k }) else { continue }
            pairs.append((d, exact?[i], k))
        }
        if exact == nil {
            pairs.sort {
                ($0.0.kind == .creditNote ? 0 : 1, $0.0.dueDate, $0.0.document) < ($1.0.kind == .creditNote ? 0 : 1, $1.0.dueDate, $1.0.document)
            }
        }
        var available = line.amount.minorUnits
        var allocatedTotal: Int64 = 0
        var paid: [Int] = []
        var settled: [String] = []
        var notes: [String] = []
        for (doc, wanted, slot) in pairs {
            var d = doc
            let openMinor = d.openAmount.minorUnits
            var take: Int64
            if let wanted {
                take = openMinor < 0 ? (wanted < 0 ? max(wanted, openMinor) : 0) : max(0, min(wanted, openMinor, available))
                if take != wanted {
                    notes.append("\(d.document): \(Money(minorUnits: take, currency: currency).machineString) applied of the \(Money(minorUnits: wanted, currency: currency).machineString) asked")
                }
            } else if openMinor < 0 {
                take = openMinor // the whole credit note is used with the payment
            } else {
                take = min(available, openMinor)
            }
            if take == 0 { continue }
            available -= take
            allocatedTotal += take
            d.openAmount.minorUnits -= take
            ledger.book.setOpenAmount(slot, d.openAmount.minorUnits)
            paid.append(slot)
            settled.append(d.document)
            result.allocations.append(Allocation(bankLineID: line.id, entity: d.entity, customerID: d.customerID,
                                                 document: d.document, amount: Money(minorUnits: take, currency: currency),
                                                 rule: rule, confidence: confidence, bookingDate: line.bookingDate))
            allocationLines.append(currentLine)
            if !returnedIDs.isEmpty, returnedIDs.contains(line.id) {
                effectsOfReturned[line.id, default: ([], [])].allocations.append(result.allocations.count - 1)
            }
        }
        // Tolerance: what the payment left open on the matched invoices, when small, is written off.
        var writeOff: Int64 = 0
        if exact == nil, available == 0, !pairs.isEmpty {
            // Items are made only for what is left open: usually nothing.
            let remaining = pairs.filter { ledger.book.exists($0.slot) && ledger.book.openAmount($0.slot) > 0 }.map { (item: self.ledger.book[$0.slot]!, slot: $0.slot) }
            let total = remaining.reduce(Int64(0)) { $0 + $1.item.openAmount.minorUnits }
            let tolerance = config.entityToleranceHundredths[remaining.first?.item.entity ?? line.entity] ?? config.toleranceHundredths
            if total > 0, total <= minor(tolerance, currency) {
                for (d, slot) in remaining {
                    result.writeOffs.append(WriteOff(bankLineID: line.id, entity: d.entity, customerID: d.customerID, document: d.document,
                                                     amount: d.openAmount, bookingDate: line.bookingDate))
                    writeOffLines.append(currentLine)
                    if !returnedIDs.isEmpty, returnedIDs.contains(line.id) {
                        effectsOfReturned[line.id, default: ([], [])].writeOffs.append(result.writeOffs.count - 1)
                    }
                    ledger.book.setOpenAmount(slot, 0)
                    if !settled.contains(d.document) { settled.append(d.document) }
                }
                writeOff = total
                notes.append("write-off suggestion: \(Money(minorUnits: total, currency: currency).machineString) \(currency.code) short on "
                             + remaining.map(\.item.document).joined(separator: ", ") + " (within the tolerance)")
            }
        }
        // A credit that leaves a ledger document it paid still open is partial.
        if paid.contains(where: { ledger.book.isLedgerDocument($0) && ledger.book.openAmount($0) != 0 }) {
            result.partialLineIDs.insert(line.id)
        }
        let customer = pairs.first { $0.0.kind == .invoice }?.0.customerID ?? pairs.first?.0.customerID
            ?? (fallbackCustomer.isEmpty ? keys.compactMap { self.ledger.book.owner($0) }.first ?? "" : fallbackCustomer)
        let surplus = line.amount.minorUnits - allocatedTotal
        if surplus > 0 && customer.isEmpty {
            // Nothing to leave a credit on (a manual match of unknown documents): the line stays unmatched,
            // and so does every allocation made under its id (rare: scanned, not indexed).
            for (i, a) in result.allocations.enumerated() where a.bankLineID == line.id { cancelledAllocations.insert(i) }
            return ReconciliationLine(line: line, allocated: .zero(currency), unapplied: .zero(currency), rule: .unmatched, confidence: 0,
                                      note: "matched documents are not open")
        }
        if surplus > 0 {
            let credit = OpenItem(entity: line.entity, document: line.id, customerID: customer, kind: .unappliedCredit,
                                  documentDate: line.bookingDate, dueDate: line.bookingDate,
                                  amount: Money(minorUnits: -surplus, currency: currency),
                                  openAmount: Money(minorUnits: -surplus, currency: currency),
                                  sourceFile: line.sourceFile, sourceLine: line.sourceLine)
            ledger.book.add(credit)
        }
        return ReconciliationLine(
            line: line, documents: settled.sorted(), allocated: Money(minorUnits: allocatedTotal, currency: currency),
            unapplied: Money(minorUnits: max(surplus, 0), currency: currency), rule: rule, confidence: confidence,
            customerID: customer, writeOff: Money(minorUnits: writeOff, currency: currency), note: notes.joined(separator: "; "))
    }

    /// Payer IBANs of confident matches whose allocations all went to one customer, not yet known.
    mutating func learnIBANs() {
        // The customer of each line id's allocations, and whether there are several: gathered when a
        // line first needs it (runs whose payers quote no IBAN need none).
        // The lines are read in place (a million copies of a line and its bank line would cost more than the rest).
        var customersOfLine: [String: (customer: String, several: Bool)]? = nil
        for i in result.lines.indices where result.lines[i].line.isCredit {
            switch result.lines[i].rule {
            case .manual, .structuredRef, .relanceRef, .documentNumber, .customerAmount: break
            default: continue
            }
            guard !result.lines[i].line.payerIBAN.isEmpty else { continue }
            let l = result.lines[i]
            let iban = IBAN.normalize(l.line.payerIBAN)
            guard !iban.isEmpty, l.confidence >= config.minConfidence, !l.customerID.isEmpty else { continue }
            // Most payers' IBANs are known already (customers file, state): found by the IBAN's index,
            // without building keys or the map below.
            if let known = ibans[iban], known.contains(where: { $0.id == l.customerID && ($0.entity == l.line.entity || $0.entity.isEmpty) }) {
                continue
            }
            if customersOfLine == nil {
                var map: [String: (customer: String, several: Bool)] = [:]
                map.reserveCapacity(result.allocations.count)
                for a in result.allocations.indices {
                    let id = result.allocations[a].bankLineID, customer = result.allocations[a].customerID
                    if let c = map[id] {
                        if !c.several && c.customer != customer { map[id]!.several = true }
                    } else {
                        map[id] = (customer, false)
                    }
                }
                customersOfLine = map
            }
            if let c = customersOfLine?[l.line.id], c.several || c.customer != l.customerID { continue }
            guard knownIBAN.insert(l.line.entity + "|" + l.customerID + "|" + iban).inserted else { continue }
            result.payerIBANs.append(PayerIBAN(entity: l.line.entity, customerID: l.customerID, iban: iban,
                                               learnedOn: l.line.bookingDate, bankLineID: l.line.id))
        }
        result.payerIBANs.sort { ($0.entity, $0.customerID, $0.iban) < ($1.entity, $1.customerID, $1.iban) }
    }
}
