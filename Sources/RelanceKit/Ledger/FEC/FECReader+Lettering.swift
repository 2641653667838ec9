extension FECReader {
    /// Documents, unapplied credits and settled history built from the receivable lines.
    struct Outcome {
        var documents: [OpenItem]
        var unapplied: [OpenItem]
        var settled: [SettledDocument]
    }

    /// Applies the lettering at as-of (spec/inputs.md, "Ledger: FEC"):
    /// - lines of one customer with the same `PieceRef` that are not bank payments sum into one
    ///   document (invoice when the sum is a debit, else credit note);
    /// - lines lettered at as-of (a letter, `DateLet` empty or on or before as-of) form a group per
    ///   customer and letter (case-sensitive: `AB` and `ab` are two groups); a group that balances
    ///   is settled; one that does not leaves its difference open on its oldest invoice, or as an
    ///   unapplied credit (on its latest credit line's reference) when the difference is a credit;
    /// - unlettered lines stay open on their document; unlettered bank payments are unapplied
    ///   credits, summed per customer and reference.
    ///
    /// Money is conserved: the open amounts plus the unapplied credits equal the sum of all lines.
    static func settle(_ lines: [FECLine], file: String, options: FECOptions) -> Outcome {
        struct Key: Hashable {
            var customer: String
            var name: String
        }
        struct Document {
            var firstLine: Int
            var date: CivilDate
            var amount: Int64 = 0
            var open: Int64 = 0
            var firstIsDebit: Bool
            /// Every line of it is in a lettered group.
            var lettered = true
            var settledOn: CivilDate?
        }
        /// A lettered group, with the members the lettering needs found as its lines go by: no
        /// list of members per group (a million small arrays at scale).
        struct Group {
            var sum: Int64 = 0
            var letteredOn: CivilDate?
            var latestEntry: CivilDate
            /// The debit line of a document with the oldest document date (the first on a tie).
            var oldestInvoice = -1
            /// The credit lines with the latest entry date (the last on a tie): a bank payment's, any.
            var latestPayment = -1
            var latestCredit = -1
        }
        struct Credit {
            var firstLine: Int
            var amount: Int64 = 0
        }

        var names: [String: String] = [:]
        var documents: [Document] = []
        var documentIndex: [Key: Int] = [:]
        // Room reserved once: a dictionary of a million keys grown by doubling rehashes them all.
        // The loops below read the lines' fields in place (`lines[i].amount`): a loop over copies of
        // the lines would retain and release each line's strings, millions of times.
        documentIndex.reserveCapacity(lines.indices.reduce(0) { lines[$1].role == .document ? $0 + 1 : $0 })
        var lineDocument = [Int](repeating: -1, count: lines.count)
        for i in lines.indices {
            // A customer's name is taken from its first line that has one.
            if !lines[i].customerName.isEmpty && (names[lines[i].customerID] ?? "").isEmpty {
                names[lines[i].customerID] = lines[i].customerName
            }
            guard lines[i].role == .document else { continue }
            let key = Key(customer: lines[i].customerID, name: lines[i].document)
            let d: Int
            if let existing = documentIndex[key] {
                d = existing
            } else {
                d = documents.count
                documentIndex[key] = d
                documents.append(Document(firstLine: i, date: lines[i].documentDate, firstIsDebit: lines[i].amount >= 0))
            }
            documents[d].amount += lines[i].amount
            documents[d].date = min(documents[d].date, lines[i].documentDate)
            lineDocument[i] = d
        }

        var groups: [Group] = []
        var groupIndex: [Key: Int] = [:]
        // Most groups letter an invoice with its payment: about half as many groups as lettered lines.
        groupIndex.reserveCapacity(lines.indices.reduce(0) { lines[$1].letter.isEmpty ? $0 : $0 + 1 } / 2)
        var lineGroup = [Int](repeating: -1, count: lines.count)
        for i in lines.indices where !lines[i].letter.isEmpty {
            if let on = lines[i].letteredOn, on > options.asOf { continue }
            let key = Key(customer: lines[i].customerID, name: lines[i].letter)
            let amount = lines[i].amount, entryDate = lines[i].entryDate
            let g: Int
            if let existing = groupIndex[key] {
                g = existing
            } else {
                g = groups.count
                groupIndex[key] = g
                groups.append(Group(latestEntry: entryDate))
            }
            groups[g].sum += amount
            groups[g].latestEntry = max(groups[g].latestEntry, entryDate)
            if let on = lines[i].letteredOn { groups[g].letteredOn = max(groups[g].letteredOn ?? on, on) }
            lineGroup[i] = g
            let d = lineDocument[i]
            if amount > 0 && d >= 0 {
                let oldest = groups[g].oldestInvoice
                if oldest < 0 || documents[d].date < documents[lineDocument[oldest]].date { groups[g].oldestInvoice = i }
            } else if amount < 0 {
                if groups[g].latestCredit < 0 || entryDate >= lines[groups[g].latestCredit].entryDate { groups[g].latestCredit = i }
                if lines[i].role == .payment && (groups[g].latestPayment < 0 || entryDate >= lines[groups[g].latestPayment].entryDate) {
                    groups[g].latestPayment = i
                }
            }
        }

        var credits: [Credit] = []
        var creditIndex: [Key: Int] = [:]
        func addCredit(line i: Int, _ amount: Int64) {
            let key = Key(customer: lines[i].customerID, name: lines[i].document)
            if let c = creditIndex[key] {
                credits[c].amount += amount
            } else {
                creditIndex[key] = credits.count
                credits.append(Credit(firstLine: i, amount: amount))
            }
        }

        for i in lines.indices where lineGroup[i] < 0 {
            let d = lineDocument[i]
            if d >= 0 {
                documents[d].open += lines[i].amount
                documents[d].lettered = false
            } else {
                addCredit(line: i, lines[i].amount)
            }
        }
        // A settled document's date is the latest of its groups' lettering dates.
        for (i, g) in lineGroup.enumerated() where g >= 0 && lineDocument[i] >= 0 {
            let on = groups[g].letteredOn ?? groups[g].latestEntry
            documents[lineDocument[i]].settledOn = max(documents[lineDocument[i]].settledOn ?? on, on)
        }
        for group in groups {
            if group.sum > 0 {
                // A debit sum needs a debit line, and every debit line belongs to a document.
                documents[lineDocument[group.oldestInvoice]].open += group.sum
            } else if group.sum < 0 {
                addCredit(line: group.latestPayment >= 0 ? group.latestPayment : group.latestCredit, group.sum)
            }
        }

        let currency = options.currency
        func money(_ v: Int64) -> Money { Money(minorUnits: v, currency: currency) }
        var outcome = Outcome(documents: [], unapplied: [], settled: [])
        outcome.documents.reserveCapacity(documents.count)
        for doc in documents {
            let first = doc.firstLine, customerID = lines[first].customerID, number = lines[first].document
            let isInvoice = doc.amount > 0 || (doc.amount == 0 && doc.firstIsDebit)
            outcome.documents.append(OpenItem(
                entity: options.entity, document: number, customerID: customerID,
                customerName: names[customerID] ?? "", kind: isInvoice ? .invoice : .creditNote,
                documentDate: doc.date, dueDate: doc.date, amount: money(doc.amount), openAmount: money(doc.open),
                sourceFile: file, sourceLine: lines[first].line))
            if doc.amount > 0 && doc.open == 0 && doc.lettered, let on = doc.settledOn {
                outcome.settled.append(SettledDocument(
                    entity: options.entity, customerID: customerID, document: number,
                    documentDate: doc.date, settledOn: on, amount: money(doc.amount)))
            }
        }
        for credit in credits.sorted(by: { $0.firstLine < $1.firstLine }) where credit.amount != 0 {
            let l = lines[credit.firstLine]
            outcome.unapplied.append(OpenItem(
                entity: options.entity, document: l.document, customerID: l.customerID,
                customerName: names[l.customerID] ?? "", kind: .unappliedCredit, documentDate: l.documentDate,
                dueDate: l.documentDate, amount: money(credit.amount), openAmount: money(credit.amount),
                sourceFile: file, sourceLine: l.line))
        }
        return outcome
    }
}
