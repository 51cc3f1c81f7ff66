/// Personalised PageRank for one RM's book without touching the whole graph: forward push
/// (Andersen, Chung and Lang 2006), for interactive questions where the book is a few hundred
/// clients and the graph a million entities.
///
/// It solves the same equation as `PersonalizedPageRank` (damping alpha, restart `p`, a node
/// without chain volume sending its mass to `p`) by moving "residual" mass outward from the seeds:
/// pushing node u settles (1 - alpha) r(u) into its estimate and spreads alpha r(u) over its
/// neighbours in proportion to volume (or back to `p` when u is dangling). A node is pushed while
/// r(u) > epsilon * degree(u), so the work is bounded by about 1 / ((1 - alpha) epsilon)
/// regardless of graph size, and only the region the walk really reaches is visited.
///
/// Accuracy: every estimate is below the true score, by at most the residual left behind, whose
/// total (`residual` in the result) is at most epsilon times the number of chain slots touched.
/// The benchmark checks that its top 100 equal the power iteration's.
public enum LocalPushPageRank {
    public struct Result: Sendable {
        /// (node, estimate) for every node with a positive estimate, descending by estimate
        /// (ties by node index).
        public var scores: [(node: Int, score: Double)]
        /// Residual mass never settled: the L1 distance to the exact scores is at most this.
        public var residual: Double
        public var pushes: Int
    }

    /// Reusable dense buffers, so that repeated queries on one graph do not allocate.
    public final class Workspace {
        var estimate: [Double]
        var residual: [Double]
        var queued: [Bool]
        public init(nodeCount: Int) {
            estimate = [Double](repeating: 0, count: nodeCount)
            residual = [Double](repeating: 0, count: nodeCount)
            queued = [Bool](repeating: false, count: nodeCount)
        }
    }

    /// - Complexity: O(1 / ((1 - alpha) epsilon)) pushes, each O(degree); independent of n.
    public static func compute(_ chain: ValueChainProjection, restart: [(node: Int, share: Double)],
                               alpha: Double = 0.85, epsilon: Double = 1e-7,
                               workspace: Workspace? = nil) -> Result {
        let ws = workspace ?? Workspace(nodeCount: chain.nodeCount)
        var touched: [Int] = []
        var queue: [Int] = []
        var head = 0
        var pushes = 0
        func threshold(_ u: Int) -> Double { epsilon * Double(max(chain.degree(u), 1)) }
        for (v, s) in restart {
            if ws.residual[v] == 0 && ws.estimate[v] == 0 { touched.append(v) }
            ws.residual[v] += s
        }
        for (v, _) in restart where !ws.queued[v] && ws.residual[v] > threshold(v) {
            ws.queued[v] = true
            queue.append(v)
        }
        chain.offsets.withUnsafeBufferPointer { offsets in
        chain.targets.withUnsafeBufferPointer { targets in
        chain.weights.withUnsafeBufferPointer { weights in
            while head < queue.count {
                let u = queue[head]; head += 1
                ws.queued[u] = false
                let r = ws.residual[u]
                ws.residual[u] = 0
                ws.estimate[u] += (1 - alpha) * r
                pushes += 1
                let strength = chain.strengths[u]
                if strength > 0 {
                    let spread = alpha * r / strength
                    for e in Int(offsets[u])..<Int(offsets[u + 1]) {
                        let v = Int(targets[e])
                        if ws.residual[v] == 0 && ws.estimate[v] == 0 { touched.append(v) }
                        ws.residual[v] += spread * weights[e]
                        if !ws.queued[v] && ws.residual[v] > threshold(v) {
                            ws.queued[v] = true
                            queue.append(v)
                        }
                    }
                } else {
                    // Dangling: the walk restarts at the seeds.
                    for (v, s) in restart {
                        ws.residual[v] += alpha * r * s
                        if !ws.queued[v] && ws.residual[v] > threshold(v) {
                            ws.queued[v] = true
                            queue.append(v)
                        }
                    }
                }
                // Keep the queue's memory bounded on long runs.
                if head > 1 << 16 && head * 2 > queue.count {
                    queue.removeFirst(head)
                    head = 0
                }
            }
        }
        }
        }
        var left = 0.0
        var out: [(node: Int, score: Double)] = []
        out.reserveCapacity(touched.count)
        for v in touched {
            left += ws.residual[v]
            if ws.estimate[v] > 0 { out.append((v, ws.estimate[v])) }
            ws.residual[v] = 0
            ws.estimate[v] = 0
        }
        out.sort { $0.score != $1.score ? $0.score > $1.score : $0.node < $1.node }
        return Result(scores: out, residual: left, pushes: pushes)
    }
}
