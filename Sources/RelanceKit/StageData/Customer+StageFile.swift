extension Customer: StageRecord {
    static let stageColumns = ["entity", "customer_id", "name", "email", "cc", "contact_name", "language", "country",
                               "address1", "address2", "postcode", "city", "terms", "segment", "plan", "sales_rep",
                               "iban", "vat_number", "phone"]

    var stageCells: [String] {
        [entity, id, name, emails.map(\.address).joined(separator: ";"), cc.map(\.address).joined(separator: ";"),
         contactName, language?.rawValue ?? "", country, address1, address2, postcode, city, terms, segment, plan,
         salesRep?.address ?? "", ibans.joined(separator: ";"), vatNumber, phone]
    }

    init(stage r: StageFileReader, columns c: [Int]) throws(StageDataError) {
        func addresses(_ i: Int) -> [MailAddress] {
            r.text(i).split(separator: ";").map { MailAddress(displayName: nil, address: String($0)) }
        }
        self.init(entity: r.text(c[0]), id: r.text(c[1]), name: r.text(c[2]), emails: addresses(c[3]), cc: addresses(c[4]),
                  contactName: r.text(c[5]), language: Language(rawValue: r.text(c[6])), country: r.text(c[7]),
                  address1: r.text(c[8]), address2: r.text(c[9]), postcode: r.text(c[10]), city: r.text(c[11]),
                  terms: r.text(c[12]), segment: r.text(c[13]), plan: r.text(c[14]), salesRep: addresses(c[15]).first,
                  ibans: r.text(c[16]).split(separator: ";").map(String.init), vatNumber: r.text(c[17]), phone: r.text(c[18]))
    }
}
