/// The fixed words of a letter in each language: the registered mention, the table's headings, the
/// payment block; and those of the statement of account attached to e-mails (`AccountStatement`).
struct LetterLabels {
    var registered: String
    var attention: String
    var document: String
    var date: String
    var due: String
    var amount: String
    var open: String
    var daysLate: String
    var interest: String
    var indemnity: String
    var total: String
    var claimed: String
    var payment: String
    var reference: String
    var scan: String
    var page: String
    // The statement of account: its title, the as-of line, the customer's number, the document
    // column (invoices and credits alike), the days column and the overdue part of the balance.
    var statement: String
    var statementAsOf: String
    var customerNumber: String
    var item: String
    var daysOverdue: String
    var balance: String
    var overdue: String
    var noOpenItems: String

    static func of(_ language: Language) -> LetterLabels {
        switch language {
        case .fr:
            LetterLabels(registered: "Lettre recommandée avec accusé de réception", attention: "À l'attention de",
                         document: "Facture", date: "Date", due: "Échéance", amount: "Montant TTC", open: "Reste dû",
                         daysLate: "Jours", interest: "Intérêts", indemnity: "Indemnité", total: "Total",
                         claimed: "Montant réclamé", payment: "Règlement par virement", reference: "Référence à indiquer",
                         scan: "Scannez pour payer", page: "Page",
                         statement: "Relevé de compte", statementAsOf: "Situation au", customerNumber: "Client n°", item: "Pièce",
                         daysOverdue: "Jours de retard", balance: "Solde", overdue: "Dont échu", noOpenItems: "Aucune pièce ouverte.")
        case .en:
            LetterLabels(registered: "Registered letter with proof of delivery", attention: "For the attention of",
                         document: "Invoice", date: "Date", due: "Due date", amount: "Amount", open: "Open",
                         daysLate: "Days", interest: "Interest", indemnity: "Fixed sum", total: "Total",
                         claimed: "Amount claimed", payment: "Payment by bank transfer", reference: "Reference to quote",
                         scan: "Scan to pay", page: "Page",
                         statement: "Statement of account", statementAsOf: "As of", customerNumber: "Customer no.", item: "Document",
                         daysOverdue: "Days overdue", balance: "Balance", overdue: "Of which overdue", noOpenItems: "No open items.")
        case .de:
            LetterLabels(registered: "Einschreiben mit Rückschein", attention: "z. Hd.",
                         document: "Rechnung", date: "Datum", due: "Fällig am", amount: "Betrag", open: "Offen",
                         daysLate: "Tage", interest: "Zinsen", indemnity: "Pauschale", total: "Summe",
                         claimed: "Geforderter Betrag", payment: "Zahlung per Überweisung", reference: "Verwendungszweck",
                         scan: "Zum Bezahlen scannen", page: "Seite",
                         statement: "Kontoauszug", statementAsOf: "Stand", customerNumber: "Kundennr.", item: "Beleg",
                         daysOverdue: "Tage überfällig", balance: "Saldo", overdue: "Davon fällig", noOpenItems: "Keine offenen Posten.")
        case .nl:
            LetterLabels(registered: "Aangetekende brief met ontvangstbewijs", attention: "Ter attentie van",
                         document: "Factuur", date: "Datum", due: "Vervaldag", amount: "Bedrag", open: "Openstaand",
                         daysLate: "Dagen", interest: "Interesten", indemnity: "Vergoeding", total: "Totaal",
                         claimed: "Gevorderd bedrag", payment: "Betaling per overschrijving", reference: "Te vermelden referentie",
                         scan: "Scan om te betalen", page: "Pagina",
                         statement: "Rekeningoverzicht", statementAsOf: "Stand op", customerNumber: "Klantnr.", item: "Document",
                         daysOverdue: "Dagen te laat", balance: "Saldo", overdue: "Waarvan vervallen", noOpenItems: "Geen openstaande posten.")
        }
    }
}
