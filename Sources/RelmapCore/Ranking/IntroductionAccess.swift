import Foundation

/// How warmly the bank can be introduced to each entity: the strength of the best introduction
/// path from the bank's side over the social relations (`knows`, `works_at`, `refers`,
/// `member_of`), a path's strength being the product of its ties' strengths.
///
/// The bank's side is every client and every introducer with a won referral (both already open
/// doors for the bank); they start at strength 1. A candidate two warm ties away (a client's CFO
/// who knows the candidate's chairman: 0.8 x 0.6) scores 0.48; one with no path scores 0.
///
/// Interim: the warm-path finder of issue 4 (`Sources/RelmapCore/Paths/`) is the project's
/// general answer to "who can introduce me"; once it is on main this signal should call it so
/// that both commands agree on strengths and paths. Until then this is a plain multi-source
/// Dijkstra on -log(strength).
///
/// Default strengths, used where a relation has no `strength` (documented in Guides/Ranking.md):
///
/// | relation | default |
/// |---|---|
/// | refers, outcome won | 0.9 |
/// | refers, pending | 0.7 |
/// | refers, no outcome | 0.6 |
/// | refers, lost | 0.3 |
/// | works_at | 0.8 |
/// | knows | 0.6 |
/// | member_of | 0.4 |
public struct IntroductionAccess: Sendable {
    /// Best path strength per entity, 0 when unreachable.
    public var strength: [Double]
    /// The relation by which the best path reaches each entity (-1 at the bank's side or unreached).
    var via: [Int32]
    /// The previous entity on the best path (-1 at the bank's side or unreached).
    var previous: [Int32]

    public static func defaultStrength(type: RelationType, outcome: ReferralOutcome) -> Double {
        switch type {
        case .refers:
            switch outcome {
            case .won: 0.9
            case .pending: 0.7
            case .none: 0.6
            case .lost: 0.3
            }
        case .worksAt: 0.8
        case .knows: 0.6
        case .memberOf: 0.4
        default: 0
        }
    }

    /// The tie strength of relation `r`: as given, else the default for its type.
    public static func tieStrength(_ graph: Graph, relation r: Int) -> Double {
        graph.relations.strength(r) ?? defaultStrength(type: graph.relations.types[r], outcome: graph.relations.outcomes[r])
    }

    /// Whether the bank already works with entity `v`: a client or an introducer with a won referral.
    public static func bankSide(_ graph: Graph) -> [Bool] {
        var side = graph.entities.statuses.map { $0 == .client }
        let rel = graph.relations
        for r in rel.indices where rel.types[r] == .refers && rel.outcomes[r] == .won {
            side[Int(rel.sources[r])] = true
        }
        return side
    }

    /// - Complexity: O((n + m) log n) over the social relations.
    public init(_ graph: Graph) {
        let n = graph.entityCount
        var cost = [Double](repeating: .infinity, count: n)
        var via = [Int32](repeating: -1, count: n)
        var previous = [Int32](repeating: -1, count: n)
        var heap = MinHeap()
        for (v, isBank) in IntroductionAccess.bankSide(graph).enumerated() where isBank {
            cost[v] = 0
            heap.push(0, UInt32(v))
        }
        let social = graph.view(.social)
        while let (c, v32) = heap.pop() {
            let v = Int(v32)
            if c > cost[v] { continue }
            social.forEachNeighbor(of: v) { u, r in
                let s = IntroductionAccess.tieStrength(graph, relation: r)
                guard s > 0 else { return }
                let next = c - (s < 1 ? log(s) : 0)
                if next < cost[u] {
                    cost[u] = next
                    via[u] = Int32(r)
                    previous[u] = Int32(v)
                    heap.push(next, UInt32(u))
                }
            }
        }
        self.strength = cost.map { $0.isFinite ? exp(-$0) : 0 }
        self.via = via
        self.previous = previous
    }

    /// The best introduction path to `v`, from the bank's side to `v`; empty when none.
    public func path(to v: Int) -> [Int] {
        guard strength[v] > 0 else { return [] }
        var out = [v]
        var x = v
        while previous[x] >= 0 {
            x = Int(previous[x])
            out.append(x)
            if out.count > via.count { break }   // a cycle cannot happen; guard against bad state
        }
        return out.reversed()
    }
}

/// A binary min-heap of (cost, node) for Dijkstra.
struct MinHeap {
    private var items: [(Double, UInt32)] = []
    var isEmpty: Bool { items.isEmpty }

    mutating func push(_ cost: Double, _ node: UInt32) {
        items.append((cost, node))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if items[parent].0 <= items[i].0 { break }
            items.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> (Double, UInt32)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count && items[l].0 < items[m].0 { m = l }
                if r < items.count && items[r].0 < items[m].0 { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
