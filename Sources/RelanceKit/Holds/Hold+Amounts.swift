// The amounts a hold concerns (disputes.csv's `amount_concerned`, a promise's target), one per
// currency: a customer billed in EUR and USD has two balances, never one sum of both.

extension Hold {
    /// The aged items the hold covers among `items` (its document, else every item of its customer).
    func covered(_ items: [AgedItem]) -> [AgedItem] {
        items.filter { covers(entity: $0.item.entity, customerID: $0.item.customerID, document: $0.item.document) }
    }

    /// The open amounts of the covered items per currency (credits netting them), in currency order;
    /// empty when no item is covered.
    func openAmounts(in items: [AgedItem]) -> [Money] {
        Money.sumsPerCurrency(covered(items).lazy.map(\.item.openAmount))
    }

    /// The overdue balance of the covered items per currency: the sum of their overdue buckets,
    /// as `overdue_total` in customers.csv (an overdue credit note nets it). Only currencies whose
    /// balance is positive are kept: nothing is owed in the others, so nothing can be promised.
    func overdueAmounts(in items: [AgedItem]) -> [Money] {
        Money.sumsPerCurrency(covered(items).lazy.filter { !$0.isCurrent }.map(\.item.openAmount)).filter(\.isPositive)
    }
}
