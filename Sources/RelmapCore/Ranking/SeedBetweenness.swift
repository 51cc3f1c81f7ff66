import Dispatch

/// How much an entity sits between the bank's clients on the value chain: over unordered pairs
/// of seed clients {s, t}, the share of the fewest-hop s-t chain paths that pass through it.
/// A prospect that many client-to-client chains run through is a natural broker: winning it
/// ties several existing relationships together.
///
/// Exactly networkx `betweenness_centrality_subset(G, seeds, seeds, normalized=False)` on the
/// unweighted, undirected value chain: Brandes' algorithm run from each seed, accumulating
/// dependencies only for targets in the seed set, each pair counted from both ends and halved.
///
/// When exact work (one breadth-first search per seed over the seeds' components) would exceed
/// `exactBudget` slot visits, it samples instead, the way KADABRA does (Borassi and Natale,
/// 2016): draw a pair of distinct seeds uniformly, find all their shortest paths with a balanced
/// bidirectional search (each step grows the side whose frontier has fewer slots, so the two
/// searches meet after touching a few thousand nodes rather than the whole chain), pick one of
/// those paths uniformly at random, and count a hit for each of its interior nodes. With h hits
/// over k pairs out of P = |S|(|S|-1)/2, the estimate P h / k is unbiased, and h is binomial:
/// `errorBound` is three standard errors, P * 3 sqrt(p(1-p)/k) with p = h/k (3P/k, the rule of
/// three, where h = 0). Unlike sampling whole searches from a few seeds, no node looks important
/// merely for sitting next to a sampled seed.
public enum SeedBetweenness {
    public struct Result: Sendable {
        /// One value per entity (0 outside the seeds' components).
        public var scores: [Double]
        /// Three standard errors per entity when sampled; nil when exact.
        public var errorBound: [Double]?
        /// Seed pairs sampled; 0 when exact.
        public var sampledPairs: Int
        public var seedCount: Int
        public var isExact: Bool { errorBound == nil }
    }

    /// - Parameters:
    ///   - exactBudget: the largest number of slot visits (|S| times the size of the seeds'
    ///     components) done exactly; beyond it, seed pairs are sampled.
    ///   - samples: how many seed pairs to sample then.
    ///   - rngSeed: the sample is deterministic for a given seed, whatever the thread count.
    /// - Complexity: exact O(|S| (n' + m')) over components of n' nodes and m' slots; sampled
    ///   O(k b) for k pairs whose bidirectional searches touch b slots each (thousands on a
    ///   well-mixed chain of a million entities).
    public static func compute(
        _ chain: ValueChainProjection, seeds: [Int], exactBudget: Int = 400_000_000,
        samples: Int = 100_000, threads: Int = Machine.cores, rngSeed: UInt64 = 0x5EED
    ) -> Result {
        let n = chain.nodeCount
        // Searches run over the projection's nodes; entities come in and go out.
        let unique = Array(Set(chain.nodes(ofEntities: seeds))).sorted()
        guard unique.count > 1 else {
            return Result(scores: [Double](repeating: 0, count: n), errorBound: nil, sampledPairs: 0, seedCount: unique.count)
        }
        let work = chain.componentRanges(containing: unique).reduce(0) {
            $0 + Int(chain.offsets[$1.upperBound] - chain.offsets[$1.lowerBound]) + $1.count
        }
        if unique.count * work <= exactBudget || samples <= 0 {
            return Result(
                scores: chain.byEntity(exact(chain, seeds: unique, threads: threads)), errorBound: nil,
                sampledPairs: 0, seedCount: unique.count)
        }
        let hits = sampledHits(chain, seeds: unique, samples: samples, threads: threads, rngSeed: rngSeed)
        let pairs = Double(unique.count) * Double(unique.count - 1) / 2
        let k = Double(samples)
        var scores = [Double](repeating: 0, count: n)
        var bound = [Double](repeating: 0, count: n)
        for v in 0..<n {
            let p = Double(hits[v]) / k
            scores[v] = pairs * p
            bound[v] = hits[v] == 0 ? pairs * 3 / k : pairs * 3 * (p * (1 - p) / k).squareRoot()
        }
        return Result(
            scores: chain.byEntity(scores), errorBound: chain.byEntity(bound), sampledPairs: samples,
            seedCount: unique.count)
    }

    /// Brandes from every seed, node-indexed.
    private static func exact(_ chain: ValueChainProjection, seeds: [Int], threads: Int) -> [Double] {
        let n = chain.nodeCount
        var isSeed = [Bool](repeating: false, count: n)
        for s in seeds { isSeed[s] = true }
        // Each worker keeps its own scratch and its own row of the sums; merged at the end.
        let workers = max(1, min(threads, seeds.count / 4))
        var sums = [Double](repeating: 0, count: workers * n)
        chain.offsets.withUnsafeBufferPointer { offsets in
            chain.targets.withUnsafeBufferPointer { targets in
                isSeed.withUnsafeBufferPointer { seedFlags in
                    seeds.withUnsafeBufferPointer { src in
                        sums.withUnsafeMutableBufferPointer { sumRows in
                            let k = BrandesKernel(
                                offsets: offsets.baseAddress!, targets: targets.baseAddress!,
                                isSeed: seedFlags.baseAddress!, sources: src.baseAddress!, sourceCount: src.count,
                                nodeCount: n, workers: workers, sums: sumRows.baseAddress!)
                            DispatchQueue.concurrentPerform(iterations: workers) { w in k.run(worker: w) }
                        }
                    }
                }
            }
        }
        // networkx halves: each unordered pair is seen from both of its ends.
        var total = [Double](repeating: 0, count: n)
        for w in 0..<workers { for v in 0..<n { total[v] += sums[w * n + v] } }
        for v in 0..<n { total[v] *= 0.5 }
        return total
    }

    /// Hits per node over `samples` random seed pairs, node-indexed.
    private static func sampledHits(
        _ chain: ValueChainProjection, seeds: [Int], samples: Int, threads: Int,
        rngSeed: UInt64
    ) -> [UInt32] {
        let n = chain.nodeCount
        let workers = max(1, min(threads, samples / 64))
        var hits = [UInt32](repeating: 0, count: workers * n)
        chain.offsets.withUnsafeBufferPointer { offsets in
            chain.targets.withUnsafeBufferPointer { targets in
                seeds.withUnsafeBufferPointer { seeds in
                    hits.withUnsafeMutableBufferPointer { hitRows in
                        let k = PairSampler(
                            offsets: offsets.baseAddress!, targets: targets.baseAddress!, seeds: seeds.baseAddress!,
                            seedCount: seeds.count, nodeCount: n, samples: samples, workers: workers,
                            rngSeed: rngSeed, hits: hitRows.baseAddress!)
                        DispatchQueue.concurrentPerform(iterations: workers) { w in k.run(worker: w) }
                    }
                }
            }
        }
        var total = [UInt32](repeating: 0, count: n)
        for w in 0..<workers { for v in 0..<n { total[v] += hits[w * n + v] } }
        return total
    }
}

/// Balanced bidirectional searches between random seed pairs, each ending with one shortest path
/// drawn uniformly at random. Sample i uses its own random stream (seeded from i), so the result
/// does not depend on which worker ran it.
private struct PairSampler: @unchecked Sendable {
    let offsets: UnsafePointer<UInt32>
    let targets: UnsafePointer<UInt32>
    let seeds: UnsafePointer<Int>
    let seedCount: Int
    let nodeCount: Int
    let samples: Int
    let workers: Int
    let rngSeed: UInt64
    /// `workers` rows of `nodeCount` hit counts; worker w writes row w only.
    let hits: UnsafeMutablePointer<UInt32>

    /// One side of the search (from s or from t): distances from its end (-1 unreached) and path
    /// counts, the other side's arrays (to see where the two meet), and the visit order, which
    /// is also the queue; the current frontier is `order[start..<end]`.
    struct Side {
        let distance: UnsafeMutablePointer<Int32>
        let paths: UnsafeMutablePointer<Double>
        var otherDistance: UnsafeMutablePointer<Int32>
        var otherPaths: UnsafeMutablePointer<Double>
        let order: UnsafeMutablePointer<UInt32>
        var start = 0, end = 0, depth: Int32 = 0
        /// Slots the next expansion would scan: the frontier's degree sum.
        var frontierSlots = 0

        /// Over scratch whose distances are all -1 and path counts 0 (`run` owns the memory).
        init(distance: UnsafeMutablePointer<Int32>, paths: UnsafeMutablePointer<Double>, order: UnsafeMutablePointer<UInt32>) {
            self.distance = distance
            self.paths = paths
            self.order = order
            otherDistance = distance
            otherPaths = paths
        }

        /// Whether the other side has reached v.
        @inline(__always) func otherReached(_ v: Int) -> Bool { otherDistance[v] >= 0 }

        mutating func begin(at v: Int, slots: Int) {
            distance[v] = 0
            paths[v] = 1
            order[0] = UInt32(v)
            start = 0
            end = 1
            depth = 0
            frontierSlots = slots
        }
        /// Forgets every node this side visited.
        mutating func reset() {
            for i in 0..<end {
                let v = Int(order[i])
                distance[v] = -1
                paths[v] = 0
            }
            start = 0
            end = 0
        }
    }

    func run(worker w: Int) {
        let n = nodeCount
        withScratchPointers(
            ScratchBuffer<Int32>(repeating: -1, count: n), ScratchBuffer<Double>(repeating: 0, count: n),
            ScratchBuffer<UInt32>(unwrittenCount: n), ScratchBuffer<Int32>(repeating: -1, count: n),
            ScratchBuffer<Double>(repeating: 0, count: n), ScratchBuffer<UInt32>(unwrittenCount: n)
        ) { aDistance, aPaths, aOrder, bDistance, bPaths, bOrder in
            sample(
                worker: w, Side(distance: aDistance, paths: aPaths, order: aOrder),
                Side(distance: bDistance, paths: bPaths, order: bOrder))
        }
    }

    /// Worker `w`'s samples, searching with sides `a` and `b` (fresh: nothing visited).
    private func sample(worker w: Int, _ a: Side, _ b: Side) {
        var a = a, b = b
        (a.otherDistance, a.otherPaths) = (b.distance, b.paths)
        (b.otherDistance, b.otherPaths) = (a.distance, a.paths)
        let row = hits + w * nodeCount
        var i = w
        while i < samples {
            var rng = SplitMix64(seed: rngSeed &+ UInt64(i) &* 0xD1B5_4A32_D192_ED03)
            let s = seeds[Int(rng.next() % UInt64(seedCount))]
            var t = seeds[Int(rng.next() % UInt64(seedCount - 1))]
            if t == s { t = seeds[seedCount - 1] }  // uniform over the other seeds
            a.begin(at: s, slots: degree(s))
            b.begin(at: t, slots: degree(t))
            if let u = search(&a, &b, &rng) {
                // The path s ... u ... t: u, then back towards each end; the ends are not counted.
                if u != s && u != t { row[u] += 1 }
                walkBack(from: u, a, &rng, row: row)
                walkBack(from: u, b, &rng, row: row)
            }
            a.reset()
            b.reset()
            i += workers
        }
    }

    @inline(__always)
    func degree(_ v: Int) -> Int { Int(offsets[v + 1] - offsets[v]) }

    /// Grows the side with the cheaper frontier, a whole level at a time, until the sides meet.
    /// - Returns: a node in the middle of a uniformly drawn shortest s-t path; nil when s and t
    ///   are not connected.
    func search(_ a: inout Side, _ b: inout Side, _ rng: inout SplitMix64) -> Int? {
        while a.start < a.end && b.start < b.end {
            let met = a.frontierSlots <= b.frontierSlots ? expand(&a, &rng) : expand(&b, &rng)
            if let met { return met }
        }
        return nil
    }

    /// Adds the next level to `side`. When it touches nodes the other side has reached, all
    /// shortest paths run through those nodes (the levels before did not meet), the number
    /// through u being paths(u) * other.paths(u); draws u in proportion.
    func expand(_ side: inout Side, _ rng: inout SplitMix64) -> Int? {
        let next = side.depth + 1
        var end = side.end, slots = 0, met = false
        for i in side.start..<side.end {
            let v = Int(side.order[i])
            let pv = side.paths[v]
            for e in Int(offsets[v])..<Int(offsets[v + 1]) {
                let u = Int(targets[e])
                let du = side.distance[u]
                if du < 0 {
                    side.distance[u] = next
                    side.paths[u] = pv
                    side.order[end] = UInt32(u)
                    end += 1
                    slots += degree(u)
                    if side.otherReached(u) { met = true }
                } else if du == next {
                    side.paths[u] += pv
                }
            }
        }
        let level = side.end..<end
        side.start = side.end
        side.end = end
        side.depth = next
        side.frontierSlots = slots
        guard met else { return nil }
        // paths(u) * otherPaths(u) shortest paths run through a meeting node u.
        var total = 0.0
        for i in level {
            let u = Int(side.order[i])
            if side.otherReached(u) { total += side.paths[u] * side.otherPaths[u] }
        }
        var r = rng.uniform() * total
        var chosen = -1
        for i in level {
            let u = Int(side.order[i])
            guard side.otherReached(u) else { continue }
            chosen = u
            r -= side.paths[u] * side.otherPaths[u]
            if r < 0 { break }
        }
        return chosen
    }

    /// From u back to the side's end along a uniformly drawn shortest path, counting a hit on
    /// every node passed but the end itself.
    func walkBack(from u: Int, _ side: Side, _ rng: inout SplitMix64, row: UnsafeMutablePointer<UInt32>) {
        var x = u
        while side.distance[x] > 1 {
            let previous = side.distance[x] - 1
            // Predecessor y carries paths(y) of the paths(x) shortest paths into x.
            var r = rng.uniform() * side.paths[x]
            var chosen = -1
            for e in Int(offsets[x])..<Int(offsets[x + 1]) {
                let y = Int(targets[e])
                guard side.distance[y] == previous else { continue }
                chosen = y
                r -= side.paths[y]
                if r < 0 { break }
            }
            row[chosen] += 1
            x = chosen
        }
    }
}
private struct BrandesKernel: @unchecked Sendable {
    let offsets: UnsafePointer<UInt32>
    let targets: UnsafePointer<UInt32>
    let isSeed: UnsafePointer<Bool>
    let sources: UnsafePointer<Int>
    let sourceCount: Int
    let nodeCount: Int
    let workers: Int
    /// `workers` rows of `nodeCount` sums; worker w writes row w only.
    let sums: UnsafeMutablePointer<Double>

    /// Worker `w` takes sources w, w + workers, ...: seeds of similar cost spread evenly.
    func run(worker w: Int) {
        let n = nodeCount
        let unvisited: Int32 = -1
        withScratchPointers(
            ScratchBuffer<Int32>(repeating: unvisited, count: n), ScratchBuffer<Double>(repeating: 0, count: n),
            ScratchBuffer<Double>(repeating: 0, count: n), ScratchBuffer<UInt32>(unwrittenCount: n)
        ) { level, paths, dependency, order in
            accumulate(worker: w, level: level, paths: paths, dependency: dependency, order: order)
        }
    }

    /// Worker `w`'s share of the sources, with its scratch (levels all `unvisited`, the rest 0).
    private func accumulate(
        worker w: Int, level: UnsafeMutablePointer<Int32>, paths: UnsafeMutablePointer<Double>,
        dependency: UnsafeMutablePointer<Double>, order: UnsafeMutablePointer<UInt32>
    ) {
        let n = nodeCount
        let unvisited: Int32 = -1
        let acc = sums + w * n
        var i = w
        while i < sourceCount {
            let s = sources[i]
            // Breadth-first search; `order` doubles as the queue and the visit order.
            var head = 0, tail = 1
            order[0] = UInt32(s)
            level[s] = 0
            paths[s] = 1
            while head < tail {
                let v = Int(order[head])
                head += 1
                let next = level[v] + 1
                let sv = paths[v]
                for e in Int(offsets[v])..<Int(offsets[v + 1]) {
                    let u = Int(targets[e])
                    let lu = level[u]
                    if lu == unvisited {
                        level[u] = next
                        paths[u] = sv
                        order[tail] = UInt32(u)
                        tail += 1
                    } else if lu == next {
                        paths[u] += sv
                    }
                }
            }
            // Dependencies in reverse order; predecessors are the neighbours one level closer.
            var j = tail - 1
            while j > 0 {
                let x = Int(order[j])
                let delta = dependency[x]
                let coefficient = (isSeed[x] ? delta + 1 : delta) / paths[x]
                let previous = level[x] - 1
                for e in Int(offsets[x])..<Int(offsets[x + 1]) {
                    let v = Int(targets[e])
                    if level[v] == previous { dependency[v] += paths[v] * coefficient }
                }
                acc[x] += delta
                j -= 1
            }
            for j in 0..<tail {
                let x = Int(order[j])
                level[x] = unvisited
                paths[x] = 0
                dependency[x] = 0
            }
            i += workers
        }
    }
}
