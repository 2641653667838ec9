// The ingest stage reads every file of the inbox, recognises it by content, validates each row and
// writes the normalised records for the next stages. It never drops a row silently: every row ends
// up in the normalised data or in rejects.csv with a reason (spec README, invariant 5).
import Dispatch

/// Stage 1: the inbox → normalised documents, customers, bank lines and holds; rejects; the manifest.
public enum IngestStage {
    /// Files of this stage's folder.
    public static let documentsFile = "documents.csv"
    public static let customersFile = "customers.csv"
    public static let bankLinesFile = "bank-lines.csv"
    public static let holdsFile = "holds.csv"
    public static let rejectsFile = "rejects.csv"
    public static let manifestFile = "manifest.csv"
    public static let cutoffsFile = "cutoffs.csv"
    /// Documents a FEC shows settled (lettered), with their settlement date: payment-behaviour history.
    public static let settledFile = "settled.csv"
    /// Finance's manual matches, validated against the ledgers.
    public static let matchesFile = "matches.csv"

    public static func run(_ ctx: RunContext) throws(StageFailure) -> StageOutcome {
        let folder = StageFolder(runDirectory: ctx.runDirectory, name: Stage.ingest.folderName)
        // The documents, the stage's second largest file, are written on the other core from the moment
        // they are final: while this one waits for the last statements and goes on with the bank lines.
        var begun: Result<String, StoreError>? = nil
        var documentsWritten: BackgroundResult<Result<Void, StoreError>>? = nil
        let inbox = try read(ctx) { documents in
            let tmp = Result { () throws(StoreError) in try folder.begin() }
            begun = tmp
            guard case .success(let dir) = tmp else { return }
            let path = dir + "/" + documentsFile
            documentsWritten = BackgroundResult { Result { () throws(StoreError) in try documents.write(to: path) } }
        }
        do {
            let tmp = try (begun ?? Result { () throws(StoreError) in try folder.begin() }).get()
            // The bank lines, the largest file left, are written on a thread of their own while this one
            // writes the rest: otherwise the stage's last seconds ran on one core.
            let bankLines = inbox.bankLines, bankLinesPath = tmp + "/" + bankLinesFile
            let bankLinesWritten = BackgroundResult { Result { () throws(StoreError) in try BankLine.write(bankLines, to: bankLinesPath) } }
            let mine = Result { () throws(StoreError) in
                if documentsWritten == nil { try inbox.documents.write(to: tmp + "/" + documentsFile) }
                try Customer.write(inbox.customers, to: tmp + "/" + customersFile)
                try Hold.write(inbox.holds, to: tmp + "/" + holdsFile)
                try Reject.write(inbox.rejects, to: tmp + "/" + rejectsFile)
                try ManifestEntry.write(inbox.manifest, to: tmp + "/" + manifestFile)
                try BankCutoff.write(inbox.cutoffs, to: tmp + "/" + cutoffsFile)
                try SettledDocument.write(inbox.settled, to: tmp + "/" + settledFile)
                try ManualMatch.write(inbox.matches, to: tmp + "/" + matchesFile)
            }
            // Every writer is done before any error is thrown: nothing is left writing.
            let documentsDone = documentsWritten?.wait(), bankLinesDone = bankLinesWritten.wait()
            try documentsDone?.get()
            try bankLinesDone.get()
            try mine.get()
            // Read where they lie, the files must not have changed since they were mapped.
            let changed = inbox.mappedFiles.filter { $0.signature.writtenSince(path: $0.absolutePath) }.map(\.relativePath)
            if !changed.isEmpty {
                try? FileTree.removeTree(tmp)
                throw StageFailure("the inbox file(s) \(changed.joined(separator: ", ")) changed while this stage read them (copy files into the inbox under a .part or .tmp name, then rename them); nothing was written; run again")
            }
            let outcome = inbox.outcome
            try AtomicFile.write(JSONValue.object(outcome.summary).text(), to: tmp + "/stage.json")
            try folder.commit(tmp)
            KeptUntilExit.keep(inbox)
            return outcome
        } catch let failure as StageFailure {
            throw failure
        } catch {
            throw StageFailure("cannot write the ingest folder: \(error)")
        }
    }

    /// Reads and validates the inbox without writing anything (also used by `relance check`).
    /// `documentsReady` is given the documents as soon as they are final, before the bank statements
    /// are done: the stage starts writing them then.
    public static func read(_ ctx: RunContext, documentsReady: (LedgerDocuments) -> Void = { _ in }) throws(StageFailure) -> IngestedInbox {
        let config = ctx.config
        guard FileTree.isDirectory(config.inbox) else {
            throw StageFailure("the inbox \(config.inbox) does not exist or is not a folder")
        }
        let paths: [String]
        do {
            paths = try FileTree.listFiles(under: config.inbox)
        } catch {
            throw StageFailure("cannot list the inbox: \(error)")
        }
        var context = IngestContext(config: config, asOf: ctx.asOf)
        if let sep = config.decimalSeparator { context.decimalConvention = sep }
        var out = IngestedInbox()

        // Recognise every file first; read customers before ledgers (their terms give due dates),
        // ledgers before holds (holds are checked against them).
        var pending: [(file: InboxFile, reader: CSVReader, kind: InputKind, match: ColumnMatch, index: Int)] = []
        var fecFiles: [(file: InboxFile, index: Int, parse: Result<(entity: String, ledger: BackgroundResult<FECLedger>), EntityError>)] = []
        var camtFiles: [(file: InboxFile, statement: CAMTFileLines, index: Int)] = []
        var camtParses: [(file: InboxFile, index: Int, parse: BackgroundResult<Result<CAMTFileLines, CAMTError>>)] = []
        // FEC files are parsed on one worker and CAMT statements on another, each kind one file after
        // another in inbox order: two FECs at once would hold both (hundreds of MB each at scale) in
        // memory together, while a statement is tens of MB. With this thread reading the CSV files and
        // one hashing, the two cores are kept busy until the statements are read.
        let fecQueue = DispatchQueue(label: "relance.ingest.fec")
        let statementQueue = DispatchQueue(label: "relance.ingest.camt")
        // The account a bank export names in the block above its header, by file.
        var blockAccounts: [String: String] = [:]
        let inputs = paths.filter(isInput)
        let digests = FileDigests(paths: inputs.map { config.inbox + "/" + $0 })
        // Mapped on a local disk only (`FileSystemKind`): a share's read error would stop the stage.
        let mapsFiles = !FileSystemKind.isNetworkShare(config.inbox)
        for relative in inputs {
            let absolute = config.inbox + "/" + relative
            var text: FileBytes
            var isXML: Bool
            do {
                // A statement is recognised from its first bytes and read whole by the worker that
                // parses it: its hundreds of MB are not read twice. Any other file is mapped, read
                // where the page cache holds it rather than copied into fresh memory. (A file whose
                // first 4 KB are blank is taken whole, and recognised then.)
                let prefix = try AtomicFile.readPrefix(absolute, count: 4096)
                text = FileBytes(prefix)
                isXML = prefix.withUnsafeBufferPointer(looksLikeXML)
                if !isXML {
                    text = try (mapsFiles ? FileBytes.mapped(path: absolute) : nil) ?? FileBytes(AtomicFile.readBytes(absolute))
                    if let signature = text.signature { out.mappedFiles.append((relative, absolute, signature)) }
                    isXML = text.withUnsafeBufferPointer(looksLikeXML)
                }
            } catch {
                out.rejectFile(relative, size: 0, modified: "", code: "E_UNREADABLE", message: "cannot read: \(error)")
                continue
            }
            let mtime = FileTree.modificationTime(absolute) ?? (0, 0)
            let modified = String(mtime.seconds) + "." + String(mtime.nanoseconds)
            let folderEntity = entity(ofFolder: relative, config)
            let size = isXML ? FileTree.fileSize(absolute) ?? Int64(text.count) : Int64(text.count)
            let file = InboxFile(relativePath: relative, absolutePath: absolute, size: size,
                                 modified: mtime, folderEntity: folderEntity, text: text)
            if text.withUnsafeBufferPointer({ $0.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 } }) {
                out.rejectFile(relative, size: size, modified: modified, code: "E_EMPTY_FILE", message: "the file is empty")
                continue
            }
            if isXML {
                // A CAMT statement is taken whole or rejected whole. It is parsed on the statements'
                // worker, one after another, while this thread reads the ledgers; its manifest line
                // keeps its place and is completed once the statement is read.
                let timeZone = config.timezone
                // A statement dropped twice (a copy beside it) is parsed once: an earlier statement of
                // the same size and folder whose bytes are the same gives this one's lines, named after it.
                let twins = camtParses.filter { $0.file.size == size && $0.file.folderEntity == folderEntity }.map { ($0.file.absolutePath, $0.parse) }
                camtParses.append((file, out.manifest.count, BackgroundResult(on: statementQueue) { () -> Result<CAMTFileLines, CAMTError> in
                    do throws(CAMTError) {
                        // The twins ran before on this serial queue: their results are there.
                        for (path, parse) in twins {
                            if case .success(let lines) = parse.wait(), AtomicFile.sameContent(path, absolute) {
                                return .success(lines.named(after: file))
                            }
                        }
                        guard let whole = try? AtomicFile.readBytes(absolute) else {
                            return .failure(CAMTError(file: relative, line: 0, column: 0, message: "the file could not be read"))
                        }
                        let document = try CAMTReader.read(bytes: whole, file: relative, timeZone: timeZone)
                        return .success(CAMTFileLines(document, file: file, config: config))
                    } catch {
                        return .failure(error)
                    }
                }))
                out.manifest.append(ManifestEntry(file: relative, size: size, sha256: "", modified: modified, kind: .camt,
                                                  encoding: "utf-8", delimiter: "", entity: folderEntity ?? "",
                                                  rowsRead: 0, rowsRejected: 0, status: "ok"))
                continue
            }
            let reader: CSVReader
            var header = CSVRow()
            do {
                reader = CSVReader(text: text, delimiter: nil)
                guard try reader.next(into: &header) else {
                    out.rejectFile(relative, size: size, modified: modified, code: "E_EMPTY_FILE", message: "the file is empty")
                    continue
                }
            } catch {
                out.rejectFile(relative, size: size, modified: modified, code: "E_BAD_CSV", message: "\(error)")
                continue
            }
            let firstNames = (0..<header.count).map { InputRow.trimmed(header.string($0)) }
            if FECReader.isFEC(header: firstNames) {
                // Parsed on a worker, one FEC after another, while this thread reads the other files;
                // its rows join the snapshot after the open-items files', as if read here in turn.
                var kept = file
                kept.text = .empty  // the worker's copy holds the bytes, let go once parsed
                let asOf = ctx.asOf
                let parse = context.entity(folder: folderEntity, column: "").map { entityID -> (entity: String, ledger: BackgroundResult<FECLedger>) in
                    let options = FECOptions(receivablePrefix: config.fec.receivablePrefix, salesJournals: config.fec.salesJournals,
                                             bankJournalPrefixes: config.fec.bankJournalPrefixes, miscJournals: config.fec.miscJournals,
                                             entity: entityID, currency: config.entity(entityID)!.currency, asOf: asOf)
                    return (entityID, BackgroundResult(on: fecQueue) { FECReader.read(text: file.text, file: relative, options: options) })
                }
                fecFiles.append((kept, out.manifest.count, parse))
                out.manifest.append(ManifestEntry(file: relative, size: size, sha256: "", modified: modified, kind: .fec,
                                                  encoding: reader.encoding.rawValue,
                                                  delimiter: String(decoding: [reader.delimiter], as: UTF8.self),
                                                  entity: folderEntity ?? "", rowsRead: 0, rowsRejected: 0, status: "ok"))
                continue
            }
            // A bank export may put a block of account lines above its real header.
            let found = HeaderLine.find(reader, first: header, config: config)
            let (names, kind) = (found.names, found.kind)
            let encoding = reader.encoding.rawValue
            let delimiter = String(decoding: [reader.delimiter], as: UTF8.self)
            let at = found.line == 1 ? "" : " (line \(found.line))"
            guard let match = found.match, kind != .unknown else {
                out.rejectFile(relative, size: size, modified: modified, code: "E_UNKNOWN_FORMAT",
                               message: "not a ledger, customers, bank, holds or matches file: headers found\(at): \(names.joined(separator: ", "))",
                               encoding: encoding, delimiter: delimiter)
                continue
            }
            if !match.missing.isEmpty {
                out.rejectFile(relative, size: size, modified: modified, code: "E_MISSING_COLUMN",
                               message: "looks like \(kind.label) file but lacks the required column(s) \(match.missing.joined(separator: ", ")); headers found\(at): \(names.joined(separator: ", "))",
                               kind: kind, encoding: encoding, delimiter: delimiter)
                continue
            }
            if kind == .bankCSV && match["amount"] == nil && match["credit"] == nil && match["debit"] == nil {
                out.rejectFile(relative, size: size, modified: modified, code: "E_MISSING_COLUMN",
                               message: "looks like a bank file but has no amount column (amount, or debit and credit); headers found\(at): \(names.joined(separator: ", "))",
                               kind: kind, encoding: encoding, delimiter: delimiter)
                continue
            }
            if kind == .bankCSV, let account = IBAN.find(in: found.block) { blockAccounts[relative] = account }
            pending.append((file, reader, kind, match, out.manifest.count))
            out.manifest.append(ManifestEntry(file: relative, size: size, sha256: "", modified: modified, kind: kind,
                                              encoding: encoding, delimiter: delimiter, entity: folderEntity ?? "",
                                              rowsRead: 0, rowsRejected: 0, status: "ok"))
        }

        func record<T>(_ result: FileReadResult<T>, at index: Int) {
            out.manifest[index].rowsRead = result.rowsRead
            out.manifest[index].rowsRejected = result.rowsRejected
            out.rejects += result.rejects
            out.rowsRead += result.rowsRead
            out.rowsRejected += result.rowsRejected
        }

        // Customers.
        // The first file (by path) and line of each customer: a later file's row is the duplicate,
        // reported at its own line (the one finance would delete).
        var customerSeen: [String: (file: String, line: Int)] = [:]
        for p in pending where p.kind == .customers {
            let result = CustomersReader(context: context).read(p.file, reader: p.reader, match: p.match)
            record(result, at: p.index)
            for c in result.records {
                let key = c.entity + "\u{1F}" + c.id
                if let first = customerSeen[key] {
                    out.rejects.append(Reject(file: p.file.relativePath, line: c.sourceLine, column: "customer_id", severity: .warning,
                                              code: "W_DUPLICATE_CUSTOMER",
                                              message: "customer `\(c.id)` is also in \(first.file) on line \(first.line); the first is kept"))
                    continue
                }
                customerSeen[key] = (p.file.relativePath, c.sourceLine)
                out.customers.append(c)
            }
        }
        context.customers = CustomerDirectory(out.customers)

        // Ledgers: snapshots; the same document in two files of one entity is taken from the newer file.
        var snapshot = LedgerSnapshot()
        // Room reserved once rather than grown by doubling (each doubling copies every document and
        // hashes every key again): a document per 80 bytes of open-items CSV, and per 360 bytes of FEC
        // (an invoice takes three lines or more, of 120 bytes or more). The FEC's documents join the
        // snapshot last, so the room is made before the first row.
        let csvBytes = pending.filter { $0.kind == .openItems }.reduce(0) { $0 + $1.file.text.count }
        let fecBytes = fecFiles.reduce(0) { $0 + Int($1.file.size) }
        snapshot.reserve(csvBytes / 80 + fecBytes / 360)
        var ledgerFiles = 0
        for p in pending where p.kind == .openItems {
            let read = OpenItemsReader(context: context).read(p.file, reader: p.reader, match: p.match,
                                                              fileNumber: ledgerFiles, into: &snapshot)
            ledgerFiles += 1
            record(read.result, at: p.index)
            out.manifest[p.index].entity = read.entities.joined(separator: ";")
        }
        // Bank CSV exports; their lines join the CAMT statements' below.
        var csvLines: [(lines: [BankLine], index: Int)] = []
        for p in pending where p.kind == .bankCSV {
            let result = BankCSVReader(context: context, blockAccount: blockAccounts[p.file.relativePath])
                .read(p.file, reader: p.reader, match: p.match)
            record(result, at: p.index)
            out.manifest[p.index].entity = Set(result.records.map(\.entity)).sorted().joined(separator: ";")
            csvLines.append((result.records, p.index))
        }
        // FEC files: the ledger with its lettering; due dates from the customer's terms, else the entity's.
        var fecCutoffs: [String: CivilDate] = [:]
        for (file, index, parse) in fecFiles {
            let ledger: FECLedger, entityID: String
            switch parse {
            case .success(let parsed): (entityID, ledger) = (parsed.entity, parsed.ledger.wait())
            case .failure(let e):
                out.filesRejected += 1
                out.manifest[index].status = "rejected"
                out.rejects.append(Reject(file: file.relativePath, line: 0, code: "E_UNKNOWN_ENTITY", message: e.message))
                continue
            }
            let entity = config.entity(entityID)!
            out.manifest[index].entity = entityID
            out.manifest[index].rowsRead = ledger.rowsRead
            out.manifest[index].rowsRejected = ledger.rowsRejected
            out.rowsRead += ledger.rowsRead
            out.rowsRejected += ledger.rowsRejected
            out.rejects += ledger.rejects
            if ledger.rejects.contains(where: { $0.line == 0 && $0.severity == .error }) {
                out.filesRejected += 1
                out.manifest[index].status = "rejected"
                continue
            }
            let termsCache = PaymentTermsCache()
            func due(_ customerID: String, _ date: CivilDate) -> CivilDate {
                let text = context.customers.terms(entity: entityID, id: customerID) ?? ""
                let terms = termsCache.terms(text.isEmpty ? entity.defaultTerms : text) ?? .net(days: 30)
                return terms.dueDate(from: date, method: entity.endOfMonthMethod)
            }
            // The two lists one after the other, not joined into a copy of a million documents.
            for var item in [ledger.documents, ledger.unappliedCredits].joined() {
                if item.kind.isDueByTerms { item.dueDate = due(item.customerID, item.documentDate) }
                let (document, entity, line) = (item.document, item.entity, item.sourceLine)
                let earlier: String, newer: Bool
                switch snapshot.add(item, file: ledgerFiles, line: line, modified: file.modified) {
                case .added: continue
                // A FEC gives each document once; a number it gives twice is reported like two files'.
                case .repeatedInFile: (earlier, newer) = (file.relativePath, false)
                case .inAnotherFile(let path, let modified): (earlier, newer) = (path, file.modified > modified)
                }
                out.rejects.append(Reject(file: file.relativePath, line: line, column: "PieceRef", severity: .warning,
                                          code: "W_DUPLICATE_DOCUMENT",
                                          message: "document `\(document)` of entity \(entity) is in \(earlier) and \(file.relativePath); the newer file \(newer ? file.relativePath : earlier) is used"))
            }
            ledgerFiles += 1
            out.settled.reserveCapacity(out.settled.count + ledger.settled.count)
            for var s in ledger.settled {
                s.dueDate = s.dueDate ?? due(s.customerID, s.documentDate)
                out.settled.append(s)
            }
            if let c = ledger.bankCutoff, fecCutoffs[entityID].map({ c > $0 }) ?? true { fecCutoffs[entityID] = c }
        }
        // Fields compared in place: a tuple of two strings per comparison costs four retains.
        out.settled.sort { $0.entity != $1.entity ? $0.entity < $1.entity : $0.document < $1.document }
        out.documents = snapshot.takeSortedDocuments()
        documentsReady(out.documents)

        // CAMT statements: booked transactions become bank lines; pending ones are reported.
        for (file, index, parse) in camtParses {
            switch parse.wait() {
            case .success(let statement):
                camtFiles.append((file, statement, index))
            case .failure(let error):
                out.filesRejected += 1
                out.manifest[index].status = "rejected"
                out.manifest[index].encoding = ""
                out.manifest[index].entity = ""
                out.rejects.append(Reject(file: file.relativePath, line: error.line, column: String(error.column), code: "E_BAD_XML",
                                          message: "line \(error.line), column \(error.column): \(error.message)"))
            }
        }
        for (_, statement, index) in camtFiles {
            out.rejects += statement.rejects
            out.manifest[index].rowsRead = statement.rowsRead
            out.manifest[index].rowsRejected = statement.rowsRejected
            out.manifest[index].entity = statement.entities.joined(separator: ";")
            out.rowsRead += statement.rowsRead
            out.rowsRejected += statement.rowsRejected
        }
        // Bank lines, CSV exports first, then statements: the same line seen in two files (same id)
        // counts once, from the first. Room for every id is made once, not by doubling a set of millions.
        let lineCount = csvLines.reduce(0) { $0 + $1.lines.count } + camtFiles.reduce(0) { $0 + $1.statement.lines.count }
        var seenLines = Set<Prehashed<String>>(minimumCapacity: lineCount)
        out.bankLines.reserveCapacity(lineCount)
        for (lines, index) in csvLines + camtFiles.map({ ($0.statement.lines, $0.index) }) {
            for line in lines {
                if seenLines.insert(Prehashed(line.id)).inserted { out.bankLines.append(line) } else { out.manifest[index].duplicates += 1 }
            }
        }
        csvLines = []
        // The same transaction from a CAMT statement and a CSV export of the account: the CAMT line stays.
        let camtPaths = Set(camtFiles.map(\.file.relativePath))
        let collapsed = CrossFormatDuplicates.collapse(out.bankLines) { camtPaths.contains($0.sourceFile) }
        out.bankLines = collapsed.kept
        for d in collapsed.duplicates {
            if let i = out.manifest.firstIndex(where: { $0.file == d.dropped.sourceFile }) { out.manifest[i].duplicates += 1 }
            out.rejects.append(Reject(file: d.dropped.sourceFile, line: d.dropped.sourceLine, severity: .warning,
                                      code: "W_DUPLICATE_BANK_LINE",
                                      message: "the same transaction as line \(d.kept.sourceLine) of \(d.kept.sourceFile) (account, booking date, amount and remittance text agree): counted once, from \(d.kept.sourceFile)"))
        }
        out.bankLines.sortInFileOrder()

        // Holds, checked against the ledgers (indexed only when there are holds: a million keys cost).
        let holdFiles = pending.filter { $0.kind == .holds }
        let customerKeys = holdFiles.isEmpty ? [] : out.documents.customerKeys()
        for p in holdFiles {
            let result = HoldsReader(context: context, customersInLedger: customerKeys, ledger: out.documents)
                .read(p.file, reader: p.reader, match: p.match)
            record(result, at: p.index)
            out.holds += result.records
        }
        // Manual matches, checked against the ledgers (and the bank lines of this run).
        let matchFiles = pending.filter { $0.kind == .matches }
        var linesByID: [String: BankLine] = [:]
        var keptLineIDs = Set<String>()
        if !matchFiles.isEmpty {
            for l in out.bankLines { linesByID[l.id] = l }
            // An unreadable state is reported by the reconcile stage, which needs it; here it only means no warning.
            let keptPath = ReconcileStage.stateAfterCutoffPath(ctx.config)
            if FileTree.exists(keptPath), let kept = try? CarriedBankLine.read(keptPath) { keptLineIDs = Set(kept.map(\.line.id)) }
        }
        for p in matchFiles {
            let result = MatchesReader(context: context, ledger: out.documents, bankLines: linesByID, keptLineIDs: keptLineIDs)
                .read(p.file, reader: p.reader, match: p.match)
            record(result, at: p.index)
            out.matches += result.records
        }
        out.matches.sort { ($0.bankLineID, $0.sourceFile, $0.sourceLine) < ($1.bankLineID, $1.sourceFile, $1.sourceLine) }

        // Bank cut-off per entity: the conf's bank_booked_until, else the FEC's last bank entry on a
        // receivable account, else none (an open-items CSV does not say).
        for e in config.entities {
            if let d = e.bankBookedUntil {
                out.cutoffs.append(BankCutoff(entity: e.id, date: d, source: "conf"))
            } else if let d = fecCutoffs[e.id] {
                out.cutoffs.append(BankCutoff(entity: e.id, date: d, source: "fec"))
            } else {
                out.cutoffs.append(BankCutoff(entity: e.id, date: nil, source: "none"))
            }
        }
        out.rejects.sort { ($0.file, $0.line, $0.code) < ($1.file, $1.line, $1.code) }
        // Every manifest entry's digest, once the worker is done (an unreadable file has none).
        let byPath = digests.wait()
        for i in out.manifest.indices { out.manifest[i].sha256 = byPath[config.inbox + "/" + out.manifest[i].file] ?? "" }
        return out
    }

    /// Inbox files that are inputs: not a copy in progress, not archived, not an invoice copy.
    static func isInput(_ relative: String) -> Bool {
        let name = relative.split(separator: "/").last.map(String.init) ?? relative
        if name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix(".part") { return false }
        let top = relative.split(separator: "/").first.map(String.init) ?? ""
        if top == "archive" || top == "invoices" { return false }
        return true
    }

    /// The entity whose `inbox_folder` is the file's first folder.
    static func entity(ofFolder relative: String, _ config: PipelineConfig) -> String? {
        let parts = relative.split(separator: "/")
        guard parts.count > 1 else { return nil }
        return config.entities.first { $0.inboxFolder == String(parts[0]) }?.id
    }

    static func looksLikeXML(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        return i < bytes.count && bytes[i] == UInt8(ascii: "<")
    }
}

/// Everything ingest read from the inbox.
public struct IngestedInbox: Sendable {
    public var documents = LedgerDocuments()
    /// The inbox files read where they are mapped, and what they were then (`FileSignature`).
    var mappedFiles: [(relativePath: String, absolutePath: String, signature: FileSignature)] = []
    public var customers: [Customer] = []
    public var bankLines: [BankLine] = []
    public var holds: [Hold] = []
    public var rejects: [Reject] = []
    public var manifest: [ManifestEntry] = []
    public var cutoffs: [BankCutoff] = []
    /// Documents a FEC shows settled, with their settlement dates.
    public var settled: [SettledDocument] = []
    /// Finance's manual matches.
    public var matches: [ManualMatch] = []
    public var rowsRead = 0
    public var rowsRejected = 0
    public var filesRejected = 0

    /// A file rejected whole; its digest is filled in with the others' at the end of the read.
    mutating func rejectFile(_ file: String, size: Int64, modified: String, code: String, message: String,
                             kind: InputKind = .unknown, encoding: String = "", delimiter: String = "") {
        filesRejected += 1
        rejects.append(Reject(file: file, line: 0, code: code, message: message))
        manifest.append(ManifestEntry(file: file, size: size, sha256: "", modified: modified, kind: kind,
                                      encoding: encoding, delimiter: delimiter, entity: "", rowsRead: 0, rowsRejected: 0,
                                      status: "rejected"))
    }

    var outcome: StageOutcome {
        StageOutcome(status: filesRejected > 0 ? .fileRejected : .ok, summary: [
            ("files_read", .integer(Int64(manifest.count))),
            ("files_rejected", .integer(Int64(filesRejected))),
            ("rows_read", .integer(Int64(rowsRead))),
            ("rows_rejected", .integer(Int64(rowsRejected))),
            ("warnings", .integer(Int64(rejects.filter { $0.severity == .warning }.count))),
            ("documents", .integer(Int64(documents.count))),
            ("customers", .integer(Int64(customers.count))),
            ("bank_lines", .integer(Int64(bankLines.count))),
            ("bank_lines_duplicate", .integer(Int64(manifest.reduce(0) { $0 + $1.duplicates }))),
            ("holds", .integer(Int64(holds.count))),
        ])
    }
}

private func > (a: (Int64, Int64), b: (Int64, Int64)) -> Bool { a.0 != b.0 ? a.0 > b.0 : a.1 > b.1 }
