/// The first `count` elements of a stream in a strict total order, without sorting the stream:
/// one pass that keeps the best few in order. For the usual "top 20 of 800,000 candidates", where
/// nearly every element is rejected by one comparison with the current last row.
struct TopRows<Element> {
    let count: Int
    let before: (Element, Element) -> Bool
    /// The best elements offered so far, in order; at most `count`.
    private(set) var rows: [Element] = []

    init(count: Int, by before: @escaping (Element, Element) -> Bool) {
        self.count = max(0, count)
        self.before = before
        rows.reserveCapacity(self.count + 1)
    }

    /// - Complexity: O(1) for an element that does not make the rows, O(count) otherwise.
    mutating func offer(_ element: Element) {
        if rows.count == count, count == 0 || !before(element, rows[count - 1]) { return }
        var lo = 0, hi = rows.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if before(element, rows[mid]) { hi = mid } else { lo = mid + 1 }
        }
        rows.insert(element, at: lo)
        if rows.count > count { rows.removeLast() }
    }
}
