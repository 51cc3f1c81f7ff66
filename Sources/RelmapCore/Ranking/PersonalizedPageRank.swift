import Dispatch

/// Personalised PageRank on the value chain: where a random walk that keeps restarting at the
/// bank's clients spends its time. A candidate scores high when it trades heavily with clients,
/// or with firms that trade heavily with clients.
///
/// Exactly what networkx computes with
/// `pagerank(G, alpha=0.85, personalization=p, weight="weight")` on the undirected weighted graph
/// of `ValueChainProjection`: from node u the walk moves to neighbour v with probability
/// `w(u,v) / strength(u)`; with probability 1 - alpha it restarts at a seed drawn from `p`; a node
/// without chain volume (dangling) sends all its mass to `p`. Iterated until the L1 change of
/// the score vector is below `tolerance` (1e-10 by default).
///
/// The fixed point is unique, so where the iteration starts does not change the answer; it starts
/// at `p`, and only the components that contain a seed are swept: every other node's score is
/// exactly zero (networkx reaches the same zero only in the limit).
public enum PersonalizedPageRank {
    public struct Options: Sendable {
        public var alpha: Double = 0.85
        /// Stop when the L1 norm of the change between two sweeps is below this.
        public var tolerance: Double = 1e-10
        public var maxIterations: Int = 10_000
        /// Worker threads for the sweep (the machine has two cores).
        public var threads: Int = 2
        /// Split the sweep over `threads` even on a small graph (where one thread is faster);
        /// for tests of the parallel path.
        public var forceParallel = false
        public init(alpha: Double = 0.85, tolerance: Double = 1e-10, maxIterations: Int = 10_000, threads: Int = 2,
                    forceParallel: Bool = false) {
            self.alpha = alpha
            self.tolerance = tolerance
            self.maxIterations = maxIterations
            self.threads = threads
            self.forceParallel = forceParallel
        }
    }

    public struct Result: Sendable {
        /// One score per node; they sum to 1.
        public var scores: [Double]
        public var iterations: Int
        /// L1 change of the last sweep.
        public var lastChange: Double
    }

    /// The restart distribution over `seeds`: proportional to each client's yearly `value`.
    ///
    /// A seed whose value is missing gets the median of the known seed values: it is a client of
    /// ordinary importance as far as we know, so it neither vanishes nor dominates. When no seed
    /// has a positive value, every seed gets an equal share. A seed with value 0 gets no share
    /// (unless all are 0). Duplicates in `seeds` count once.
    /// - Returns: (node, share) pairs in ascending node order, shares summing to 1; empty when
    ///   `seeds` is empty.
    public static func restartDistribution(seeds: [Int], values: [Double]) -> [(node: Int, share: Double)] {
        let unique = Array(Set(seeds)).sorted()
        guard !unique.isEmpty else { return [] }
        var known = unique.compactMap { values[$0].isNaN ? nil : values[$0] }
        let fill = ValueChainProjection.median(&known)
        var raw = unique.map { s -> Double in
            let v = values[s]
            return v.isNaN ? (fill ?? 1) : max(v, 0)
        }
        var total = raw.reduce(0, +)
        if !(total > 0) || !total.isFinite {
            raw = Array(repeating: 1, count: unique.count)
            total = Double(unique.count)
        }
        return zip(unique, raw).map { ($0, $1 / total) }
    }

    /// Power iteration (pull sweeps, Gauss-Seidel within each thread's chunk) on the components
    /// that hold the seeds.
    /// - Complexity: O(k (n' + m')) for k sweeps over the n' nodes and m' slots of the seeds'
    ///   components; k is about log(tolerance) / log(alpha), 142 sweeps for 1e-10.
    public static func compute(_ chain: ValueChainProjection, restart: [(node: Int, share: Double)],
                               options: Options = Options()) -> Result {
        let n = chain.nodeCount
        var scores = [Double](repeating: 0, count: n)
        guard !restart.isEmpty else { return Result(scores: scores, iterations: 0, lastChange: 0) }
        let active = chain.componentNodes(containing: restart.map(\.node))
        var p = [Double](repeating: 0, count: n)
        for (v, s) in restart { p[v] += s }
        let dangling = active.filter { !(chain.strengths[Int($0)] > 0) }
        for v in active { scores[Int(v)] = p[Int(v)] }
        var next = scores

        // Chunks of the active list with about equal slot counts, for the worker threads.
        let slotsTotal = active.reduce(0) { $0 + chain.degree(Int($1)) }
        let workers = slotsTotal + active.count < 200_000 && !options.forceParallel ? 1 : max(1, options.threads)
        var bounds = [0]
        if workers > 1 {
            let per = (slotsTotal + active.count) / workers + 1
            var acc = 0
            for (i, v) in active.enumerated() {
                acc += chain.degree(Int(v)) + 1
                if acc >= per * bounds.count && bounds.count < workers { bounds.append(i + 1) }
            }
        }
        bounds.append(active.count)
        let chunkBounds = bounds
        let chunkCount = bounds.count - 1

        let alpha = options.alpha
        var iterations = 0
        var change = Double.infinity
        var partial = [Double](repeating: 0, count: chunkCount)
        chain.offsets.withUnsafeBufferPointer { offsets in
        chain.targets.withUnsafeBufferPointer { targets in
        chain.pullShares.withUnsafeBufferPointer { shares in
        active.withUnsafeBufferPointer { activeNodes in
        p.withUnsafeBufferPointer { restartShares in
            while iterations < options.maxIterations && !(change < options.tolerance) {
                var danglingMass = 0.0
                for v in dangling { danglingMass += scores[Int(v)] }
                let base = alpha * danglingMass + (1 - alpha)
                scores.withUnsafeBufferPointer { x in
                next.withUnsafeMutableBufferPointer { y in
                partial.withUnsafeMutableBufferPointer { part in
                    let k = SweepKernel(offsets: offsets.baseAddress!, targets: targets.baseAddress!,
                                        shares: shares.baseAddress!, active: activeNodes.baseAddress!,
                                        restart: restartShares.baseAddress!, x: x.baseAddress!,
                                        y: y.baseAddress!, partial: part.baseAddress!)
                    if chunkCount == 1 {
                        k.sweep(chunk: 0, from: bounds[0], to: bounds[1], alpha: alpha, base: base)
                    } else {
                        DispatchQueue.concurrentPerform(iterations: chunkCount) { c in
                            k.sweep(chunk: c, from: chunkBounds[c], to: chunkBounds[c + 1], alpha: alpha, base: base)
                        }
                    }
                }
                }
                }
                change = partial.reduce(0, +)
                swap(&scores, &next)
                iterations += 1
            }
        }
        }
        }
        }
        }
        return Result(scores: scores, iterations: iterations, lastChange: change)
    }
}

/// Raw pointers for one pull sweep, shared by the worker threads of one iteration. Each thread
/// writes only its own chunk of `y` and its own `partial` slot.
///
/// Gauss-Seidel within a chunk: a thread reads the values it has already updated in this sweep
/// (its own chunk of `y`) and the previous sweep's values (`x`) for every other node. It converges
/// to the same fixed point as plain Jacobi sweeps in about half the sweeps, and no thread ever
/// reads memory another thread writes during the sweep.
private struct SweepKernel: @unchecked Sendable {
    let offsets: UnsafePointer<UInt32>
    let targets: UnsafePointer<UInt32>
    let shares: UnsafePointer<Double>
    let active: UnsafePointer<UInt32>
    let restart: UnsafePointer<Double>
    let x: UnsafePointer<Double>
    let y: UnsafeMutablePointer<Double>
    let partial: UnsafeMutablePointer<Double>

    @inline(__always)
    func sweep(chunk: Int, from: Int, to: Int, alpha: Double, base: Double) {
        guard from < to else { partial[chunk] = 0; return }
        // This chunk's nodes lie in [low, low + span): active is sorted.
        let low = active[from], span = active[to - 1] - low + 1
        // When every node is active (one giant component), node i is active[i]: skip the lookup.
        let dense = active[to - 1] == UInt32(to - 1) && active[from] == UInt32(from)
        if dense {
            (y + from).update(from: x + from, count: to - from)
        } else {
            for i in from..<to { let v = Int(active[i]); y[v] = x[v] }
        }
        let own = UnsafePointer(y)
        var change = 0.0
        for i in from..<to {
            let v = dense ? i : Int(active[i])
            var sum = 0.0
            var e = Int(offsets[v])
            let end = Int(offsets[v + 1])
            while e < end {
                let t = targets[e]
                let source = (t &- low) < span ? own : x
                sum += shares[e] * source[Int(t)]
                e += 1
            }
            let value = alpha * sum + base * restart[v]
            change += abs(value - x[v])
            y[v] = value
        }
        partial[chunk] = change
    }
}
