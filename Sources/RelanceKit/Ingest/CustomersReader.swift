/// Reads the customers file (`inputs.md`, "Customers CSV"). Bad e-mails, IBANs, countries and
/// languages are warnings: the customer stays, without the bad value. An incomplete postal address
/// or a postcode of the wrong shape for its country is a warning too, the address kept as given.
struct CustomersReader {
    let context: IngestContext
    /// A few terms texts on thousands of customers: each read once.
    private let termsCache = PaymentTermsCache()

    init(context: IngestContext) {
        self.context = context
    }

    func read(_ file: InboxFile, reader: CSVReader, match: ColumnMatch) -> FileReadResult<Customer> {
        var result = FileReadResult<Customer>()
        var seen: [String: Int] = [:]
        var warnings: [Reject] = []
        InputRow.readRows(reader, file: file.relativePath, match: match, into: &result) { input throws(Reject) in
            try parse(input, file: file, seen: &seen, warnings: &warnings).get()
        }
        result.rejects += warnings
        return result
    }

    private func parse(_ input: InputRow, file: InboxFile, seen: inout [String: Int],
                       warnings: inout [Reject]) -> Result<Customer?, Reject> {
        if let bad = input.fieldCountReject() { return .failure(bad) }
        let id = input.text("customer_id")
        let name = input.text("name")
        if id.isEmpty || name.isEmpty {
            let column = id.isEmpty ? "customer_id" : "name"
            return .failure(input.reject("E_MISSING_VALUE", column: column, "the \(column) is empty"))
        }
        var entity = input.text("entity")
        if entity.isEmpty, let folder = file.folderEntity { entity = folder }
        if !entity.isEmpty && context.config.entity(entity) == nil {
            return .failure(input.reject("E_UNKNOWN_ENTITY", column: "entity", "unknown entity `\(entity)`"))
        }
        let key = entity + "\u{1F}" + id
        if let earlier = seen[key] {
            return .failure(input.reject("E_DUPLICATE_CUSTOMER", column: "customer_id",
                                         "customer `\(id)` already appears on line \(earlier) of this file"))
        }
        seen[key] = input.row.line

        func warn(_ code: String, _ column: String, _ message: String) {
            warnings.append(input.reject(code, column: column, message, severity: .warning))
        }
        func addresses(_ column: String) -> [MailAddress] {
            let text = input.text(column)
            guard !text.isEmpty else { return [] }
            let parsed = MailAddress.parseList(text)
            for bad in parsed.invalid { warn("W_BAD_EMAIL", column, "`\(bad)` is not a valid e-mail address; it is not used") }
            return parsed.valid
        }

        var customer = Customer(entity: entity, id: id, name: name, sourceLine: input.row.line)
        customer.emails = addresses("email")
        customer.cc = addresses("cc")
        customer.salesRep = addresses("sales_rep").first
        customer.contactName = input.text("contact_name")
        let language = input.text("language").lowercased()
        if !language.isEmpty {
            if let l = Language(rawValue: language) { customer.language = l } else {
                warn("W_BAD_LANGUAGE", "language", "language `\(input.text("language"))` is not one of fr, en, nl, de; the conf's default is used")
            }
        }
        let country = input.text("country").uppercased()
        if !country.isEmpty {
            if Country.isKnown(country) { customer.country = country } else {
                warn("W_BAD_COUNTRY", "country", "`\(input.text("country"))` is not an ISO 3166 country code")
            }
        }
        for part in input.text("iban").split(separator: ";") {
            let iban = IBAN.normalize(String(part))
            if iban.isEmpty { continue }
            if IBAN.isValid(iban) { customer.ibans.append(iban) } else {
                warn("W_BAD_IBAN", "iban", "IBAN `\(part)` fails its check digits (mod 97)")
            }
        }
        customer.address1 = input.text("address1")
        customer.address2 = input.text("address2")
        customer.postcode = input.text("postcode")
        customer.city = input.text("city")
        for problem in PostalAddressCheck.problems(address1: customer.address1, postcode: customer.postcode,
                                                   city: customer.city, country: customer.country) {
            switch problem {
            case .incomplete(let missing):
                warn("W_INCOMPLETE_ADDRESS", missing[0], "the postal address has no \(missing.joined(separator: ", ")): a letter could not be posted")
            case .postcode(let expected):
                warn("W_BAD_POSTCODE", "postcode", "postcode `\(customer.postcode)` is not a \(customer.country) postcode (\(expected))")
            }
        }
        customer.terms = input.text("terms")
        customer.segment = input.text("segment")
        customer.plan = input.text("plan")
        customer.vatNumber = input.text("vat_number")
        customer.phone = input.text("phone")
        if !customer.terms.isEmpty && termsCache.terms(customer.terms) == nil {
            warn("W_BAD_TERMS", "terms", "cannot read the payment terms \"\(customer.terms)\"; the entity's default applies")
            customer.terms = ""
        }
        return .success(customer)
    }
}
