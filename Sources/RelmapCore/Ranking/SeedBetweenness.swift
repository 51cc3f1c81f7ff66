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
/// When exact work (one breadth-first search per seed) would exceed `exactBudget` slot visits,
/// the sources are a uniform sample of k seeds without replacement and every sum is scaled by
/// |S|/k: an unbiased estimate. Its error is reported per node as a 95% confidence half-width
/// from the sample variance of the per-source dependencies (normal approximation with the
/// finite-population correction), see `Result.errorBound`.
public enum SeedBetweenness {
    public struct Result: Sendable {
        /// One value per node (0 outside the seeds' components).
        public var scores: [Double]
        /// 95% confidence half-width per node when sampled; nil when exact.
        public var errorBound: [Double]?
        /// Sources used (all seeds when exact).
        public var sources: Int
        public var seedCount: Int
        public var isExact: Bool { errorBound == nil }
    }

    /// - Parameters:
    ///   - exactBudget: the largest number of slot visits (|S| times the size of the seeds'
    ///     components) done exactly; beyond it, sources are sampled to fit the budget.
    ///   - minimumSamples: never sample fewer sources than this (when there are more seeds).
    ///   - rngSeed: the sample is deterministic for a given seed.
    /// - Complexity: O(k (n' + m')) for k sources over components of n' nodes and m' slots.
    public static func compute(_ chain: ValueChainProjection, seeds: [Int], exactBudget: Int = 400_000_000,
                               minimumSamples: Int = 64, threads: Int = 2, rngSeed: UInt64 = 0x5EED) -> Result {
        let n = chain.nodeCount
        // Breadth-first searches run over the projection's nodes; entities come in and go out.
        let unique = Array(Set(chain.nodes(ofEntities: seeds))).sorted()
        var scores = [Double](repeating: 0, count: n)
        guard unique.count > 1 else {
            return Result(scores: scores, errorBound: nil, sources: unique.count, seedCount: unique.count)
        }
        let work = chain.componentRanges(containing: unique).reduce(0) {
            $0 + Int(chain.offsets[$1.upperBound] - chain.offsets[$1.lowerBound]) + $1.count
        }
        var sources = unique
        let sampled = unique.count * work > exactBudget && unique.count > minimumSamples
        if sampled {
            let k = min(unique.count, max(minimumSamples, exactBudget / max(work, 1)))
            var rng = SplitMix64(seed: rngSeed)   // the generator's: same sample on every platform
            var pool = unique
            for i in 0..<k {
                let j = i + Int(rng.next() % UInt64(pool.count - i))
                pool.swapAt(i, j)
            }
            sources = Array(pool[0..<k]).sorted()
        }
        var isSeed = [Bool](repeating: false, count: n)
        for s in unique { isSeed[s] = true }

        // Each worker keeps its own scratch and its own rows of the sums; merged at the end.
        let workers = max(1, min(threads, sources.count / 4))
        var sums = [Double](repeating: 0, count: workers * n)
        var squares = [Double](repeating: 0, count: sampled ? workers * n : 0)
        chain.offsets.withUnsafeBufferPointer { offsets in
        chain.targets.withUnsafeBufferPointer { targets in
        isSeed.withUnsafeBufferPointer { seedFlags in
        sources.withUnsafeBufferPointer { src in
        sums.withUnsafeMutableBufferPointer { sumRows in
        squares.withUnsafeMutableBufferPointer { squareRows in
            let k = BrandesKernel(offsets: offsets.baseAddress!, targets: targets.baseAddress!,
                                  isSeed: seedFlags.baseAddress!, sources: src.baseAddress!, sourceCount: src.count,
                                  nodeCount: n, workers: workers, sums: sumRows.baseAddress!,
                                  squares: sampled ? squareRows.baseAddress : nil)
            DispatchQueue.concurrentPerform(iterations: workers) { w in k.run(worker: w) }
        }
        }
        }
        }
        }
        }

        // networkx halves: each unordered pair is seen from both of its ends.
        let scale = 0.5 * Double(unique.count) / Double(sources.count)
        var total = Array(sums[0..<n])
        for w in 1..<max(workers, 1) { for v in 0..<n { total[v] += sums[w * n + v] } }
        for v in 0..<n { scores[v] = total[v] * scale }
        guard sampled else {
            return Result(scores: chain.byEntity(scores), errorBound: nil, sources: sources.count, seedCount: unique.count)
        }
        var squareSum = Array(squares[0..<n])
        for w in 1..<max(workers, 1) { for v in 0..<n { squareSum[v] += squares[w * n + v] } }
        let k = Double(sources.count), s = Double(unique.count)
        let fpc = ((s - k) / max(s - 1, 1)).squareRoot()
        var bound = [Double](repeating: 0, count: n)
        for v in 0..<n where total[v] > 0 {
            let mean = total[v] / k
            let variance = max(0, (squareSum[v] - k * mean * mean) / max(k - 1, 1))
            bound[v] = 3 * 0.5 * s * (variance / k).squareRoot() * fpc
        }
        return Result(scores: chain.byEntity(scores), errorBound: chain.byEntity(bound), sources: sources.count,
                      seedCount: unique.count)
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
    /// Same shape, sums of squared per-source dependencies; nil when exact.
    let squares: UnsafeMutablePointer<Double>?

    /// Worker `w` takes sources w, w + workers, ...: seeds of similar cost spread evenly.
    ///
    /// Memory traffic decides the speed: almost every neighbour visit lands on a node far away in
    /// memory. Levels are kept in 2 bytes (2 MB for a million nodes, mostly cache-resident), so
    /// the level test is cheap and the 8-byte path counts and dependencies are touched only for
    /// neighbours one level away.
    func run(worker w: Int) {
        let n = nodeCount
        let unvisited = UInt16.max
        let level = UnsafeMutablePointer<UInt16>.allocate(capacity: n)
        level.initialize(repeating: unvisited, count: n)
        let paths = UnsafeMutablePointer<Double>.allocate(capacity: n)
        paths.initialize(repeating: 0, count: n)
        let dependency = UnsafeMutablePointer<Double>.allocate(capacity: n)
        dependency.initialize(repeating: 0, count: n)
        let order = UnsafeMutablePointer<UInt32>.allocate(capacity: n)
        defer { level.deallocate(); paths.deallocate(); dependency.deallocate(); order.deallocate() }
        let acc = sums + w * n
        let sq = squares.map { $0 + w * n }
        var i = w
        while i < sourceCount {
            let s = sources[i]
            // Breadth-first search; `order` doubles as the queue and the visit order.
            var head = 0, tail = 1
            order[0] = UInt32(s)
            level[s] = 0
            paths[s] = 1
            while head < tail {
                let v = Int(order[head]); head += 1
                // Chains far longer than 65,000 hops do not occur; stop counting levels there.
                let next = min(level[v] + 1, unvisited - 1)
                let sv = paths[v]
                for e in Int(offsets[v])..<Int(offsets[v + 1]) {
                    let u = Int(targets[e])
                    let lu = level[u]
                    if lu == unvisited {
                        level[u] = next
                        paths[u] = sv
                        order[tail] = UInt32(u); tail += 1
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
                if let sq { sq[x] += delta * delta }
                j -= 1
            }
            for j in 0..<tail {
                let x = Int(order[j])
                level[x] = unvisited; paths[x] = 0; dependency[x] = 0
            }
            i += workers
        }
    }
}
