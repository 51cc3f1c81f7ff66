import Foundation

/// The warmest path from a set of sources to every entity at once: a multi-source Dijkstra on the
/// warm-path finder's tie strengths (`TieStrength`, cost -ln(strength)) and arcs (relations
/// walked both ways, restricted to the chosen types). `relmap next` takes its `access` signal from
/// it, so that a ranking and `relmap chain` agree on how warm every tie and path is; `chain`
/// answers the k warmest paths to one target, this the single warmest to all.
public struct WarmestPaths: Sendable {
    /// Path cost per entity (0 at a source, infinity where unreachable).
    public let cost: [Double]
    /// The previous entity on the warmest path (-1 at a source or unreached).
    let previous: [Int32]

    /// The path's strength, the product of its ties' strengths: 1 at a source, 0 unreachable.
    public func strength(_ v: Int) -> Double { cost[v].isFinite ? exp(-cost[v]) : 0 }

    /// The warmest path to `v`, from its source to `v`; empty when none.
    public func path(to v: Int) -> [Int] {
        guard cost[v].isFinite else { return [] }
        var out = [v]
        var x = v
        while previous[x] >= 0 && out.count <= previous.count {
            x = Int(previous[x])
            out.append(x)
        }
        return out.reversed()
    }
}

extension WarmPathFinder {
    /// - Complexity: O((n + m') log n) over the m' relations of the chosen types.
    public func warmest(from sources: [Int], via: RelationTypes) -> WarmestPaths {
        let n = graph.entityCount
        var cost = [Double](repeating: .infinity, count: n)
        var previous = [Int32](repeating: -1, count: n)
        var heap = CostHeap<ByCost>()
        for v in sources where cost[v] != 0 {
            cost[v] = 0
            heap.push(0, UInt32(v))
        }
        withArcs(via: via) { arcs in
            while let (c, v32) = heap.pop() {
                let v = Int(v32)
                if c > cost[v] { continue }
                arcs.forEachArc(of: v) { u, r in
                    let next = c + arcs.cost(r)
                    if next < cost[u] {
                        cost[u] = next
                        previous[u] = Int32(v)
                        heap.push(next, UInt32(u))
                    }
                }
            }
        }
        return WarmestPaths(cost: cost, previous: previous)
    }
}
