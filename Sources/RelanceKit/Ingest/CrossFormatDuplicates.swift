/// The same transaction arriving as a CAMT statement and as a bank-CSV export of the same account
/// (`inputs.md`, Bank statements): their ids differ, since the formats carry different fields, so
/// they are found by what both carry: entity, account, booking date, amount and currency, and the
/// remittance text normalised (case, accents, spaces and punctuation ignored; a CAMT line's
/// structured reference counts as its text too, since a CSV export shows it as the communication).
///
/// When no CSV line has the CAMT line's exact text, a CSV label containing the CAMT text as whole words
/// (at least 6 characters: an invoice number, a structured reference) is the same transaction too: banks
/// wrap the remittance in their own label in CSV exports.
///
/// Only lines of files of different formats are collapsed, one for one: two identical lines inside
/// one file are two payments (the id's occurrence counter keeps them), and a CSV line is dropped only
/// while an unpaired CAMT line of the same key is left. The CAMT line is kept: it is richer (end-to-end
/// id, structured reference, payer IBAN).
enum CrossFormatDuplicates {
    /// A CSV line dropped for the CAMT line it repeats.
    struct Duplicate: Sendable {
        var dropped: BankLine
        var kept: BankLine
    }

    /// The lines to keep, in their order, and the CSV lines dropped. `mayPair(camt, csv)` limits which
    /// lines may be the same transaction (all, by default).
    static func collapse(_ lines: [BankLine], isCAMT: (BankLine) -> Bool,
                         mayPair: (BankLine, BankLine) -> Bool = { _, _ in true }) -> (kept: [BankLine], duplicates: [Duplicate]) {
        // Only accounts exported in both formats can repeat a transaction: usually none, and then no
        // text is normalised at all.
        // Lines come file by file, and mostly account by account: a line of the same file, entity and
        // account as the one before adds nothing (whether a line is CAMT depends on its file only).
        // Fields are compared in place, not a million lines copied.
        var camtAccounts = Set<String>(), csvAccounts = Set<String>()
        for i in lines.indices {
            if i > 0 && lines[i].sourceFile == lines[i - 1].sourceFile && lines[i].account == lines[i - 1].account
                && lines[i].entity == lines[i - 1].entity { continue }
            let account = lines[i].entity + "|" + lines[i].account
            if isCAMT(lines[i]) { camtAccounts.insert(account) } else { csvAccounts.insert(account) }
        }
        let shared = camtAccounts.intersection(csvAccounts)
        guard !shared.isEmpty else { return (lines, []) }
        let inShared = { (l: BankLine) in shared.contains(l.entity + "|" + l.account) }
        var camtByKey: [String: [Int]] = [:]
        for (i, l) in lines.enumerated() where isCAMT(l) && inShared(l) {
            var texts = [HeaderName.normalize(l.remittance)]
            let ref = HeaderName.normalize(l.structuredRef)
            if !ref.isEmpty && ref != texts[0] { texts.append(ref) }
            for t in texts { camtByKey[key(l, text: t), default: []].append(i) }
        }
        guard !camtByKey.isEmpty else { return (lines, []) }
        var paired = Set<Int>()
        var dropped: [Int: Int] = [:]  // CSV line → the CAMT line it repeats
        for (i, l) in lines.enumerated() where !isCAMT(l) && inShared(l) {
            let candidates = camtByKey[key(l, text: HeaderName.normalize(l.remittance))] ?? []
            guard let c = candidates.first(where: { !paired.contains($0) && mayPair(lines[$0], l) }) else { continue }
            paired.insert(c)
            dropped[i] = c
        }
        // Then a bank's CSV label that wraps the CAMT text (`VIR SEPA RECU /DE … /MOTIF F2026-0142 /REF …` for
        // `F2026-0142`): the CAMT line's remittance, structured reference or end-to-end id, whole words of at
        // least 6 characters, found in the label.
        var camtByMovement: [String: [Int]] = [:]
        for (i, l) in lines.enumerated() where isCAMT(l) && !paired.contains(i) && inShared(l) {
            camtByMovement[key(l, text: ""), default: []].append(i)
        }
        for (i, l) in lines.enumerated() where !isCAMT(l) && dropped[i] == nil {
            guard let candidates = camtByMovement[key(l, text: "")] else { continue }
            let label = " " + words(l.remittance) + " "
            let found = candidates.first { c in
                guard !paired.contains(c), mayPair(lines[c], l) else { return false }
                return [lines[c].remittance, lines[c].structuredRef, lines[c].endToEndID].contains { text in
                    let w = words(text)
                    return w.utf8.count >= 6 && label.contains(" " + w + " ")
                }
            }
            guard let c = found else { continue }
            paired.insert(c)
            dropped[i] = c
        }
        guard !dropped.isEmpty else { return (lines, []) }
        let duplicates = dropped.keys.sorted().map { Duplicate(dropped: lines[$0], kept: lines[dropped[$0]!]) }
        return (lines.enumerated().filter { dropped[$0.offset] == nil }.map(\.element), duplicates)
    }

    /// The words of a text, normalised like header names (case and accents folded), one space apart:
    /// `"Facture F2026-0142, merci"` → `"facture f2026 0142 merci"`.
    static func words(_ text: String) -> String {
        var out: [String] = []
        var word = ""
        for ch in text {
            if ch.isLetter || ch.isNumber {
                word.append(ch)
            } else if !word.isEmpty {
                out.append(HeaderName.normalize(word))
                word = ""
            }
        }
        if !word.isEmpty { out.append(HeaderName.normalize(word)) }
        return out.filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func key(_ l: BankLine, text: String) -> String {
        [l.entity, l.account, l.bookingDate.iso, l.amount.currency.code, String(l.amount.minorUnits), text]
            .joined(separator: "\u{1F}")
    }
}
