/// How many of the bank's seed clients an entity reaches within two hops along the value chain,
/// and how much trade ties it to them. Chain marketing (顺链拓客) works best where a prospect
/// trades directly with several clients (each can vouch, each sees the flows) and next best where
/// it shares a supplier or customer with them.
///
/// For each entity v:
/// - `direct[v]`: seed clients adjacent to v on the chain;
/// - `withinTwoHops[v]`: distinct seed clients at distance 1 or 2 (v itself excluded);
/// - `volume[v]`: trade that ties v to them: the full volume of each direct tie, plus for each
///   seed reached only at two hops the volume of its best link, the largest bottleneck
///   min(w(v,u), w(u,s)) over the intermediaries u.
public struct ChainCoverage: Sendable {
    public var direct: [UInt32]
    public var withinTwoHops: [UInt32]
    public var volume: [Double]

    /// - Complexity: O(sum over seeds s of the degrees of s's neighbours), visiting each seed's
    ///   two-hop ball once; stamp arrays keep each seed counted once per entity without clearing.
    public init(_ chain: ValueChainProjection, seeds: [Int]) {
        let n = chain.nodeCount
        var direct = [UInt32](repeating: 0, count: n)
        var within = [UInt32](repeating: 0, count: n)
        var volume = [Double](repeating: 0, count: n)
        var stamp = [Int32](repeating: -1, count: n)
        var twoHopStamp = [Int32](repeating: -1, count: n)
        var best = [Double](repeating: 0, count: n)
        var touched: [Int] = []
        for (k, s) in Set(seeds).sorted().enumerated() {
            let mark = Int32(k)
            stamp[s] = mark
            for e in chain.slots(s) {
                let u = Int(chain.targets[e])
                stamp[u] = mark
                direct[u] += 1
                within[u] += 1
                volume[u] += chain.weights[e]
            }
            touched.removeAll(keepingCapacity: true)
            for e in chain.slots(s) {
                let u = Int(chain.targets[e])
                let w1 = chain.weights[e]
                for f in chain.slots(u) {
                    let v = Int(chain.targets[f])
                    if stamp[v] == mark { continue }   // s itself or a direct neighbour
                    if twoHopStamp[v] != mark {
                        twoHopStamp[v] = mark
                        within[v] += 1
                        touched.append(v)
                    }
                    best[v] = max(best[v], min(w1, chain.weights[f]))
                }
            }
            for v in touched {
                volume[v] += best[v]
                best[v] = 0
            }
        }
        self.direct = direct
        self.withinTwoHops = within
        self.volume = volume
    }
}
