// What `dashboard.html` shows, read back from the report CSVs of a reports folder (and the
// state's month-end snapshots), so that the page says exactly what the CSVs say.

/// The figures of one currency's headline (entity `*` of `kpis.csv`, plus the actions of the day).
public struct DashboardHeadline: Sendable, Equatable {
    public var currency: Currency
    public var open: Money
    public var overdue: Money
    /// `dso_days` in tenths of a day (53.5 days = 535); nil when empty.
    public var dsoTenths: Int?
    /// `cei_month` in tenths of a percent (87.3 % = 873); nil when empty.
    public var ceiTenths: Int?
    public var forecastNext4Weeks: Money

    public init(currency: Currency, open: Money, overdue: Money, dsoTenths: Int?, ceiTenths: Int?, forecastNext4Weeks: Money) {
        self.currency = currency
        self.open = open
        self.overdue = overdue
        self.dsoTenths = dsoTenths
        self.ceiTenths = ceiTenths
        self.forecastNext4Weeks = forecastNext4Weeks
    }
}

/// One stacked bar: the open amount per bucket of one entity in one currency.
public struct DashboardAgedBar: Sendable, Equatable {
    public var entity: String
    public var currency: Currency
    /// Open amount in minor units per bucket token, in the order of `DashboardData.buckets`.
    public var amounts: [Int64]

    public init(entity: String, currency: Currency, amounts: [Int64]) {
        self.entity = entity
        self.currency = currency
        self.amounts = amounts
    }
}

/// A row of the top overdue customers.
public struct DashboardCustomer: Sendable, Equatable {
    public var entity: String
    public var customerID: String
    public var name: String
    public var open: Money
    public var overdue: Money
    /// `dso_days` as written (`81.0`), empty when unknown.
    public var dsoDays: String
    public var payerClass: String
    public var worsening: Bool

    public init(entity: String, customerID: String, name: String, open: Money, overdue: Money, dsoDays: String = "",
                payerClass: String = "", worsening: Bool = false) {
        self.entity = entity
        self.customerID = customerID
        self.name = name
        self.open = open
        self.overdue = overdue
        self.dsoDays = dsoDays
        self.payerClass = payerClass
        self.worsening = worsening
    }
}

/// DSO and CEI of one month (whole pipeline, one currency), from the state's month-end snapshots.
public struct DashboardMonth: Sendable, Equatable {
    /// The first day of the month.
    public var month: CivilDate
    public var currency: Currency
    public var dsoTenths: Int?
    public var ceiTenths: Int?

    public init(month: CivilDate, currency: Currency, dsoTenths: Int?, ceiTenths: Int?) {
        self.month = month
        self.currency = currency
        self.dsoTenths = dsoTenths
        self.ceiTenths = ceiTenths
    }
}

/// Expected cash-in of one week (the 7 days starting at `start`) in one currency.
public struct DashboardWeek: Sendable, Equatable {
    public var start: CivilDate
    public var amount: Money

    public init(start: CivilDate, amount: Money) {
        self.start = start
        self.amount = amount
    }
}

/// An action of the day, sent to the outbox or waiting for approval.
public struct DashboardAction: Sendable, Equatable {
    public var entity: String
    public var customerID: String
    public var customerName: String
    public var step: String
    public var channel: String
    /// The amount claimed; nil for actions without one (the collector's digest).
    public var amount: Money?
    /// `true` for `sent_to_outbox`, `false` for `pending`.
    public var sent: Bool
    /// The outbox path, relative to the outbox.
    public var path: String

    public init(entity: String, customerID: String, customerName: String, step: String, channel: String, amount: Money?,
                sent: Bool, path: String) {
        self.entity = entity
        self.customerID = customerID
        self.customerName = customerName
        self.step = step
        self.channel = channel
        self.amount = amount
        self.sent = sent
        self.path = path
    }
}

/// A dispute or a promise (`disputes.csv`, `promises.csv`).
public struct DashboardHold: Sendable, Equatable {
    public var entity: String
    public var customerID: String
    public var customerName: String
    public var document: String
    public var amount: Money?
    public var since: CivilDate?
    /// For promises, the date promised (`until`) or the deadline.
    public var due: CivilDate?
    public var daysOpen: Int?
    public var note: String
    /// For promises: `kept`, `open` or `broken`.
    public var status: String

    public init(entity: String, customerID: String, customerName: String, document: String, amount: Money?, since: CivilDate?,
                due: CivilDate? = nil, daysOpen: Int?, note: String, status: String = "") {
        self.entity = entity
        self.customerID = customerID
        self.customerName = customerName
        self.document = document
        self.amount = amount
        self.since = since
        self.due = due
        self.daysOpen = daysOpen
        self.note = note
        self.status = status
    }
}

/// A bank credit that matched nothing.
public struct DashboardPayment: Sendable, Equatable {
    public var bookingDate: CivilDate?
    public var amount: Money
    public var payerName: String
    public var remittance: String
    /// The best suggestion (`suggestion_1`) and its score as written (`0.8500`), empty when none.
    public var suggestion: String
    public var score: String

    public init(bookingDate: CivilDate?, amount: Money, payerName: String, remittance: String, suggestion: String = "", score: String = "") {
        self.bookingDate = bookingDate
        self.amount = amount
        self.payerName = payerName
        self.remittance = remittance
        self.suggestion = suggestion
        self.score = score
    }
}

/// Everything `dashboard.html` shows.
public struct DashboardData: Sendable, Equatable {
    public var language: Language
    public var pipelineName: String
    public var asOf: CivilDate
    /// The as-of of the previous run, when there is one.
    public var previousAsOf: CivilDate?
    /// One headline per currency (entity `*` of `kpis.csv`).
    public var headlines: [DashboardHeadline]
    /// The same figures at the previous run (matched by currency).
    public var previousHeadlines: [DashboardHeadline]
    public var actionsSent: Int
    public var actionsPending: Int
    public var previousActionsSent: Int?
    public var previousActionsPending: Int?
    /// The bucket tokens, in order (`not_due`, `1-30`, …).
    public var buckets: [String]
    public var aged: [DashboardAgedBar]
    /// Up to 10 customers with the most overdue.
    public var topOverdue: [DashboardCustomer]
    public var months: [DashboardMonth]
    /// Expected cash-in by week for the 8 weeks after as-of, per currency.
    public var forecast: [DashboardWeek]
    /// Open amounts whose expected payment date is on or before as-of (expected but not received), per currency.
    public var expectedBefore: [Money]
    public var actions: [DashboardAction]
    /// Actions of the day neither sent nor pending (skipped, held back, rejected, withdrawn).
    public var otherActions: Int
    public var disputes: [DashboardHold]
    public var brokenPromises: [DashboardHold]
    public var openPromises: Int
    public var keptPromises: Int
    public var unmatched: [DashboardPayment]

    public init(language: Language, pipelineName: String, asOf: CivilDate, previousAsOf: CivilDate? = nil,
                headlines: [DashboardHeadline] = [], previousHeadlines: [DashboardHeadline] = [],
                actionsSent: Int = 0, actionsPending: Int = 0, previousActionsSent: Int? = nil, previousActionsPending: Int? = nil,
                buckets: [String] = ["not_due", "1-30", "31-60", "61-90", "91-120", "121+"], aged: [DashboardAgedBar] = [],
                topOverdue: [DashboardCustomer] = [], months: [DashboardMonth] = [], forecast: [DashboardWeek] = [],
                expectedBefore: [Money] = [], actions: [DashboardAction] = [], otherActions: Int = 0,
                disputes: [DashboardHold] = [], brokenPromises: [DashboardHold] = [], openPromises: Int = 0, keptPromises: Int = 0,
                unmatched: [DashboardPayment] = []) {
        self.language = language
        self.pipelineName = pipelineName
        self.asOf = asOf
        self.previousAsOf = previousAsOf
        self.headlines = headlines
        self.previousHeadlines = previousHeadlines
        self.actionsSent = actionsSent
        self.actionsPending = actionsPending
        self.previousActionsSent = previousActionsSent
        self.previousActionsPending = previousActionsPending
        self.buckets = buckets
        self.aged = aged
        self.topOverdue = topOverdue
        self.months = months
        self.forecast = forecast
        self.expectedBefore = expectedBefore
        self.actions = actions
        self.otherActions = otherActions
        self.disputes = disputes
        self.brokenPromises = brokenPromises
        self.openPromises = openPromises
        self.keptPromises = keptPromises
        self.unmatched = unmatched
    }
}
