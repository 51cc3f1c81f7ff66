import Testing

@testable import RelmapCore

@Suite struct CostHeapTests {
    /// Pops in cost order whatever the push order; with ids breaking ties, in (cost, id) order.
    @Test func popsInCostOrderAndTiesByIDWhenAsked() {
        var rng = SplitMix64(seed: 1)
        let entries = (0..<500).map { i in (Double(rng.next() % 40), UInt32(i)) }
        var byCost = CostHeap<ByCost>(), byID = CostHeap<ByCostThenID>()
        for (c, id) in entries {
            byCost.push(c, id)
            byID.push(c, id)
        }
        var costs: [Double] = [], pairs: [(Double, UInt32)] = []
        while let e = byCost.pop() { costs.append(e.cost) }
        while let e = byID.pop() { pairs.append((e.cost, e.id)) }
        #expect(costs == entries.map(\.0).sorted())
        let expected = entries.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        #expect(pairs.map(\.0) == expected.map(\.0) && pairs.map(\.1) == expected.map(\.1))
        #expect(byCost.isEmpty && byID.pop() == nil)
        byID.push(1, 7)
        byID.removeAll()
        #expect(byID.isEmpty)
    }
}
