import RelanceKit

/// The FEC of the FEC reader's tests, written here: Demo SARL's receivables as of 2026-11-20.
///
/// Written with `|` for readability; `FECFixture.text(_:)` gives the TAB, `|` and 22-column
/// (shuffled, extra BNC/BA columns) variants, line for line the same.
///
/// | line | what |
/// |---|---|
/// | 2–4, 7–8 | FA-001 lettered `AA` with its payment RG-001: balanced, settled on 2026-10-15 |
/// | 5, 6, 9 | FA-002 + FA-003 lettered `a` with RG-002 (1 350,00): 150,00 left open on FA-002 (oldest) |
/// | 10, 11 | FA-004 open; RG-003 unlettered: unapplied credit −300,00 |
/// | 12, 13 | FA-005 and RG-004 lettered `AB` on 2026-11-25, after as-of: both still open |
/// | 14–16 | FA-006 in two lines (900,00); credit note AV-001 (sales journal `VE`) |
/// | 17, 18 | FA-007 on an account without auxiliary (customer = CompteNum); OD-001 misc credit |
/// | 19 | booked 2026-11-25, after as-of: ignored |
/// | 20 | bank line on the bank account (not a receivable): no effect on the cut-off |
/// | 21, 22 | rejected: Debit `12,3,4`; EcritureDate `20263101` |
enum FECFixture {
    static let header = "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise"

    static let rows = """
        VT|Ventes|VT000101|20260901|411000|Clients|LEFEVRE|Boulangerie Lefèvre SARL|FA-001|20260901|Facture FA-001|1200,00|0,00|AA|20261015|20260901||
        VT|Ventes|VT000101|20260901|706000|Prestations de services|||FA-001|20260901|Facture FA-001|0,00|1000,00|||20260901||
        VT|Ventes|VT000101|20260901|445710|TVA collectée|||FA-001|20260901|Facture FA-001|0,00|200,00|||20260901||
        VT|Ventes|VT000102|20260805|411000|Clients|MENARD|Électricité Ménard & Fils|FA-002|20260805|Facture FA-002|1000,00|0,00|a|20261020|20260805||
        VT|Ventes|VT000103|20260820|411000|Clients|MENARD|Électricité Ménard & Fils|FA-003|20260820|Facture FA-003|500,00|0,00|a|20261020|20260820||
        BQ1|Banque BNP|BQ000201|20261010|411000|Clients|LEFEVRE|Boulangerie Lefèvre SARL|RG-001|20261010|Virement Lefèvre FA-001|0,00|1200,00|AA|20261015|20261010||
        BQ1|Banque BNP|BQ000201|20261010|512000|Banque BNP|||RG-001|20261010|Virement Lefèvre FA-001|1200,00|0,00|||20261010||
        BQ1|Banque BNP|BQ000202|20261018|411000|Clients|MENARD|Électricité Ménard & Fils|RG-002|20261018|Virement Ménard|0,00|1350,00|a|20261020|20261018||
        VT|Ventes|VT000104|20261002|411000|Clients|DUBOIS|Crèmerie Dubois|FA-004|20261002|Facture FA-004|800,00|0,00|||20261002||
        BQ1|Banque BNP|BQ000203|20261028|411000|Clients|DUBOIS|Crèmerie Dubois|RG-003|20261028|Chèque Dubois|0,00|300,00|||20261028||
        VT|Ventes|VT000105|20260915|411000|Clients|HOTELPARC|Hôtel du Parc Saint-Jacques|FA-005|20260915|Facture FA-005|2400,00|0,00|AB|20261125|20260915||
        BQ1|Banque BNP|BQ000204|20261030|411000|Clients|HOTELPARC|Hôtel du Parc Saint-Jacques|RG-004|20261030|Virement Hôtel du Parc|0,00|2400,00|AB|20261125|20261030||
        VT|Ventes|VT000106|20261005|411000|Clients|CHEVALIER|Pharmacie Chevalier|FA-006|20261005|Facture FA-006 acompte|600,00|0,00|||20261005||
        VT|Ventes|VT000106|20261005|411000|Clients|CHEVALIER|Pharmacie Chevalier|FA-006|20261005|Facture FA-006 solde|300,00|0,00|||20261005||
        VE|Ventes export|VE000107|20261012|411000|Clients|CHEVALIER|Pharmacie Chevalier|AV-001|20261012|Avoir AV-001|0,00|120,00|||20261012||
        VT|Ventes|VT000108|20261102|411GARNIER|Librairie Garnier & Cie|||FA-007||Facture FA-007|640,00|0,00|||20261102||
        OD|Opérations diverses|OD000109|20261110|411GARNIER|Librairie Garnier & Cie|||OD-001|20261110|Remise commerciale|0,00|40,00|||20261110||
        VT|Ventes|VT000110|20261125|411000|Clients|LEFEVRE|Boulangerie Lefèvre SARL|FA-008|20261125|Facture FA-008|100,00|0,00|||20261125||
        BQ1|Banque BNP|BQ000205|20261105|512000|Banque BNP|||PRLV-01|20261105|Prélèvement URSSAF|0,00|450,00|||20261105||
        VT|Ventes|VT000111|20261103|411000|Clients|DUBOIS|Crèmerie Dubois|FA-009|20261103|Facture FA-009|12,3,4|0,00|||20261103||
        VT|Ventes|VT000112|20263101|411000|Clients|DUBOIS|Crèmerie Dubois|FA-010|20261104|Facture FA-010|50,00|0,00|||20261104||
        """

    /// How the fixture is written.
    enum Variant: String, Sendable, CaseIterable, CustomStringConvertible {
        /// TAB-separated, LF, the legal column order.
        case tab
        /// `|`-separated, CRLF.
        case pipe
        /// TAB-separated, columns in another order, with the 4 extra columns of the BNC/BA variant.
        case extended
        var description: String { rawValue }
    }

    static let extraColumns = ["DateRglt", "ModeRglt", "NatOp", "IdClient"]
    /// A permutation of the 18 columns: where each output column comes from.
    static let shuffled = [8, 3, 0, 1, 2, 4, 5, 6, 7, 9, 10, 13, 14, 11, 12, 15, 17, 16]

    static func text(_ variant: Variant, header: String = header, rows: String = rows) -> String {
        let lines = [header] + rows.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        switch variant {
        case .tab:
            return lines.map { $0.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\t") }.joined(separator: "\n") + "\n"
        case .pipe:
            return lines.joined(separator: "\r\n") + "\r\n"
        case .extended:
            return lines.enumerated().map { i, line in
                let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                let extra = i == 0 ? extraColumns : ["", "VIR", "", ""]
                return (shuffled.map { fields[$0] } + extra).joined(separator: "\t")
            }.joined(separator: "\n") + "\n"
        }
    }

    static func bytes(_ variant: Variant) -> [UInt8] { Array(text(variant).utf8) }

    static let asOf = CivilDate(year: 2026, month: 11, day: 20)!

    static func options(asOf: CivilDate = asOf, bankBookedUntil: CivilDate? = nil) -> FECOptions {
        FECOptions(entity: "FR", currency: .eur, asOf: asOf, bankBookedUntil: bankBookedUntil)
    }

    static func read(_ variant: Variant = .tab, options: FECOptions = options()) -> FECLedger {
        FECReader.read(bytes: bytes(variant), file: "fr/123456789FEC20261120.txt", options: options)
    }
}
