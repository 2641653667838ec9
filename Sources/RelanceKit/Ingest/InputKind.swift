/// What an inbox file is, recognised by its content (`inputs.md`): a CSV is classified by its header.
public enum InputKind: String, Sendable, CaseIterable {
    case openItems = "open_items"
    case customers
    case bankCSV = "bank_csv"
    case holds
    case matches
    /// The French Fichier des Écritures Comptables (recognised by its 18 standard column names).
    case fec
    /// An ISO 20022 bank statement or notification (camt.052, .053, .054).
    case camt
    case unknown

    /// How messages name the kind: "an open-items file".
    public var label: String {
        switch self {
        case .openItems: "an open-items (ledger)"
        case .customers: "a customers"
        case .bankCSV: "a bank"
        case .holds: "a holds"
        case .matches: "a manual matches"
        case .fec: "a FEC"
        case .camt: "a CAMT"
        case .unknown: "an unknown"
        }
    }

    /// The canonical columns and their aliases, in French and English, as the usual exports write them.
    /// Header names are compared with `HeaderName.normalize`, so case, accents, spaces and punctuation don't matter.
    public var schema: CSVSchema? {
        switch self {
        case .openItems: Self.openItemsSchema
        case .customers: Self.customersSchema
        case .bankCSV: Self.bankSchema
        case .holds: Self.holdsSchema
        case .matches: Self.matchesSchema
        case .fec, .camt, .unknown: nil
        }
    }

    // The usual exports: Sage (`N° pièce`, `Compte tiers`), Cegid (`Numéro de pièce`, `Auxiliaire`), Pennylane
    // (`Numéro de facture`, `Reste à payer`), Exact Online (`Factuurnummer`, `Relatiecode`, `Openstaand`),
    // QuickBooks (`Num`, `Open Balance`, `Credit Memo`), Odoo (`Number`, `Partner`, `Amount Due`).
    static let documentAliases = ["N° facture", "Numéro de facture", "Numero facture", "N° de facture", "Facture",
                                  "N° pièce", "Numéro de pièce", "Num pièce", "Pièce", "PieceRef", "Invoice No",
                                  "Invoice Number", "Invoice", "Invoice #", "Document No", "Document Number", "Doc No",
                                  "Number", "Numéro", "Num", "No.", "Factuurnummer", "Factuur", "Boekstuknummer",
                                  "Invoice/Bill Number", "Référence pièce"]
    static let customerIDAliases = ["Code client", "N° client", "Numéro client", "Compte client", "Client", "Code tiers",
                                    "Tiers", "Compte", "CompAuxNum", "Customer ID", "Customer No", "Customer Number",
                                    "Customer Code", "Customer Account", "Account No", "Debtor", "Debtor No", "Klantnummer",
                                    "Compte tiers", "Auxiliaire", "Compte auxiliaire", "Code auxiliaire", "Relatiecode",
                                    "Debiteurnummer", "Debiteurcode", "Account code", "Partner Reference", "Customer Ref"]

    static let openItemsSchema = CSVSchema([
        ColumnSpec("document", required: true, aliases: documentAliases),
        ColumnSpec("customer_id", required: true, aliases: customerIDAliases),
        ColumnSpec("amount", required: true, aliases: ["Montant TTC", "Montant", "Total TTC", "Montant facture", "Amount",
                                                       "Total", "Gross amount", "Invoice amount", "Amount incl. VAT", "Bedrag",
                                                       "Bedrag incl. BTW", "Factuurbedrag", "Total Amount", "Amount Total",
                                                       "Total Signed", "Montant total TTC"]),
        ColumnSpec("document_date", required: true, aliases: ["Date facture", "Date pièce", "Date de facture", "Date document",
                                                              "Date d'émission", "Date", "PieceDate", "Invoice Date",
                                                              "Document Date", "Issue Date", "Factuurdatum", "Date d'émission",
                                                              "Date comptable", "Boekdatum", "Invoice/Bill Date", "Txn Date"]),
        ColumnSpec("due_date", aliases: ["Échéance", "Date échéance", "Date d'échéance", "Due Date", "Due", "Payment due",
                                         "Date limite de paiement", "Vervaldatum", "Date Due", "Invoice Date Due"]),
        ColumnSpec("open_amount", aliases: ["Reste dû", "Reste à payer", "Restant dû", "Solde", "Montant restant", "Open Amount",
                                            "Balance", "Amount due", "Outstanding", "Residual", "Open", "Openstaand",
                                            "Montant restant dû", "Restant", "Reste à payer TTC", "Open Balance",
                                            "Openstaand saldo", "Openstaand bedrag", "Amount Residual", "Amount Due Signed"]),
        ColumnSpec("currency", aliases: ["Devise", "Monnaie", "Currency", "Idevise", "Munt", "Valuta", "Code devise"]),
        ColumnSpec("kind", aliases: ["Type", "Type de pièce", "Type de document", "Kind", "Document type"]),
        ColumnSpec("customer_name", aliases: ["Raison sociale", "Nom client", "Nom du client", "Nom", "Customer", "Customer name",
                                              "Client name", "Name", "CompAuxLib", "Klant", "Partner", "Relatie", "Debiteurnaam",
                                              "Intitulé tiers", "Libellé auxiliaire", "Customer full name"]),
        ColumnSpec("terms", aliases: ["Conditions", "Conditions de paiement", "Conditions de règlement", "Délai de paiement",
                                      "Terms", "Payment terms", "Betalingstermijn"]),
        ColumnSpec("entity", aliases: ["Entité", "Société", "Entity", "Company"]),
        ColumnSpec("po_number", aliases: ["Bon de commande", "N° commande", "N° de commande", "PO", "PO Number",
                                          "Purchase order", "Order No"]),
        ColumnSpec("external_ref", aliases: ["Référence externe", "Ref externe", "External ref", "External reference",
                                             "Your reference"]),
        ColumnSpec("payment_ref", aliases: ["Référence de paiement", "Référence paiement", "Communication structurée",
                                            "Structured reference", "Payment reference", "Gestructureerde mededeling"]),
    ])

    static let customersSchema = CSVSchema([
        ColumnSpec("customer_id", required: true, aliases: customerIDAliases + ["Code", "ID"]),
        ColumnSpec("name", required: true, aliases: ["Raison sociale", "Nom", "Nom client", "Société", "Name", "Customer name",
                                                     "Company", "Company name", "Customer", "Naam"]),
        ColumnSpec("email", aliases: ["E-mail", "Email", "Courriel", "Mail", "Adresse e-mail", "Adresse mail", "E-mail address"]),
        ColumnSpec("cc", aliases: ["Copie", "Cc", "E-mail copie"]),
        ColumnSpec("contact_name", aliases: ["Contact", "Interlocuteur", "Nom du contact", "Contact name", "Contactpersoon"]),
        ColumnSpec("language", aliases: ["Langue", "Language", "Taal", "Sprache"]),
        ColumnSpec("country", aliases: ["Pays", "Code pays", "Country", "Country code", "Land"]),
        ColumnSpec("address1", aliases: ["Adresse", "Adresse 1", "Adresse ligne 1", "Address", "Address 1", "Address line 1",
                                         "Street", "Rue", "Adres"]),
        ColumnSpec("address2", aliases: ["Adresse 2", "Adresse ligne 2", "Complément d'adresse", "Address 2", "Address line 2"]),
        ColumnSpec("postcode", aliases: ["Code postal", "CP", "Postcode", "Postal code", "Zip", "Zip code", "Postcode"]),
        ColumnSpec("city", aliases: ["Ville", "City", "Localité", "Town", "Gemeente", "Stad"]),
        ColumnSpec("terms", aliases: ["Conditions", "Conditions de paiement", "Délai de paiement", "Terms", "Payment terms"]),
        ColumnSpec("segment", aliases: ["Segment", "Catégorie", "Category"]),
        ColumnSpec("plan", aliases: ["Plan", "Plan de relance", "Scénario", "Dunning plan"]),
        ColumnSpec("sales_rep", aliases: ["Commercial", "E-mail commercial", "Sales rep", "Account manager", "Salesperson"]),
        ColumnSpec("iban", aliases: ["IBAN", "IBAN payeur", "Bank account"]),
        ColumnSpec("vat_number", aliases: ["N° TVA", "TVA intracommunautaire", "Numéro de TVA", "VAT number", "VAT", "BTW-nummer"]),
        ColumnSpec("entity", aliases: ["Entité", "Société", "Entity"]),
        ColumnSpec("phone", aliases: ["Téléphone", "Tél", "Tel", "Phone", "Telephone", "Telefoon"]),
    ])

    static let bankSchema = CSVSchema([
        ColumnSpec("booking_date", required: true, aliases: ["Date opération", "Date d'opération", "Date comptable",
                                                             "Date de comptabilisation", "Date", "Booking date", "Date de l'opération",
                                                             "Transaction date", "Datum", "Boekingsdatum"]),
        ColumnSpec("value_date", aliases: ["Date valeur", "Date de valeur", "Value date", "Valutadatum", "Valeurdatum"]),
        ColumnSpec("amount", aliases: ["Montant", "Montant opération", "Amount", "Bedrag", "Montant en euros",
                                       "Montant (EUR)", "Montant EUR"]),
        ColumnSpec("debit", aliases: ["Débit", "Debit", "Débit EUR", "Montant débit", "Débit euros", "Débit (EUR)"]),
        ColumnSpec("credit", aliases: ["Crédit", "Credit", "Crédit EUR", "Montant crédit", "Crédit euros", "Crédit (EUR)"]),
        ColumnSpec("currency", aliases: ["Devise", "Currency", "Munt"]),
        ColumnSpec("payer_name", aliases: ["Nom contrepartie", "Nom de la contrepartie", "Nom du tiers", "Counterparty",
                                           "Counterparty name", "Payer", "Payer name", "Naam tegenpartij",
                                           "Nom contrepartie contient", "Naam tegenpartij bevat"]),
        ColumnSpec("payer_iban", aliases: ["Contrepartie", "Compte contrepartie", "IBAN contrepartie", "Compte de la contrepartie",
                                           "Counterparty account", "Counterparty IBAN", "Payer IBAN", "Tegenrekening",
                                           "Rekening tegenpartij"]),
        ColumnSpec("remittance", required: true, aliases: ["Libellé", "Libellé opération", "Libellé de l'opération", "Communication",
                                                           "Motif", "Description", "Details", "Remittance", "Remittance information",
                                                           "Mededeling", "Omschrijving", "Communications", "Mededelingen",
                                                           "Libellé complet"]),
        ColumnSpec("bank_reference", aliases: ["Référence", "Référence opération", "Référence banque", "N° opération",
                                               "Bank reference", "Reference", "Transaction ID", "Numéro de transaction",
                                               "Transactienummer"]),
        ColumnSpec("account", aliases: ["Compte", "Numéro de compte", "Account", "IBAN", "Rekening"]),
    ])

    static let holdsSchema = CSVSchema([
        ColumnSpec("kind", required: true, aliases: ["Type", "Nature", "Type de blocage"]),
        ColumnSpec("customer_id", required: true, aliases: customerIDAliases),
        ColumnSpec("entity", aliases: ["Entité", "Société"]),
        ColumnSpec("document", aliases: documentAliases),
        ColumnSpec("until", aliases: ["Jusqu'au", "Date de fin", "Échéance promise", "Until", "End date"]),
        ColumnSpec("amount", aliases: ["Montant", "Montant promis", "Amount"]),
        ColumnSpec("note", aliases: ["Commentaire", "Motif", "Note", "Comment"]),
        ColumnSpec("by", aliases: ["Par", "Auteur", "Saisi par", "By", "Author"]),
    ])

    static let matchesSchema = CSVSchema([
        ColumnSpec("bank_line_id", required: true, aliases: ["Bank line", "Ligne bancaire"]),
        ColumnSpec("documents", required: true, aliases: ["Factures", "Documents"]),
        ColumnSpec("amounts", aliases: ["Montants", "Amounts"]),
        ColumnSpec("entity", aliases: ["Entité"]),
    ])

    /// The kind whose schema the header fits best: the largest share of required columns found, then
    /// the most columns found. A header that fits none (fewer than half of every kind's required
    /// columns) is `unknown`.
    ///
    /// - Parameter bankOverrides: the `[bank_csv]` mapping (header text → canonical bank column), used
    ///   for the bank schema only, on top of `overrides`.
    public static func classify(header: [String], overrides: [String: String],
                                bankOverrides: [String: String] = [:]) -> (kind: InputKind, match: ColumnMatch?) {
        var best: (kind: InputKind, match: ColumnMatch, required: Int, total: Int, share: Double)? = nil
        for kind in allCases {
            guard let schema = kind.schema else { continue }
            let m = schema.match(header: header, overrides: kind == .bankCSV && !bankOverrides.isEmpty
                                 ? overrides.merging(bankOverrides) { _, bank in bank } : overrides)
            let requiredTotal = schema.specs.filter(\.required).count
            let requiredFound = requiredTotal - m.missing.count
            let share = Double(requiredFound) / Double(max(requiredTotal, 1))
            guard requiredFound >= 1, share >= 0.5 else { continue }
            if best == nil || share > best!.share || (share == best!.share && m.matchedCount > best!.total) {
                best = (kind, m, requiredFound, m.matchedCount, share)
            }
        }
        guard let best else { return (.unknown, nil) }
        return (best.kind, best.match)
    }

    /// Whether a header names every column this kind needs: its required columns, and for a bank
    /// file an amount (a signed `amount`, or `debit`/`credit`).
    public static func isComplete(_ kind: InputKind, _ match: ColumnMatch?) -> Bool {
        guard kind != .unknown, let match, match.missing.isEmpty else { return false }
        if kind == .bankCSV { return match["amount"] != nil || match["credit"] != nil || match["debit"] != nil }
        return true
    }
}
