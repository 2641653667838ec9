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
    /// The 1-based line of the customer's row in its customers file, for the warnings that name it
    /// after the file was read (`W_DUPLICATE_CUSTOMER`); 0 when not read from a file. Stage files
    /// do not carry it: the ingest stage is the only one that reports on the inbox's lines.
    public var sourceLine: Int

    public init(entity: String = "", id: String, name: String, emails: [MailAddress] = [], cc: [MailAddress] = [],
                contactName: String = "", language: Language? = nil, country: String = "", address1: String = "",
                address2: String = "", postcode: String = "", city: String = "", terms: String = "",
                segment: String = "", plan: String = "", salesRep: MailAddress? = nil, ibans: [String] = [],
                vatNumber: String = "", phone: String = "", sourceLine: Int = 0) {
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
        self.sourceLine = sourceLine
    }
}

/// The customers of a run, looked up by entity and id; a row without entity serves every entity.
public struct CustomerDirectory: Sendable {
    /// The customers in file order; the dictionaries hold positions, so that asking for one field
    /// (the terms, for every document of a million-row ledger) reads that field alone instead of
    /// copying the whole customer out of a hash bucket.
    private var all: [Customer] = []
    private var byKey: [CustomerKey: Int] = [:]
    private var shared: [String: Int] = [:]
    private var ids: Set<String> = []

    public init(_ customers: [Customer]) {
        all = customers
        for (i, c) in customers.enumerated() {
            if c.entity.isEmpty { shared[c.id] = i } else { byKey[CustomerKey(entity: c.entity, customerID: c.id)] = i }
            ids.insert(c.id)
        }
    }

    private func position(entity: String, id: String) -> Int? {
        byKey[CustomerKey(entity: entity, customerID: id)] ?? shared[id]
    }

    public subscript(entity: String, id: String) -> Customer? {
        position(entity: entity, id: id).map { all[$0] }
    }

    /// The customer's payment terms text, without copying the whole customer: asked for every
    /// document whose due date comes from the terms.
    public func terms(entity: String, id: String) -> String? {
        position(entity: entity, id: id).map { all[$0].terms }
    }

    public func contains(id: String) -> Bool {
        ids.contains(id)
    }
}
