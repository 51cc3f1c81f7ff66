#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One step of a warm path: walk from `from` to `to` over relation `relation`.
public struct WarmHop: Sendable, Equatable {
    public var from: Int
    public var to: Int
    /// The relation index in `graph.relations`.
    public var relation: Int
    public var type: RelationType
    public var strength: Double
    /// True when the walk goes against the relation's direction (from its target to its source),
    /// e.g. "B was introduced by A" walked from B to A.
    public var reversed: Bool
}

/// A way into the target: a chain of introductions from an entity on the bank's side.
public struct WarmPath: Sendable, Equatable {
    /// Hops in walking order: the first starts at the bank-side entity, the last ends at the target.
    public var hops: [WarmHop]
    /// Sum of `-ln(strength)` over the hops; lower is warmer.
    public var cost: Double
    /// Product of the hops' strengths, `exp(-cost)`.
    public var strength: Double { exp(-cost) }
    /// The entities in walking order, start to target.
    public var entities: [Int] { hops.isEmpty ? [] : [hops[0].from] + hops.map(\.to) }
}

/// An entity close to a target that the bank can reach, offered when no path fits the hop limit.
public struct NearbyEntity: Sendable, Equatable {
    public var entity: Int
    /// Fewest hops from the bank's side (the nearest start) to this entity.
    public var hopsFromBank: Int
    /// Fewest hops from this entity to the target (ignoring the hop limit).
    public var hopsToTarget: Int?
}

/// What `WarmPathFinder.paths` found.
public struct WarmPathResult: Sendable {
    /// At most k paths, cheapest first; ties broken by fewer hops, then by entity index sequence.
    public var paths: [WarmPath]
    /// When `paths` is empty: the fewest hops any path needs (nil when the target cannot be reached
    /// at all through the selected relation types).
    public var hopsNeeded: Int?
    /// When `paths` is empty: bank-reachable entities closest to the target, nearest first.
    public var nearest: [NearbyEntity]
}

/// Finds the warmest introduction paths from the bank's side to a target entity.
///
/// Every relation is a door that opens both ways (see `Guides/Paths.md` for why), so the graph is
/// walked as undirected; a hop costs `-ln(strength)` and a path's cost is the sum. Paths are
/// simple, start at one of the `sources` and never pass through another source (a path through a
/// second client is always beaten by the same path started at that client, so it is noise).
///
/// Internally the search runs from the target towards the sources: with the default sources (every
/// client and introducer) a Dijkstra from the target stops at the first source it settles, after a
/// handful of nodes, which makes each of Yen's spur searches cheap.
public struct WarmPathFinder: Sendable {
    public let graph: Graph
    /// Strength per relation, given or defaulted (`TieStrength`).
    public let strengths: [Double]
    /// `-ln(strength)` per relation.
    let costs: [Double]

    /// - Complexity: O(n + m) to derive strengths and costs.
    public init(graph: Graph) {
        self.graph = graph
        strengths = TieStrength.strengths(of: graph)
        costs = strengths.map { -log($0) }
    }

    /// Up to this many sources, spur searches run as A* guided by distances from the sources.
    static let fewSources = 1000
    /// How far past the target's distance the A* bounds are computed exactly: paths up to about
    /// e^1.5 = 4.5 times weaker than the warmest one get the full benefit.
    static let lowerBoundSlack = 1.5
    /// At most this many entities are settled by the bound search: on a small-world graph the
    /// ball around the sources swallows the whole graph long before the target's distance, and
    /// past a few thousand entities a wider bound costs more than it saves (measured on a 1M-entity
    /// world: 20k settled gave 0.3 to 0.5 s per single-client query, the unbounded ball 3 to 5 s).
    static let lowerBoundBudget = 20_000

    /// The bank's side: every client, and every entity that has introduced someone to the bank
    /// (the source of a `refers` relation), whatever its status.
    /// - Complexity: O(n + m).
    public static func bankSide(of graph: Graph) -> [Int] {
        var mark = graph.entities.statuses.map { $0 == .client }
        let rel = graph.relations
        for r in 0..<rel.count where rel.types[r] == .refers { mark[Int(rel.sources[r])] = true }
        return mark.indices.filter { mark[$0] }
    }

    /// The k cheapest simple paths from any of `sources` to `target` with at most `maxHops` hops,
    /// over relations of the types in `via`.
    ///
    /// Yen's algorithm with Lawler's refinement (spur nodes only from the parent's deviation point
    /// on); each spur search is a Dijkstra over (entity, hops used) labels with a binary heap on
    /// flat arrays, so the hop limit is exact, not a filter applied afterwards. A spur search is
    /// cut at the cost of the (k - accepted)-th candidate, never keeps a label on the last hop
    /// that does not end at a source, and, with at most `fewSources` sources, runs as A* guided by
    /// a bounded Dijkstra from the sources (see `SpurSearch.computeLowerBounds`).
    ///
    /// - Complexity: O(k · L · D) where L ≤ maxHops is the path length and D the cost of one spur
    ///   search: O((L + 1) · (n' + m') log m') over the n' entities and m' relations within the
    ///   searched cost radius (each entity is settled at most once per hop count). With many
    ///   sources the radius is tiny; with one source the A* bounds keep it near the paths. Plus
    ///   O(n) per call to set up the source marks, and with few sources one bounded Dijkstra.
    public func paths(to target: Int, from sources: [Int], k: Int = 5, maxHops: Int = 4,
                      via: RelationTypes = .all) -> WarmPathResult {
        paths(to: target, from: sources, k: k, maxHops: maxHops, via: via, guideUpTo: Self.fewSources)
    }

    /// `guideUpTo`: the largest source count for which the searches use A* bounds; `boundBudget`:
    /// how many entities the bound search may settle (tests force every strategy through these).
    func paths(to target: Int, from sources: [Int], k: Int, maxHops: Int, via: RelationTypes,
               guideUpTo: Int, boundBudget: Int = lowerBoundBudget) -> WarmPathResult {
        let n = graph.entityCount
        precondition(target >= 0 && target < n, "target out of range")
        var search = SpurSearch(finder: self, n: n, maxHops: maxHops, via: via)
        var anySource = false
        for s in sources where s != target && s >= 0 && s < n {
            search.isSource[s] = true
            anySource = true
        }
        guard anySource, k > 0, maxHops > 0 else {
            return WarmPathResult(paths: [], hopsNeeded: nil, nearest: [])
        }
        if sources.count <= guideUpTo {
            if !search.computeLowerBounds(target: target, slack: Self.lowerBoundSlack, budget: boundBudget) {
                let (needed, nearest) = nearestReachable(to: target, isSource: search.isSource, maxHops: maxHops, via: via)
                return WarmPathResult(paths: [], hopsNeeded: needed, nearest: nearest)
            }
        }

        // Paths run target -> ... -> source internally; `nodes[0] == target`.
        struct Candidate {
            var nodes: [UInt32]
            var relations: [UInt32]
            var cost: Double
            var deviation: Int
        }
        func before(_ a: Candidate, _ b: Candidate) -> Bool {
            if a.cost != b.cost { return a.cost < b.cost }
            if a.nodes.count != b.nodes.count { return a.nodes.count < b.nodes.count }
            // Compare in walking order (source first) so ties read naturally.
            return a.nodes.reversed().lexicographicallyPrecedes(b.nodes.reversed())
        }
        func pathCost(_ relations: [UInt32]) -> Double {
            // Summed in walking order (source to target), the order the reference uses.
            var c = 0.0
            for r in relations.reversed() { c += costs[Int(r)] }
            return c
        }

        var accepted: [Candidate] = []
        var candidates: [Candidate] = []
        var seen = Set<[UInt32]>()

        if let first = search.run(root: [UInt32(target)], rootRelations: [], bannedNext: []) {
            let c = Candidate(nodes: first.nodes, relations: first.relations, cost: pathCost(first.relations), deviation: 0)
            seen.insert(c.nodes)
            candidates.append(c)
        }
        while accepted.count < k, !candidates.isEmpty {
            var best = 0
            for i in 1..<candidates.count where before(candidates[i], candidates[best]) { best = i }
            let path = candidates.remove(at: best)
            accepted.append(path)
            if accepted.count == k { break }
            // Spur at every node from the deviation point up to the one before the source.
            let last = path.nodes.count - 1
            guard path.deviation < last else { continue }
            for i in path.deviation..<last {
                let root = Array(path.nodes[0...i])
                var banned: [UInt32] = []
                for p in accepted where p.nodes.count > i + 1 && p.nodes[0...i].elementsEqual(root) {
                    banned.append(p.nodes[i + 1])
                }
                // A spur path only matters if it can still make the top k: bound its cost by the
                // (k - accepted)-th cheapest candidate so far (ties kept, for deterministic picks).
                var limit = Double.infinity
                let needed = k - accepted.count
                if candidates.count >= needed {
                    limit = candidates.map(\.cost).sorted()[needed - 1]
                }
                let rootRelations = Array(path.relations[0..<i])
                var rootCost = 0.0
                for r in rootRelations { rootCost += costs[Int(r)] }
                guard let found = search.run(root: root, rootRelations: rootRelations, bannedNext: banned,
                                             maxCost: limit - rootCost + 1e-9) else { continue }
                if seen.contains(found.nodes) { continue }
                seen.insert(found.nodes)
                candidates.append(Candidate(nodes: found.nodes, relations: found.relations,
                                            cost: pathCost(found.relations), deviation: i))
            }
        }

        if accepted.isEmpty {
            let (needed, nearest) = nearestReachable(to: target, isSource: search.isSource, maxHops: maxHops, via: via)
            return WarmPathResult(paths: [], hopsNeeded: needed, nearest: nearest)
        }
        let rel = graph.relations
        let paths = accepted.map { c -> WarmPath in
            var hops: [WarmHop] = []
            let count = c.relations.count
            for j in stride(from: count - 1, through: 0, by: -1) {
                let from = Int(c.nodes[j + 1]), to = Int(c.nodes[j]), r = Int(c.relations[j])
                hops.append(WarmHop(from: from, to: to, relation: r, type: rel.types[r], strength: strengths[r],
                                    reversed: Int(rel.sources[r]) != from))
            }
            return WarmPath(hops: hops, cost: c.cost)
        }
        return WarmPathResult(paths: paths, hopsNeeded: nil, nearest: [])
    }

    /// When no path fits the hop limit: the fewest hops a path needs, and the entities closest to
    /// the target (by hops) that the bank reaches within the limit.
    /// - Complexity: O(n + m) at worst: a breadth-first search from the bank's side within the
    ///   limit, then one from the target that stops once it has its answer.
    func nearestReachable(to target: Int, isSource: [Bool], maxHops: Int, via: RelationTypes,
                          limit: Int = 5) -> (Int?, [NearbyEntity]) {
        let n = graph.entityCount
        // Hops from the nearest source, through non-sources only, within the hop limit.
        var fromBank = [Int32](repeating: -1, count: n)
        var queue: [Int] = []
        for v in 0..<n where isSource[v] { fromBank[v] = 0; queue.append(v) }
        var head = 0
        var capped = false, touchesTarget = false
        while head < queue.count {
            let v = queue[head]; head += 1
            if fromBank[v] >= Int32(maxHops) { capped = true; continue }
            graph.forEachNeighbor(of: v, types: via) { u, _ in
                if u == target { touchesTarget = true; return }
                if fromBank[u] < 0 && !isSource[u] { fromBank[u] = fromBank[v] + 1; queue.append(u) }
            }
        }
        // The bank's whole component was walked without meeting the target: no path at any length,
        // and nothing the bank reaches is near it. Saves a walk over the target's component.
        if !capped && !touchesTarget { return (nil, []) }

        // Hops from the target, layer by layer, until the nearest source is known and enough
        // bank-reachable entities are found; sources end a walk (paths never pass through them).
        var toTarget = [Int32](repeating: -1, count: n)
        queue = [target]
        toTarget[target] = 0
        head = 0
        var needed: Int?
        var found: [NearbyEntity] = []
        var layer: Int32 = 0
        while head < queue.count {
            let v = queue[head]; head += 1
            if toTarget[v] > layer {
                if needed != nil && found.count >= limit { break }
                layer = toTarget[v]
            }
            if fromBank[v] > 0 { found.append(NearbyEntity(entity: v, hopsFromBank: Int(fromBank[v]), hopsToTarget: Int(toTarget[v]))) }
            if isSource[v] {
                if needed == nil { needed = Int(toTarget[v]) }
                continue
            }
            graph.forEachNeighbor(of: v, types: via) { u, _ in
                if toTarget[u] < 0 { toTarget[u] = toTarget[v] + 1; queue.append(u) }
            }
        }
        found.sort { ($0.hopsToTarget!, $0.hopsFromBank, $0.entity) < ($1.hopsToTarget!, $1.hopsFromBank, $1.entity) }
        return (needed, Array(found.prefix(limit)))
    }
}

/// Dijkstra over (entity, hops) labels from a spur node to the nearest source, honouring the
/// banned root nodes and banned first steps of Yen's algorithm. Scratch arrays are sized once per
/// query and reset by generation stamps, never cleared.
struct SpurSearch {
    let finder: WarmPathFinder
    let maxHops: Int
    let via: RelationTypes
    var isSource: [Bool]
    /// `settledStamp[v] == generation` means `settledHops[v]` is valid for this search.
    var settledStamp: [UInt32]
    var settledHops: [UInt8]
    var bannedStamp: [UInt32]
    var generation: UInt32 = 0
    // Labels: the search tree, one row per pushed (entity, hops).
    var labelNode: [UInt32] = []
    var labelParent: [UInt32] = []
    var labelRelation: [UInt32] = []
    var labelHops: [UInt8] = []
    /// Cost from the spur node to each label (the heap holds cost plus lower bound).
    var labelCost: [Double] = []
    var heap = LabelHeap()
    /// A* lower bound on the cost from each entity to the nearest source, or empty for plain
    /// Dijkstra. See `computeLowerBounds`.
    var lowerBound: [Double] = []

    init(finder: WarmPathFinder, n: Int, maxHops: Int, via: RelationTypes) {
        self.finder = finder
        self.maxHops = min(maxHops, 250)
        self.via = via
        isSource = [Bool](repeating: false, count: n)
        settledStamp = [UInt32](repeating: 0, count: n)
        settledHops = [UInt8](repeating: 0, count: n)
        bannedStamp = [UInt32](repeating: 0, count: n)
    }

    /// Lower bounds for A*: the cost from every entity to the nearest source, ignoring the hop
    /// limit, Yen's bans and the rule that paths do not pass through sources (each only makes
    /// paths dearer, so the bound stays admissible; it is a shortest-path distance, so it is also
    /// consistent and every search stays exact). A Dijkstra from the sources computes it out to
    /// `slack` beyond the target's own distance, or until `budget` entities are settled; entities
    /// farther out get the radius reached, still a valid (and still consistent) bound. Worth it when the sources are few: then a plain search from the
    /// target would wander over most of the graph, for every one of Yen's spur searches.
    /// - Complexity: O((n_R + m_R) log m_R) for the n_R entities within the radius, plus O(n).
    /// - Returns: false when the search ran out of entities without meeting the target: no path
    ///   exists at any length, and the caller can skip the path search altogether.
    mutating func computeLowerBounds(target: Int, slack: Double, budget: Int) -> Bool {
        let g = finder.graph
        let n = g.entityCount
        var dist = [Double](repeating: .infinity, count: n)
        var queue = LabelHeap()
        for v in 0..<n where isSource[v] { dist[v] = 0; queue.push(cost: 0, label: UInt32(v)) }
        var radius = Double.infinity
        var reached = 0.0
        var stoppedEarly = false
        let typeMask = via.rawValue
        let costArray = finder.costs
        g.outOffsets.withUnsafeBufferPointer { outOff in
        g.inOffsets.withUnsafeBufferPointer { inOff in
        g.inRelations.withUnsafeBufferPointer { inRel in
        g.relations.sources.withUnsafeBufferPointer { srcs in
        g.relations.targets.withUnsafeBufferPointer { tgts in
        g.relations.types.withUnsafeBufferPointer { types in
        costArray.withUnsafeBufferPointer { costs in
        dist.withUnsafeMutableBufferPointer { dist in
            var settled = 0
            while let (d, label) = queue.pop() {
                let v = Int(label)
                if d > dist[v] { continue }
                if d > radius || settled >= budget { stoppedEarly = true; break }
                settled += 1
                reached = d
                if v == target { radius = d + slack }
                @inline(__always) func relax(_ u: Int, _ r: Int) {
                    if typeMask & (1 << types[r].rawValue) == 0 { return }
                    let nd = d + costs[r]
                    if nd < dist[u] { dist[u] = nd; queue.push(cost: nd, label: UInt32(u)) }
                }
                for r in Int(outOff[v])..<Int(outOff[v + 1]) { relax(Int(tgts[r]), r) }
                for i in Int(inOff[v])..<Int(inOff[v + 1]) {
                    let r = Int(inRel[i])
                    relax(Int(srcs[r]), r)
                }
            }
            // Beyond the radius the true distance is at least the last distance settled.
            for v in 0..<n where dist[v] > reached { dist[v] = reached }
        }}}}}}}}
        lowerBound = dist
        return stoppedEarly || radius.isFinite
    }

    /// The cheapest path that starts with `root` (target first), continues from its last node
    /// without touching the other root nodes or stepping first to a `bannedNext` node, ends at a
    /// source and has at most `maxHops` hops in all.
    mutating func run(root: [UInt32], rootRelations: [UInt32], bannedNext: [UInt32],
                      maxCost: Double = .infinity) -> (nodes: [UInt32], relations: [UInt32])? {
        generation &+= 1
        if generation == 0 {
            // Wrapped after four billion searches: reset the stamps once.
            for i in settledStamp.indices { settledStamp[i] = 0; bannedStamp[i] = 0 }
            generation = 1
        }
        let gen = generation
        for v in root.dropLast() { bannedStamp[Int(v)] = gen }
        let spur = Int(root.last!)
        let startHops = root.count - 1
        guard startHops < maxHops else { return nil }
        labelNode.removeAll(keepingCapacity: true)
        labelParent.removeAll(keepingCapacity: true)
        labelRelation.removeAll(keepingCapacity: true)
        labelHops.removeAll(keepingCapacity: true)
        labelCost.removeAll(keepingCapacity: true)
        heap.removeAll()
        labelNode.append(UInt32(spur)); labelParent.append(UInt32.max); labelRelation.append(UInt32.max)
        labelHops.append(UInt8(startHops)); labelCost.append(0)
        heap.push(cost: 0, label: 0)
        let bounded = !lowerBound.isEmpty
        let bounds = lowerBound

        let g = finder.graph
        let maxH = UInt8(maxHops)
        let typeMask = via.rawValue
        let costArray = finder.costs
        var goal: UInt32 = .max
        g.outOffsets.withUnsafeBufferPointer { outOff in
        g.inOffsets.withUnsafeBufferPointer { inOff in
        g.inRelations.withUnsafeBufferPointer { inRel in
        g.relations.sources.withUnsafeBufferPointer { srcs in
        g.relations.targets.withUnsafeBufferPointer { tgts in
        g.relations.types.withUnsafeBufferPointer { types in
        costArray.withUnsafeBufferPointer { costs in
        bounds.withUnsafeBufferPointer { bound in
            while let (f, label) = heap.pop() {
                if f > maxCost { return }
                let cost = labelCost[Int(label)]
                let v = Int(labelNode[Int(label)])
                let h = labelHops[Int(label)]
                if settledStamp[v] == gen && settledHops[v] <= h { continue }
                settledStamp[v] = gen
                settledHops[v] = h
                if isSource[v] { goal = label; return }
                if h >= maxH { continue }
                let isSpur = v == spur
                @inline(__always) func relax(_ u: Int, _ r: Int) {
                    if typeMask & (1 << types[r].rawValue) == 0 { return }
                    if bannedStamp[u] == gen { return }
                    // A label on the last allowed hop is useful only if it ends the path.
                    if h + 1 >= maxH && !isSource[u] { return }
                    if settledStamp[u] == gen && settledHops[u] <= h + 1 { return }
                    if isSpur && bannedNext.contains(UInt32(u)) { return }
                    let g = cost + costs[r]
                    let f = bounded ? g + bound[u] : g
                    if f > maxCost { return }
                    let l = UInt32(labelNode.count)
                    labelNode.append(UInt32(u)); labelParent.append(label); labelRelation.append(UInt32(r))
                    labelHops.append(h + 1)
                    labelCost.append(g)
                    heap.push(cost: f, label: l)
                }
                for r in Int(outOff[v])..<Int(outOff[v + 1]) { relax(Int(tgts[r]), r) }
                for i in Int(inOff[v])..<Int(inOff[v + 1]) {
                    let r = Int(inRel[i])
                    relax(Int(srcs[r]), r)
                }
            }
        }}}}}}}}
        guard goal != .max else { return nil }
        var tailNodes: [UInt32] = []
        var tailRelations: [UInt32] = []
        var l = goal
        while labelParent[Int(l)] != .max {
            tailNodes.append(labelNode[Int(l)])
            tailRelations.append(labelRelation[Int(l)])
            l = labelParent[Int(l)]
        }
        return (root + tailNodes.reversed(), rootRelations + tailRelations.reversed())
    }
}

/// A binary min-heap of (cost, label) on two flat arrays; ties pop the lower label first, which
/// makes every search deterministic (labels are numbered in push order).
struct LabelHeap {
    private var costs: [Double] = []
    private var labels: [UInt32] = []

    mutating func removeAll() {
        costs.removeAll(keepingCapacity: true)
        labels.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private func less(_ i: Int, _ j: Int) -> Bool {
        costs[i] < costs[j] || (costs[i] == costs[j] && labels[i] < labels[j])
    }

    mutating func push(cost: Double, label: UInt32) {
        costs.append(cost)
        labels.append(label)
        var i = costs.count - 1
        while i > 0 {
            let p = (i - 1) >> 1
            guard less(i, p) else { break }
            costs.swapAt(i, p); labels.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() -> (Double, UInt32)? {
        guard let top = costs.first else { return nil }
        let label = labels[0]
        let lastCost = costs.removeLast(), lastLabel = labels.removeLast()
        if !costs.isEmpty {
            costs[0] = lastCost; labels[0] = lastLabel
            var i = 0
            let n = costs.count
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < n && less(l, m) { m = l }
                if r < n && less(r, m) { m = r }
                if m == i { break }
                costs.swapAt(i, m); labels.swapAt(i, m)
                i = m
            }
        }
        return (top, label)
    }
}
