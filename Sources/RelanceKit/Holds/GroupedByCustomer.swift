/// The items (allocations, aged items) of the given customers, grouped by customer in one pass.
/// Holds are checked against their customer's items only: scanning every item for every hold would
/// be holds × items, a few hundred times a million at scale.
func groupedByCustomer<T>(_ items: [T], customers: Set<CustomerKey>, key: (T) -> CustomerKey) -> [CustomerKey: [T]] {
    var out: [CustomerKey: [T]] = [:]
    guard !customers.isEmpty else { return out }
    for item in items {
        let k = key(item)
        if customers.contains(k) { out[k, default: []].append(item) }
    }
    return out
}
