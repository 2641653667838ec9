import Foundation
import Testing
@testable import RelanceKit

/// The public conformance corpus of `../shared/corpus/camt/` (see its SOURCES.md), read in place.
@Suite("CAMT conformance corpus")
struct CAMTCorpusTests {
    /// `<repo>/../shared/corpus/camt`, found from this file; nil (tests return early) when absent.
    static let corpus: URL? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../../shared/corpus/camt").standardizedFileURL
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    static let rejected: Set<String> = [
        "genkgo/camt053.v2.wrong.xml", "viafintech/general_invalid_namespace.xml",
        // An empty <Document> holds no message: schema-invalid, rejected like the one above.
        "viafintech/052_valid_namespace.xml", "viafintech/053_valid_namespace.xml",
    ]

    static func files() -> [String] {
        guard let corpus else { return [] }
        var out: [String] = []
        for folder in ["genkgo", "viafintech", "okane", "subite", "oca"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent(folder).path)) ?? []
            for name in names.sorted() where name.hasSuffix(".xml") || (folder == "oca" && name.hasPrefix("test-camt05") && !name.contains(".")) {
                out.append(folder + "/" + name)
            }
        }
        return out
    }

    static func read(_ path: String, timeZone: String = "UTC") throws(CAMTError) -> CAMTDocument {
        let bytes = [UInt8]((try? Data(contentsOf: corpus!.appendingPathComponent(path))) ?? Data())
        return try CAMTReader.read(bytes: bytes, file: path, timeZone: timeZone)
    }

    @Test("the corpus is there (skips the others when absent)")
    func present() {
        if Self.corpus == nil { print("CAMT corpus tests skipped: ../shared/corpus/camt is absent") }
        #expect(Self.corpus == nil || Self.files().count >= 40)
    }

    @Test("every valid file parses, the invalid ones are rejected with a message", arguments: files())
    func parses(_ path: String) {
        do {
            let doc = try Self.read(path)
            #expect(!Self.rejected.contains(path), "\(path) should have been rejected")
            for t in doc.transactions { #expect(t.sourceLine > 0) }
        } catch {
            #expect(Self.rejected.contains(path), "\(error)")
            #expect(error.description.hasPrefix(path + ":"))
        }
    }

    // MARK: genkgo goldens

    /// Entries of a genkgo golden (its serializer writes each object once, elsewhere `__RECURSIVITY__`).
    static func goldenEntries(_ json: Any, into out: inout [[String: Any]]) {
        if let d = json as? [String: Any] {
            if d["__CLASS__"] as? String == "Genkgo\\Camt\\DTO\\Entry" { out.append(d) }
            for key in d.keys.sorted() { goldenEntries(d[key]!, into: &out) }
        } else if let a = json as? [Any] {
            for x in a { goldenEntries(x, into: &out) }
        }
    }

    static func money(_ v: Any?) -> (Int64, String)? {
        guard let d = v as? [String: Any], let a = d["getAmount"] as? String, let m = Int64(a) else { return nil }
        return (m, ((d["getCurrency"] as? [String: Any])?["getCode"] as? String) ?? "")
    }

    static func goldens() -> [String] {
        files().filter { $0.hasPrefix("genkgo/") && !rejected.contains($0) }
            .map { String($0.dropLast(4)) }
            .filter { stem in corpus.map { c in FileManager.default.fileExists(atPath: c.appendingPathComponent(stem + ".json").path) } ?? false }
    }

    @Test("genkgo goldens: amounts, signs, currencies, booking dates, references, remittance", arguments: goldens())
    func genkgo(_ stem: String) throws {
        let data = try Data(contentsOf: Self.corpus!.appendingPathComponent(stem + ".json"))
        var entries: [[String: Any]] = []
        Self.goldenEntries(try JSONSerialization.jsonObject(with: data), into: &entries)
        let doc = try Self.read(stem + ".xml")
        // Transaction-level CdtDbtInd that contradicts the entry's: genkgo signs by the entry, we by the transaction.
        let txSignDiffers: Set<String> = ["genkgo/camt052.v4", "genkgo/camt052.v6", "genkgo/camt052.v6.Amt-zero",
                                           "genkgo/camt054.v4", "genkgo/camt054.v8"]
        for entry in entries {
            let index = (entry["getIndex"] as? Int ?? 0) + 1
            let ours = doc.transactions.filter { $0.entryIndex == index }
            // Several statements can have an entry with this index: one of them must match the golden.
            let (goldAmount, goldCurrency) = try #require(Self.money(entry["getAmount"]))
            let candidates = Dictionary(grouping: ours, by: \.statementID).values.filter {
                $0[0].entryAmount.minorUnits == goldAmount && $0[0].entryAmount.currency.code == goldCurrency
            }
            let txs = try #require(candidates.first, "\(stem): no entry \(index) of \(goldAmount) \(goldCurrency)")
            if let booking = (entry["getBookingDate"] as? [String: Any])?["0"] as? String {
                #expect(txs[0].bookingDate.iso == String(booking.prefix(10)), "\(stem)")
            }
            if let ref = entry["getAccountServicerReference"] as? String { #expect(txs[0].entryReference == ref) }
            var details: [[String: Any]] = []
            if let d = entry["getTransactionDetail"] as? [String: Any] { details.append(d) }
            for d in entry["getTransactionDetails"] as? [Any] ?? [] { if let d = d as? [String: Any] { details.append(d) } }
            guard details.count == txs.count else {
                // Several details without amounts: one line for the entry total.
                #expect(txs.count == 1 && details.allSatisfy { Self.money($0["getAmount"]) == nil }, "\(stem)")
                #expect(txs[0].amount == txs[0].entryAmount)
                continue
            }
            for (gold, tx) in zip(details, txs) {
                let expected = Self.money(gold["getAmountDetails"]) ?? Self.money(gold["getAmount"]) ?? (goldAmount, goldCurrency)
                if txSignDiffers.contains(stem) {
                    #expect(abs(tx.amount.minorUnits) == abs(expected.0), "\(stem)")
                } else {
                    #expect(tx.amount.minorUnits == expected.0, "\(stem)")
                }
                if let ref = (gold["getReference"] as? [String: Any])?["getAccountServicerReference"] as? String {
                    #expect(tx.transactionReference == ref)
                }
                if let e2e = (gold["getReference"] as? [String: Any])?["getEndToEndId"] as? String {
                    #expect(tx.endToEndID == (e2e == "NOTPROVIDED" ? "" : e2e))
                }
                if let info = gold["getRemittanceInformation"] as? [String: Any] {
                    let blocks = (info["getUnstructuredBlocks"] as? [Any] ?? []).compactMap { ($0 as? [String: Any])?["getMessage"] as? String }
                    for b in blocks { #expect(tx.unstructuredRemittance.contains(b), "\(stem)") }
                    if let message = info["getMessage"] as? String, !tx.unstructuredRemittance.isEmpty {
                        #expect(tx.unstructuredRemittance[0] == message, "\(stem)")
                    }
                    if let cri = info["getCreditorReferenceInformation"] as? [String: Any], let ref = cri["getRef"] as? String {
                        #expect(tx.structuredReference == ref, "\(stem)")
                    }
                }
            }
        }
    }

    // MARK: OCA goldens (figures copied from the .pydata files)

    @Test("oca: amounts and counts of the Python goldens")
    func oca() throws {
        guard Self.corpus != nil else { return }
        let noEntry = try Self.read("oca/test-camt053-no-ntry")
        #expect(noEntry.transactions.isEmpty)
        for name in ["test-camt053", "test-camt053-txdtls", "test-camt054"] {
            let gold = try String(contentsOf: Self.corpus!.appendingPathComponent("oca/golden-" + name.dropFirst(5) + ".pydata"), encoding: .utf8)
            // Every `'amount': …` of the golden, in order.
            var amounts: [String] = []
            var rest = Substring(gold)
            while let r = rest.range(of: "'amount': ") {
                rest = rest[r.upperBound...]
                amounts.append(String(rest.prefix { "-0123456789.".contains($0) }))
            }
            let doc = try Self.read("oca/" + name)
            let ours = doc.transactions.map { Money.machineString(minorUnits: $0.amount.minorUnits, minorDigits: $0.amount.currency.minorDigits) }
            let normalise: (String) -> String = { s in
                guard let d = Decimal(string: s) else { return s }
                return "\(d)"
            }
            #expect(ours.map(normalise).sorted() == amounts.map(normalise).sorted(), "\(name)")
        }
    }
}
