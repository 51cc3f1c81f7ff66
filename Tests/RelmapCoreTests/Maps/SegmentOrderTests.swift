import Testing

@testable import RelmapCore

@Suite struct SegmentOrderTests {
    /// Every permutation of 0..<n: the brute-force reference for the exact order.
    func permutations(_ n: Int) -> [[Int]] {
        guard n > 0 else { return [[]] }
        return permutations(n - 1).flatMap { p in
            (0...p.count).map { i in
                var q = p
                q.insert(n - 1, at: i)
                return q
            }
        }
    }

    func matrix(_ n: Int, _ arcs: [SegmentOrder.Arc]) -> [[Double]] {
        var w = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for a in arcs { w[a.from][a.to] += a.weight }
        return w
    }

    @Test func exactOrderLeavesTheLeastTradeBackwardsAsBruteForce() {
        var rng = SplitMix64(seed: 19)
        for trial in 0..<60 {
            let n = 2 + trial % 6
            var arcs: [SegmentOrder.Arc] = []
            for a in 0..<n {
                for b in 0..<n where a != b && rng.uniform() < 0.45 {
                    arcs.append(.init(from: a, to: b, weight: Double(1 + rng.next() % 1000)))
                }
            }
            let w = matrix(n, arcs)
            let best = permutations(n).map { SegmentOrder.backwardWeight($0, w) }.min()!
            let order = SegmentOrder.linearOrder(count: n, arcs: arcs)
            #expect(Set(order) == Set(0..<n))
            #expect(SegmentOrder.backwardWeight(order, w) == best, "trial \(trial)")
        }
    }

    @Test func greedyOrderIsAPermutationAndKeepsADagForward() {
        // 20 segments in a chain, listed backwards: beyond the exact limit, the heuristic must
        // still find the only order with nothing backwards.
        let n = SegmentOrder.exactLimit + 4
        let arcs = (0..<n - 1).map { SegmentOrder.Arc(from: n - 1 - $0, to: n - 2 - $0, weight: 5) }
        let order = SegmentOrder.linearOrder(count: n, arcs: arcs)
        #expect(order == Array((0..<n).reversed()))
        #expect(SegmentOrder.columns(count: n, arcs: arcs) == Array((0..<n).reversed()))
    }

    @Test func columnsFollowTheChainAndSourcesSitBeforeTheirFirstBuyer() {
        // 0 mine -> 1 salt -> 2 cathode -> 3 cells -> 4 cars; 5 equipment sells to 2 and 3;
        // 6 logistics sells to 4 only; 3 sells a little scrap back to 1.
        let arcs: [SegmentOrder.Arc] = [
            .init(from: 0, to: 1, weight: 100), .init(from: 1, to: 2, weight: 100), .init(from: 2, to: 3, weight: 100),
            .init(from: 3, to: 4, weight: 100), .init(from: 5, to: 2, weight: 10), .init(from: 5, to: 3, weight: 10),
            .init(from: 6, to: 4, weight: 5), .init(from: 3, to: 1, weight: 3)
        ]
        let c = SegmentOrder.columns(count: 7, arcs: arcs)
        #expect(Array(c[0...4]) == [0, 1, 2, 3, 4])
        #expect(c[5] == 1, "equipment sits just before cathode, its first buyer")
        #expect(c[6] == 3, "logistics sits just before cars, not at the far left")
    }

    @Test func isolatedAndSingleSegments() {
        #expect(SegmentOrder.columns(count: 0, arcs: []) == [])
        #expect(SegmentOrder.columns(count: 1, arcs: []) == [0])
        #expect(SegmentOrder.columns(count: 3, arcs: [.init(from: 2, to: 1, weight: 1)]) == [0, 1, 0])
    }
}
