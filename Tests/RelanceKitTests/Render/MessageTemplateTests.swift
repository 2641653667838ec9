import Foundation
import Testing
@testable import RelanceKit

enum RenderTestPaths {
    static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()
    static var demo: String { repository + "/pipelines/demo" }
    static var templates: String { demo + "/templates" }

    /// A fresh temporary directory holding `LANG/NAME.txt` (and `.html`) files.
    static func templateDirectory(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relance-templates-\(UUID().uuidString)")
        for (name, text) in files {
            let url = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return directory
    }
}

@Suite("MessageTemplate")
struct MessageTemplateTests {
    struct DemoTemplateCase: CustomTestStringConvertible, Sendable {
        let language: Language
        let name: String
        var testDescription: String { "\(language.rawValue)/\(name)" }
    }

    static let demoCases: [DemoTemplateCase] = [Language.fr, .en].flatMap { l in
        ["preventive", "reminder-1", "reminder-2", "reminder-3"].map { DemoTemplateCase(language: l, name: $0) }
    }

    @Test("every demo template loads and names only known fields", arguments: demoCases)
    func demoTemplate(_ c: DemoTemplateCase) throws {
        let t = try MessageTemplate.load(directory: RenderTestPaths.templates, language: c.language, name: c.name)
        #expect(t.path == RenderTestPaths.templates + "/\(c.language.rawValue)/\(c.name).txt")
        #expect(t.unknownFields(MessageData.schema).map(\.description) == [])
    }

    @Test("the demo has a template for every e-mail step of standard-fr, in fr and en")
    func demoCoversThePlan() throws {
        let plan = try DunningPlan.load(path: RenderTestPaths.demo + "/plans/standard-fr.plan")
        let emailTemplates = plan.steps.filter { $0.channel == .email }.map(\.template)
        #expect(emailTemplates == ["preventive", "reminder-1", "reminder-2", "reminder-3"])
        for language in [Language.fr, .en] {
            for name in emailTemplates {
                #expect(FileManager.default.fileExists(atPath: RenderTestPaths.templates + "/\(language.rawValue)/\(name).txt"))
            }
        }
    }

    struct UnknownFieldCase: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let html: String?
        /// `file:line:column: error: message`, the file relative to the temp directory.
        let expected: [String]
        var testDescription: String { name }
    }

    static let unknownFieldCases: [UnknownFieldCase] = [
        UnknownFieldCase(name: "in the subject", text: "Rappel {{customer.nom}}\n\nBonjour,\n", html: nil,
                         expected: ["fr/t.txt:1:8: error: unknown field `customer.nom`"]),
        // The column is the file's: `{{` is the 17th character of `Subject: Rappel {{customer.nom}}`.
        UnknownFieldCase(name: "in the subject after `Subject:`", text: "Subject: Rappel {{customer.nom}}\n\nBonjour,\n", html: nil,
                         expected: ["fr/t.txt:1:17: error: unknown field `customer.nom`"]),
        UnknownFieldCase(name: "in the body after the blank line", text: "Rappel\n\nBonjour,\n\nMontant : {{total_du}}\n", html: nil,
                         expected: ["fr/t.txt:5:11: error: unknown field `total_du`"]),
        UnknownFieldCase(name: "in the body without a blank line", text: "Rappel\nBonjour {{client}},\n", html: nil,
                         expected: ["fr/t.txt:2:9: error: unknown field `client`"]),
        UnknownFieldCase(name: "inside a section", text: "Rappel\n\n{{#invoices}}\n- {{document}} {{montant}}\n{{/invoices}}\n", html: nil,
                         expected: ["fr/t.txt:4:16: error: unknown field `montant`"]),
        UnknownFieldCase(name: "with CRLF line ends", text: "Rappel\r\n\r\nLigne\r\n{{oops}}\r\n", html: nil,
                         expected: ["fr/t.txt:4:1: error: unknown field `oops`"]),
        UnknownFieldCase(name: "in the HTML part, lines of the .html file", text: "Rappel\n\nBonjour\n",
                         html: "<p>Bonjour</p>\n<p>{{customer.nom}}</p>\n",
                         expected: ["fr/t.html:2:4: error: unknown field `customer.nom`"]),
        UnknownFieldCase(name: "known fields only", text: "Rappel {{invoice_count}}\n\n{{#invoices}}{{document}}{{/invoices}} {{total_open}}\n",
                         html: nil, expected: []),
    ]

    @Test("an unknown field is reported at its line of the file", arguments: unknownFieldCases)
    func unknownField(_ c: UnknownFieldCase) throws {
        var files = ["fr/t.txt": c.text]
        if let html = c.html { files["fr/t.html"] = html }
        let directory = try RenderTestPaths.templateDirectory(files)
        defer { try? FileManager.default.removeItem(at: directory) }
        let t = try MessageTemplate.load(directory: directory.path, language: .fr, name: "t")
        let errors = t.unknownFields(MessageData.schema).map {
            $0.description.replacingOccurrences(of: directory.path + "/", with: "")
        }
        #expect(errors == c.expected)
    }

    @Test("a syntax error in the body names the file's line")
    func syntaxErrorLine() throws {
        let directory = try RenderTestPaths.templateDirectory(["fr/t.txt": "Rappel\n\nUn\nDeux {{#invoices}}\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: TemplateLoadError.self) {
            try MessageTemplate.load(directory: directory.path, language: .fr, name: "t")
        }
        do {
            _ = try MessageTemplate.load(directory: directory.path, language: .fr, name: "t")
        } catch {
            #expect(error.line == 4)
            #expect(error.path == directory.path + "/fr/t.txt")
            #expect(error.column == 6)
            #expect(error.description == directory.path + "/fr/t.txt:4:6: error: section `invoices` is never closed")
        }
    }

    @Test("a missing template and an empty first line are errors")
    func missingAndEmpty() throws {
        let directory = try RenderTestPaths.templateDirectory(["fr/empty.txt": "\nBonjour\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            _ = try MessageTemplate.load(directory: directory.path, language: .fr, name: "absent")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == directory.path + "/fr/absent.txt: error: missing template (or not UTF-8)")
        }
        do {
            _ = try MessageTemplate.load(directory: directory.path, language: .fr, name: "empty")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == directory.path + "/fr/empty.txt:1: error: the first line must be the subject")
        }
    }
}
