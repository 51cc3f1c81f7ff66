/// The value chain as an undirected weighted graph in compressed sparse rows: the graph the
/// ranking signals (`ppr`, `bridge`, `coverage`) walk.
///
/// Only `supplies` relations enter it. Direction is dropped (a supplier and its customer are tied
/// both ways for a bank: either can vouch for the other), and the weight between two entities is
/// the sum of the `supplies` volumes in both directions; duplicate relations add. Every entity is a
/// node, so a client without any chain relation is an isolated (dangling) node.
///
/// Rules a user may need to know:
/// - A `supplies` relation without a volume counts with the median of the known volumes (1 when no
///   volume is known at all): it is a real trade tie of unknown size, so a typical size is the
///   least surprising guess; 0 or 1 would make it vanish next to volumes in the millions.
/// - A relation from an entity to itself is ignored (it says nothing about the chain).
/// - A pair tied only by zero volume stays adjacent (it counts for `bridge`, which is unweighted)
///   but carries no PageRank mass.
///
/// Row `v` lists its neighbours in ascending index order, each once.
public struct ValueChainProjection: Sendable {
    /// Number of nodes: every entity of the graph.
    public let nodeCount: Int
    /// `offsets[v]..<offsets[v+1]` are the CSR slots of node `v`.
    public let offsets: [UInt32]
    /// Neighbour of each slot.
    public let targets: [UInt32]
    /// Summed trade volume of each slot's pair (both directions, duplicates added).
    public let weights: [Double]
    /// Weighted degree: the total trade volume of each node.
    public let strengths: [Double]
    /// The share of the neighbour's volume that this slot carries: `weights[e] / strengths[targets[e]]`,
    /// the transition probability from the neighbour to this row's node. Precomputed so that a
    /// PageRank pull sweep is one multiply-add per slot.
    public let pullShares: [Double]

    /// Number of undirected edges (each stored twice).
    public var edgeCount: Int { targets.count / 2 }

    @inline(__always)
    public func slots(_ v: Int) -> Range<Int> { Int(offsets[v])..<Int(offsets[v + 1]) }

    @inline(__always)
    public func degree(_ v: Int) -> Int { Int(offsets[v + 1] - offsets[v]) }

    /// Projects the `supplies` relations of `graph`.
    /// - Complexity: O(n + m log d) for n entities, m supplies relations and maximum degree d.
    public init(_ graph: Graph) {
        let n = graph.entityCount
        let rel = graph.relations
        var known: [Double] = []
        var pairs = 0
        for r in rel.indices where rel.types[r] == .supplies && rel.sources[r] != rel.targets[r] {
            pairs += 1
            if !rel.weights[r].isNaN { known.append(rel.weights[r]) }
        }
        let fallback = ValueChainProjection.median(&known) ?? 1

        // Counting sort of both directions of every relation into rows, then sort and merge each row.
        var rowCount = [UInt32](repeating: 0, count: n + 1)
        for r in rel.indices where rel.types[r] == .supplies && rel.sources[r] != rel.targets[r] {
            rowCount[Int(rel.sources[r]) + 1] += 1
            rowCount[Int(rel.targets[r]) + 1] += 1
        }
        for v in 0..<n { rowCount[v + 1] += rowCount[v] }
        var cursor = rowCount
        var rawTargets = [UInt32](repeating: 0, count: 2 * pairs)
        var rawWeights = [Double](repeating: 0, count: 2 * pairs)
        for r in rel.indices where rel.types[r] == .supplies && rel.sources[r] != rel.targets[r] {
            let s = rel.sources[r], t = rel.targets[r]
            let w = rel.weights[r].isNaN ? fallback : rel.weights[r]
            rawTargets[Int(cursor[Int(s)])] = t; rawWeights[Int(cursor[Int(s)])] = w; cursor[Int(s)] += 1
            rawTargets[Int(cursor[Int(t)])] = s; rawWeights[Int(cursor[Int(t)])] = w; cursor[Int(t)] += 1
        }

        var offsets = [UInt32](repeating: 0, count: n + 1)
        var targets = [UInt32](); targets.reserveCapacity(2 * pairs)
        var weights = [Double](); weights.reserveCapacity(2 * pairs)
        var row: [(UInt32, Double)] = []
        for v in 0..<n {
            let lo = Int(rowCount[v]), hi = Int(rowCount[v + 1])
            row.removeAll(keepingCapacity: true)
            for e in lo..<hi { row.append((rawTargets[e], rawWeights[e])) }
            if row.count > 1 { row.sort { $0.0 < $1.0 } }
            var k = 0
            while k < row.count {
                var w = row[k].1
                var l = k + 1
                while l < row.count && row[l].0 == row[k].0 { w += row[l].1; l += 1 }
                targets.append(row[k].0)
                weights.append(w)
                k = l
            }
            offsets[v + 1] = UInt32(targets.count)
        }

        var strengths = [Double](repeating: 0, count: n)
        for v in 0..<n {
            var s = 0.0
            for e in Int(offsets[v])..<Int(offsets[v + 1]) { s += weights[e] }
            strengths[v] = s
        }
        var shares = [Double](repeating: 0, count: targets.count)
        for e in targets.indices {
            let s = strengths[Int(targets[e])]
            shares[e] = s > 0 ? weights[e] / s : 0
        }
        self.nodeCount = n
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
        self.strengths = strengths
        self.pullShares = shares
    }

    /// The nodes in the connected components that contain at least one of `seeds`, ascending.
    /// PageRank mass restarts only at seeds, so every other node has exactly zero score.
    /// - Complexity: O(size of those components).
    public func componentNodes(containing seeds: [Int]) -> [UInt32] {
        var seen = [Bool](repeating: false, count: nodeCount)
        var stack: [UInt32] = []
        var out: [UInt32] = []
        for s in seeds where !seen[s] {
            seen[s] = true
            stack.append(UInt32(s))
            while let v = stack.popLast() {
                out.append(v)
                for e in slots(Int(v)) {
                    let u = Int(targets[e])
                    if !seen[u] { seen[u] = true; stack.append(UInt32(u)) }
                }
            }
        }
        if out.count == nodeCount {
            return Array(0..<UInt32(nodeCount))
        }
        out.sort()
        return out
    }

    static func median(_ values: inout [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        values.sort()
        let mid = values.count / 2
        return values.count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
    }
}
