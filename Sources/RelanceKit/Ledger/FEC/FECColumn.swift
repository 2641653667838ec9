/// The 18 standard columns of a FEC (article A47 A-1 of the Livre des procédures fiscales), in
/// their legal order. Files may list them in any order; the 22-column variants (BNC/BA) add
/// columns that are ignored.
public enum FECColumn: String, Sendable, CaseIterable {
    case journalCode = "JournalCode"
    case journalLib = "JournalLib"
    case ecritureNum = "EcritureNum"
    case ecritureDate = "EcritureDate"
    case compteNum = "CompteNum"
    case compteLib = "CompteLib"
    case compAuxNum = "CompAuxNum"
    case compAuxLib = "CompAuxLib"
    case pieceRef = "PieceRef"
    case pieceDate = "PieceDate"
    case ecritureLib = "EcritureLib"
    case debit = "Debit"
    case credit = "Credit"
    case ecritureLet = "EcritureLet"
    case dateLet = "DateLet"
    case validDate = "ValidDate"
    case montantDevise = "Montantdevise"
    case idevise = "Idevise"

    /// The header text compared case-insensitively, blanks around ignored (`montantDevise`,
    /// ` Debit ` match).
    static func normalized(_ header: String) -> String {
        var s = Substring(header)
        while let c = s.first, c == " " || c == "\t" || c == "\u{FEFF}" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return s.lowercased()
    }
}
