// The planner decides, per open invoice, whether the next step of its customer's plan is due
// today (dunning.md, "When a step fires"), then groups the invoices due into actions. It reads the
// journal and writes nothing to it: a second run the same day finds the steps done and plans nothing.

/// Plans today's actions from the aged items, the plans and the journal.
public struct Planner {
    public var asOf: CivilDate
    public var plans: [String: DunningPlan]
    public var config: PipelineConfig
    public var customers: CustomerDirectory
    public var history: [DocumentKey: DocumentDunningState]
    /// Ids of actions withdrawn earlier (they bump the revision of a new action with the same fields).
    public var withdrawn: Set<String>
    /// Actions waiting for approval: id → their pending journal lines.
    public var pending: [String: [JournalEvent]]
    /// Every action journaled so far, as a whole.
    public var registry: [String: Action]
    /// Documents seen fully paid in this run (closed in the ledger, or settled by a bank line): candidates for a thank-you.
    public var settled: [DocumentKey: OpenItem]
    /// Open totals per entity × customer (in minor units of their currency), for plan rules on `open_total`.
    public var openTotals: [CustomerKey: Int64] = [:]
    /// Reference rates for steps with `penalties = yes` (`[pipeline] rates`).
    public var rates: ReferenceRates?
    /// Payer classes per entity × customer (`new` when unknown), for plan rules on `payer_class`.
    public var payerClasses: [CustomerKey: String] = [:]

    public init(asOf: CivilDate, plans: [String: DunningPlan], config: PipelineConfig, customers: CustomerDirectory,
                history: [DocumentKey: DocumentDunningState], withdrawn: Set<String> = [],
                pending: [String: [JournalEvent]] = [:], registry: [String: Action] = [:],
                settled: [DocumentKey: OpenItem] = [:]) {
        self.asOf = asOf
        self.plans = plans
        self.config = config
        self.customers = customers
        self.history = history
        self.withdrawn = withdrawn
        self.pending = pending
        self.registry = registry
        self.settled = settled
    }

    /// The plan of a customer: its `plan` column, else the first matching rule of the conf, else the
    /// entity's `default_plan` (`dunning.md`, "Which plan").
    public func planName(entity: String, customerID: String) -> String {
        let customer = customers[entity, customerID]
        if let c = customer, !c.plan.isEmpty { return c.plan }
        let key = CustomerKey(entity: entity, customerID: customerID)
        let open = openTotals[key] ?? 0
        let payerClass = payerClasses[key] ?? "new"
        if let rule = config.planRules.first(where: { $0.matches(customer: customer, entity: entity, openTotal: open, payerClass: payerClass) }) {
            return rule.plan
        }
        return config.entity(entity)?.defaultPlan ?? ""
    }

    public func plan(_ items: [AgedItem]) throws(StageFailure) -> [Action] {
        try counting(items).planActions(items)
    }

    /// This planner with the customers' open totals of `items`, which plan rules on `open_total` read.
    public func counting(_ items: [AgedItem]) -> Planner {
        var planner = self
        // Fields read in place (a copy of an item retains its dozen strings); items come customer by
        // customer, so a customer's total is added up before it is looked up.
        var entity = "", customerID = "", total: Int64 = 0, started = false
        func add() {
            if started { planner.openTotals[CustomerKey(entity: entity, customerID: customerID), default: 0] += total }
        }
        for i in items.indices {
            if !started || items[i].item.customerID != customerID || items[i].item.entity != entity {
                add()
                (entity, customerID, total, started) = (items[i].item.entity, items[i].item.customerID, 0, true)
            }
            total += items[i].item.openAmount.minorUnits
        }
        add()
        return planner
    }

    /// Pending actions one of whose invoices was paid (even partly), disputed, paused or promised
    /// since: withdrawn, so that the invoices are planned afresh (`dunning.md`, Approvals).
    func withdrawals(_ items: [AgedItem]) -> [Action] {
        guard !pending.isEmpty else { return [] }
        // Only the documents of pending actions are looked up: indexed by position, not a copy of
        // every aged item (a million at scale, most of them never reminded).
        var wanted = Set<DocumentKey>()
        for (_, lines) in pending {
            for line in lines { for d in line.documents { wanted.insert(DocumentKey(entity: line.entity, document: d)) } }
        }
        var position: [DocumentKey: Int] = [:]
        position.reserveCapacity(wanted.count)
        for i in items.indices {
            let key = items[i].item.key
            if wanted.contains(key) { position[key] = i }
        }
        func current(_ key: DocumentKey) -> AgedItem? { position[key].map { items[$0] } }
        var out: [Action] = []
        for (id, lines) in pending.sorted(by: { $0.key < $1.key }) {
            var reason = ""
            for line in lines {
                let keys = line.documents.map { DocumentKey(entity: line.entity, document: $0) }
                if let held = keys.compactMap(current).first(where: { $0.status != .open }) {
                    reason = "invoice \(held.item.document) is now \(held.status.rawValue)"
                    break
                }
                let nowOpen = keys.reduce(Int64(0)) { $0 + (current($1)?.item.openAmount.minorUnits ?? 0) }
                let digits = current(keys.first!)?.item.openAmount.currency.minorDigits ?? 2
                if case .success(let then) = AmountParser.parse(line.amount, minorDigits: digits, convention: .point),
                   nowOpen < then.minorUnits {
                    reason = "a payment was received on \(line.documents.joined(separator: ", ")) since the action was planned"
                    break
                }
            }
            guard !reason.isEmpty, var action = registry[id] else { continue }
            action.status = .withdraw
            action.reason = reason
            action.lines = lines.flatMap { l in l.documents.map { d in
                ActionLine(document: d, step: l.step, documentDate: CivilDate(daysSinceEpoch: 0), dueDate: CivilDate(daysSinceEpoch: 0),
                           daysOverdue: 0, amount: .zero(action.currency), openAmount: .zero(action.currency))
            } }
            out.append(action)
        }
        return out
    }

    /// A thank-you, once, for each customer whose reminded documents are now fully paid (plan `thank_you = yes`).
    /// `withdrawingIDs` are the pending actions this run withdraws: they no longer hold a document back.
    func thankYous(releasing withdrawingIDs: Set<String>) -> [Action] {
        struct Key: Hashable, Comparable {
            var entity: String, customer: String, currency: String
            static func < (a: Key, b: Key) -> Bool { (a.entity, a.customer, a.currency) < (b.entity, b.customer, b.currency) }
        }
        var groups: [Key: [OpenItem]] = [:]
        for (key, item) in settled where item.kind == .invoice {
            // A pending action withdrawn in this very run (the payment is why) must not put the thank-you
            // off to the next run: a same-day re-run would then send something the first run did not.
            guard let state = history[key], state.done[Self.thankYouStep] == nil,
                  state.pending.values.allSatisfy({ withdrawingIDs.contains($0) }),
                  let plan = plans[planName(entity: item.entity, customerID: item.customerID)], plan.thankYou,
                  customers[item.entity, item.customerID].map({ !$0.emails.isEmpty }) ?? false else { continue }
            // At least one reminder sent: a step after the due date, sent or approved (not skipped or rejected).
            let reminded = plan.steps.contains { step in
                !step.isPreventive && state.reached(step.id) != nil
            }
            guard reminded else { continue }
            groups[Key(entity: item.entity, customer: item.customerID, currency: item.amount.currency.code), default: []].append(item)
        }
        var out: [Action] = []
        for key in groups.keys.sorted() {
            let items = groups[key]!.sorted { $0.document < $1.document }
            let currency = items[0].amount.currency
            let plan = plans[planName(entity: key.entity, customerID: key.customer)]!
            let step = DunningStep(id: Self.thankYouStep, at: 0, channel: .email, template: "thank-you", approval: .auto,
                                   attach: .none, ccSalesRep: false, penalties: false, tone: "grateful", b2bOnly: false, line: 0)
            let lines = items.map {
                ActionLine(document: $0.document, step: Self.thankYouStep, documentDate: $0.documentDate, dueDate: $0.dueDate,
                           daysOverdue: asOf - $0.dueDate, amount: $0.amount, openAmount: .zero(currency))
            }
            var action = makeAction(key.entity, key.customer, currency, channel: .email, step: step, plan: plan, lines: lines,
                                    status: .planned, reason: "")
            action.amountClaimed = .zero(currency)
            out.append(action)
        }
        return out
    }

    /// Interest and the fixed indemnity on each invoice of an action whose step claims penalties
    /// (`dunning.md`, Penalties), by the entity's jurisdiction; `amount_claimed` includes them.
    /// Applied before an action is held back or not, so that `min_amount` and the credits are
    /// compared with the amount the letter would claim, and a held-back action reports that amount too.
    func applyPenalties(to action: inout Action) throws(StageFailure) {
        let a = action
        guard let step = plans[a.plan]?.step(a.step), step.penalties else { return }
        guard let rates else {
            throw StageFailure("plan `\(a.plan)` claims penalties at step `\(a.step)` but the conf names no reference rates (`rates = rates.conf` in [pipeline])", status: .usage)
        }
        let jurisdiction = Jurisdiction(rawValue: config.entity(a.entity)?.jurisdiction ?? "EU") ?? .EU
        let consumer = customers[a.entity, a.customerID]?.segment == "consumer"
        var interest: Int64 = 0, indemnity: Int64 = 0
        for j in action.lines.indices {
            let line = action.lines[j]
            let result: PenaltyResult
            do {
                result = try Penalties.compute(jurisdiction: jurisdiction, openAmount: line.openAmount, dueDate: line.dueDate,
                                               asOf: asOf, rates: rates, consumer: consumer)
            } catch {
                throw StageFailure("penalties of \(line.document): \(error)", status: .usage)
            }
            action.lines[j].interest = result.interest
            // The indemnity is claimed in the invoice's currency only when the law gives it in that currency.
            if result.indemnity.currency == a.currency { action.lines[j].indemnity = result.indemnity }
            interest += action.lines[j].interest.minorUnits
            indemnity += action.lines[j].indemnity.minorUnits
        }
        action.interest = Money(minorUnits: interest, currency: a.currency)
        action.indemnity = Money(minorUnits: indemnity, currency: a.currency)
        action.amountClaimed = Money(minorUnits: a.amountClaimed.minorUnits + interest + indemnity, currency: a.currency)
    }

    /// The reason of an action sent by letter because the customer has no valid e-mail address.
    public static let letterFallbackReason = "no valid e-mail address: sent by letter (the plan's fallback)"

    /// The journal's step name of thank-you messages.
    public static let thankYouStep = "thank_you"

    /// A consumer's formal notice (a registered letter) or legal hand-off comes only after at least
    /// two reminders (`dunning.md`, Consumers), the first of them at least 14 days earlier. A reminder
    /// is an earlier e-mail or letter step after the due date that reached the customer (sent to the
    /// outbox, or approved): one skipped, or rejected by the collector, was never received.
    static func consumerMayReceiveFormal(_ earlier: ArraySlice<DunningStep>, state: DocumentDunningState, asOf: CivilDate) -> Bool {
        var reminders = 0
        var first: CivilDate?
        for step in earlier where !step.isPreventive && (step.channel == .email || step.channel == .letter) {
            guard let d = state.reached(step.id) else { continue }
            reminders += 1
            if first == nil || d < first! { first = d }
        }
        guard reminders >= 2, let first else { return false }
        return asOf - first >= consumerDaysBeforeFormal
    }

    static let consumerDaysBeforeFormal = 14

    private func planActions(_ items: [AgedItem]) throws(StageFailure) -> [Action] {
        let withdrawing = withdrawals(items)
        let withdrawingIDs = Set(withdrawing.map(\.id))
        var planner = self
        planner.withdrawn.formUnion(withdrawingIDs)
        return try planner.planSteps(items, releasing: withdrawingIDs) + withdrawing + planner.thankYous(releasing: withdrawingIDs)
    }

    private func planSteps(_ items: [AgedItem], releasing withdrawingIDs: Set<String>) throws(StageFailure) -> [Action] {
        struct GroupKey: Hashable, Comparable {
            var entity: String, customer: String, currency: String, channel: String
            // Field by field: a tuple of four strings per comparison costs eight retains.
            static func < (a: GroupKey, b: GroupKey) -> Bool {
                if a.entity != b.entity { return a.entity < b.entity }
                if a.customer != b.customer { return a.customer < b.customer }
                if a.currency != b.currency { return a.currency < b.currency }
                return a.channel < b.channel
            }
        }
        var due: [GroupKey: [(AgedItem, DunningStep, Int)]] = [:]
        var skips: [GroupKey: [(AgedItem, DunningStep, Int)]] = [:]
        var creditsByCustomer: [String: Int64] = [:]   // entity|customer|currency → credits (positive)
        for a in items where a.item.openAmount.minorUnits < 0 {
            creditsByCustomer[a.item.entity + "|" + a.item.customerID + "|" + a.item.openAmount.currency.code, default: 0]
                -= a.item.openAmount.minorUnits
        }

        // Items come customer by customer: each customer and its plan are looked up once, not per item.
        var current: (entity: String, id: String, plan: String, customer: Customer?)? = nil
        for a in items where a.item.kind == .invoice && a.item.openAmount.minorUnits > 0 && a.status == .open {
            if current?.id != a.item.customerID || current?.entity != a.item.entity {
                current = (a.item.entity, a.item.customerID, planName(entity: a.item.entity, customerID: a.item.customerID),
                           customers[a.item.entity, a.item.customerID])
            }
            let name = current!.plan
            guard let plan = plans[name] else {
                throw StageFailure("customer \(a.item.customerID) of entity \(a.item.entity) uses plan `\(name)`, which is not in \(config.plansDirectory)", status: .usage)
            }
            let state = history[a.item.key] ?? DocumentDunningState()
            // One step at a time: a pending action holds the invoice, unless it is being withdrawn.
            guard state.pending.values.allSatisfy({ withdrawingIDs.contains($0) }) else { continue }
            let customer = current!.customer
            let consumer = customer?.segment == "consumer"
            var lastDone: CivilDate? = nil
            var lastWasSkip = false
            for (index, step) in plan.steps.enumerated() {
                if let d = state.done[step.id] {
                    // A step is done on the day of its `skipped` event too (dunning.md): only a skipped
                    // preventive step is exempt from spacing; a skipped B2B-only step is spaced like a sent one.
                    if state.skipped.contains(step.id) && step.isPreventive {
                        lastWasSkip = true
                    } else {
                        lastDone = d
                        lastWasSkip = false
                    }
                    continue
                }
                // A preventive step no longer due, or a B2B-only step for a consumer, is skipped once.
                // A skipped preventive step imposes no spacing, so the next step may fire the same day;
                // a skipped B2B-only step is done today, so the next one waits `min_days_between`.
                if (step.isPreventive && a.daysOverdue >= 1) || (step.b2bOnly && consumer) {
                    let key = GroupKey(entity: a.item.entity, customer: a.item.customerID, currency: a.item.openAmount.currency.code, channel: step.channel.rawValue)
                    skips[key, default: []].append((a, step, index))
                    if step.isPreventive {
                        lastWasSkip = true
                    } else {
                        lastDone = asOf
                        lastWasSkip = false
                    }
                    continue
                }
                guard a.daysOverdue >= step.at else { break }
                if step.isPreventive && a.daysOverdue >= 1 { break }
                if let last = lastDone, !lastWasSkip, asOf - last < plan.minDaysBetween { break }
                if consumer && step.isFormal && !Self.consumerMayReceiveFormal(plan.steps[..<index], state: state, asOf: asOf) { break }
                var channel = step.channel
                if channel == .email && (customer?.emails.isEmpty ?? true) {
                    channel = plan.fallback == .letter ? .letter : .email
                }
                let key = GroupKey(entity: a.item.entity, customer: a.item.customerID, currency: a.item.openAmount.currency.code, channel: channel.rawValue)
                due[key, default: []].append((a, step, index))
                break
            }
        }

        var actions: [Action] = []
        for key in skips.keys.sorted() {
            let group = skips[key]!
            let lines = group.map { line($0.0, step: $0.1.id) }
            let step = group.max { $0.2 < $1.2 }!.1
            let plan = planName(entity: key.entity, customerID: key.customer)
            actions.append(makeAction(key.entity, key.customer, group[0].0.item.openAmount.currency, channel: step.channel,
                                      step: step, plan: plans[plan]!, lines: lines, status: .skipped,
                                      reason: step.isPreventive ? "preventive step no longer due: the invoice is overdue"
                                          : "step for businesses only: the customer is a consumer"))
        }
        // The planned messages of each entity × customer × channel: (action, its top step's index, amount
        // claimed), and the plan's cap on them.
        var sent: [String: (cap: Int, messages: [(action: Int, step: Int, claimed: Int64)])] = [:]
        for key in due.keys.sorted() {
            let group = due[key]!
            let (top, topIndex) = group.max { $0.2 < $1.2 }.map { ($0.1, $0.2) }!
            let planName = planName(entity: key.entity, customerID: key.customer)
            let plan = plans[planName]!
            let currency = group[0].0.item.openAmount.currency
            let lines = group.map { line($0.0, step: $0.1.id) }.sorted { ($0.dueDate, $0.document) < ($1.dueDate, $1.document) }
            let channel = DunningStep.Channel(rawValue: key.channel)!
            var status = Action.Status.planned
            var reason = ""
            // The amount the message would claim, penalties included (dunning.md, Penalties: the same
            // `amount_claimed` everywhere), is what the credits and `min_amount` are compared with.
            var action = makeAction(key.entity, key.customer, currency, channel: channel, step: top, plan: plan,
                                    lines: lines, status: .planned, reason: "")
            try applyPenalties(to: &action)
            let claimed = action.amountClaimed.minorUnits
            let credits = creditsByCustomer[key.entity + "|" + key.customer + "|" + key.currency] ?? 0
            let customer = customers[key.entity, key.customer]
            if channel == .email && (customer?.emails.isEmpty ?? true) {
                status = .heldBack
                reason = "no valid e-mail address and the plan's fallback is none"
            } else if credits >= claimed {
                status = .heldBack
                reason = "the customer's credits (\(Money.machineString(minorUnits: credits, minorDigits: currency.minorDigits))) cover the amount claimed"
            } else if claimed < plan.minAmount(in: currency) {
                status = .heldBack
                reason = "amount claimed below the plan's min_amount (\(plan.minAmount))"
            } else if channel == .letter && group.contains(where: { $0.1.channel == .email }) {
                // An e-mail step in a letter: the customer has no valid address (outputs.md: "the report says so").
                reason = Self.letterFallbackReason
            }
            if status == .planned {
                sent[key.entity + "|" + key.customer + "|" + key.channel, default: (plan.maxPerCustomerPerRun, [])].messages
                    .append((actions.count, topIndex, claimed))
            }
            action.status = status
            action.reason = reason
            actions.append(action)
        }
        // `max_per_customer_per_run` (dunning.md): a customer's messages beyond it on one channel (one per
        // currency) wait for a later run, held back with the reason. The most advanced step goes first,
        // then the larger claim, then the currency, so the choice never depends on dictionary order.
        for key in sent.keys.sorted() {
            let (cap, messages) = sent[key]!
            guard messages.count > cap else { continue }
            let ranked = messages.sorted {
                if $0.step != $1.step { return $0.step > $1.step }
                if $0.claimed != $1.claimed { return $0.claimed > $1.claimed }
                return actions[$0.action].currency.code < actions[$1.action].currency.code
            }
            for m in ranked.dropFirst(cap) {
                actions[m.action].status = .heldBack
                actions[m.action].reason = "the plan's max_per_customer_per_run (\(cap)) is reached on this channel today: it waits for the next run"
            }
        }
        // Positions are sorted, fields compared in place, and each action moved once.
        let order = actions.withUnsafeBufferPointer { a in
            a.indices.sorted { i, j in
                if a[i].entity != a[j].entity { return a[i].entity < a[j].entity }
                if a[i].customerID != a[j].customerID { return a[i].customerID < a[j].customerID }
                return a[i].id < a[j].id
            }
        }
        actions.moveIntoOrder { order[$0] }
        return actions
    }

    private func line(_ a: AgedItem, step: String) -> ActionLine {
        ActionLine(document: a.item.document, step: step, documentDate: a.item.documentDate, dueDate: a.item.dueDate,
                   daysOverdue: a.daysOverdue, amount: a.item.amount, openAmount: a.item.openAmount)
    }

    func makeAction(_ entity: String, _ customerID: String, _ currency: Currency, channel: DunningStep.Channel,
                            step: DunningStep, plan: DunningPlan, lines: [ActionLine], status: Action.Status,
                            reason: String) -> Action {
        let documents = lines.map(\.document).sorted()
        var revision = 0
        var id = ActionID.make(entity: entity, customerID: customerID, currency: currency, channel: channel.rawValue,
                               step: step.id, documents: documents, revision: revision)
        while withdrawn.contains(id) {
            revision += 1
            id = ActionID.make(entity: entity, customerID: customerID, currency: currency, channel: channel.rawValue,
                               step: step.id, documents: documents, revision: revision)
        }
        let customer = customers[entity, customerID]
        let language = customer?.language ?? plan.language ?? config.language
        let total = lines.reduce(Int64(0)) { $0 + $1.openAmount.minorUnits }
        return Action(id: id, entity: entity, customerID: customerID, currency: currency, channel: channel, step: step.id,
                      template: step.template, approval: step.approval, plan: plan.name, language: language, lines: lines,
                      amountClaimed: Money(minorUnits: total, currency: currency), interest: .zero(currency),
                      indemnity: .zero(currency), status: status, reason: reason, attach: step.attach,
                      ccSalesRep: step.ccSalesRep)
    }
}
