/// The same transaction arriving as a CAMT statement and as a bank-CSV export of the same account
/// (`inputs.md`, Bank statements): their ids differ, since the formats carry different fields, so
/// they are found by what both carry: entity, account, booking date, amount and currency, and the
/// remittance text normalised (case, accents, spaces and punctuation ignored; a CAMT line's
/// structured reference counts as its text too, since a CSV export shows it as the communication).
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
        var camtByKey: [String: [Int]] = [:]
        for (i, l) in lines.enumerated() where isCAMT(l) {
            var texts = [HeaderName.normalize(l.remittance)]
            let ref = HeaderName.normalize(l.structuredRef)
            if !ref.isEmpty && ref != texts[0] { texts.append(ref) }
            for t in texts { camtByKey[key(l, text: t), default: []].append(i) }
        }
        guard !camtByKey.isEmpty else { return (lines, []) }
        var paired = Set<Int>()
        var dropped = Set<Int>()
        var duplicates: [Duplicate] = []
        for (i, l) in lines.enumerated() where !isCAMT(l) {
            let candidates = camtByKey[key(l, text: HeaderName.normalize(l.remittance))] ?? []
            guard let c = candidates.first(where: { !paired.contains($0) && mayPair(lines[$0], l) }) else { continue }
            paired.insert(c)
            dropped.insert(i)
            duplicates.append(Duplicate(dropped: l, kept: lines[c]))
        }
        guard !dropped.isEmpty else { return (lines, []) }
        return (lines.enumerated().filter { !dropped.contains($0.offset) }.map(\.element), duplicates)
    }

    static func key(_ l: BankLine, text: String) -> String {
        [l.entity, l.account, l.bookingDate.iso, l.amount.currency.code, String(l.amount.minorUnits), text]
            .joined(separator: "\u{1F}")
    }
}
