// The data generator of scale.md: a realistic inbox of any size from a seed, a ready pipeline.conf
// beside it, and the ground truth (which bank line pays what). Same seed and size, same bytes.
import Foundation
import RelanceKit

struct GeneratorOptions {
    var invoices: Int
    var seed: UInt64
    var outDir: String
    var demoDir: String
}

/// What was generated (kept in `generator.json` so that the benchmark can reuse a folder).
struct GeneratorStats {
    var customers = 0
    var documents = 0
    var creditNotes = 0
    var fecLines = 0
    var openItemRows = 0
    var bankLines = 0
    var bankLinesWithDuplicate = 0
    var holds = 0
    var inputRows: Int { customers + fecLines + openItemRows + bankLinesWithDuplicate + holds }
    var kinds: [String: Int] = [:]
    var dateCollisions = 0
}

enum Generator {
    static let asOf = CivilDate(year: 2026, month: 11, day: 20)!
    static let cutoff = asOf.adding(days: -20)              // bank_booked_until of both entities
    static let entityIDs = ["FR", "BE"]
    static let accounts = ["FR7630006000011234567890189", "BE68539007547034"]

    struct Cust {
        var id = "", entity = 0, name = "", contact = "", email = "", cc = "", language = "", country = ""
        var address1 = "", postcode = "", city = "", terms = "", termsDays = 30, endOfMonth = false
        var segment = "", iban = "", ibanValid = false, vat = "", phone = "", salesRep = "", bankName = ""
    }

    struct Doc {
        var entity = 0, cust = 0
        var date: Int32 = 0
        var amount: Int64 = 0          // negative for a credit note
        var isCN = false
        var number = ""
        var ref = ""                   // Belgian structured communication (BE invoices)
        var settled = false
        var payDate: Int32 = 0
        var used = false               // paid after the cut-off (or quoted with a payment)
        var letter = ""
    }

    struct Line {
        var entity = 0
        var date: Int32 = 0
        var amount: Int64 = 0          // negative for a debit
        var payerName = "", payerIBAN = "", text = "", endToEnd = "", structured = ""
        var docs: [Int] = []
        var kind = ""
        var lo: Int32 = 0, hi: Int32 = 0 // the dates it may move to (uniqueness of account, date, amount)
        var sourceFile = "", ref = ""
    }

    // MARK: word lists
    static let frActivities = ["Boulangerie", "Transports", "Garage", "Pharmacie", "Imprimerie", "Cabinet", "Hôtel", "Menuiserie",
                               "Électricité", "Fromagerie", "Librairie", "Crèmerie", "Plomberie", "Restaurant", "Atelier", "Société"]
    static let frNames = ["Lefèvre", "Dubois", "Martin", "Bernard", "Rousseau", "Faure", "Mercier", "Blanc", "Chevalier", "Ménard",
                          "Perrin", "Lambert", "Fournier", "Girard", "Bonnet", "Dupont", "Fontaine", "Roux", "Vincent", "Gauthier"]
    static let frForms = ["SARL", "SAS", "SA", "& Fils", "EURL", ""]
    static let beActivities = ["Bouwbedrijf", "Drukkerij", "Pâtisserie", "Chocolaterie", "Librairie", "Transport", "Brasserie", "Boulangerie",
                               "Garage", "Bakkerij", "Immo"]
    static let beNames = ["Janssens", "Peeters", "Maes", "Wauters", "Leclercq", "Dumont", "Lemaire", "Claes", "Goossens", "Willems",
                          "Mertens", "Dubois", "Jacobs", "Hermans"]
    static let beForms = ["NV", "BV", "SRL", "SA", "BVBA", "& Zonen"]
    static let deNames = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann"]
    static let deActivities = ["Maschinenbau", "Logistik", "Präzisionstechnik", "Handel", "Elektrotechnik"]
    static let nlNames = ["Van der Meer", "De Vries", "Bakker", "Visser", "Smit", "De Jong"]
    static let nlActivities = ["Bouw", "Techniek", "Handel", "Installatie"]
    static let gbNames = ["Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans"]
    static let gbActivities = ["Engineering", "Trading", "Supplies", "Logistics"]
    static let chNames = ["Zürcher", "Berner", "Basler", "Genfer"]
    static let usNames = ["Acme", "Pioneer", "Summit", "Liberty", "Frontier"]
    static let firstNames = ["Sophie", "Marc", "Olivier", "Nathalie", "Pierre", "Claire", "Jan", "Els", "Thomas", "Anna", "Peter", "Sarah", "Luc", "Inge"]
    static let debitTexts = ["PRLV SEPA URSSAF COTISATIONS", "LOYER BUREAUX", "VIREMENT SALAIRES", "PRLV EDF ELECTRICITE", "FOURNISSEUR PAPETERIE",
                             "COMMISSION BANCAIRE", "PRLV ASSURANCE FLOTTE", "Huur kantoor", "RSZ ONSS cotisations", "Leasing vehicules"]
    static let debitPayees = ["URSSAF ILE DE FRANCE", "SCI PAIX BUREAUX", "PERSONNEL", "EDF", "LYRECO", "BNP PARIBAS", "AXA", "IMMO MEIR NV",
                              "RSZ - ONSS", "ARVAL"]
    static let strangerNames = ["M OU MME DURAND", "SCI LES TILLEULS", "ASSOCIATION SPORTIVE DU VAL", "PARTICULIER", "DHR EN MEVR DE SMET",
                                "CAISSE DES ECOLES", "J VERMEULEN", "ETS INCONNU"]
    static let strangerTexts = ["VIREMENT", "REGLEMENT", "PAIEMENT SELON ACCORD", "Betaling", "Paiement facture", "SOLDE", "Virement de compte a compte",
                                "Remboursement"]

    static func ascii(_ s: String) -> String {
        s.folding(options: [.diacriticInsensitive], locale: nil)
    }

    // MARK: generation
    static func generate(_ o: GeneratorOptions) throws -> GeneratorStats {
        var rng = SplitMix64(seed: o.seed ^ 0x5EED_0F_2E1A_4CE)
        var stats = GeneratorStats()
        let n = max(o.invoices, 10)
        let fm = FileManager.default
        let inbox = o.outDir + "/inbox"
        for sub in ["", "/fr", "/fr/banque", "/be", "/be/bank"] { try FileTree.createDirectories(inbox + sub) }

        // Customers.
        let customerCount = max(12, n / 25)
        var customers: [Cust] = []
        customers.reserveCapacity(customerCount)
        var frSeq = 100_000, beSeq = 200_000
        for _ in 0..<customerCount {
            var c = Cust()
            c.entity = rng.chance(0.55) ? 0 : 1
            let u = rng.unit()
            let countries = c.entity == 0 ? [("FR", 0.70), ("DE", 0.08), ("GB", 0.07), ("NL", 0.05), ("BE", 0.05), ("CH", 0.03), ("US", 0.02)]
                                          : [("BE", 0.65), ("NL", 0.15), ("FR", 0.08), ("DE", 0.07), ("GB", 0.03), ("CH", 0.01), ("US", 0.01)]
            var acc = 0.0
            c.country = countries.last!.0
            for (code, p) in countries { acc += p; if u < acc { c.country = code; break } }
            if c.entity == 0 { frSeq += 1; c.id = "C" + String(frSeq) } else { beSeq += 1; c.id = "B" + String(beSeq) }
            let first = rng.pick(firstNames)
            var last = ""
            switch c.country {
            case "FR":
                last = rng.pick(frNames)
                c.name = [rng.pick(frActivities), last, rng.pick(frForms)].filter { !$0.isEmpty }.joined(separator: " ")
                c.language = "fr"; c.city = rng.pick(["Paris", "Lyon", "Nantes", "Lille", "Bordeaux", "Marseille", "Strasbourg"])
                c.postcode = Fmt.pad(rng.between(1000, 95999), 5)
                c.address1 = String(rng.between(1, 120)) + " " + rng.pick(["rue de la Paix", "avenue Jean Jaurès", "boulevard Voltaire", "place du Théâtre", "rue Oberkampf"])
                c.vat = "FR" + rng.digits(11); c.phone = "+33 1 " + rng.digits(2) + " " + rng.digits(2) + " " + rng.digits(2) + " " + rng.digits(2)
            case "BE":
                last = rng.pick(beNames)
                c.name = [rng.pick(beActivities), last, rng.pick(beForms)].joined(separator: " ")
                c.language = rng.chance(0.5) ? "fr" : "nl"; c.city = rng.pick(["Bruxelles", "Liège", "Gent", "Antwerpen", "Namur", "Leuven"])
                c.postcode = String(rng.between(1000, 9999))
                c.address1 = rng.pick(["Avenue Louise", "Meir", "Rue Neuve", "Kerkstraat", "Grote Markt"]) + " " + String(rng.between(1, 200))
                c.vat = "BE0" + rng.digits(9); c.phone = "+32 2 " + rng.digits(3) + " " + rng.digits(2) + " " + rng.digits(2)
            case "DE":
                last = rng.pick(deNames)
                c.name = last + " " + rng.pick(deActivities) + " " + rng.pick(["GmbH", "AG", "KG"])
                c.language = "de"; c.city = rng.pick(["Köln", "München", "Hamburg", "Stuttgart"]); c.postcode = rng.digits(5)
                c.address1 = rng.pick(["Hauptstraße", "Bahnhofstraße", "Industriestraße"]) + " " + String(rng.between(1, 90))
                c.vat = "DE" + rng.digits(9)
            case "NL":
                last = rng.pick(nlNames)
                c.name = last + " " + rng.pick(nlActivities) + " B.V."
                c.language = "nl"; c.city = rng.pick(["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"]); c.postcode = rng.digits(4) + " AB"
                c.address1 = rng.pick(["Keizersgracht", "Stationsweg", "Havenstraat"]) + " " + String(rng.between(1, 300))
                c.vat = "NL" + rng.digits(9) + "B01"
            case "GB":
                last = rng.pick(gbNames)
                c.name = last + " " + rng.pick(gbActivities) + " " + rng.pick(["Ltd", "plc"])
                c.language = "en"; c.city = rng.pick(["London", "Manchester", "Leeds"]); c.postcode = "EC1A 1BB"
                c.address1 = String(rng.between(1, 90)) + " " + rng.pick(["High Street", "Station Road", "Church Lane"])
            case "CH":
                last = rng.pick(chNames)
                c.name = last + " " + rng.pick(["Präzision", "Uhren", "Pharma"]) + " AG"
                c.language = "de"; c.city = rng.pick(["Zürich", "Bern", "Basel"]); c.postcode = rng.digits(4)
                c.address1 = "Bahnhofstrasse " + String(rng.between(1, 90))
            default:
                last = rng.pick(usNames)
                c.name = last + " " + rng.pick(["Industries", "Foods", "Systems"]) + " " + rng.pick(["Inc.", "LLC"])
                c.language = "en"; c.city = rng.pick(["New York", "Boston", "Chicago"]); c.postcode = rng.digits(5)
                c.address1 = String(rng.between(1, 900)) + " Main Street"
            }
            c.contact = first + " " + last
            c.bankName = ascii(c.name).uppercased()
            let slug = ascii(last).lowercased().filter { $0.isLetter }
            if !rng.chance(0.08) {
                c.email = "compta." + c.id.lowercased() + "@" + slug + ".example"
                if rng.chance(0.1) { c.cc = "direction." + c.id.lowercased() + "@" + slug + ".example" }
            }
            let terms: [(String, Int, Bool)] = [("30 jours", 30, false), ("45 jours", 45, false), ("60 jours", 60, false),
                                                ("30 jours fin de mois", 30, true), ("à réception", 0, false)]
            let t = terms[[0, 0, 0, 0, 1, 2, 3, 4][rng.below(8)]]
            (c.terms, c.termsDays, c.endOfMonth) = t
            if rng.chance(0.03) { c.segment = "key_account"; c.salesRep = "commercial@demo.example" }
            if c.country != "US" && rng.chance(0.75) {
                let bbanLength = ["FR": 23, "BE": 12, "DE": 18, "NL": 10, "GB": 14, "CH": 17][c.country] ?? 12
                let bank = c.country == "NL" ? rng.pick(["ABNA", "INGB", "RABO"]) : c.country == "GB" ? rng.pick(["NWBK", "BARC"]) : ""
                c.ibanValid = !rng.chance(0.03)
                c.iban = Codes.iban(country: c.country, bban: bank + rng.digits(bbanLength), valid: c.ibanValid)
            }
            customers.append(c)
        }
        stats.customers = customers.count
        let byEntity = [customers.indices.filter { customers[$0].entity == 0 }, customers.indices.filter { customers[$0].entity == 1 }]

        // Documents over the 12 months before as-of; a few customers weigh more than the others.
        var docs: [Doc] = []
        docs.reserveCapacity(n)
        let first = asOf.adding(days: -365).daysSinceEpoch
        let lnLo = log(80.0), lnHi = log(25_000.0)
        for _ in 0..<n {
            var d = Doc()
            d.entity = rng.chance(0.55) ? 0 : 1
            let pool = byEntity[d.entity].isEmpty ? byEntity[1 - d.entity] : byEntity[d.entity]
            d.entity = customers[pool[0]].entity
            d.cust = pool[min(pool.count - 1, Int(Double(pool.count) * pow(rng.unit(), 1.6)))]
            d.date = first + Int32(rng.below(365))
            d.isCN = rng.chance(0.03)
            if d.isCN {
                d.amount = -Int64(rng.between(2_000, 150_000))
            } else {
                d.amount = Int64((exp(lnLo + rng.unit() * (lnHi - lnLo)) * 100).rounded())
            }
            docs.append(d)
        }
        // Numbered in date order per entity and year, as an ERP does.
        docs.sort { ($0.entity, $0.date) < ($1.entity, $1.date) }
        var counters: [String: Int] = [:]
        for i in docs.indices {
            let y = CivilDate(daysSinceEpoch: docs[i].date).year
            let series = (docs[i].entity == 0 ? (docs[i].isCN ? "AV" : "F") : (docs[i].isCN ? "BE-NC-" : "BE-")) + String(y)
            counters[series, default: 0] += 1
            docs[i].number = series + "-" + Fmt.pad(counters[series]!, 6)
            if docs[i].entity == 1 && !docs[i].isCN { docs[i].ref = Codes.belgian(1_000_000_000 + i) }
            if docs[i].isCN { stats.creditNotes += 1 }
        }
        stats.documents = docs.count

        // Settled before the cut-off (in the ledger, paid by a bank line already booked).
        var lines: [Line] = []
        lines.reserveCapacity(n + n / 8)
        let cut = cutoff.daysSinceEpoch
        let lastBankDay = asOf.adding(days: -1).daysSinceEpoch
        for i in docs.indices where !docs[i].isCN && docs[i].date <= cut - 5 && rng.chance(0.62) {
            docs[i].settled = true
            let pay = docs[i].date + Int32(rng.between(5, min(90, Int(cut - docs[i].date))))
            docs[i].payDate = pay
            var l = payment(&rng, docs, customers, [i], amount: docs[i].amount, kind: "already_booked")
            l.date = pay; l.lo = docs[i].date; l.hi = cut
            lines.append(l)
        }

        // Open items paid after the cut-off, every case of scale.md.
        var openByCustomer: [Int: [Int]] = [:]
        for i in docs.indices where !docs[i].settled { openByCustomer[docs[i].cust, default: []].append(i) }
        for i in docs.indices where !docs[i].settled && !docs[i].isCN && !docs[i].used {
            if rng.chance(0.36) { continue }   // stays open
            docs[i].used = true
            let be = docs[i].entity == 1
            let u = rng.unit()
            var l: Line
            if be && u < 0.5 {
                l = payment(&rng, docs, customers, [i], amount: docs[i].amount, kind: "structured_ref")
            } else if u < (be ? 0.7 : 0.7) {
                l = payment(&rng, docs, customers, [i], amount: docs[i].amount, kind: "document_number")
            } else if u < 0.8 {
                let part = docs[i].amount * Int64(rng.between(20, 80)) / 100
                l = payment(&rng, docs, customers, [i], amount: max(1, part), kind: "partial")
            } else if u < 0.87 {
                l = payment(&rng, docs, customers, [i], amount: docs[i].amount + Int64(rng.between(100, 5_000)), kind: "overpayment")
            } else {
                var group = [i]
                var total = docs[i].amount
                let others = openByCustomer[docs[i].cust] ?? []
                let want = rng.between(1, 2)
                for j in others where group.count < want + 1 && j != i && !docs[j].used && !docs[j].isCN {
                    docs[j].used = true; group.append(j); total += docs[j].amount
                }
                if rng.chance(0.5), let cn = others.first(where: { docs[$0].isCN && !docs[$0].used && total + docs[$0].amount > 0 }) {
                    docs[cn].used = true; group.append(cn); total += docs[cn].amount
                }
                l = payment(&rng, docs, customers, group, amount: total, kind: group.count > 1 ? "multi" : "document_number")
            }
            let earliest = max(cut + 1, l.docs.map { docs[$0].date }.max()!)
            l.lo = earliest; l.hi = lastBankDay
            l.date = earliest + Int32(rng.below(Int(lastBankDay - earliest) + 1))
            lines.append(l)
        }

        // Unidentifiable credits after the cut-off, debits all year.
        for _ in 0..<max(2, n / 50) {
            var l = Line()
            l.entity = rng.chance(0.55) ? 0 : 1
            l.amount = Int64(rng.between(5_000, 500_000))
            l.payerName = rng.pick(strangerNames)
            l.payerIBAN = rng.chance(0.5) ? Codes.iban(country: l.entity == 0 ? "FR" : "BE", bban: rng.digits(l.entity == 0 ? 23 : 12)) : ""
            l.text = rng.pick(strangerTexts)
            l.endToEnd = "NOTPROVIDED"
            l.kind = "unidentifiable"
            l.lo = cut + 1; l.hi = lastBankDay
            l.date = l.lo + Int32(rng.below(Int(l.hi - l.lo) + 1))
            lines.append(l)
        }
        for _ in 0..<max(2, n * 8 / 100) {
            var l = Line()
            l.entity = rng.chance(0.55) ? 0 : 1
            l.amount = -Int64(exp(log(2_000.0) + rng.unit() * (log(2_000_000.0) - log(2_000.0))).rounded())
            let k = rng.below(debitTexts.count)
            l.payerName = debitPayees[k]
            l.text = debitTexts[k]
            l.endToEnd = "NOTPROVIDED"
            l.kind = "debit"
            l.lo = first; l.hi = lastBankDay
            l.date = first + Int32(rng.below(365))
            lines.append(l)
        }

        // One bank line per (account, booking date, amount): the benchmark joins the reconciliation
        // report to the truth on that key. A collision moves the line to the next free day it may take.
        var taken = Set<UInt64>()
        taken.reserveCapacity(lines.count * 2)
        func key(_ e: Int, _ d: Int32, _ a: Int64) -> UInt64 {
            (UInt64(e) << 63) | (UInt64(UInt32(bitPattern: d)) << 42) | UInt64(bitPattern: a + (1 << 40)) & ((1 << 42) - 1)
        }
        for i in lines.indices {
            var l = lines[i]
            if !taken.insert(key(l.entity, l.date, l.amount)).inserted {
                var found = false
                for d in Array(l.date + 1 ... max(l.date + 1, l.hi)).filter({ $0 <= l.hi }) + Array(stride(from: l.date - 1, through: l.lo, by: -1))
                where taken.insert(key(l.entity, d, l.amount)).inserted {
                    l.date = d; found = true; break
                }
                if !found && l.kind != "already_booked" {
                    // No free day (an invoice of the last day, paid that day): a cent less (a cent more
                    // for an overpayment) until the key is free; an exact payment becomes a partial one.
                    let step: Int64 = l.kind == "overpayment" || l.kind == "unidentifiable" ? 1 : -1
                    if l.kind == "document_number" || l.kind == "structured_ref" { l.kind = "partial" }
                    repeat { l.amount += step } while !taken.insert(key(l.entity, l.date, l.amount)).inserted
                    found = true
                }
                if !found { stats.dateCollisions += 1 }
                if l.kind == "already_booked" { docs[l.docs[0]].payDate = l.date }
                lines[i] = l
            }
        }
        lines.sort { ($0.entity, $0.date) < ($1.entity, $1.date) }
        stats.bankLines = lines.count
        for l in lines { stats.kinds[l.kind, default: 0] += 1 }

        // Files.
        try writeCustomers(inbox + "/customers.csv", customers)
        stats.holds = try writeHolds(inbox + "/holds.csv", &rng, docs, customers)
        stats.fecLines = try writeFEC(inbox + "/fr/123456789FEC" + Fmt.compact(asOf) + ".txt", &docs, customers)
        stats.openItemRows = try writeOpenItems(inbox + "/be/open-items.csv", docs, customers)
        let truth = try OutputFile(o.outDir + "/truth.csv")
        truth.write("source_file,bank_ref_or_line,booking_date,amount,entity,documents,kind\n")
        let frFiles = try writeCAMT(inbox, "fr/banque", lines.filter { $0.entity == 0 }, &rng, docs, truth)
        try writeBankCSV(inbox, "be/bank", lines.filter { $0.entity == 1 }, docs, truth)
        truth.close()
        stats.bankLinesWithDuplicate = stats.bankLines
        if let last = frFiles.last {
            // The same statement dropped twice under another name.
            let copy = (last.path as NSString).deletingPathExtension + "-copie.xml"
            try AtomicFile.write(try AtomicFile.readBytes(last.path), to: copy, syncDirectory: false)
            stats.bankLinesWithDuplicate += last.lines
        }

        // The pipeline beside the inbox: the demo's plans, templates and rates.
        for item in ["plans", "templates", "rates.conf"] {
            let target = o.outDir + "/" + item
            if fm.fileExists(atPath: target) { try fm.removeItem(atPath: target) }
            guard fm.fileExists(atPath: o.demoDir + "/" + item) else { throw BenchError("no \(item) in \(o.demoDir) (give --demo PATH)") }
            try fm.copyItem(atPath: o.demoDir + "/" + item, toPath: target)
        }
        try AtomicFile.write(pipelineConf(n: n, seed: o.seed), to: o.outDir + "/pipeline.conf")
        try AtomicFile.write(statsJSON(n: n, seed: o.seed, stats), to: o.outDir + "/generator.json")
        return stats
    }

    /// A payment of `group` with a remittance text in the form of its kind.
    static func payment(_ rng: inout SplitMix64, _ docs: [Doc], _ customers: [Cust], _ group: [Int], amount: Int64, kind: String) -> Line {
        let d = docs[group[0]]
        let c = customers[d.cust]
        var l = Line()
        l.entity = d.entity
        l.amount = amount
        l.docs = group
        l.kind = kind
        l.payerName = rng.chance(0.5) ? c.bankName : c.name
        l.payerIBAN = c.ibanValid ? c.iban : ""
        l.endToEnd = "NOTPROVIDED"
        let numbers = group.map { docs[$0].number }
        let hasCN = group.contains { docs[$0].isCN }
        if d.entity == 1 {
            // Belgium: the structured communication, else the number in Dutch or French.
            if !hasCN && (kind == "structured_ref" || (kind != "document_number" && kind != "already_booked" && rng.chance(0.6))
                          || (kind == "already_booked" && rng.chance(0.7))) {
                l.text = group.map { docs[$0].ref }.joined(separator: " ")
            } else {
                let form = rng.below(4)
                let list = numbers.map { form == 3 ? $0.lowercased() : $0 }.joined(separator: form == 1 ? " en " : " ")
                l.text = ["Factuur ", "Facturen ", "Facture ", "fact. "][form] + list
            }
            return l
        }
        // France: the number in the free text, mangled as customers do.
        switch kind {
        case "partial":
            l.text = rng.pick(["ACOMPTE FACTURE ", "Acompte sur ", "PAIEMENT PARTIEL "]) + numbers[0]
        case "multi":
            l.text = rng.pick(["FACTURES ", "Reglement ", "FACT "]) + numbers.dropLast().joined(separator: rng.pick([" ", ", "]))
                + rng.pick([" ET ", " ", " + "]) + numbers.last!
        default:
            let num = numbers[0]
            let body = String(num.drop { $0.isLetter })
            switch rng.below(7) {
            case 0: l.text = "FACTURE " + num
            case 1: l.text = "FACT " + num
            case 2: l.text = num.lowercased()
            case 3: l.text = "N° " + body
            case 4: l.text = "REGLEMENT FACTURE N° " + num
            case 5: l.text = rng.pick(["Rechnung ", "Invoice ", "Factuur "]) + num
            default:
                l.text = "PAIEMENT " + num
                l.structured = num
                l.endToEnd = num
            }
        }
        return l
    }

    static func writeCustomers(_ path: String, _ customers: [Cust]) throws {
        let f = try OutputFile(path)
        f.write("customer_id,entity,name,contact_name,email,cc,language,country,address1,address2,postcode,city,terms,segment,plan,sales_rep,iban,vat_number,phone\n")
        for c in customers {
            f.write(Fmt.row([c.id, entityIDs[c.entity], c.name, c.contact, c.email, c.cc, c.language, c.country, c.address1, "", c.postcode,
                             c.city, c.terms, c.segment, "", c.salesRep, c.iban, c.vat, c.phone], sep: ",") + "\n")
        }
        f.close()
    }

    static func writeHolds(_ path: String, _ rng: inout SplitMix64, _ docs: [Doc], _ customers: [Cust]) throws -> Int {
        let f = try OutputFile(path)
        f.write("kind,customer_id,entity,document,until,amount,note,by\n")
        let open = docs.indices.filter { !docs[$0].settled && !docs[$0].isCN }
        let count = min(open.count, max(3, docs.count / 2_000))
        var seenCustomer = Set<Int>(), seenDocument = Set<Int>()
        var written = 0
        for k in 0..<count {
            let index = open[rng.below(open.count)]
            let d = docs[index]
            let c = customers[d.cust]
            if k % 3 != 0 && !seenCustomer.insert(d.cust).inserted { continue }
            if k % 3 == 0 && !seenDocument.insert(index).inserted { continue }
            let by = rng.pick(["C. Martin", "J. Devos", "A. Petit"])
            switch k % 3 {
            case 0:
                f.write(Fmt.row(["dispute", c.id, entityIDs[d.entity], d.number, "", "", rng.pick(["Livraison incomplète, avoir demandé", "Prix contesté", "Marchandise abîmée"]), by], sep: ",") + "\n")
            case 1:
                let until = asOf.adding(days: rng.between(3, 20))
                f.write(Fmt.row(["promise", c.id, entityIDs[d.entity], "", Fmt.iso(until), Fmt.amount(d.amount), "Promesse de virement (appel)", by], sep: ",") + "\n")
            default:
                let until = asOf.adding(days: rng.between(5, 30))
                f.write(Fmt.row(["pause", c.id, entityIDs[d.entity], "", Fmt.iso(until), "", "Accord du DAF: reprise des relances plus tard", by], sep: ",") + "\n")
            }
            written += 1
        }
        f.close()
        return written
    }

    static func letterCode(_ n: Int) -> String {
        var n = n, s: [Character] = []
        repeat { s.append(Character(Unicode.Scalar(UInt8(65 + n % 26)))); n /= 26 } while n > 0
        while s.count < 2 { s.append("A") }
        return String(s.reversed())
    }

    /// The FEC of the French entity: sales journal (invoice, revenue, VAT), bank journal (payments
    /// lettered with their invoices).
    static func writeFEC(_ path: String, _ docs: inout [Doc], _ customers: [Cust]) throws -> Int {
        let f = try OutputFile(path)
        f.write("JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise\r\n")
        var lettering: [Int: Int] = [:]
        var count = 0
        var seq = 0
        func line(_ fields: [String]) {
            f.write(fields.joined(separator: "\t") + "\r\n")
            count += 1
        }
        for i in docs.indices where docs[i].entity == 0 {
            let d = docs[i]
            let c = customers[d.cust]
            if d.settled {
                let k = lettering[d.cust, default: 0]
                lettering[d.cust] = k + 1
                docs[i].letter = letterCode(k)
            }
            seq += 1
            let num = "VT" + Fmt.pad(seq, 7)
            let date = Fmt.compact(CivilDate(daysSinceEpoch: d.date))
            let gross = abs(d.amount)
            let net = (gross * 100 + 60) / 120
            let vat = gross - net
            let lib = (d.isCN ? "Avoir " : "Facture ") + d.number
            let z = "0,00"
            let letDate = d.settled ? Fmt.compact(CivilDate(daysSinceEpoch: d.payDate)) : ""
            line(["VT", "Ventes", num, date, "411000", "Clients", c.id, c.name, d.number, date, lib,
                  d.isCN ? z : Fmt.amount(gross, comma: true), d.isCN ? Fmt.amount(gross, comma: true) : z, docs[i].letter, letDate, date, "", ""])
            line(["VT", "Ventes", num, date, "706000", "Prestations de services", "", "", d.number, date, lib,
                  d.isCN ? Fmt.amount(net, comma: true) : z, d.isCN ? z : Fmt.amount(net, comma: true), "", "", date, "", ""])
            line(["VT", "Ventes", num, date, "445710", "TVA collectée", "", "", d.number, date, lib,
                  d.isCN ? Fmt.amount(vat, comma: true) : z, d.isCN ? z : Fmt.amount(vat, comma: true), "", "", date, "", ""])
        }
        let paid = docs.indices.filter { docs[$0].entity == 0 && docs[$0].settled }.sorted { (docs[$0].payDate, $0) < (docs[$1].payDate, $1) }
        seq = 0
        for i in paid {
            let d = docs[i]
            let c = customers[d.cust]
            seq += 1
            let num = "BQ" + Fmt.pad(seq, 7)
            let date = Fmt.compact(CivilDate(daysSinceEpoch: d.payDate))
            let amount = Fmt.amount(d.amount, comma: true)
            line(["BQ", "Banque BNP Paribas", num, date, "411000", "Clients", c.id, c.name, "REG-" + d.number, date, "Règlement " + d.number,
                  "0,00", amount, d.letter, date, date, "", ""])
            line(["BQ", "Banque BNP Paribas", num, date, "512000", "Banque BNP Paribas", "", "", "REG-" + d.number, date, "Règlement " + d.number,
                  amount, "0,00", "", "", date, "", ""])
        }
        f.close()
        return count
    }

    static func writeOpenItems(_ path: String, _ docs: [Doc], _ customers: [Cust]) throws -> Int {
        let f = try OutputFile(path)
        f.write("Invoice No,Customer ID,Customer,Invoice Date,Due Date,Amount,Open Amount,Currency,Payment reference\n")
        var count = 0
        for d in docs where d.entity == 1 {
            let c = customers[d.cust]
            let date = CivilDate(daysSinceEpoch: d.date)
            var due = date.adding(days: c.termsDays)
            if c.endOfMonth { due = due.endOfMonth }
            f.write(Fmt.row([d.number, c.id, c.name, Fmt.iso(date), Fmt.iso(due), Fmt.amount(d.amount), Fmt.amount(d.settled ? 0 : d.amount),
                             "EUR", d.ref], sep: ",") + "\n")
            count += 1
        }
        f.close()
        return count
    }

    static func truthRow(_ l: Line, _ docs: [Doc]) -> String {
        let documents = l.docs.map { docs[$0].number }.sorted().joined(separator: ";")
        return Fmt.row([l.sourceFile, l.ref, Fmt.iso(CivilDate(daysSinceEpoch: l.date)), Fmt.amount(l.amount), entityIDs[l.entity],
                        documents, l.kind], sep: ",") + "\n"
    }

    /// The French entity's statements: CAMT.053, one file per month, some credits grouped in batch entries.
    static func writeCAMT(_ inbox: String, _ folder: String, _ lines: [Line], _ rng: inout SplitMix64, _ docs: [Doc],
                          _ truth: OutputFile) throws -> [(path: String, lines: Int)] {
        var files: [(String, Int)] = []
        var start = 0
        var entrySeq = 0
        var balance: Int64 = 25_000_000
        while start < lines.count {
            let month = CivilDate(daysSinceEpoch: lines[start].date).firstOfMonth
            var end = start
            while end < lines.count && CivilDate(daysSinceEpoch: lines[end].date).firstOfMonth == month { end += 1 }
            let name = "camt053-" + Fmt.pad(month.year, 4) + "-" + Fmt.pad(month.month, 2) + ".xml"
            let relative = folder + "/" + name
            let f = try OutputFile(inbox + "/" + relative)
            let created = Fmt.iso(min(month.endOfMonth.adding(days: 1), asOf)) + "T06:00:00"
            let closing = balance + lines[start..<end].reduce(0) { $0 + $1.amount }
            f.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <BkToCstmrStmt>
                <GrpHdr><MsgId>BNP-\(Fmt.compact(month))-FR</MsgId><CreDtTm>\(created)</CreDtTm></GrpHdr>
                <Stmt>
                  <Id>STMT-\(Fmt.compact(month))</Id>
                  <ElctrncSeqNb>\(month.month)</ElctrncSeqNb>
                  <CreDtTm>\(created)</CreDtTm>
                  <FrToDt><FrDtTm>\(Fmt.iso(month))T00:00:00</FrDtTm><ToDtTm>\(Fmt.iso(month.endOfMonth))T23:59:59</ToDtTm></FrToDt>
                  <Acct><Id><IBAN>\(accounts[0])</IBAN></Id><Ccy>EUR</Ccy><Svcr><FinInstnId><BIC>BNPAFRPP</BIC></FinInstnId></Svcr></Acct>
                  <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">\(Fmt.amount(abs(balance)))</Amt><CdtDbtInd>\(balance < 0 ? "DBIT" : "CRDT")</CdtDbtInd><Dt><Dt>\(Fmt.iso(month))</Dt></Dt></Bal>
                  <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">\(Fmt.amount(abs(closing)))</Amt><CdtDbtInd>\(closing < 0 ? "DBIT" : "CRDT")</CdtDbtInd><Dt><Dt>\(Fmt.iso(month.endOfMonth))</Dt></Dt></Bal>

            """)
            balance = closing
            var i = start
            while i < end {
                // A batch: consecutive credits of the same day (not debits).
                var j = i + 1
                if lines[i].amount > 0 && rng.chance(0.08) {
                    let size = rng.between(2, 4)
                    while j < end && j - i < size && lines[j].date == lines[i].date && lines[j].amount > 0 { j += 1 }
                }
                entrySeq += 1
                let ref = "BNP" + Fmt.pad(entrySeq, 10)
                let date = Fmt.iso(CivilDate(daysSinceEpoch: lines[i].date))
                let total = lines[i..<j].reduce(0) { $0 + $1.amount }
                let credit = total > 0
                var x = "        <Ntry>\n          <NtryRef>\(entrySeq)</NtryRef>\n"
                x += "          <Amt Ccy=\"EUR\">\(Fmt.amount(abs(total)))</Amt>\n          <CdtDbtInd>\(credit ? "CRDT" : "DBIT")</CdtDbtInd>\n"
                x += "          <Sts>BOOK</Sts>\n          <BookgDt><Dt>\(date)</Dt></BookgDt>\n          <ValDt><Dt>\(date)</Dt></ValDt>\n"
                x += "          <AcctSvcrRef>\(ref)</AcctSvcrRef>\n"
                x += "          <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>\(credit ? "RCDT" : "ICDT")</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>\n"
                x += "          <NtryDtls>\n"
                if j - i > 1 { x += "            <Btch><NbOfTxs>\(j - i)</NbOfTxs></Btch>\n" }
                for k in i..<j {
                    var l = lines[k]
                    x += "            <TxDtls>\n              <Refs><EndToEndId>\(Fmt.xml(l.endToEnd))</EndToEndId></Refs>\n"
                    x += "              <AmtDtls><TxAmt><Amt Ccy=\"EUR\">\(Fmt.amount(abs(l.amount)))</Amt></TxAmt></AmtDtls>\n"
                    let party = credit ? "Dbtr" : "Cdtr"
                    x += "              <RltdPties><\(party)><Nm>\(Fmt.xml(l.payerName))</Nm></\(party)>"
                    if !l.payerIBAN.isEmpty { x += "<\(party)Acct><Id><IBAN>\(l.payerIBAN)</IBAN></Id></\(party)Acct>" }
                    x += "</RltdPties>\n              <RmtInf><Ustrd>\(Fmt.xml(l.text))</Ustrd>"
                    if !l.structured.isEmpty { x += "<Strd><CdtrRefInf><Ref>\(Fmt.xml(l.structured))</Ref></CdtrRefInf></Strd>" }
                    x += "</RmtInf>\n            </TxDtls>\n"
                    l.sourceFile = relative
                    l.ref = j - i > 1 ? ref + "#" + String(k - i + 1) : ref
                    truth.write(truthRow(l, docs))
                }
                x += "          </NtryDtls>\n        </Ntry>\n"
                f.write(x)
                i = j
            }
            f.write("    </Stmt>\n  </BkToCstmrStmt>\n</Document>\n")
            f.close()
            files.append((inbox + "/" + relative, end - start))
            start = end
        }
        return files
    }

    /// The Belgian entity's bank export: one CSV per month, `;`, decimal comma, Windows-1252, CRLF.
    static func writeBankCSV(_ inbox: String, _ folder: String, _ lines: [Line], _ docs: [Doc], _ truth: OutputFile) throws {
        var start = 0
        while start < lines.count {
            let month = CivilDate(daysSinceEpoch: lines[start].date).firstOfMonth
            var end = start
            while end < lines.count && CivilDate(daysSinceEpoch: lines[end].date).firstOfMonth == month { end += 1 }
            let relative = folder + "/extrait-" + Fmt.pad(month.year, 4) + "-" + Fmt.pad(month.month, 2) + ".csv"
            let f = try OutputFile(inbox + "/" + relative)
            f.write(bytes: Fmt.cp1252("Date opération;Date valeur;Montant;Devise;Contrepartie;Nom contrepartie;Communication\r\n"))
            for k in start..<end {
                var l = lines[k]
                let date = Fmt.dmy(CivilDate(daysSinceEpoch: l.date))
                f.write(bytes: Fmt.cp1252(Fmt.row([date, date, Fmt.amount(l.amount, comma: true), "EUR", l.payerIBAN, l.payerName, l.text], sep: ";") + "\r\n"))
                l.sourceFile = relative
                l.ref = String(k - start + 2)
                truth.write(truthRow(l, docs))
            }
            f.close()
            start = end
        }
    }

    static func pipelineConf(n: Int, seed: UInt64) -> String {
        """
        # Generated by `relance-bench generate --invoices \(n) --seed \(seed)`: a French SARL (FEC, CAMT.053)
        # and its Belgian branch (open-items CSV, bank CSV). Paths are relative to this file.

        [pipeline]
        name = Bench \(n) invoices (seed \(seed))
        inbox = inbox
        outbox = outbox
        reports = outbox/reports
        work = .relance/work
        state = .relance/state
        as_of = \(Fmt.iso(asOf))
        timezone = Europe/Paris
        currency = EUR
        language = fr
        excel_csv = no
        collector = Recouvrement Bench <recouvrement@bench.example>
        date_order = dmy
        rates = rates.conf

        [aging]
        buckets = 30, 60, 90, 120

        [payer_classes]
        excellent = 0
        good = 15
        average = 30

        [matching]
        min_confidence = 0.90

        [plan_rule key accounts]
        segment = key_account
        plan = key-accounts

        [plan_rule poor payers]
        payer_class = poor
        plan = poor-payers

        [plan_rule outside the EU]
        eu = no
        plan = export-en

        [plan_rule EU customers who read English, Dutch or German]
        language = en, nl, de
        plan = standard-en-eu

        [entity FR]
        name = Bench SARL
        jurisdiction = FR
        currency = EUR
        sender = Bench SARL <no-reply@bench.example>
        reply_to = Comptabilité clients <compta@bench.example>
        phone = +33 1 23 45 67 89
        iban = \(accounts[0])
        bic = BNPAFRPP
        address = 12 rue de la Paix | 75002 Paris | France
        default_terms = 30 jours
        fdm_method = a
        default_plan = standard-fr
        inbox_folder = fr
        bank_booked_until = \(Fmt.iso(cutoff))

        [entity BE]
        name = Bench SARL – succursale belge
        jurisdiction = BE
        currency = EUR
        sender = Bench SARL Belgique <no-reply@bench.example>
        reply_to = Service comptabilité Bruxelles <compta.be@bench.example>
        phone = +32 2 555 01 23
        iban = \(accounts[1])
        bic = GKCCBEBB
        address = Avenue Louise 54 | 1050 Bruxelles | Belgique
        default_terms = 30 jours
        fdm_method = a
        default_plan = standard-fr
        inbox_folder = be
        bank_booked_until = \(Fmt.iso(cutoff))

        """
    }

    static func statsJSON(n: Int, seed: UInt64, _ s: GeneratorStats) -> String {
        let kinds = s.kinds.keys.sorted().map { "\"\($0)\": \(s.kinds[$0]!)" }.joined(separator: ", ")
        return """
        {"invoices": \(n), "seed": \(seed), "customers": \(s.customers), "documents": \(s.documents), "credit_notes": \(s.creditNotes), \
        "fec_lines": \(s.fecLines), "open_item_rows": \(s.openItemRows), "bank_lines": \(s.bankLines), \
        "bank_lines_with_duplicate": \(s.bankLinesWithDuplicate), "holds": \(s.holds), "input_rows": \(s.inputRows), \
        "date_collisions": \(s.dateCollisions), "kinds": {\(kinds)}}

        """
    }
}
