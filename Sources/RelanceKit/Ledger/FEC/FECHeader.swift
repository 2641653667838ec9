/// Where each needed column of a FEC stands in its header (0-based field indexes).
///
/// The amounts are either the standard `Debit`/`Credit` pair or, in the variant the
/// administration allows for some regimes, `Montant` with `Sens` (`D`/`C` or `+1`/`-1`).
struct FECHeader: Sendable {
    /// How a line's amount is written.
    enum Amounts: Sendable {
        case debitCredit(debit: Int, credit: Int)
        case signed(amount: Int, sense: Int)
    }

    /// The header texts as found in the file.
    let names: [String]
    let journalCode: Int
    let ecritureNum: Int
    let ecritureDate: Int
    let compteNum: Int
    let compteLib: Int
    let compAuxNum: Int
    let compAuxLib: Int
    let pieceRef: Int
    let pieceDate: Int
    let ecritureLet: Int
    let dateLet: Int
    let amounts: Amounts

    /// Maps `names`; fails with the standard columns that are missing (legal spelling).
    static func make(_ names: [String]) -> Result<FECHeader, FECError> {
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            let key = FECColumn.normalized(name)
            if index[key] == nil { index[key] = i }
        }
        let signed = index["montant"].flatMap { a in index["sens"].map { (a, $0) } }
        var missing: [String] = []
        for column in FECColumn.allCases where index[column.rawValue.lowercased()] == nil {
            if (column == .debit || column == .credit) && signed != nil { continue }
            missing.append(column.rawValue)
        }
        if !missing.isEmpty {
            return .failure(.missingColumns(missing: missing, found: names))
        }
        func at(_ c: FECColumn) -> Int { index[c.rawValue.lowercased()]! }
        let amounts: Amounts
        if let d = index["debit"], let c = index["credit"] {
            amounts = .debitCredit(debit: d, credit: c)
        } else {
            amounts = .signed(amount: signed!.0, sense: signed!.1)
        }
        return .success(FECHeader(
            names: names, journalCode: at(.journalCode), ecritureNum: at(.ecritureNum),
            ecritureDate: at(.ecritureDate), compteNum: at(.compteNum), compteLib: at(.compteLib),
            compAuxNum: at(.compAuxNum), compAuxLib: at(.compAuxLib), pieceRef: at(.pieceRef),
            pieceDate: at(.pieceDate), ecritureLet: at(.ecritureLet), dateLet: at(.dateLet), amounts: amounts))
    }

    /// The header text of field `index`, for rejects.
    func name(_ index: Int) -> String { index < names.count ? names[index] : String(index + 1) }
}
