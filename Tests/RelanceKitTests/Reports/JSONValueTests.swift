import Testing
@testable import RelanceKit

@Suite("JSONValue")
struct JSONValueTests {
    @Test("nested values: two-space indent, fixed key order, a final newline")
    func nested() {
        let value = JSONValue.object([
            ("a", .integer(1)),
            ("b", .array([.string("x\"y\n\\"), .bool(true), .bool(false), .null, .object([]), .integer(-42)])),
            ("c", .object([("d", .number("12.30")), ("e", .array([])), ("z", .string(""))])),
            ("é", .string("tab\there \u{01} café")),
        ])
        #expect(value.text() == """
            {
              "a": 1,
              "b": [
                "x\\"y\\n\\\\",
                true,
                false,
                null,
                {},
                -42
              ],
              "c": {
                "d": 12.30,
                "e": [],
                "z": ""
              },
              "é": "tab\\there \\u0001 café"
            }

            """)
    }

    struct ScalarJSONCase: CustomTestStringConvertible, Sendable {
        let name: String
        let value: JSONValue
        let text: String
        var testDescription: String { name }
    }

    static let scalarCases: [ScalarJSONCase] = [
        ScalarJSONCase(name: "string", value: .string("a/b"), text: "\"a/b\"\n"),
        ScalarJSONCase(name: "carriage return", value: .string("a\rb"), text: "\"a\\rb\"\n"),
        ScalarJSONCase(name: "control character 0x1F", value: .string("\u{1F}"), text: "\"\\u001f\"\n"),
        ScalarJSONCase(name: "integer min", value: .integer(Int64.min), text: "-9223372036854775808\n"),
        ScalarJSONCase(name: "number as written", value: .number("-0.05"), text: "-0.05\n"),
        ScalarJSONCase(name: "null", value: .null, text: "null\n"),
        ScalarJSONCase(name: "empty array", value: .array([]), text: "[]\n"),
        ScalarJSONCase(name: "empty object", value: .object([]), text: "{}\n"),
        ScalarJSONCase(name: "one-element array", value: .array([.integer(1)]), text: "[\n  1\n]\n"),
    ]

    @Test("scalars and empty containers", arguments: scalarCases)
    func scalars(_ c: ScalarJSONCase) {
        #expect(c.value.text() == c.text)
    }

    @Test(".raw embeds JSON text as is, re-indented to its depth")
    func raw() {
        let stage = JSONValue.object([("files", .integer(2)), ("rejected", .array([.string("a.csv")]))])
        let rawText = String(stage.text().dropLast())  // without its final newline, as ReportStage embeds it
        let value = JSONValue.object([
            ("run", .string("2026-11-20")),
            ("stages", .object([("ingest", .raw(rawText)), ("plan", .raw("{}"))])),
            ("list", .array([.raw("[\n  1,\n  2\n]")])),
        ])
        #expect(value.text() == """
            {
              "run": "2026-11-20",
              "stages": {
                "ingest": {
                  "files": 2,
                  "rejected": [
                    "a.csv"
                  ]
                },
                "plan": {}
              },
              "list": [
                [
                  1,
                  2
                ]
              ]
            }

            """)
        // The same text as if the stage's value had been nested directly.
        let nested = JSONValue.object([
            ("run", .string("2026-11-20")),
            ("stages", .object([("ingest", stage), ("plan", .object([]))])),
            ("list", .array([.array([.integer(1), .integer(2)])])),
        ])
        #expect(value.text() == nested.text())
        #expect(value == nested)
    }
}
