/// Parsed payment terms by their text. A ledger repeats a handful of terms texts on a million rows;
/// parsing each once keeps the terms engine off the ingest's hot path. One per reader, one thread.
final class PaymentTermsCache {
    private var known: [String: PaymentTerms?] = [:]

    func terms(_ text: String) -> PaymentTerms? {
        if let hit = known[text] { return hit }
        let parsed = PaymentTerms(parsing: text)
        known[text] = .some(parsed)
        return parsed
    }
}
