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
    /// Loads a pipeline from its folder or its `pipeline.conf`; throws the conf's first problem (in line order).
    public static func load(_ pipeline: String) throws(ConfError) -> PipelineConfig {
        var errors: [ConfError] = []
        let config = load(pipeline, errors: &errors)
        if let first = errors.first { throw first }
        return config!
    }

    /// Loads a pipeline from its folder or its `pipeline.conf`, appending every problem of the conf to
    /// `errors` in line order instead of stopping at the first (`relance check` lists them all).
    /// Returns nil when the file cannot be read. When problems were found the config is partial (each
    /// faulty value left at its default, a faulty section left out) and must not be run: it is only
    /// good for checking the plans and templates beside it.
    public static func load(_ pipeline: String, errors: inout [ConfError]) -> PipelineConfig? {
        var path = FilePath.absolute(pipeline)
        if FileTree.isDirectory(path) { path += "/pipeline.conf" }
        var found: [ConfError] = []
        defer { errors += inLineOrder(found) }
        guard let file = ConfFile.load(path: path, errors: &found) else { return nil }
        return PipelineConfig(file: file, errors: &found)
    }

    /// Loads the pipeline for a command (a stage, `status`, `approve`), printing every problem of the
    /// conf on stderr, as `relance check` lists them; nil when there was any (the caller exits 2).
    public static func loadReportingProblems(_ pipeline: String) -> PipelineConfig? {
        var errors: [ConfError] = []
        let config = load(pipeline, errors: &errors)
        for e in errors { Diagnostics.error(e.description) }
        return errors.isEmpty ? config : nil
    }

    /// Problems sorted by line, those of one line in the order they were found.
    static func inLineOrder(_ errors: [ConfError]) -> [ConfError] {
        errors.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }

    /// Every value at its default, the paths empty: the start of `init(file:errors:)`.
    private init(confPath: String, directory: String) {
        self.confPath = confPath
        self.directory = directory
        self.name = (directory as NSString).lastPathComponent
        self.inbox = ""
        self.outbox = ""
        self.reports = ""
        self.work = ""
        self.state = ""
        self.asOf = nil
        self.timezone = "Europe/Paris"
        self.currency = .eur
        self.language = .fr
        self.excelCSV = false
        self.collector = nil
        self.dateOrder = .dmy
        self.buckets = [30, 60, 90, 120]
        self.payerClasses = PayerClassThresholds()
        self.minConfidence = 9000
        self.entities = []
        self.columnOverrides = [:]
        self.ratesPath = nil
        self.decimalSeparator = nil
    }

    /// Reads the settings of a parsed conf. Each problem is appended to `errors` and the value keeps
    /// its default, so that one mistake does not hide the next.
    init(file: ConfFile, errors: inout [ConfError]) {
        let path = file.path
        let directory = (path as NSString).deletingLastPathComponent
        self.init(confPath: path, directory: directory)
        func fail(_ line: Int, _ message: String) -> ConfError { ConfError(path: path, line: line, message: message) }
        func resolve(_ e: ConfFile.Entry) -> String {
            let v = e.value
            return v.hasPrefix("/") ? FilePath.normalize(v) : FilePath.normalize(directory + "/" + v)
        }

        if let pipeline = file.section("pipeline") {
            readPipeline(pipeline, resolve: resolve, fail: fail, errors: &errors)
        } else {
            errors.append(fail(0, "missing section [pipeline]"))
        }

        if let aging = file.section("aging"), let e = aging.entry("buckets") {
            var bounds: [Int] = []
            var valid = true
            for part in e.value.split(separator: ",") {
                let t = part.trimmingCharacters(in: .whitespaces)
                guard let n = Int(t), n > 0, n > (bounds.last ?? 0) else {
                    errors.append(fail(e.line, "buckets must be increasing whole numbers of days, found `\(e.value)`"))
                    valid = false
                    break
                }
                bounds.append(n)
            }
            if valid && bounds.isEmpty { errors.append(fail(e.line, "buckets is empty")) }
            if valid && !bounds.isEmpty { self.buckets = bounds }
        }

        if let pc = file.section("payer_classes") {
            for (key, slot) in [("excellent", \PayerClassThresholds.excellent), ("good", \.good), ("average", \.average)] {
                if let e = pc.entry(key) {
                    guard let n = Int(e.value) else {
                        errors.append(fail(e.line, "\(key) must be a whole number of days, found `\(e.value)`"))
                        continue
                    }
                    payerClasses[keyPath: slot] = n
                }
            }
        }

        if let m = file.section("matching"), let e = m.entry("min_confidence") {
            if let v = Self.fraction(e.value) {
                self.minConfidence = v
            } else {
                errors.append(fail(e.line, "min_confidence must be a number between 0 and 1, found `\(e.value)`"))
            }
        }
        if let m = file.section("matching"), let e = m.entry("tolerance") {
            if let t = Self.tolerance(e.value) {
                self.toleranceHundredths = t
            } else {
                errors.append(fail(e.line, "tolerance must be an amount such as 5.00, found `\(e.value)`"))
            }
        }

        for section in file.sections(named: "columns") {
            for e in section.entries { columnOverrides[e.key] = e.value }
        }

        if let b = file.section("bank_csv") {
            let canonical = InputKind.bankSchema.specs.map(\.name)
            for e in b.entries {
                if e.key == "header_line" {
                    if let n = Int(e.value), n >= 1 {
                        bankCSV.headerLine = n
                    } else {
                        errors.append(fail(e.line, "header_line must be a line number (1 or more), found `\(e.value)`"))
                    }
                } else if canonical.contains(e.key) {
                    if e.value.isEmpty {
                        errors.append(fail(e.line, "`\(e.key)` needs the header text of the column in the export"))
                    } else {
                        bankCSV.columns[e.value] = e.key
                    }
                } else {
                    errors.append(fail(e.line, "unknown [bank_csv] key `\(e.key)` (header_line, or a bank column: \(canonical.joined(separator: ", ")))"))
                }
            }
        }

        if let f = file.section("fec") {
            func list(_ key: String) -> [String]? {
                f.value(key).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
            }
            for e in f.entries where !["receivable_prefix", "sales_journals", "bank_journals", "misc_journals"].contains(e.key) {
                errors.append(fail(e.line, "unknown [fec] key `\(e.key)` (receivable_prefix, sales_journals, bank_journals, misc_journals)"))
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
            if let rule = PlanRule.parse(s, path: path, errors: &errors) { planRules.append(rule) }
        }

        for s in file.sections(named: "entity") {
            guard let id = s.argument, !id.isEmpty else {
                errors.append(fail(s.line, "an entity section needs an id: `[entity FR]`"))
                continue
            }
            entities.append(Self.entity(s, id: id, fallbackCurrency: currency, fail: fail, errors: &errors))
        }
        if entities.isEmpty && file.sections(named: "entity").isEmpty {
            errors.append(fail(0, "no `[entity ID]` section: a pipeline needs at least one entity"))
        }
    }

    /// The `[pipeline]` section: folders, dates, defaults.
    private mutating func readPipeline(_ pipeline: ConfFile.Section, resolve: (ConfFile.Entry) -> String,
                                       fail: (Int, String) -> ConfError, errors: inout [ConfError]) {
        func report(_ error: ConfError) { errors.append(error) }
        func required(_ key: String) -> String {
            guard let e = pipeline.entry(key), !e.value.isEmpty else {
                report(fail(pipeline.line, "[pipeline] needs `\(key) = …`"))
                return ""
            }
            return resolve(e)
        }
        self.name = pipeline.value("name") ?? (directory as NSString).lastPathComponent
        self.inbox = required("inbox")
        self.outbox = required("outbox")
        self.work = required("work")
        self.state = required("state")
        self.reports = pipeline.entry("reports").map(resolve) ?? (outbox + "/reports")
        if let e = pipeline.entry("as_of"), !e.value.isEmpty {
            if let d = CivilDate(iso: e.value) {
                self.asOf = d
            } else {
                report(fail(e.line, "as_of must be YYYY-MM-DD, found `\(e.value)`"))
            }
        }
        if let e = pipeline.entry("timezone") {
            if TimeZone(identifier: e.value) != nil {
                self.timezone = e.value
            } else {
                report(fail(e.line, "unknown time zone `\(e.value)` (expected an IANA name such as Europe/Paris)"))
            }
        }
        do { self.currency = try Self.currency(pipeline.entry("currency"), default: .eur, fail: fail) } catch { report(error) }
        do { self.language = try Self.language(pipeline.entry("language"), fail: fail) } catch { report(error) }
        do { self.excelCSV = try Self.flag(pipeline.entry("excel_csv"), fail: fail) } catch { report(error) }
        if let e = pipeline.entry("collector"), !e.value.isEmpty {
            if let a = MailAddress(parsing: e.value) {
                self.collector = a
            } else {
                report(fail(e.line, "collector is not a valid address: `\(e.value)`"))
            }
        }
        if let e = pipeline.entry("date_order") {
            if let o = DateOrder(rawValue: e.value) {
                self.dateOrder = o
            } else {
                report(fail(e.line, "date_order must be `dmy` or `mdy`, found `\(e.value)`"))
            }
        }
        self.ratesPath = pipeline.entry("rates").flatMap { $0.value.isEmpty ? nil : resolve($0) }
        if let e = pipeline.entry("decimal_separator"), !e.value.isEmpty {
            switch e.value {
            case ",": self.decimalSeparator = .comma
            case ".": self.decimalSeparator = .point
            default: report(fail(e.line, "decimal_separator must be `,` or `.`, found `\(e.value)`"))
            }
        }
    }

    /// An `[entity ID]` section; each faulty value is reported and left at its default.
    private static func entity(_ s: ConfFile.Section, id: String, fallbackCurrency: Currency,
                               fail: (Int, String) -> ConfError, errors: inout [ConfError]) -> EntityConfig {
        func address(_ key: String) -> MailAddress? {
            guard let e = s.entry(key), !e.value.isEmpty else { return nil }
            guard let a = MailAddress(parsing: e.value) else {
                errors.append(fail(e.line, "\(key) is not a valid address: `\(e.value)`"))
                return nil
            }
            return a
        }
        var method = EndOfMonthMethod.a
        if let e = s.entry("fdm_method") {
            if let m = EndOfMonthMethod(rawValue: e.value) {
                method = m
            } else {
                errors.append(fail(e.line, "fdm_method must be `a` or `b`, found `\(e.value)`"))
            }
        }
        var bookedUntil: CivilDate? = nil
        if let e = s.entry("bank_booked_until"), !e.value.isEmpty {
            if let d = CivilDate(iso: e.value) {
                bookedUntil = d
            } else {
                errors.append(fail(e.line, "bank_booked_until must be YYYY-MM-DD, found `\(e.value)`"))
            }
        }
        // Read here, not row by row at ingest: terms the engine cannot read would otherwise reject every
        // row that states none, or silently fall back to 30 days.
        var terms = EntityConfig.defaultTerms
        if let e = s.entry("default_terms"), !e.value.isEmpty {
            if PaymentTerms(parsing: e.value) != nil {
                terms = e.value
            } else {
                errors.append(fail(e.line, "default_terms `\(e.value)` cannot be read as payment terms "
                                   + "(e.g. `30 jours`, `45 jours fin de mois`, `FDM+45`, `comptant`)"))
            }
        }
        var currency = fallbackCurrency
        do {
            currency = try Self.currency(s.entry("currency"), default: fallbackCurrency, fail: fail)
        } catch {
            errors.append(error)
        }
        let ibans = (s.value("iban") ?? "").split(separator: ",").map { IBAN.normalize(String($0)) }.filter { !$0.isEmpty }
        var tolerance: Int64? = nil
        if let e = s.entry("tolerance"), !e.value.isEmpty {
            if let t = Self.tolerance(e.value) {
                tolerance = t
            } else {
                errors.append(fail(e.line, "tolerance must be an amount such as 5.00, found `\(e.value)`"))
            }
        }
        return EntityConfig(
            id: id,
            name: s.value("name") ?? id,
            jurisdiction: (s.value("jurisdiction") ?? "EU").uppercased(),
            currency: currency,
            sender: address("sender"),
            replyTo: address("reply_to"),
            phone: s.value("phone") ?? "",
            ibans: ibans,
            bic: s.value("bic") ?? "",
            address: (s.value("address") ?? "").split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) },
            defaultTerms: terms,
            endOfMonthMethod: method,
            defaultPlan: s.value("default_plan") ?? "standard-fr",
            inboxFolder: s.value("inbox_folder"),
            bankBookedUntil: bookedUntil,
            line: s.line,
            defaultPlanLine: s.entry("default_plan")?.line ?? s.line,
            toleranceHundredths: tolerance)
    }

    /// A write-off tolerance (`5.00`) in hundredths of the currency unit; nil when it is not an amount of
    /// zero or more written with a point.
    static func tolerance(_ text: String) -> Int64? {
        guard case .success(let p) = AmountParser.parse(text, minorDigits: 2, convention: .point), p.minorUnits >= 0 else { return nil }
        return p.minorUnits
    }

    /// The currency of an entity (its `currency`, else the pipeline's), for amounts that name none.
    public func currency(ofEntity id: String) -> Currency {
        entity(id)?.currency ?? currency
    }

    /// The write-off tolerance of an entity's documents: its own `tolerance`, else `[matching] tolerance`.
    public func toleranceHundredths(entity: String) -> Int64 {
        self.entity(entity)?.toleranceHundredths ?? toleranceHundredths
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
