/// A customer of the customers file: who to write to, in which language, where to post letters.
public struct Customer: Sendable, Equatable {
    /// The entity this row is for; empty when the customer is shared by every entity.
    public var entity: String
    public var id: String
    /// Legal name.
    public var name: String
    /// Valid To addresses (invalid ones are reported at ingest and dropped).
    public var emails: [MailAddress]
    public var cc: [MailAddress]
    public var contactName: String
    public var language: Language?
    /// ISO 3166 alpha-2, upper case; empty when unknown.
    public var country: String
    public var address1: String
    public var address2: String
    public var postcode: String
    public var city: String
    public var terms: String
    /// Free label for plan rules, e.g. `key_account`, `consumer`.
    public var segment: String
    /// An explicit plan overriding the rules.
    public var plan: String
    public var salesRep: MailAddress?
    /// Payer IBANs, normalised.
    public var ibans: [String]
    public var vatNumber: String
    public var phone: String

    public init(entity: String = "", id: String, name: String, emails: [MailAddress] = [], cc: [MailAddress] = [],
                contactName: String = "", language: Language? = nil, country: String = "", address1: String = "",
                address2: String = "", postcode: String = "", city: String = "", terms: String = "",
                segment: String = "", plan: String = "", salesRep: MailAddress? = nil, ibans: [String] = [],
                vatNumber: String = "", phone: String = "") {
        self.entity = entity
        self.id = id
        self.name = name
        self.emails = emails
        self.cc = cc
        self.contactName = contactName
        self.language = language
        self.country = country
        self.address1 = address1
        self.address2 = address2
        self.postcode = postcode
        self.city = city
        self.terms = terms
        self.segment = segment
        self.plan = plan
        self.salesRep = salesRep
        self.ibans = ibans
        self.vatNumber = vatNumber
        self.phone = phone
    }
}

/// The customers of a run, looked up by entity and id; a row without entity serves every entity.
public struct CustomerDirectory: Sendable {
    private var byKey: [CustomerKey: Customer] = [:]
    private var shared: [String: Customer] = [:]
    private var ids: Set<String> = []

    public init(_ customers: [Customer]) {
        for c in customers {
            if c.entity.isEmpty { shared[c.id] = c } else { byKey[CustomerKey(entity: c.entity, customerID: c.id)] = c }
            ids.insert(c.id)
        }
    }

    public subscript(entity: String, id: String) -> Customer? {
        byKey[CustomerKey(entity: entity, customerID: id)] ?? shared[id]
    }

    /// The customer's payment terms text, without copying the whole customer: asked for every
    /// document whose due date comes from the terms.
    public func terms(entity: String, id: String) -> String? {
        if let i = byKey.index(forKey: CustomerKey(entity: entity, customerID: id)) { return byKey.values[i].terms }
        return shared.index(forKey: id).map { shared.values[$0].terms }
    }

    public func contains(id: String) -> Bool {
        ids.contains(id)
    }
}
