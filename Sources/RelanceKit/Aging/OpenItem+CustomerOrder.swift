// The age stage writes its items customer by customer (entity, customer, due date, document), and
// every total after it reads them in that order: a customer's items side by side, so that they are
// summed without looking the customer up again. A comparison sort of a million items compares
// strings twenty times per item; here each item's customer is numbered once, the customers (a
// tenth as many) are sorted, the items placed by a counting sort, and only each customer's few
// items are sorted by due date and document.

extension Array where Element == OpenItem {
    /// Sorted by entity, customer, due date and document; items equal on all four keep their order.
    public func sortedByCustomer() -> [OpenItem] {
        var sorted = self
        sorted.sortByCustomer()
        return sorted
    }

    /// Sorts by entity, customer, due date and document, as `sortedByCustomer`, each item moved once
    /// into its place (`moveIntoOrder`) rather than copied into a second array.
    public mutating func sortByCustomer() {
        if isInCustomerOrder { return }
        var customers = ReceivableGroups(capacity: count / 8)
        var customerOf: [Int32] = []
        customerOf.reserveCapacity(count)
        for i in indices { customerOf.append(Int32(customers.number(entity: self[i].entity, customer: self[i].customerID, currency: ""))) }
        let rank = customers.keys.indices.sorted { customers.keys[$0] < customers.keys[$1] }
        var rankOf = [Int32](repeating: 0, count: customers.count)
        for (r, c) in rank.enumerated() { rankOf[c] = Int32(r) }
        let byRank = PositionsByGroup(groupOf: customerOf.map { rankOf[Int($0)] }, groups: customers.count)
        var order: [Int32] = []
        order.reserveCapacity(count)
        for r in 0..<customers.count {
            // Sorting is stable: items equal on due date and document stay in file order.
            order += byRank[r].sorted { a, b in
                let (x, y) = (Int(a), Int(b))
                return self[x].dueDate != self[y].dueDate ? self[x].dueDate < self[y].dueDate : self[x].document < self[y].document
            }
        }
        moveIntoOrder { Int(order[$0]) }
    }

    /// Whether each item comes after the one before it in customer order: the reconcile stage hands
    /// its open items over in this order, and checking is a single pass.
    var isInCustomerOrder: Bool {
        guard count > 1 else { return true }
        for i in 1..<count where !precedesInCustomerOrder(i - 1, i) { return false }
        return true
    }

    /// Whether the item at `a` may come before the one at `b` (fields compared in place: copying
    /// an item to compare it would retain its dozen strings).
    private func precedesInCustomerOrder(_ a: Int, _ b: Int) -> Bool {
        if self[a].entity != self[b].entity { return self[a].entity < self[b].entity }
        if self[a].customerID != self[b].customerID { return self[a].customerID < self[b].customerID }
        if self[a].dueDate != self[b].dueDate { return self[a].dueDate < self[b].dueDate }
        return self[a].document <= self[b].document
    }
}
