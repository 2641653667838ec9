import Foundation

/// Does the work of the render stage for one run: recovery, e-mails, journal events, call list.
struct Renderer {
    let ctx: RunContext
    let journal: Journal
    let registry: ActionRegistry
    let plans: [String: DunningPlan]
    let customers: CustomerDirectory
    let aged: [AgedItem]
    /// Actions that could not be rendered (a template error): reported, the others go on.
    var failures: [String] = []
    var recovered = 0
    private let composer: EmailComposer
    private var templates: [String: MessageTemplate] = [:]
    /// Ids rendered before this run: the registry keeps their figures.
    private var renderedBefore: Set<String> = []

    init(ctx: RunContext, journal: Journal, registry: ActionRegistry, plans: [String: DunningPlan],
         customers: CustomerDirectory, aged: [AgedItem]) {
        self.ctx = ctx
        self.journal = journal
        self.registry = registry
        self.plans = plans
        self.customers = customers
        self.aged = aged
        self.composer = EmailComposer(config: ctx.config, asOf: ctx.asOf, utcOffsetMinutes: ctx.utcOffsetMinutesAtSeven)
    }

    private var outbox: String { ctx.outbox }

    /// Finishes what a killed run left: actions rendered but not yet in place, and stray temp files.
    mutating func recover() throws(StoreError) {
        var finals = Set<String>()
        for e in journal.events where e.event == .sentToOutbox || e.event == .pending { finals.insert(e.actionID) }
        var unfinished: [String: [JournalEvent]] = [:]
        var order: [String] = []
        for e in journal.events where e.event == .rendered && !finals.contains(e.actionID) {
            if unfinished[e.actionID] == nil { order.append(e.actionID) }
            unfinished[e.actionID, default: []].append(e)
        }
        var events: [JournalEvent] = []
        for id in order {
            let rendered = unfinished[id]!
            let destination = rendered[0].path
            let tmp = outbox + "/" + Outbox.mailTmp + "/" + id + ".eml"
            if FileTree.exists(tmp) {
                try FileTree.rename(tmp, outbox + "/" + destination)
            }
            let kind: JournalEvent.Kind = destination.hasPrefix("pending/") ? .pending : .sentToOutbox
            for r in rendered {
                var e = r
                e.event = kind
                e.at = ctx.asOf
                events.append(e)
            }
            recovered += 1
        }
        // Approvals cut short by a crash: the file is released and `sent_to_outbox` journaled. One whose
        // file has gone (deleted by hand after its approval) was never sent: said, and journaled
        // withdrawn rather than sent, instead of stopping every later run on it.
        for (_, approved) in Approvals.approvedNotSent(in: journal).sorted(by: { $0.key < $1.key }) {
            do throws(StoreError) {
                try Approvals.release(approved, outbox: outbox)
                events += approved.map { $0.with(.sentToOutbox, at: $0.at, path: Approvals.releasedPath($0.path)) }
            } catch {
                Diagnostics.warning("\(error); it is journaled withdrawn")
                events += approved.map { $0.with(.withdrawn, at: ctx.asOf, note: "its file was missing when it was to be released") }
            }
            recovered += 1
        }
        try AtomicFile.syncDirectory(outbox + "/" + Outbox.mailNew)
        try AtomicFile.syncDirectory(outbox + "/" + Outbox.pendingMail)
        try journal.append(events)
        // A file in tmp without a `rendered` event was never promised to anyone: delete it, it is rendered again.
        let rendered = journal.renderedActionIDs
        for name in (try? FileManager.default.contentsOfDirectory(atPath: outbox + "/" + Outbox.mailTmp)) ?? [] {
            let id = name.hasSuffix(".eml") ? String(name.dropLast(4)) : name
            if !rendered.contains(id) { try? FileTree.removeTree(outbox + "/" + Outbox.mailTmp + "/" + name) }
        }
    }

    /// One journal line per step among the action's invoices (each invoice journaled at its own step).
    private func events(_ action: Action, _ kind: JournalEvent.Kind, path: String = "", note: String = "") -> [JournalEvent] {
        var byStep: [String: [ActionLine]] = [:]
        for l in action.lines { byStep[l.step, default: []].append(l) }
        return byStep.keys.sorted().map { step in
            let lines = byStep[step]!
            let amount = lines.reduce(Int64(0)) { $0 + $1.openAmount.minorUnits }
            return JournalEvent(at: ctx.asOf, actionID: action.id, event: kind, entity: action.entity,
                                customerID: action.customerID, step: step, channel: action.channel.rawValue,
                                documents: lines.map(\.document).sorted(),
                                amount: Money.machineString(minorUnits: amount, minorDigits: action.currency.minorDigits),
                                path: path, note: note)
        }
    }

    /// E-mails are composed and made durable in batches of this many: bounded memory, and a few
    /// disk flushes per batch instead of two per message. `RELANCE_RENDER_BATCH` sets it (the crash
    /// tests use small batches to kill a run between two of them).
    static let batchSize: Int = {
        if let text = ProcessInfo.processInfo.environment["RELANCE_RENDER_BATCH"], let n = Int(text), n > 0 { return n }
        return 4096
    }()

    /// An e-mail to compose: everything it needs, resolved on the main thread, so that composing it
    /// is a pure function that any thread can run.
    private struct EmailJob: Sendable {
        var action: Action
        var destination: String
        var template: MessageTemplate
        var entity: EntityConfig
        var customer: Customer?
        var step: DunningStep?
        var otherItems: [AgedItem]
    }

    mutating func render(_ actions: [Action]) throws(StoreError) {
        let already = journal.renderedActionIDs
        renderedBefore = already
        var immediate: [JournalEvent] = []
        var emails: [EmailJob] = []
        var calls: [Action] = []
        var letters: [(action: Action, path: String, pages: Int)] = []
        var dossiers: [(action: Action, path: String)] = []
        var agedByCustomer: [CustomerKey: [AgedItem]] = [:]
        for a in aged { agedByCustomer[CustomerKey(entity: a.item.entity, customerID: a.item.customerID), default: []].append(a) }

        let pending = Approvals.pending(in: journal)
        var withdrawals: [JournalEvent] = []
        for action in actions where action.status == .withdraw {
            // The pending file goes to withdrawn/, then the journal says so (a crash in between is
            // finished by the next run, which finds the same action still pending and withdraws it).
            guard let lines = pending[action.id] else { continue }
            withdrawals += try Approvals.setAside(lines, as: .withdrawn, at: ctx.asOf, note: action.reason, outbox: outbox)
        }
        try journal.append(withdrawals)

        // Events already journaled today, looked up once instead of scanning the journal per action.
        var journaledToday = Set<String>()
        for e in journal.events where e.at == ctx.asOf && (e.event == .skipped || e.event == .heldBack) {
            journaledToday.insert(e.actionID + "\u{1F}" + e.event.rawValue + "\u{1F}" + e.step)
        }
        func isJournaled(_ e: JournalEvent) -> Bool { journaledToday.contains(e.actionID + "\u{1F}" + e.event.rawValue + "\u{1F}" + e.step) }

        for action in actions where !already.contains(action.id) {
            switch action.status {
            case .withdraw:
                continue
            case .skipped, .heldBack:
                let kind: JournalEvent.Kind = action.status == .skipped ? .skipped : .heldBack
                for e in events(action, kind, note: action.reason) where !isJournaled(e) {
                    immediate.append(e)
                }
            case .planned:
                switch action.channel {
                case .email:
                    let folder = action.approval == .auto ? Outbox.mailNew : Outbox.pendingMail
                    guard let entity = ctx.config.entity(action.entity) else { continue }
                    do {
                        let template = try template(action.template, language: action.language, plan: plans[action.plan])
                        emails.append(EmailJob(
                            action: action, destination: folder + "/" + action.id + ".eml", template: template, entity: entity,
                            customer: customers[action.entity, action.customerID], step: plans[action.plan]?.step(action.step),
                            otherItems: agedByCustomer[CustomerKey(entity: action.entity, customerID: action.customerID)] ?? []))
                    } catch {
                        try fail(action, error)
                    }
                case .call:
                    calls.append(action)
                case .letter, .registeredLetter:
                    // A letter is written whole (temporary file, rename) into its folder, made durable
                    // with the other letters, then journaled: a crash in between renders the same bytes
                    // again under the same name, and a letter is only printed from the folder, so
                    // nothing is sent twice.
                    guard let entity = ctx.config.entity(action.entity) else { continue }
                    let folder = action.approval == .auto ? Outbox.letters : Outbox.pendingLetters
                    let customer = customers[action.entity, action.customerID]
                    do {
                        let template = try letterTemplate(action)
                        let context = MessageData.context(
                            action: action, entity: entity, customer: customer, step: plans[action.plan]?.step(action.step),
                            otherItems: agedByCustomer[CustomerKey(entity: action.entity, customerID: action.customerID)] ?? [],
                            asOf: ctx.asOf)
                        let letter = try LetterComposer(config: ctx.config, asOf: ctx.asOf)
                            .compose(action, template: template, context: context, customer: customer, entity: entity)
                        let path = folder + "/" + action.id + ".pdf"
                        try AtomicFile.write(letter.bytes, to: outbox + "/" + path, syncDirectory: false, syncFile: false)
                        letters.append((action, path, letter.pages))
                    } catch {
                        try fail(action, error)
                    }
                case .legal:
                    // The dossier is written whole (a folder renamed into place), then journaled; a crash in
                    // between writes the same dossier again. One that needs approval waits in pending/legal/,
                    // so that nobody hands off a case that was not approved.
                    guard let entity = ctx.config.entity(action.entity) else { continue }
                    let folder = action.approval == .auto ? Outbox.legal : Outbox.pendingLegal
                    let path = try LegalDossier(ctx: ctx, journal: journal)
                        .write(action, entity: entity, customer: customers[action.entity, action.customerID], into: folder)
                    dossiers.append((action, path))
                default:
                    // An `internal` step is a line of the collector's digest, not a message of its own:
                    // held back, so no step is marked done.
                    let note = "the \(action.channel.rawValue) channel is reported in the collector's digest only"
                    for e in events(action, .heldBack, note: note) where !isJournaled(e) {
                        immediate.append(e)
                    }
                }
            }
        }
        // The letters, written without their own fsync, are made durable together before their events.
        if !letters.isEmpty {
            try BatchSync.syncFileSystem(containing: outbox, files: letters.map { outbox + "/" + $0.path })
            try AtomicFile.syncDirectory(outbox + "/" + Outbox.letters)
            try AtomicFile.syncDirectory(outbox + "/" + Outbox.pendingLetters)
        }
        var letterEvents: [JournalEvent] = []
        for l in letters {
            letterEvents += events(l.action, .rendered, path: l.path, note: "\(l.pages) page(s)")
            // The status event carries the action's reason (e.g. a letter instead of an e-mail), which
            // actions.csv reports; approving copies it to `approved` and `sent_to_outbox`.
            let note = [l.action.channel == .registeredLetter ? "registered" : "", l.action.reason]
                .filter { !$0.isEmpty }.joined(separator: "; ")
            letterEvents += events(l.action, l.path.hasPrefix("pending/") ? .pending : .sentToOutbox, path: l.path, note: note)
        }
        for d in dossiers {
            letterEvents += events(d.action, .rendered, path: d.path)
            letterEvents += events(d.action, d.action.approval == .auto ? .sentToOutbox : .pending, path: d.path)
        }
        let others = Set(immediate.map(\.actionID)).union(calls.map(\.id)).union(letters.map(\.action.id)).union(dossiers.map(\.action.id))

        // The e-mails, composed on every core a chunk at a time, then written and journaled in the
        // actions' order in batches of exactly `batchSize` composed messages (the last one shorter,
        // with the calls): a run killed after some batches and started again journals the remaining
        // ones in the same batches, so its journal is byte-identical to an uninterrupted run's.
        let composer = self.composer
        let asOf = ctx.asOf
        let compose: @Sendable ([EmailJob]) -> [Result<[UInt8], TemplateError>] = { chunk in
            ParallelMap.map(chunk) { job -> Result<[UInt8], TemplateError> in
                Result { () throws(TemplateError) -> [UInt8] in
                    let context = MessageData.context(action: job.action, entity: job.entity, customer: job.customer,
                                                      step: job.step, otherItems: job.otherItems, asOf: asOf)
                    return try composer.compose(job.action, template: job.template, context: context, customer: job.customer,
                                                entity: job.entity,
                                                attachments: Self.attachments(for: job.action, entity: job.entity, customer: job.customer,
                                                                              aged: job.otherItems, config: composer.config, asOf: asOf))
                }
            }
        }
        let chunks = stride(from: 0, to: emails.count, by: Self.batchSize).map {
            Array(emails[$0..<min($0 + Self.batchSize, emails.count)])
        }
        var ready: [(job: EmailJob, bytes: [UInt8])] = []
        var preludeDone = false
        // Composing chunk k + 1 (on every core) overlaps writing chunk k (this thread, mostly in the
        // kernel or waiting for the disk); the results are still taken chunk by chunk, in order.
        var inFlight = chunks.first.map { first in BackgroundResult { compose(first) } }
        for k in chunks.indices {
            let composed = inFlight!.wait()
            inFlight = k + 1 < chunks.count ? BackgroundResult { [chunk = chunks[k + 1]] in compose(chunk) } : nil
            for (job, result) in zip(chunks[k], composed) {
                switch result {
                case .success(let bytes): ready.append((job, bytes))
                case .failure(let error): try fail(job.action, error)
                }
            }
            while ready.count >= Self.batchSize {
                let batch = Array(ready.prefix(Self.batchSize))
                ready.removeFirst(Self.batchSize)
                try writeBatch(batch, calls: [], prelude: preludeDone ? nil : (actions, others, immediate, letterEvents))
                preludeDone = true
            }
        }
        try writeBatch(ready, calls: calls, prelude: preludeDone ? nil : (actions, others, immediate, letterEvents))
    }

    /// Writes one batch of composed e-mails (and, with the last, the calls) in the order of
    /// outputs.md, with a few syncs for the whole batch:
    ///   1. each e-mail to mail/tmp, then one sync of the file system;
    ///   2. `rendered` journaled (one fsync);
    ///   3. each file renamed into mail/new (or pending/mail), the folders fsync'd;
    ///   4. `sent_to_outbox` (or `pending`) journaled (one fsync).
    /// The first batch is preceded by the registry of every action journaled with it and by the
    /// events that need no file (skipped, held back, letters).
    private mutating func writeBatch(_ batch: [(job: EmailJob, bytes: [UInt8])], calls: [Action],
                                     prelude: (actions: [Action], others: Set<String>, immediate: [JournalEvent],
                                               letterEvents: [JournalEvent])?) throws(StoreError) {
        if let prelude {
            // The registry first: every action that gets a journal event is known as a whole.
            let ids = prelude.others.union(batch.map(\.job.action.id))
            try registry.record(prelude.actions.filter { ids.contains($0.id) }, rendered: renderedBefore)
            try journal.append(prelude.immediate)
            try journal.append(prelude.letterEvents)
        } else {
            try registry.record(batch.map(\.job.action), rendered: renderedBefore)
        }
        guard !batch.isEmpty || !calls.isEmpty else { return }

        // 1. Into mail/tmp, durable as a whole.
        let tmp = outbox + "/" + Outbox.mailTmp
        var written: [String] = []
        written.reserveCapacity(batch.count)
        for (job, bytes) in batch {
            let path = tmp + "/" + job.action.id + ".eml"
            try BatchSync.write(bytes, to: path)
            written.append(path)
        }
        if !written.isEmpty { try BatchSync.syncFileSystem(containing: tmp, files: written) }
        try AtomicFile.syncDirectory(tmp)

        // 2. `rendered`, one fsync for the batch.
        var rendered: [JournalEvent] = []
        for (job, _) in batch { rendered += events(job.action, .rendered, path: job.destination) }
        let callPath = Outbox.calls + "/" + ctx.asOf.iso + "-calls.csv"
        for c in calls { rendered += events(c, .rendered, path: callPath) }
        try journal.append(rendered)

        // 3. Into place.
        for (job, _) in batch {
            try FileTree.rename(tmp + "/" + job.action.id + ".eml", outbox + "/" + job.destination)
        }
        try AtomicFile.syncDirectory(outbox + "/" + Outbox.mailNew)
        try AtomicFile.syncDirectory(outbox + "/" + Outbox.pendingMail)
        try AtomicFile.syncDirectory(tmp)

        // 4. Final events.
        var final: [JournalEvent] = []
        for (job, _) in batch {
            final += events(job.action, job.destination.hasPrefix("pending/") ? .pending : .sentToOutbox, path: job.destination)
        }
        // The call list is rewritten from the journal below; a call is on it once journaled.
        for c in calls { final += events(c, .sentToOutbox, path: callPath) }
        try journal.append(final)
    }

    /// A template problem is reported and the other actions go on; a file-system error stops the stage.
    private mutating func fail(_ action: Action, _ error: any Error) throws(StoreError) {
        if let e = error as? StoreError { throw e }
        failures.append("action \(action.id): \(error)")
    }

    /// What the step asks to attach: the invoice copies from `inbox/invoices/` whose file exists, or
    /// the customer's statement of account in the action's currency (`AccountStatement`), from
    /// `aged`, the customer's open items.
    static func attachments(for action: Action, entity: EntityConfig, customer: Customer?, aged: [AgedItem],
                            config: PipelineConfig, asOf: CivilDate) -> [MailAttachment] {
        switch action.attach {
        case .none:
            return []
        case .statement:
            let items = AccountStatement.items(aged, entity: action.entity, customerID: action.customerID, currency: action.currency)
            let pdf = AccountStatement(config: config, asOf: asOf)
                .compose(entity: entity, customer: customer, customerID: action.customerID, currency: action.currency,
                         items: items, language: action.language)
            return [MailAttachment(filename: AccountStatement.filename(entity: action.entity, customerID: action.customerID, asOf: asOf),
                                   mimeType: "application/pdf", data: pdf.bytes)]
        case .invoiceCopies:
            var out: [MailAttachment] = []
            for d in action.documents {
                let safe = FilePath.safeName(d) + ".pdf"
                for path in [config.inbox + "/invoices/" + action.entity + "/" + safe, config.inbox + "/invoices/" + safe] {
                    if let data = FileManager.default.contents(atPath: path) {
                        out.append(MailAttachment(filename: safe, mimeType: "application/pdf", data: [UInt8](data)))
                        break
                    }
                }
            }
            return out
        }
    }

    private mutating func template(_ name: String, language: Language, plan: DunningPlan?) throws(TemplateLoadError) -> MessageTemplate {
        let key = language.rawValue + "/" + name
        if let t = templates[key] { return t }
        let directory = ctx.config.templatesDirectory
        let t: MessageTemplate
        do {
            t = try MessageTemplate.load(directory: directory, language: language, name: name)
        } catch {
            // A customer whose language has no template gets the plan's language, then English.
            var fallback: MessageTemplate? = nil
            for l in [plan?.language, .en].compactMap({ $0 }) where l != language {
                if let f = try? MessageTemplate.load(directory: directory, language: l, name: name) { fallback = f; break }
            }
            guard let fallback else { throw error }
            t = fallback
        }
        templates[key] = t
        return t
    }

    /// A letter's text: `templates/LANG/NAME.letter`, else the step's e-mail text (a customer without
    /// e-mail gets its reminders by post), in the customer's language, else the plan's, else English.
    private mutating func letterTemplate(_ action: Action) throws(TemplateLoadError) -> MessageTemplate {
        let directory = ctx.config.templatesDirectory
        let languages = [action.language, plans[action.plan]?.language, .en].compactMap { $0 }
        for ext in ["letter", "txt"] {
            for l in languages {
                if let t = try? MessageTemplate.load(directory: directory, language: l, name: action.template, extension: ext) { return t }
            }
        }
        return try MessageTemplate.load(directory: directory, language: action.language, name: action.template, extension: "letter")
    }

    /// `letters/letters.csv`, rebuilt from the journal.
    func writeLetterList() throws(StoreError) {
        try LetterList(journal: journal, registry: registry, customers: customers).write(outbox: outbox)
    }

    /// The collector's morning digest (`outputs.md`, call list and digest): today's calls with the call
    /// list's columns, the actions waiting for approval, broken promises and held-back actions, as an
    /// internal e-mail to the `collector` (text and HTML, the day's call list attached as text/csv),
    /// rendered once per as-of like any other action.
    mutating func writeDigest(calls: CallList, brokenPromises: [String]) throws(StoreError) {
        guard let collector = ctx.config.collector else { return }
        let id = ActionID.make(entity: "*", customerID: "collector", currency: ctx.config.currency, channel: "internal",
                               step: "digest", documents: [ctx.asOf.iso], revision: 0)
        guard !journal.renderedActionIDs.contains(id) else { return }
        let today = journal.events.filter { $0.at == ctx.asOf }
        let pending = Approvals.pending(in: journal).sorted { $0.key < $1.key }.map { (id: $0.key, lines: $0.value) }
        // The call list's own rows (`writeCallList`'s), so the digest and the CSV agree.
        let digest = CollectorDigest(asOf: ctx.asOf, language: ctx.config.language, calls: calls, pending: pending,
                                     brokenPromises: brokenPromises, held: today.filter { $0.event == .heldBack })
        let attachments = calls.rows.isEmpty ? []
            : [MailAttachment(filename: ctx.asOf.iso + "-calls.csv", mimeType: "text/csv", data: calls.csvBytes)]
        let from = ctx.config.entities.first?.sender ?? collector
        let message = MailMessage(
            date: MailDate.format(year: ctx.asOf.year, month: ctx.asOf.month, day: ctx.asOf.day, hour: 7, minute: 0,
                                  utcOffsetMinutes: ctx.utcOffsetMinutesAtSeven),
            from: from, replyTo: collector, to: [collector], subject: digest.subject,
            messageID: id + ".relance@" + (from.domain.isEmpty ? "relance.invalid" : from.domain),
            extraHeaders: [("Auto-Submitted", "auto-generated"), ("X-Relance-Action", id)], textBody: digest.text,
            htmlBody: digest.html, attachments: attachments, boundarySeed: id)
        let path = Outbox.mailNew + "/" + id + ".eml"
        let line = JournalEvent(at: ctx.asOf, actionID: id, event: .rendered, entity: "*", customerID: "collector",
                                step: "digest", channel: "internal", documents: [], path: path)
        try AtomicFile.write(message.rendered(), to: outbox + "/" + Outbox.mailTmp + "/" + id + ".eml")
        try journal.append([line])
        try FileTree.rename(outbox + "/" + Outbox.mailTmp + "/" + id + ".eml", outbox + "/" + path)
        try AtomicFile.syncDirectory(outbox + "/" + Outbox.mailNew)
        var sent = line
        sent.event = .sentToOutbox
        try journal.append([sent])
    }

    /// `calls/AS_OF-calls.csv`: every call journaled today, sorted by amount overdue (largest first),
    /// with each customer's open promises (`customers.csv`'s `open_promises`); returns the list, which the
    /// collector's digest carries too.
    func writeCallList(openPromises: [CustomerKey: Int]) throws(StoreError) -> CallList {
        let list = CallList(journal: journal.events, aged: aged, customers: customers, openPromises: openPromises, asOf: ctx.asOf,
                            currency: { registry.actions[$0.actionID]?.currency ?? ctx.config.currency(ofEntity: $0.entity) })
        if !list.rows.isEmpty {
            try AtomicFile.write(list.csvBytes, to: outbox + "/" + Outbox.calls + "/" + ctx.asOf.iso + "-calls.csv")
        }
        return list
    }
}
