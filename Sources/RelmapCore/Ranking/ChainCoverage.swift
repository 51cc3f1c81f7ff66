/// How many of the bank's seed clients an entity reaches within two hops along the value chain,
/// and how much trade ties it to them. Chain marketing (顺链拓客) works best where a prospect
/// trades directly with several clients (each can vouch, each sees the flows) and next best where
/// it shares a supplier or customer with them.
///
/// For each entity v:
/// - `direct[v]`: seed clients adjacent to v on the chain;
/// - `withinTwoHops[v]`: seed clients at distance 1 or 2 (v itself excluded);
/// - `volume[v]`: trade that ties v to them: the full volume of each direct tie, plus for each
///   seed reached only at two hops the volume of its best link, the largest bottleneck
///   min(w(v,u), w(u,s)) over the intermediaries u.
///
/// Hubs: a seed reached through an intermediary with more than `hubDegree` chain partners (a
/// car maker with thousands of suppliers) is counted once per such hub, with that hub's
/// bottleneck volume, and not de-duplicated against other paths. Exact de-duplication through
/// hubs costs the sum of squared hub degrees (hours on a million-entity chain); below the
/// threshold every seed is counted once.
public struct ChainCoverage: Sendable {
    public var direct: [UInt32]
    public var withinTwoHops: [UInt32]
    public var volume: [Double]

    /// - Complexity: O(sum over seeds s of the degrees of s's non-hub neighbours, plus the hubs'
    ///   degrees times log of their seed counts); the seeds are split over `threads` workers.
    public init(_ chain: ValueChainProjection, seeds: [Int], hubDegree: Int = 256, threads: Int = 2) {
        let n = chain.nodeCount
        // The walk runs over the projection's nodes; entities come in and go out.
        let all = Set(chain.nodes(ofEntities: seeds)).sorted()
        let workers = max(1, min(threads, all.count))
        let parts = (0..<workers).map { w in Array(all[(all.count * w / workers)..<(all.count * (w + 1) / workers)]) }
        let tallies = parts.concurrentMap { Tally(chain, seeds: $0, hubDegree: hubDegree) }
        // Counts and volumes add across disjoint seed sets; hubs are resolved once over all seeds.
        var total = tallies[0]
        for t in tallies.dropFirst() {
            for v in 0..<n {
                total.counts[v].direct += t.counts[v].direct
                total.counts[v].within += t.counts[v].within
                total.counts[v].volume += t.counts[v].volume
            }
            for (hub, list) in t.hubSeeds { total.hubSeeds[hub, default: []] += list }
        }
        total.addHubs(chain)
        self.direct = chain.byEntity(total.counts) { $0.direct }
        self.withinTwoHops = chain.byEntity(total.counts) { $0.within }
        self.volume = chain.byEntity(total.counts) { $0.volume }
    }

    /// One worker's share: the seeds it walks from, node-indexed.
    private struct Tally {
        /// A node's counts, in one record: a seed's direct neighbour gets all three at once.
        struct Count {
            var direct: UInt32 = 0
            var within: UInt32 = 0
            var volume = 0.0
        }
        var counts: [Count]
        /// For each hub: the volumes of its ties to seeds, and which seeds (to skip v itself).
        var hubSeeds: [Int: [(seed: Int, weight: Double)]] = [:]

        /// What the walk from the current seed knows about a node, in one record: the walk reads
        /// all three for every node two hops out, and one cache miss is cheaper than three.
        struct Mark {
            /// The last seed (by position) that reached the node at one hop, or was it.
            var direct: Int32 = -1
            /// The last seed that reached it at two hops.
            var twoHop: Int32 = -1
            /// The best bottleneck volume to the current seed at two hops.
            var best = 0.0
        }

        init(_ chain: ValueChainProjection, seeds: [Int], hubDegree: Int) {
            counts = [Count](repeating: Count(), count: chain.nodeCount)
            var marks = [Mark](repeating: Mark(), count: chain.nodeCount)
            var touched: [Int] = []
            var hubTies: [(hub: Int, seed: Int, weight: Double)] = []
            counts.withUnsafeMutableBufferPointer { counts in
                marks.withUnsafeMutableBufferPointer { marks in
                    for (k, s) in seeds.enumerated() {
                        let mark = Int32(k)
                        marks[s].direct = mark
                        for e in chain.slots(s) {
                            let u = Int(chain.targets[e])
                            marks[u].direct = mark
                            counts[u].direct += 1
                            counts[u].within += 1
                            counts[u].volume += chain.weights[e]
                        }
                        touched.removeAll(keepingCapacity: true)
                        for e in chain.slots(s) {
                            let u = Int(chain.targets[e])
                            let w1 = chain.weights[e]
                            if chain.degree(u) > hubDegree {
                                hubTies.append((u, s, w1))
                                continue
                            }
                            for f in chain.slots(u) {
                                let v = Int(chain.targets[f])
                                if marks[v].direct == mark { continue }  // s itself or a direct neighbour
                                if marks[v].twoHop != mark {
                                    marks[v].twoHop = mark
                                    counts[v].within += 1
                                    touched.append(v)
                                }
                                marks[v].best = max(marks[v].best, min(w1, chain.weights[f]))
                            }
                        }
                        for v in touched {
                            counts[v].volume += marks[v].best
                            marks[v].best = 0
                        }
                    }
                }
            }
            for tie in hubTies { hubSeeds[tie.hub, default: []].append((tie.seed, tie.weight)) }
        }

        /// Through each hub u, v reaches every seed tied to u (but itself), each with volume
        /// min(w(v,u), w(u,s)): with the seed volumes sorted and summed, one binary search per v.
        mutating func addHubs(_ chain: ValueChainProjection) {
            // Hubs in node order, not the dictionary's (which changes from run to run): a node
            // next to two hubs must sum their volumes in the same order every time.
            for u in hubSeeds.keys.sorted() {
                let list = hubSeeds[u]!
                let weights = list.map(\.weight).sorted()
                var prefix = [0.0]
                for w in weights { prefix.append(prefix.last! + w) }
                let seedWeight = Dictionary(list.map { ($0.seed, $0.weight) }, uniquingKeysWith: +)
                for e in chain.slots(u) {
                    let v = Int(chain.targets[e])
                    let wvu = chain.weights[e]
                    var count = weights.count
                    // Sum of min(wvu, w) over the hub's seed volumes.
                    var lo = 0, hi = weights.count
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if weights[mid] < wvu { lo = mid + 1 } else { hi = mid }
                    }
                    var tie = prefix[lo] + wvu * Double(weights.count - lo)
                    if let own = seedWeight[v] {  // v is itself a seed tied to the hub
                        count -= 1
                        tie -= min(wvu, own)
                    }
                    counts[v].within += UInt32(count)
                    counts[v].volume += tie
                }
            }
        }
    }
}
