import Foundation

/// A pipeline's settings, read from its `pipeline.conf` (spec README, "A pipeline").
/// Paths are absolute here, resolved against the conf file's folder.
public struct PipelineConfig: Sendable {
    /// Absolute path of the `pipeline.conf` file.
    public var confPath: String
    /// The folder holding the conf, its `plans/` and `templates/`.
    public var directory: String
    public var name: String
    public var inbox: String
    public var outbox: String
    public var reports: String
    public var work: String
    public var state: String
    /// The pinned as-of date, when the conf gives one.
    public var asOf: CivilDate?
    /// IANA time zone name, e.g. `Europe/Paris`: the e-mail Date header and "today".
    public var timezone: String
    /// Currency of documents that state none.
    public var currency: Currency
    /// Language of customers that state none.
    public var language: Language
    public var excelCSV: Bool
    /// Receives the morning digest; also the default Reply-To.
    public var collector: MailAddress?
    public var dateOrder: DateOrder
    /// Upper bounds of the aging buckets, in days overdue, increasing.
    public var buckets: [Int]
    public var payerClasses: PayerClassThresholds
    /// Minimum score for an automatic match, in ten-thousandths (0.90 → 9000).
    public var minConfidence: Int
    /// `[matching] tolerance`: a shortfall up to this (hundredths of the currency unit) closes a document,
    /// reported as a write-off (default 5.00).
    public var toleranceHundredths: Int64 = 500
    public var entities: [EntityConfig]
    /// `[legal_partners]`: country code (or `default`) → the lawyer or agency suggested in a legal dossier.
    public var legalPartners: [String: String] = [:]
    /// `[fec]`: how a FEC's accounts and journals are read (receivable prefix, journal codes).
    public var fec = FECSettings()
    /// `[plan_rule …]` sections in file order: the first matching gives a customer's plan.
    public var planRules: [PlanRule] = []
    /// `[columns]`: header text in an export → canonical column name, for headers no alias knows.
    public var columnOverrides: [String: String]
    /// `[bank_csv]`: the header texts of a bank export for the canonical bank columns, and its header line.
    public var bankCSV = BankCSVSettings()
    /// `rates = FILE`: the reference rates of late-payment interest, per half-year (`Dunning/Penalties`).
    public var ratesPath: String?
    /// `decimal_separator = ,` or `.` in [pipeline]: how to read amounts like `1,234` that no row of a file decides.
    public var decimalSeparator: DecimalConvention?

    /// The entity with this id.
    public func entity(_ id: String) -> EntityConfig? { entities.first { $0.id == id } }

    /// The folder of the plans (`plans/*.plan`).
    public var plansDirectory: String { directory + "/plans" }
    /// The folder of the templates (`templates/LANG/…`).
    public var templatesDirectory: String { directory + "/templates" }
    /// The pipeline's lock file.
    public var lockPath: String { state + "/lock" }
    /// The journal of every action (`dunning.md`, Journal).
    public var journalPath: String { state + "/journal.csv" }
    /// Every action ever journaled, as a whole (`Dunning/ActionRegistry`).
    public var registryPath: String { state + "/actions.csv" }
    /// Every hold seen, with the day it was first seen.
    public var holdsStatePath: String { state + "/holds.csv" }
}

/// Payer-class thresholds on average days late (`[payer_classes]`).
public struct PayerClassThresholds: Sendable, Equatable {
    public var excellent: Int = 0
    public var good: Int = 15
    public var average: Int = 30

    public init() {}
}

extension PipelineConfig {
    /// Loads a pipeline from its folder or its `pipeline.conf`.
    public static func load(_ pipeline: String) throws(ConfError) -> PipelineConfig {
        var path = FilePath.absolute(pipeline)
        if FileTree.isDirectory(path) { path += "/pipeline.conf" }
        let file = try ConfFile.load(path: path)
        return try PipelineConfig(file: file)
    }

    init(file: ConfFile) throws(ConfError) {
        let path = file.path
        let directory = (path as NSString).deletingLastPathComponent
        func fail(_ line: Int, _ message: String) -> ConfError { ConfError(path: path, line: line, message: message) }

        guard let pipeline = file.section("pipeline") else {
            throw fail(0, "missing section [pipeline]")
        }
        func required(_ key: String) throws(ConfError) -> ConfFile.Entry {
            guard let e = pipeline.entry(key), !e.value.isEmpty else {
                throw fail(pipeline.line, "[pipeline] needs `\(key) = …`")
            }
            return e
        }
        func resolve(_ e: ConfFile.Entry) -> String {
            let v = e.value
            return v.hasPrefix("/") ? FilePath.normalize(v) : FilePath.normalize(directory + "/" + v)
        }
        self.confPath = path
        self.directory = directory
        self.name = pipeline.value("name") ?? (directory as NSString).lastPathComponent
        self.inbox = resolve(try required("inbox"))
        self.outbox = resolve(try required("outbox"))
        self.work = resolve(try required("work"))
        self.state = resolve(try required("state"))
        self.reports = pipeline.entry("reports").map(resolve) ?? (outbox + "/reports")
        if let e = pipeline.entry("as_of"), !e.value.isEmpty {
            guard let d = CivilDate(iso: e.value) else { throw fail(e.line, "as_of must be YYYY-MM-DD, found `\(e.value)`") }
            self.asOf = d
        } else {
            self.asOf = nil
        }
        self.timezone = pipeline.value("timezone") ?? "Europe/Paris"
        if TimeZone(identifier: timezone) == nil, let e = pipeline.entry("timezone") {
            throw fail(e.line, "unknown time zone `\(timezone)` (expected an IANA name such as Europe/Paris)")
        }
        self.currency = try Self.currency(pipeline.entry("currency"), default: .eur, fail: fail)
        self.language = try Self.language(pipeline.entry("language"), fail: fail)
        self.excelCSV = try Self.flag(pipeline.entry("excel_csv"), fail: fail)
        if let e = pipeline.entry("collector"), !e.value.isEmpty {
            guard let a = MailAddress(parsing: e.value) else { throw fail(e.line, "collector is not a valid address: `\(e.value)`") }
            self.collector = a
        } else {
            self.collector = nil
        }
        if let e = pipeline.entry("date_order") {
            guard let o = DateOrder(rawValue: e.value) else { throw fail(e.line, "date_order must be `dmy` or `mdy`, found `\(e.value)`") }
            self.dateOrder = o
        } else {
            self.dateOrder = .dmy
        }

        self.ratesPath = pipeline.entry("rates").flatMap { $0.value.isEmpty ? nil : resolve($0) }
        self.decimalSeparator = nil
        if let e = pipeline.entry("decimal_separator"), !e.value.isEmpty {
            switch e.value {
            case ",": self.decimalSeparator = .comma
            case ".": self.decimalSeparator = .point
            default: throw fail(e.line, "decimal_separator must be `,` or `.`, found `\(e.value)`")
            }
        }

        self.buckets = [30, 60, 90, 120]
        if let aging = file.section("aging"), let e = aging.entry("buckets") {
            var bounds: [Int] = []
            for part in e.value.split(separator: ",") {
                let t = part.trimmingCharacters(in: .whitespaces)
                guard let n = Int(t), n > 0, n > (bounds.last ?? 0) else {
                    throw fail(e.line, "buckets must be increasing whole numbers of days, found `\(e.value)`")
                }
                bounds.append(n)
            }
            guard !bounds.isEmpty else { throw fail(e.line, "buckets is empty") }
            self.buckets = bounds
        }

        var classes = PayerClassThresholds()
        if let pc = file.section("payer_classes") {
            for (key, slot) in [("excellent", \PayerClassThresholds.excellent), ("good", \.good), ("average", \.average)] {
                if let e = pc.entry(key) {
                    guard let n = Int(e.value) else { throw fail(e.line, "\(key) must be a whole number of days, found `\(e.value)`") }
                    classes[keyPath: slot] = n
                }
            }
        }
        self.payerClasses = classes

        self.minConfidence = 9000
        if let m = file.section("matching"), let e = m.entry("min_confidence") {
            guard let v = Self.fraction(e.value) else { throw fail(e.line, "min_confidence must be a number between 0 and 1, found `\(e.value)`") }
            self.minConfidence = v
        }
        if let m = file.section("matching"), let e = m.entry("tolerance") {
            guard case .success(let p) = AmountParser.parse(e.value, minorDigits: 2, convention: .point), p.minorUnits >= 0 else {
                throw fail(e.line, "tolerance must be an amount such as 5.00, found `\(e.value)`")
            }
            self.toleranceHundredths = p.minorUnits
        }

        var overrides: [String: String] = [:]
        for section in file.sections(named: "columns") {
            for e in section.entries { overrides[e.key] = e.value }
        }
        self.columnOverrides = overrides

        if let b = file.section("bank_csv") {
            let canonical = InputKind.bankSchema.specs.map(\.name)
            for e in b.entries {
                if e.key == "header_line" {
                    guard let n = Int(e.value), n >= 1 else { throw fail(e.line, "header_line must be a line number (1 or more), found `\(e.value)`") }
                    bankCSV.headerLine = n
                } else if canonical.contains(e.key) {
                    guard !e.value.isEmpty else { throw fail(e.line, "`\(e.key)` needs the header text of the column in the export") }
                    bankCSV.columns[e.value] = e.key
                } else {
                    throw fail(e.line, "unknown [bank_csv] key `\(e.key)` (header_line, or a bank column: \(canonical.joined(separator: ", ")))")
                }
            }
        }

        if let f = file.section("fec") {
            func list(_ key: String) -> [String]? {
                f.value(key).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
            }
            for e in f.entries where !["receivable_prefix", "sales_journals", "bank_journals", "misc_journals"].contains(e.key) {
                throw fail(e.line, "unknown [fec] key `\(e.key)` (receivable_prefix, sales_journals, bank_journals, misc_journals)")
            }
            if let p = f.value("receivable_prefix"), !p.isEmpty { fec.receivablePrefix = p }
            if let l = list("sales_journals") { fec.salesJournals = l }
            if let l = list("bank_journals") { fec.bankJournalPrefixes = l }
            if let l = list("misc_journals") { fec.miscJournals = l }
        }

        for e in file.section("legal_partners")?.entries ?? [] {
            legalPartners[e.key == "default" ? "default" : e.key.uppercased()] = e.value
        }

        for s in file.sections(named: "plan_rule") {
            planRules.append(try PlanRule.parse(s, fail: fail))
        }

        var entities: [EntityConfig] = []
        for s in file.sections(named: "entity") {
            guard let id = s.argument, !id.isEmpty else { throw fail(s.line, "an entity section needs an id: `[entity FR]`") }
            entities.append(try Self.entity(s, id: id, fallbackCurrency: currency, fail: fail))
        }
        guard !entities.isEmpty else { throw fail(0, "no `[entity ID]` section: a pipeline needs at least one entity") }
        self.entities = entities
    }

    private static func entity(_ s: ConfFile.Section, id: String, fallbackCurrency: Currency,
                               fail: (Int, String) -> ConfError) throws(ConfError) -> EntityConfig {
        func address(_ key: String) throws(ConfError) -> MailAddress? {
            guard let e = s.entry(key), !e.value.isEmpty else { return nil }
            guard let a = MailAddress(parsing: e.value) else { throw fail(e.line, "\(key) is not a valid address: `\(e.value)`") }
            return a
        }
        var method = EndOfMonthMethod.a
        if let e = s.entry("fdm_method") {
            guard let m = EndOfMonthMethod(rawValue: e.value) else { throw fail(e.line, "fdm_method must be `a` or `b`, found `\(e.value)`") }
            method = m
        }
        var bookedUntil: CivilDate? = nil
        if let e = s.entry("bank_booked_until"), !e.value.isEmpty {
            guard let d = CivilDate(iso: e.value) else { throw fail(e.line, "bank_booked_until must be YYYY-MM-DD, found `\(e.value)`") }
            bookedUntil = d
        }
        let ibans = (s.value("iban") ?? "").split(separator: ",").map { IBAN.normalize(String($0)) }.filter { !$0.isEmpty }
        return EntityConfig(
            id: id,
            name: s.value("name") ?? id,
            jurisdiction: (s.value("jurisdiction") ?? "EU").uppercased(),
            currency: try currency(s.entry("currency"), default: fallbackCurrency, fail: fail),
            sender: try address("sender"),
            replyTo: try address("reply_to"),
            phone: s.value("phone") ?? "",
            ibans: ibans,
            bic: s.value("bic") ?? "",
            address: (s.value("address") ?? "").split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) },
            defaultTerms: s.value("default_terms") ?? "30 jours",
            endOfMonthMethod: method,
            defaultPlan: s.value("default_plan") ?? "standard-fr",
            inboxFolder: s.value("inbox_folder"),
            bankBookedUntil: bookedUntil)
    }

    private static func currency(_ e: ConfFile.Entry?, default d: Currency, fail: (Int, String) -> ConfError) throws(ConfError) -> Currency {
        guard let e, !e.value.isEmpty else { return d }
        guard let c = Currency(code: e.value) else { throw fail(e.line, "unknown currency `\(e.value)` (expected an ISO 4217 code such as EUR)") }
        return c
    }

    private static func language(_ e: ConfFile.Entry?, fail: (Int, String) -> ConfError) throws(ConfError) -> Language {
        guard let e, !e.value.isEmpty else { return .fr }
        guard let l = Language(rawValue: e.value.lowercased()) else { throw fail(e.line, "language must be fr, en, nl or de, found `\(e.value)`") }
        return l
    }

    static func flag(_ e: ConfFile.Entry?, fail: (Int, String) -> ConfError) throws(ConfError) -> Bool {
        guard let e else { return false }
        switch e.value.lowercased() {
        case "yes", "true", "on", "1": return true
        case "no", "false", "off", "0", "": return false
        default: throw fail(e.line, "expected `yes` or `no`, found `\(e.value)`")
        }
    }

    /// "0.90" → 9000 (ten-thousandths), without floating point.
    static func fraction(_ text: String) -> Int? {
        guard case .success(let p) = AmountParser.parse(text, minorDigits: 4, convention: .point),
              p.currencyCode == nil, p.minorUnits >= 0, p.minorUnits <= 10_000 else { return nil }
        return Int(p.minorUnits)
    }
}


/// `[bank_csv]` settings: how a bank export that no alias fully describes is read.
///
/// ```
/// [bank_csv]
/// booking_date = Date de l'opération
/// remittance = Détail de l'opération
/// header_line = 7
/// ```
public struct BankCSVSettings: Sendable, Equatable {
    /// Header text as written in the export → canonical bank column (`booking_date`, `amount`, `debit`…);
    /// compared like aliases (case, accents, spaces and punctuation do not matter) and only for bank files.
    public var columns: [String: String] = [:]
    /// The 1-based line of the real header, for an export whose first line is not its header and whose
    /// header the search of the first 30 lines would not find.
    public var headerLine: Int?
}

/// `[fec]` settings, with the usual defaults: receivables on accounts `411…`, sales journals `VT`/`VE`,
/// bank journals starting with `BQ`/`BNK`, miscellaneous `OD`.
public struct FECSettings: Sendable, Equatable {
    public var receivablePrefix = "411"
    public var salesJournals = ["VT", "VE"]
    public var bankJournalPrefixes = ["BQ", "BNK"]
    public var miscJournals = ["OD"]
}
