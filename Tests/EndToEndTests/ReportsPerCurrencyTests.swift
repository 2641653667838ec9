import Foundation
import RelanceKit
import RelanceTestSupport
import Testing

/// The demo with Belgian customers also billed in US dollars, holds on them, and a second customers
/// file repeating a customer: the reports byte for byte.
@Suite("Reports of holds per currency, duplicate customers", .serialized)
struct ReportsPerCurrencyTests {
    /// Appends `text` to the inbox file at `path` (relative to the inbox).
    static func append(_ box: PipelineSandbox, _ path: String, _ text: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: box.inbox + "/" + path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    @Test("disputes.csv and promises.csv: a row per currency, never EUR + USD; the state keeps the promise's balance per currency")
    func holdsPerCurrency() throws {
        let box = try PipelineSandbox()
        // B2009 owes 7 071.39 EUR and now 300.00 USD, B2004 1 195.66 EUR overdue and now 150.00 USD.
        try Self.append(box, "be/open-items.csv", """
            BE-2026-U01,B2009,Garage Claes BV,2026-09-15,2026-10-15,300.00,300.00,USD,
            BE-2026-U02,B2004,Drukkerij Peeters NV,2026-09-20,2026-10-20,150.00,150.00,USD,

            """)
        try Self.append(box, "holds.csv", """
            dispute,B2009,BE,,,,Litige sur toutes les factures,J. Devos
            promise,B2004,BE,,2026-11-25,,Virement promis,J. Devos

            """)
        let run = try box.runPipeline()
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(box.text(box.reports() + "/disputes.csv") == """
            kind,customer_id,entity,document,until,amount,note,by,customer_name,amount_concerned,currency,since,days_open
            dispute,B2009,BE,,,,Litige sur toutes les factures,J. Devos,Garage Claes BV,7071.39,EUR,2026-11-20,0
            dispute,B2009,BE,,,,Litige sur toutes les factures,J. Devos,Garage Claes BV,300.00,USD,2026-11-20,0
            dispute,C1019,FR,F2026-0116,,,"Livraison incomplète, avoir demandé",C. Martin,Atelier Roux Décoration EURL,924.00,EUR,2026-11-20,0

            """)
        #expect(box.text(box.reports() + "/promises.csv") == """
            kind,customer_id,entity,document,until,amount,note,by,customer_name,target,paid,currency,since,deadline,days_open,status
            promise,B2003,BE,,2026-11-27,2724.90,Mme Lemaire promet le virement du solde échu pour le 27/11 (appel du 18/11),J. Devos,Boucherie Lemaire SRL,2724.90,0.00,EUR,2026-11-20,2026-11-30,0,open
            promise,B2004,BE,,2026-11-25,,Virement promis,J. Devos,Drukkerij Peeters NV,1195.66,0.00,EUR,2026-11-20,2026-11-28,0,open
            promise,B2004,BE,,2026-11-25,,Virement promis,J. Devos,Drukkerij Peeters NV,150.00,0.00,USD,2026-11-20,2026-11-28,0,open

            """)
        let state = box.text(box.state + "/holds.csv")
        #expect(state.contains(",B2004,,2026-11-25,,,Virement promis,J. Devos,holds.csv,6,2026-11-20,EUR 1195.66;USD 150.00\n"), "\(state)")
    }

    @Test("a customer repeated in a later customers file: rejects.csv names that file's line and the first one's")
    func duplicateCustomerLine() throws {
        let box = try PipelineSandbox()
        let header = try String(contentsOfFile: box.inbox + "/customers.csv", encoding: .utf8).split(separator: "\n")[0]
        try (header + "\nC1099,FR,Nouveau Client SARL,,,,fr,FR,1 rue Neuve,,75001,Paris,30 jours,,,,,,\n"
             + "C1001,FR,Boulangerie Lefèvre (doublon),,,,fr,FR,18 rue Oberkampf,,75011,Paris,30 jours,,,,,,\n")
            .write(toFile: box.inbox + "/zz-customers.csv", atomically: true, encoding: .utf8)
        let run = try box.runPipeline()
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let rejects = box.text(box.reports() + "/rejects.csv")
        #expect(rejects.contains(
            "\nzz-customers.csv,3,customer_id,warning,W_DUPLICATE_CUSTOMER,customer `C1001` is also in customers.csv on line 2; the first is kept,\n"),
            "\(rejects)")
        #expect(!rejects.contains(",0,customer_id,warning,W_DUPLICATE_CUSTOMER"))
    }
}
