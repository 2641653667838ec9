/// Stage 2: bank credits against open documents → allocations, open items, the reconciliation.
public enum ReconcileStage {
    public static let allocationsFile = "allocations.csv"
    public static let openItemsFile = "open-items.csv"
    public static let reconciliationFile = "reconciliation.csv"
    public static let unmatchedFile = "unmatched.csv"
    /// Payer IBANs learned so far (the state's and this run's): the report stage copies it to `STATE/payer-ibans.csv`.
    public static let payerIBANsFile = "payer-ibans.csv"
    /// Differences closed within the tolerance: write-off suggestions.
    public static let writeOffsFile = "write-offs.csv"
    /// The learned payer IBANs in the state, read at the start of each run.
    public static func statePayerIBANsPath(_ config: PipelineConfig) -> String { config.state + "/" + payerIBANsFile }
    /// Bank lines after their entity's cut-off (`CarriedBankLine`): this run's, and the state's once the report
    /// stage has copied them.
    public static let afterCutoffFile = "bank-lines-after-cutoff.csv"
    public static func stateAfterCutoffPath(_ config: PipelineConfig) -> String { config.state + "/" + afterCutoffFile }
    /// Finance's manual matches remembered (`RememberedMatch`): the state's and this run's `matches.csv`;
    /// the report stage copies it to `STATE/manual-matches.csv`.
    public static let manualMatchesFile = "manual-matches.csv"
    public static func stateManualMatchesPath(_ config: PipelineConfig) -> String { config.state + "/" + manualMatchesFile }

    /// Makes this run's learned IBANs, bank lines after the cut-off and manual matches the state of the
    /// next runs (the report stage calls it, never in a dry run).
    public static func updateState(_ ctx: RunContext) throws(StoreError) {
        let folder = ctx.stageDirectory(.reconcile)
        try FileTree.createDirectories(ctx.config.state)
        for (name, target) in [(payerIBANsFile, statePayerIBANsPath(ctx.config)), (afterCutoffFile, stateAfterCutoffPath(ctx.config)),
                               (manualMatchesFile, stateManualMatchesPath(ctx.config))] {
            guard FileTree.exists(folder + "/" + name) else { continue }
            try AtomicFile.publish(folder + "/" + name, to: target)
        }
    }

    public static func run(_ ctx: RunContext) throws(StageFailure) -> StageOutcome {
        let ingest = ctx.stageDirectory(.ingest)
        let todayLines: [BankLine]
        let cutoffs: [BankCutoff]
        var camtFiles = Set<String>()
        var customers: [Customer] = []
        var matches: [ManualMatch] = []
        // The documents are read and indexed on the other core while this one reads the bank lines and
        // the rest, and merges the lines: it waits for them only when the run starts matching.
        let documentsPath = ingest + "/" + IngestStage.documentsFile
        let documentsRead = BackgroundResult {
            Result { () throws(StageDataError) in
                let documents = try OpenItem.read(documentsPath)
                return (documents, LedgerIndexes(documents))
            }
        }
        // The state (kept lines, remembered matches, learned IBANs, the registry's references) is read on
        // a third thread meanwhile.
        let config = ctx.config, asOf = ctx.asOf
        let stateRead = BackgroundResult { Result { () throws(StageDataError) in try ReconcileState(config, asOf: asOf) } }
        do {
            todayLines = try BankLine.read(ingest + "/" + IngestStage.bankLinesFile)
            if FileTree.exists(ingest + "/" + IngestStage.manifestFile) {
                camtFiles = Set(try ManifestEntry.read(ingest + "/" + IngestStage.manifestFile).filter { $0.kind == .camt }.map(\.file))
            }
            cutoffs = try BankCutoff.read(ingest + "/" + IngestStage.cutoffsFile)
            if FileTree.exists(ingest + "/" + IngestStage.customersFile) {
                customers = try Customer.read(ingest + "/" + IngestStage.customersFile)
            }
            if FileTree.exists(ingest + "/" + IngestStage.matchesFile) {
                matches = try ManualMatch.read(ingest + "/" + IngestStage.matchesFile)
            }
        } catch {
            _ = stateRead.wait()  // the registry's repair is not left half done
            throw StageFailure("cannot read the ingest stage's output (run relance-ingest first): \(error)")
        }
        let state: ReconcileState
        do {
            state = try stateRead.take().get()
        } catch {
            throw StageFailure("cannot read the state: \(error)")
        }
        let (learned, learnedLater, kept, remembered) = (state.learned, state.learnedLater, state.kept, state.remembered)
        var cutoffByEntity: [String: CivilDate] = [:]
        for c in cutoffs { if let d = c.date { cutoffByEntity[c.entity] = d } }
        // Lines after the cut-off whose statement finance archived still count, until the cut-off passes them.
        let merge = CarriedBankLine.merge(today: todayLines, todayCAMTFiles: camtFiles, kept: kept, cutoffs: cutoffByEntity,
                                          entities: Set(ctx.config.entities.map(\.id)))
        let lines = merge.lines
        let documents: [OpenItem], indexes: LedgerIndexes
        do {
            (documents, indexes) = try documentsRead.take().get()
        } catch {
            throw StageFailure("cannot read the ingest stage's output (run relance-ingest first): \(error)")
        }
        var reconciler = Reconciler(documents: documents, cutoffs: cutoffByEntity, minConfidence: ctx.config.minConfidence,
                                    customers: customers, learnedIBANs: learned, relanceReferences: state.references,
                                    manualMatches: RememberedMatch.applied(inbox: matches, state: remembered, asOf: ctx.asOf, ledger: documents),
                                    toleranceHundredths: ctx.config.toleranceHundredths)
        for e in ctx.config.entities { reconciler.entityToleranceHundredths[e.id] = ctx.config.toleranceHundredths(entity: e.id) }
        // The lines to keep for the next run are listed on the other core while this one matches.
        let carried = BackgroundResult { merge.linesToKeep() }
        var result = reconciler.reconcile(lines, indexes: consume indexes)
        for i in result.lines.indices where !merge.reapplied.isEmpty && merge.reapplied.contains(result.lines[i].line.id) {
            let l = result.lines[i]
            let why = "\(l.line.sourceFile) is no longer in the inbox: kept from the state while booked after the bank cut-off"
            result.lines[i].note = l.note.isEmpty ? why : l.note + "; " + why
        }

        let folder = StageFolder(runDirectory: ctx.runDirectory, name: Stage.reconcile.folderName)
        do {
            let tmp = try folder.begin()
            // The reconciliation, the largest file, is written on the other core meanwhile.
            let reconciliation = result.lines, reconciliationPath = tmp + "/" + reconciliationFile
            try alongside({ () throws(StoreError) in try ReconciliationLine.write(reconciliation, to: reconciliationPath) }) {
                try Allocation.write(result.allocations, to: tmp + "/" + allocationsFile)
                try OpenItem.write(result.openItems, to: tmp + "/" + openItemsFile)
                try ReconciliationLine.write(result.lines.filter { $0.rule == .unmatched }, to: tmp + "/" + unmatchedFile)
                try PayerIBAN.write(PayerIBAN.nextState(result: result.payerIBANs, usable: learned, later: learnedLater, asOf: ctx.asOf),
                                    to: tmp + "/" + payerIBANsFile)
                try WriteOff.write(result.writeOffs, to: tmp + "/" + writeOffsFile)
                try CarriedBankLine.write(carried.wait(), to: tmp + "/" + afterCutoffFile)
                try RememberedMatch.write(RememberedMatch.nextState(state: remembered, inbox: matches, asOf: ctx.asOf),
                                          to: tmp + "/" + manualMatchesFile)
            }
            // Counted in one pass, without copying a million lines into filtered arrays.
            var byRule: [MatchRule: Int64] = [:]
            var credits: Int64 = 0
            for l in result.lines.indices {
                byRule[result.lines[l].rule, default: 0] += 1
                if result.lines[l].line.isCredit { credits += 1 }
            }
            let count = { (r: MatchRule) in byRule[r] ?? 0 }
            let tally = MatchTally(result)
            let outcome = StageOutcome(summary: [
                ("bank_credits", .integer(credits)),
                ("bank_lines_from_state", .integer(Int64(merge.reapplied.count))),
                ("already_booked", .integer(count(.alreadyBooked))),
                // Credits by how they ended (`MatchTally`), and their amounts per currency.
                ("matched", .integer(tally.matched)),
                ("partial", .integer(tally.partial)),
                ("unmatched", .integer(tally.unmatched)),
                ("amounts", tally.amountsJSON),
                ("allocations", .integer(Int64(result.allocations.count))),
                ("reversals", .integer(count(.reversal))),
                ("write_offs", .integer(Int64(result.writeOffs.count))),
                ("payer_ibans", .integer(Int64(result.payerIBANs.count))),
                ("open_items", .integer(Int64(result.openItems.count))),
                ("entities_without_cutoff", .array(cutoffs.filter { $0.date == nil }.map { .string($0.entity) })),
            ])
            try AtomicFile.write(JSONValue.object(outcome.summary).text(), to: tmp + "/stage.json")
            try folder.commit(tmp)
            KeptUntilExit.keep(documents, todayLines, customers, kept, merge, result)
            return outcome
        } catch {
            throw StageFailure("cannot write the reconcile folder: \(error)")
        }
    }
}

extension Allocation: StageRecord {
    static let stageColumns = ["bank_line_id", "entity", "customer_id", "document", "currency", "amount", "rule",
                               "confidence", "booking_date"]

    var stageCells: [String] { StageCells.of(self) }

    func writeCells<Sink: StageCellSink>(to sink: inout Sink) {
        sink.cell(bankLineID)
        sink.cell(entity)
        sink.cell(customerID)
        sink.cell(document)
        sink.cell(amount.currency.code)
        sink.cell(amount)
        sink.cell(rule.rawValue)
        sink.cell(fractionText(confidence))
        sink.cell(bookingDate)
    }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        guard let rule = MatchRule(rawValue: r.text(c[6])) else { throw r.fail("unknown rule `\(r.text(c[6]))`") }
        let confidence = PipelineConfig.fraction(r.text(c[7])) ?? 0
        self.init(bankLineID: r.text(c[0]), entity: r.text(c[1]), customerID: r.text(c[2]), document: r.text(c[3]),
                  amount: try r.money(c[5], try r.currency(c[4])), rule: rule, confidence: confidence,
                  bookingDate: try r.date(c[8]))
    }
}

extension ReconciliationLine: StageRecord {
    /// The columns of `reconciliation.csv` (`outputs.md`), then the stage's own.
    static let stageColumns = ["bank_line_id", "account", "booking_date", "amount", "currency", "payer_name", "payer_iban",
                               "remittance", "documents", "allocated", "unapplied", "rule", "confidence",
                               "entity", "customer_id", "source_file", "source_line", "write_off", "note", "related_line",
                               "suggestion_1", "score_1", "reason_1", "suggestion_2", "score_2", "reason_2",
                               "suggestion_3", "score_3", "reason_3"]

    var stageCells: [String] { StageCells.of(self) }

    func writeCells<Sink: StageCellSink>(to sink: inout Sink) {
        sink.cell(line.id)
        sink.cell(line.account)
        sink.cell(line.bookingDate)
        sink.cell(line.amount)
        sink.cell(line.amount.currency.code)
        sink.cell(line.payerName)
        sink.cell(line.payerIBAN)
        sink.cell(line.remittance)
        sink.cell(documents.count == 1 ? documents[0] : documents.joined(separator: ";"))
        sink.cell(allocated)
        sink.cell(unapplied)
        sink.cell(rule.rawValue)
        sink.cell(fractionText(confidence))
        sink.cell(line.entity)
        sink.cell(customerID)
        sink.cell(line.sourceFile)
        sink.cell(line.sourceLine)
        if writeOff.isZero { sink.cell("") } else { sink.cell(writeOff) }
        sink.cell(note)
        sink.cell(relatedLine)
        for i in 0..<3 {
            if i < suggestions.count {
                sink.cell(suggestions[i].text)
                sink.cell(fractionText(suggestions[i].score))
                sink.cell(suggestions[i].reason)
            } else {
                sink.cell("")
                sink.cell("")
                sink.cell("")
            }
        }
    }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        let currency = try r.currency(c[4])
        guard let rule = MatchRule(rawValue: r.text(c[11])) else { throw r.fail("unknown rule `\(r.text(c[11]))`") }
        let line = BankLine(id: r.text(c[0]), entity: r.text(c[13]), account: r.text(c[1]), bookingDate: try r.date(c[2]),
                            amount: try r.money(c[3], currency), payerName: r.text(c[5]), payerIBAN: r.text(c[6]),
                            remittance: r.text(c[7]), sourceFile: r.text(c[15]), sourceLine: try r.int(c[16]))
        var suggestions: [Suggestion] = []
        for i in 0..<3 where !r.text(c[20 + 3 * i]).isEmpty {
            let text = r.text(c[20 + 3 * i])
            let isCustomer = text.hasPrefix("customer ")
            suggestions.append(Suggestion(customerID: isCustomer ? String(text.dropFirst(9)) : "",
                                          documents: isCustomer ? [] : text.split(separator: ";").map(String.init),
                                          score: PipelineConfig.fraction(r.text(c[21 + 3 * i])) ?? 0, reason: r.text(c[22 + 3 * i])))
        }
        self.init(line: line, documents: r.text(c[8]).split(separator: ";").map(String.init),
                  allocated: try r.money(c[9], currency), unapplied: try r.money(c[10], currency), rule: rule,
                  confidence: PipelineConfig.fraction(r.text(c[12])) ?? 0, customerID: r.text(c[14]),
                  writeOff: r.text(c[17]).isEmpty ? nil : try r.money(c[17], currency), note: r.text(c[18]),
                  relatedLine: r.text(c[19]), suggestions: suggestions)
    }
}

/// What the reconcile stage reads from the state: the lines kept after the cut-off, finance's remembered
/// matches, the payer IBANs usable at as-of (and those learned by later as-ofs), and Relance's own RF
/// references (the registry's actions; read-only, also in a dry run).
struct ReconcileState: Sendable {
    var kept: [CarriedBankLine] = []
    var remembered: [RememberedMatch] = []
    var learned: [PayerIBAN] = [], learnedLater: [PayerIBAN] = []
    var references: [RelanceReference] = []

    init(_ config: PipelineConfig, asOf: CivilDate) throws(StageDataError) {
        let keptPath = ReconcileStage.stateAfterCutoffPath(config)
        if FileTree.exists(keptPath) { kept = try CarriedBankLine.read(keptPath) }
        let matchesPath = ReconcileStage.stateManualMatchesPath(config)
        if FileTree.exists(matchesPath) { remembered = try RememberedMatch.read(matchesPath) }
        let statePath = ReconcileStage.statePayerIBANsPath(config)
        if FileTree.exists(statePath) { (learned, learnedLater) = PayerIBAN.usable(try PayerIBAN.read(statePath), asOf: asOf) }
        let registry = try ActionRegistry(path: config.registryPath)
        for a in registry.actions.values.sorted(by: { $0.id < $1.id }) {
            references.append(RelanceReference(actionID: a.id, entity: a.entity, customerID: a.customerID,
                                               currency: a.currency, documents: a.documents))
        }
    }
}
