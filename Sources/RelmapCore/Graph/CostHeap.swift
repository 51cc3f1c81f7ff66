/// How a `CostHeap` orders two entries of equal cost.
protocol CostOrder {
    static func less(_ costA: Double, _ idA: UInt32, _ costB: Double, _ idB: UInt32) -> Bool
}

/// By cost alone: ties pop in whatever order the heap holds them. Enough where any order of ties
/// gives the same answer (Dijkstra's costs, the world generator's sweep) and where a fixed order
/// is part of a seed's output (changing it would change every generated world).
enum ByCost: CostOrder {
    @inline(__always)
    static func less(_ costA: Double, _ idA: UInt32, _ costB: Double, _ idB: UInt32) -> Bool { costA < costB }
}

/// By cost, then the lower id: every search pops in one order, so equal-cost paths come out the
/// same on every run (ids are numbered in push order).
enum ByCostThenID: CostOrder {
    @inline(__always)
    static func less(_ costA: Double, _ idA: UInt32, _ costB: Double, _ idB: UInt32) -> Bool {
        costA < costB || (costA == costB && idA < idB)
    }
}

/// The one binary min-heap of (cost, id) for shortest-path searches (warm paths, warmest paths)
/// and the generator's sweep, on two flat arrays (no per-entry allocation, and `removeAll` keeps
/// the capacity for the next of many searches).
struct CostHeap<Order: CostOrder> {
    private var costs: [Double] = []
    private var ids: [UInt32] = []

    var isEmpty: Bool { costs.isEmpty }

    mutating func removeAll() {
        costs.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private func less(_ i: Int, _ j: Int) -> Bool { Order.less(costs[i], ids[i], costs[j], ids[j]) }

    /// - Complexity: O(log n).
    mutating func push(_ cost: Double, _ id: UInt32) {
        costs.append(cost)
        ids.append(id)
        var i = costs.count - 1
        while i > 0 {
            let p = (i - 1) >> 1
            guard less(i, p) else { break }
            costs.swapAt(i, p)
            ids.swapAt(i, p)
            i = p
        }
    }

    /// The entry of least cost, removed. - Complexity: O(log n).
    mutating func pop() -> (cost: Double, id: UInt32)? {
        guard let top = costs.first else { return nil }
        let id = ids[0]
        let lastCost = costs.removeLast(), lastID = ids.removeLast()
        if !costs.isEmpty {
            costs[0] = lastCost
            ids[0] = lastID
            var i = 0
            let n = costs.count
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < n && less(l, m) { m = l }
                if r < n && less(r, m) { m = r }
                if m == i { break }
                costs.swapAt(i, m)
                ids.swapAt(i, m)
                i = m
            }
        }
        return (top, id)
    }
}
