// Dunning/Penalties: the late-payment interest and the fixed recovery indemnity a formal notice
// claims (dunning.md, Penalties), per jurisdiction, from the half-year reference-rate table.
// It never guesses a rate: a half-year missing from the table is an error naming it, never zero.
// No Double: amounts are Int64 minor units, the sum of the pieces is one Int128 fraction over
// 10 000 bp × 365 days, rounded half-even once (NL: once per capitalised year).

/// Late-payment penalties of one invoice.
public enum Penalties {
    /// 10 000 basis points × 365 days: interest = principal × Σ(rate_bp × days) / this.
    static let denominator: Int128 = 10_000 * 365

    /// Interest and indemnity on `openAmount` (tax included) of an invoice due on `dueDate`, as of
    /// `asOf`: interest runs from the day after the due date to `asOf` inclusive, simple,
    /// actual/365 (a 29 February counts as a day; the divisor stays 365), each half-year at its
    /// own rate:
    /// - FR: ECB rate of 1 January (H1) / 1 July (H2) + 1000 bp;
    /// - BE: ECB + 800 bp rounded up to the next 50 bp;
    /// - DE: Basiszinssatz + 900 bp;
    /// - EU: ECB + 800 bp;
    /// - UK: Bank Rate + 800 bp of the half-year in which the debt fell overdue, for every day;
    /// - NL: the statutory commercial rate, compounded yearly: at each anniversary of the first day
    ///   of interest, the year's interest, rounded half-even to the minor unit, joins the principal.
    /// A `[contract]` rate replaces the statutory rate for every day (simple interest, NL included).
    /// The fixed indemnity is 40 EUR (FR, BE, DE, NL, EU) or 40 / 70 / 100 GBP for debts under
    /// 1 000 / under 10 000 / from 10 000 GBP (UK), only for an invoice in that currency
    /// (otherwise `indemnityNotApplicable`), never for a consumer, and only once the invoice is overdue.
    public static func compute(jurisdiction: Jurisdiction, openAmount: Money, dueDate: CivilDate, asOf: CivilDate,
                               rates: ReferenceRates, consumer: Bool) throws(PenaltyError) -> PenaltyResult {
        let currency = openAmount.currency
        let applicable = currency == jurisdiction.indemnityCurrency
        let contract = rates.contractRates[jurisdiction]
        guard asOf > dueDate, openAmount.minorUnits > 0 else {
            return PenaltyResult(interest: .zero(currency), indemnity: .zero(currency), indemnityNotApplicable: !applicable,
                                 contractRate: contract != nil, pieces: [])
        }
        let first = dueDate.adding(days: 1)
        let principal = openAmount.minorUnits
        var pieces: [PenaltyResult.Piece] = []
        var interest: Int64

        if jurisdiction == .NL && contract == nil {
            // Yearly compounding: each full year's interest is added to the principal.
            var base = principal
            var total: Int64 = 0
            var year = 0
            var yearStart = first
            while yearStart <= asOf {
                year += 1
                let yearEnd = first.adding(months: 12 * year).adding(days: -1)
                let end = min(yearEnd, asOf)
                var sum: Int128 = 0
                for (from, to) in halfYearPieces(from: yearStart, to: end) {
                    let bp = try rate(.NL, HalfYear(containing: from), rates)
                    pieces.append(PenaltyResult.Piece(from: from, to: to, days: to - from + 1, rateBp: bp, principal: base))
                    sum += Int128(bp) * Int128(to - from + 1)
                }
                guard let yearInterest = HalfEven.divideToInt64(Int128(base) * sum, by: denominator) else { throw .overflow }
                let (t, o1) = total.addingReportingOverflow(yearInterest)
                let (b, o2) = base.addingReportingOverflow(yearInterest)
                if o1 || o2 { throw .overflow }
                total = t
                base = b
                yearStart = yearEnd.adding(days: 1)
            }
            interest = total
        } else {
            // UK: the rate is fixed at the half-year in which the debt fell overdue.
            let ukRate = jurisdiction == .UK && contract == nil
                ? try rate(.BOE, HalfYear(containing: first), rates) + 800 : nil
            var sum: Int128 = 0
            for (from, to) in halfYearPieces(from: first, to: asOf) {
                let bp: Int
                if let contract {
                    bp = contract
                } else if let ukRate {
                    bp = ukRate
                } else {
                    bp = try statutoryRate(jurisdiction, HalfYear(containing: from), rates)
                }
                pieces.append(PenaltyResult.Piece(from: from, to: to, days: to - from + 1, rateBp: bp, principal: principal))
                sum += Int128(bp) * Int128(to - from + 1)
            }
            guard let i = HalfEven.divideToInt64(Int128(principal) * sum, by: denominator) else { throw .overflow }
            interest = i
        }

        var indemnity: Int64 = 0
        if applicable && !consumer {
            var scale: Int64 = 1
            for _ in 0..<currency.minorDigits { scale *= 10 }
            var units: Int64 = 40
            if jurisdiction == .UK {
                units = principal < 1_000 * scale ? 40 : principal < 10_000 * scale ? 70 : 100
            }
            indemnity = units * scale
        }
        return PenaltyResult(interest: Money(minorUnits: interest, currency: currency),
                             indemnity: Money(minorUnits: indemnity, currency: currency),
                             indemnityNotApplicable: !applicable, contractRate: contract != nil, pieces: pieces)
    }

    /// The statutory yearly rate of `jurisdiction` for `halfYear`, in basis points (not UK, whose
    /// rate is fixed per debt, and not NL's compounding, handled by the caller).
    public static func statutoryRate(_ jurisdiction: Jurisdiction, _ halfYear: HalfYear,
                                     _ rates: ReferenceRates) throws(PenaltyError) -> Int {
        switch jurisdiction {
        case .FR: return try rate(.ECB, halfYear, rates) + 1000
        case .EU: return try rate(.ECB, halfYear, rates) + 800
        case .BE: return roundUpToHalfPoint(try rate(.ECB, halfYear, rates) + 800)
        case .DE: return try rate(.BASISZINS, halfYear, rates) + 900
        case .UK: return try rate(.BOE, halfYear, rates) + 800
        case .NL: return try rate(.NL, halfYear, rates)
        }
    }

    /// Rounds a rate in basis points up to the next multiple of 50 (half a point): 1015 → 1050,
    /// 1000 → 1000, −30 → 0.
    public static func roundUpToHalfPoint(_ bp: Int) -> Int {
        let r = ((bp % 50) + 50) % 50
        return r == 0 ? bp : bp + 50 - r
    }

    static func rate(_ series: ReferenceRates.Series, _ halfYear: HalfYear, _ rates: ReferenceRates) throws(PenaltyError) -> Int {
        guard let bp = rates.rate(series, halfYear) else {
            throw .missingRate(series: series.rawValue, halfYear: halfYear.description)
        }
        return bp
    }

    /// `from…to` (inclusive) cut at each 1 January and 1 July.
    static func halfYearPieces(from: CivilDate, to: CivilDate) -> [(CivilDate, CivilDate)] {
        var result: [(CivilDate, CivilDate)] = []
        var start = from
        while start <= to {
            let end = min(HalfYear(containing: start).end, to)
            result.append((start, end))
            start = end.adding(days: 1)
        }
        return result
    }
}
