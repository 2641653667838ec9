/// The bank lines one CAMT.053 file gives, with its rejects: booked transactions become lines of the
/// entity that owns the account (the conf's IBANs, else the file's folder, else the only entity);
/// pending ones are reported and do not count. Built on the worker that parsed the statement, so that
/// a million transactions are turned into lines and given their ids while the ledgers are read.
struct CAMTFileLines: Sendable {
    var lines: [BankLine] = []
    /// Warnings of the statement, entries not booked, accounts of no entity.
    var rejects: [Reject] = []
    var rowsRead = 0
    var rowsRejected = 0
    /// The entities of its lines, sorted.
    var entities: [String] = []

    init(_ document: CAMTDocument, file: InboxFile, config: PipelineConfig) {
        rowsRead = document.transactions.count
        for w in document.warnings {
            rejects.append(Reject(file: file.relativePath, line: w.line, column: String(w.column), severity: .warning,
                                  code: "W_CAMT", message: w.message))
        }
        // A statement names a handful of accounts: each is normalised and looked up once.
        var entityOfAccount: [String: String?] = [:]
        lines.reserveCapacity(document.transactions.count)
        for t in document.transactions {
            guard t.status == .booked else {
                rejects.append(Reject(file: file.relativePath, line: t.sourceLine, severity: .warning, code: "W_NOT_BOOKED",
                                      message: "entry \(t.entryReference) of \(t.amount.machineString) \(t.amount.currency.code) is not booked (\(t.status)); it does not count as a payment"))
                continue
            }
            let owner: String?
            if let known = entityOfAccount[t.account] {
                owner = known
            } else {
                let account = IBAN.normalize(t.account)
                owner = config.entities.first { $0.ibans.contains(account) }?.id
                    ?? file.folderEntity ?? (config.entities.count == 1 ? config.entities[0].id : nil)
                entityOfAccount[t.account] = .some(owner)
            }
            guard let entity = owner else {
                rowsRejected += 1
                rejects.append(Reject(file: file.relativePath, line: t.sourceLine, column: "Acct", code: "E_UNKNOWN_ACCOUNT",
                                      message: "account \(t.account) belongs to no entity (add it to an entity's `iban` in the conf)"))
                continue
            }
            lines.append(t.bankLine(entity: entity, sourceFile: file.relativePath))
        }
        BankLineID.assign(&lines)
        entities = Set(lines.map(\.entity)).sorted()
    }

    /// The same statement found in another file (a copy dropped next to it: the same bytes, in the
    /// same folder), named after that file: what parsing it would give, without parsing it again.
    func named(after file: InboxFile) -> CAMTFileLines {
        var copy = self
        for i in copy.lines.indices { copy.lines[i].sourceFile = file.relativePath }
        for i in copy.rejects.indices { copy.rejects[i].file = file.relativePath }
        return copy
    }
}
