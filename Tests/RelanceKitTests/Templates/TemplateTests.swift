import Testing
@testable import RelanceKit

@Suite("Template")
struct TemplateTests {
    static let nb = "\u{00A0}"

    static let context: TemplateContext = {
        var c = TemplateContext()
        c["as_of"] = .date(CivilDate(iso: "2026-11-20")!)
        c["total"] = .money(Money(minorUnits: 123456, currency: .eur))
        c["zero"] = .money(.zero(.eur))
        c["count"] = .integer(2)
        c["none"] = .integer(0)
        c["urgent"] = .bool(true)
        c["quiet"] = .bool(false)
        c["empty"] = .text("")
        c["name"] = .text("Dupont & Fils <SARL>")
        c["customer"] = .context(TemplateContext([
            "contact_name": .text("Mme Martin"),
            "address": .context(TemplateContext(["city": .text("Lyon")])),
        ]))
        c["customer.code"] = .text("C042")
        c["invoices"] = .list([
            TemplateContext(["number": .text("F-1"), "open": .money(Money(minorUnits: 100000, currency: .eur)), "due_date": .date(CivilDate(iso: "2026-10-01")!)]),
            TemplateContext(["number": .text("F-2"), "open": .money(Money(minorUnits: 23456, currency: .eur)), "due_date": .date(CivilDate(iso: "2026-12-01")!)]),
        ])
        c["credits"] = .list([])
        return c
    }()

    private func render(_ text: String, _ language: Language = .fr, escaping: TemplateEscaping = .none) throws -> String {
        try Template.parse(text, name: "t.txt").render(Self.context, language: language, escaping: escaping)
    }

    @Test(arguments: [
        ("Bonjour {{customer.contact_name}},", "Bonjour Mme Martin,"),
        ("{{ customer.address.city }}", "Lyon"),
        ("{{customer.code}}", "C042"),
        ("{{count}} factures", "2 factures"),
        ("{{total}}", "1\(nb)234,56\(nb)€"),
        ("{{as_of}}", "20 novembre 2026"),
        ("{{as_of|short}}", "20/11/2026"),
        ("{{as_of|iso}}", "2026-11-20"),
        ("{{total|plain}}", "1234.56"),
        ("{{customer.contact_name|upper}}", "MME MARTIN"),
        ("{{ total | plain }}", "1234.56"),
        ("{{urgent}}", "true"),
        ("no tags at all", "no tags at all"),
        ("a {{! a comment }}b", "a b"),
        ("{ single } braces", "{ single } braces"),
        ("{{#invoices}}{{number}}:{{open}};{{/invoices}}", "F-1:1\(nb)000,00\(nb)€;F-2:234,56\(nb)€;"),
        ("{{#invoices}}{{number}} ({{customer.contact_name}}) {{/invoices}}", "F-1 (Mme Martin) F-2 (Mme Martin) "),
        ("{{#customer}}{{contact_name}}, {{address.city}}, {{count}}{{/customer}}", "Mme Martin, Lyon, 2"),
        ("{{#customer}}{{#address}}{{city}}/{{contact_name}}{{/address}}{{/customer}}", "Lyon/Mme Martin"),
        ("{{#invoices}}{{#urgent}}!{{/urgent}}{{number}}{{/invoices}}", "!F-1!F-2"),
        ("{{#urgent}}yes{{/urgent}}{{#quiet}}no{{/quiet}}", "yes"),
        ("{{#empty}}x{{/empty}}{{^empty}}empty{{/empty}}", "empty"),
        ("{{#total}}due{{/total}}{{#zero}}never{{/zero}}{{^zero}}nothing{{/zero}}", "duenothing"),
        ("{{#count}}n{{/count}}{{#none}}z{{/none}}{{^none}}zero{{/none}}", "n zero".replacingSpace),
        ("{{^credits}}no credit{{/credits}}{{#credits}}credit{{/credits}}", "no credit"),
        ("{{^invoices}}none{{/invoices}}", ""),
        ("{{^quiet}}calm{{/quiet}}", "calm"),
    ])
    func renders(_ template: String, _ expected: String) throws {
        #expect(try render(template) == expected)
    }

    @Test func standaloneLines() throws {
        let text = """
        Factures :
        {{#invoices}}
          - {{number}} due {{due_date|short}}
        {{/invoices}}
        {{^credits}}
        Aucun avoir.
        {{/credits}}
          {{! comment on its own line }}
        Fin {{#urgent}}!{{/urgent}}
        {{#quiet}}  {{/quiet}}
        """
        let expected = """
        Factures :
          - F-1 due 01/10/2026
          - F-2 due 01/12/2026
        Aucun avoir.
        Fin !

        """
        #expect(try render(text) == expected)
    }

    @Test func standaloneWithCRLF() throws {
        #expect(try render("a\r\n{{#urgent}}\r\nb\r\n{{/urgent}}\r\nc") == "a\r\nb\r\nc")
    }

    @Test func htmlEscaping() throws {
        #expect(try render("<p>{{name}}</p>", escaping: .html) == "<p>Dupont &amp; Fils &lt;SARL&gt;</p>")
        var c = TemplateContext()
        c["q"] = .text(#"a "b" 'c'"#)
        #expect(try Template.parse("{{q}}", name: "h").render(c, language: .en, escaping: .html) == "a &quot;b&quot; &#39;c&#39;")
        #expect(try render("{{name}}") == "Dupont & Fils <SARL>")
    }

    @Test func sameDataInFrenchAndEnglish() throws {
        let t = "{{total}} au {{as_of}} ({{as_of|short}})"
        #expect(try render(t, .fr) == "1\(Self.nb)234,56\(Self.nb)€ au 20 novembre 2026 (20/11/2026)")
        #expect(try render(t, .en) == "€1,234.56 au 20 November 2026 (20/11/2026)")
        #expect(try render(t, .de) == "1.234,56\(Self.nb)€ au 20. November 2026 (20.11.2026)")
        #expect(try render(t, .nl) == "1.234,56\(Self.nb)€ au 20 november 2026 (20/11/2026)")
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let text: String
        let kind: TemplateError.Kind
        let line: Int
        let column: Int
        var testDescription: String { text.debugDescription }
    }

    static let parseErrors: [Bad] = [
        Bad(text: "Hello {{name", kind: .unterminatedTag, line: 1, column: 7),
        Bad(text: "a\nb {{x}} {{#s}}\n\n  {{y", kind: .unterminatedTag, line: 4, column: 3),
        // A `}}` forgotten at the end of a line is reported there, not as a field running to the next tag.
        Bad(text: "Le {{as_of\nsuite {{total_open}}", kind: .unterminatedTag, line: 1, column: 4),
        Bad(text: "{{#invoices}}\n{{number}}\n", kind: .unclosedSection("invoices"), line: 1, column: 1),
        Bad(text: "x\n  {{#a}}{{#b}}{{/b}}", kind: .unclosedSection("a"), line: 2, column: 3),
        Bad(text: "x\n{{/invoices}}", kind: .unexpectedClose("invoices"), line: 2, column: 1),
        Bad(text: "{{#a}}\n  {{#b}}\n  {{/a}}\n{{/b}}", kind: .mismatchedClose(expected: "b", found: "a"), line: 3, column: 3),
        Bad(text: "été {{}}", kind: .emptyTag, line: 1, column: 5),
        Bad(text: "{{ }}", kind: .emptyTag, line: 1, column: 1),
        Bad(text: "\n\n{{#}}{{/}}", kind: .emptyTag, line: 3, column: 1),
        Bad(text: "{{|short}}", kind: .emptyTag, line: 1, column: 1),
        Bad(text: "€ {{as_of|long}}", kind: .unknownFormatter("long"), line: 1, column: 3),
        Bad(text: "{{as_of|}}", kind: .unknownFormatter(""), line: 1, column: 1),
    ]

    @Test(arguments: parseErrors)
    func parseError(_ c: Bad) {
        #expect(throws: TemplateError(kind: c.kind, template: "t.txt", line: c.line, column: c.column)) {
            try Template.parse(c.text, name: "t.txt")
        }
    }

    static let renderErrors: [Bad] = [
        Bad(text: "Bonjour {{customer.first_name}}", kind: .unknownField("customer.first_name"), line: 1, column: 9),
        Bad(text: "x\n{{#invoices}}\n {{amount}}\n{{/invoices}}", kind: .unknownField("amount"), line: 3, column: 2),
        Bad(text: "{{#missing}}x{{/missing}}", kind: .unknownField("missing"), line: 1, column: 1),
        Bad(text: "{{^missing}}x{{/missing}}", kind: .unknownField("missing"), line: 1, column: 1),
        Bad(text: "{{name.first}}", kind: .unknownField("name.first"), line: 1, column: 1),
        Bad(text: "{{#invoices}}{{/invoices}}{{number}}", kind: .unknownField("number"), line: 1, column: 27),
        Bad(text: "{{invoices}}", kind: .notPrintable("invoices"), line: 1, column: 1),
    ]

    @Test(arguments: renderErrors)
    func renderError(_ c: Bad) throws {
        let t = try Template.parse(c.text, name: "t.txt")
        #expect(throws: TemplateError(kind: c.kind, template: "t.txt", line: c.line, column: c.column)) {
            try t.render(Self.context, language: .fr)
        }
    }

    @Test func errorDescription() {
        let e = TemplateError(kind: .unknownField("customer.nom"), template: "templates/fr/first.txt", line: 3, column: 12)
        #expect(e.description == "templates/fr/first.txt:3:12: error: unknown field `customer.nom`")
        let m = TemplateError(kind: .mismatchedClose(expected: "b", found: "a"), template: "x", line: 1, column: 2)
        #expect(m.description == "x:1:2: error: `{{/a}}` found where `{{/b}}` was expected")
    }

    @Test func unknownFieldsAgainstSchema() throws {
        let schema = TemplateSchema(
            fields: ["as_of", "customer.contact_name", "urgent", "total"],
            sections: [
                "invoices": TemplateSchema(fields: ["number", "open", "due_date"]),
                "entity": TemplateSchema(fields: ["name", "iban"]),
            ]
        )
        let text = """
        {{customer.contact_name}} {{customer.nom}}
        {{#invoices}}
          {{number}} {{as_of}} {{amount}} {{entity.name}}
          {{#urgent}}{{open}}{{/urgent}}{{#late}}{{/late}}
        {{/invoices}}
        {{number}} {{entity.name}} {{entity.bic}}
        {{#entity}}{{iban}} {{total}} {{bic}}{{/entity}}
        {{! not_a_field is only a comment }}
        """
        let t = try Template.parse(text, name: "first.txt")
        let found = t.unknownFields(schema).map { "\($0.line):\($0.column) \($0.kind)" }
        #expect(found == [
            "1:27 unknownField(\"customer.nom\")",
            "3:24 unknownField(\"amount\")",
            "4:33 unknownField(\"late\")",
            "6:1 unknownField(\"number\")",
            "6:28 unknownField(\"entity.bic\")",
            "7:31 unknownField(\"bic\")",
        ])
        #expect(try Template.parse("{{as_of|short}} {{#invoices}}{{number}}{{/invoices}}", name: "ok").unknownFields(schema).isEmpty)
    }
}

extension String {
    fileprivate var replacingSpace: String { filter { $0 != " " } }
}
