import Testing
@testable import RelanceKit

struct HeaderNormalizeCase: Sendable, CustomTestStringConvertible {
    let text: String
    let key: String
    var testDescription: String { text.isEmpty ? "(empty)" : text }
}

struct CSVSchemaTests {
    static let normalizeCases: [HeaderNormalizeCase] = [
        .init(text: "N° facture", key: "nfacture"),
        .init(text: "Numéro de facture", key: "numerodefacture"),
        .init(text: "Date d'échéance", key: "datedecheance"),
        .init(text: "Invoice No.", key: "invoiceno"),
        .init(text: "PieceRef", key: "pieceref"),
        .init(text: "  customer_id ", key: "customerid"),
        .init(text: "DATE D’ÉCHÉANCE", key: "datedecheance"),
        .init(text: "Montant TTC (€)", key: "montantttc"),
        .init(text: "Crédit", key: "credit"),
        .init(text: "Débit", key: "debit"),
        .init(text: "Libellé", key: "libelle"),
        .init(text: "à â ä", key: "aaa"),
        .init(text: "è ê ë", key: "eee"),
        .init(text: "Ç ô ö û ù ü î ï ÿ ñ", key: "coouuuiiyn"),
        .init(text: "Œuvre Æther Straße", key: "oeuvreaetherstrasse"),
        .init(text: "Date\u{0301}", key: "date"),  // combining accent dropped
        .init(text: "1-30", key: "130"),
        .init(text: "", key: ""),
        .init(text: "---", key: ""),
    ]

    @Test(arguments: normalizeCases)
    func normalizesHeader(_ c: HeaderNormalizeCase) {
        #expect(HeaderName.normalize(c.text) == c.key)
    }

    static let ledger = CSVSchema([
        ColumnSpec("document", required: true, aliases: ["N° facture", "Numéro de facture", "Invoice No", "PieceRef"]),
        ColumnSpec("customer_id", required: true, aliases: ["Code client", "Customer", "Compte"]),
        ColumnSpec("amount", required: true, aliases: ["Montant", "Montant TTC", "Amount"]),
        ColumnSpec("document_date", required: true, aliases: ["Date facture", "Invoice date"]),
        ColumnSpec("due_date", aliases: ["Date d'échéance", "Échéance", "Due date"]),
        ColumnSpec("currency", aliases: ["Devise"]),
    ])

    @Test func matchesAliasesAcrossLanguagesAndSpelling() {
        let m = Self.ledger.match(header: ["numero de FACTURE", "Code Client", "MONTANT TTC", "date_facture", "Date d’échéance", "devise"])
        #expect(m["document"] == 0)
        #expect(m["customer_id"] == 1)
        #expect(m["amount"] == 2)
        #expect(m["document_date"] == 3)
        #expect(m["due_date"] == 4)
        #expect(m["currency"] == 5)
        #expect(m.matchedCount == 6)
        #expect(m.missing == [])
        #expect(m.unknown == [])
        #expect(m.duplicates == [])
    }

    @Test func canonicalNamesAlwaysMatch() {
        let m = Self.ledger.match(header: ["Document", "CUSTOMER ID", "amount", "Document-Date"])
        #expect(m["document"] == 0)
        #expect(m["customer_id"] == 1)
        #expect(m["amount"] == 2)
        #expect(m["document_date"] == 3)
        #expect(m["due_date"] == nil)
        #expect(m.missing == [])
    }

    @Test func listsMissingRequiredInSchemaOrderAndUnknown() {
        let m = Self.ledger.match(header: ["Montant", "Remarque", "PieceRef", "", "  "])
        #expect(m["amount"] == 0)
        #expect(m["document"] == 2)
        #expect(m.missing == ["customer_id", "document_date"])
        #expect(m.unknown == ["Remarque"])
        #expect(m.header == ["Montant", "Remarque", "PieceRef", "", "  "])
        #expect(m.matchedCount == 2)
    }

    @Test func firstColumnWinsAndLaterIsDuplicate() {
        let m = Self.ledger.match(header: ["Invoice No", "N° facture", "Customer", "Amount", "Montant", "Invoice date"])
        #expect(m["document"] == 0)
        #expect(m["amount"] == 3)
        #expect(m.duplicates == ["N° facture", "Montant"])
        #expect(m.unknown == [])
        #expect(m.missing == [])
    }

    @Test func overridesFromTheConf() {
        let m = Self.ledger.match(
            header: ["Réf. pièce", "Tiers", "Montant", "Date", "Montant"],
            overrides: ["REF PIECE": "document", "tiers": "Customer_ID", "date": "document_date", "Montant": "amount"])
        #expect(m["document"] == 0)
        #expect(m["customer_id"] == 1)
        #expect(m["amount"] == 2)
        #expect(m["document_date"] == 3)
        #expect(m.duplicates == ["Montant"])
        #expect(m.missing == [])
        #expect(m.headerText(of: "document") == "Réf. pièce")
    }

    @Test func overrideTakesPrecedenceOverAlias() {
        // The conf says this export's "Compte" is the general account, not the customer.
        let m = Self.ledger.match(header: ["Compte", "Code client"], overrides: ["Compte": "ignored_account"])
        #expect(m["customer_id"] == 1)
        #expect(m["ignored_account"] == 0)
        #expect(m.duplicates == [])
    }
}
