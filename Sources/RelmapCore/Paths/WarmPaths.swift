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
    /// Strength per relation, given or defaulted (`TieStrength`), before aging; 0 for relations
    /// of types the finder was not made for (never walked).
    let baseStrengths: [Double]
    /// How ties cool with time; nil keeps the strengths as given.
    let aging: TieAging?

    /// - Parameter types: the relation types searches will walk (their `via`); strengths are
    ///   derived for these only. The ranking asks for the social ties alone and is spared the
    ///   supplies relations, most of a value-chain graph.
    /// - Parameter aging: ties cooled by time since their last contact (`TieDecay`); nil keeps the
    ///   strengths as given.
    /// - Parameter strengths: every relation's strength before aging, when the graph came with
    ///   them (a snapshot keeps them); the finder then derives nothing.
    /// - Complexity: O(n + m) to derive the strengths; O(1) when given. A relation's cost
    ///   (`-ln` of its aged strength) is taken when a search walks it: a question walks a few
    ///   thousand of a million-entity graph's five million relations.
    public init(graph: Graph, types: RelationTypes = .all, aging: TieAging? = nil, strengths: [Double]? = nil) {
        precondition(strengths == nil || strengths!.count == graph.relationCount, "tie strengths of another graph")
        precondition(aging == nil || aging!.lastContact.count == graph.relationCount, "TieAging made for another graph")
        self.graph = graph
        self.aging = aging
        baseStrengths = strengths ?? TieStrength.strengths(of: graph, types: types)
    }

    /// The strength of relation `r` as the searches see it: given or defaulted, then aged.
    public func strength(_ r: Int) -> Double {
        let s = baseStrengths[r]
        guard let aging, s > 0 else { return s }
        return s * aging.factor(r, type: graph.relations.types[r])
    }

    /// `-ln(strength(r))`: the cost of walking relation `r`.
    func cost(_ r: Int) -> Double { -log(strength(r)) }

    /// Up to this many sources, the spur searches are cut by hop bounds (`computeHopBounds`);
    /// with more (the whole bank side: 80k on a 1M-entity world) the breadth-first search from
    /// the sources would cost more than the searches it saves, which stop after a few entities.
    static let fewSources = 1000

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
    public func paths(
        to target: Int, from sources: [Int], k: Int = 5, maxHops: Int = 4,
        via: RelationTypes = .all
    ) -> WarmPathResult {
        paths(to: target, from: sources, k: k, maxHops: maxHops, via: via, guideUpTo: Self.fewSources)
    }

    /// `guideUpTo`: the largest source count for which the searches use hop bounds (tests force
    /// both strategies through it).
    func paths(
        to target: Int, from sources: [Int], k: Int, maxHops: Int, via: RelationTypes,
        guideUpTo: Int
    ) -> WarmPathResult {
        let n = graph.entityCount
        precondition(target >= 0 && target < n, "target out of range")
        var isSource = [Bool](repeating: false, count: n)
        var starts: [Int] = []
        for s in sources where s != target && s >= 0 && s < n && !isSource[s] {
            isSource[s] = true
            starts.append(s)
        }
        guard !starts.isEmpty, k > 0, maxHops > 0 else {
            return WarmPathResult(paths: [], hopsNeeded: nil, nearest: [])
        }
        return withArcs(via: via) { arcs in
            var search = SpurSearch(arcs: arcs, isSource: isSource, maxHops: maxHops)
            if starts.count <= guideUpTo { search.computeHopBounds(target: target, sources: starts) }
            let accepted = yen(&search, target: target, k: k)
            if accepted.isEmpty {
                let (needed, nearest) = nearestReachable(to: target, search: search)
                return WarmPathResult(paths: [], hopsNeeded: needed, nearest: nearest)
            }
            return WarmPathResult(paths: accepted.map(warmPath), hopsNeeded: nil, nearest: [])
        }
    }

    /// A candidate, run target to source, as hops in walking order.
    func warmPath(_ c: Candidate) -> WarmPath {
        let rel = graph.relations
        var hops: [WarmHop] = []
        for j in stride(from: c.relations.count - 1, through: 0, by: -1) {
            let from = Int(c.nodes[j + 1]), to = Int(c.nodes[j]), r = Int(c.relations[j])
            hops.append(
                WarmHop(
                    from: from, to: to, relation: r, type: rel.types[r], strength: strength(r),
                    reversed: Int(rel.sources[r]) != from))
        }
        return WarmPath(hops: hops, cost: c.cost)
    }

    /// A path found by Yen's algorithm, run target -> ... -> source internally (`nodes[0]` is the
    /// target); `deviation` is where it left its parent path.
    struct Candidate {
        var nodes: [UInt32]
        var relations: [UInt32]
        var cost: Double
        var deviation: Int
    }

    /// Yen's algorithm with Lawler's refinement over the spur searches of `search`.
    func yen(_ search: inout SpurSearch, target: Int, k: Int) -> [Candidate] {
        func before(_ a: Candidate, _ b: Candidate) -> Bool {
            if a.cost != b.cost { return a.cost < b.cost }
            if a.nodes.count != b.nodes.count { return a.nodes.count < b.nodes.count }
            // Compare in walking order (source first) so ties read naturally.
            return a.nodes.reversed().lexicographicallyPrecedes(b.nodes.reversed())
        }
        func pathCost(_ relations: [UInt32]) -> Double {
            // Summed in walking order (source to target), the order the reference uses.
            var c = 0.0
            for r in relations.reversed() { c += cost(Int(r)) }
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
                for r in rootRelations { rootCost += cost(Int(r)) }
                guard
                    let found = search.run(
                        root: root, rootRelations: rootRelations, bannedNext: banned,
                        maxCost: limit - rootCost + 1e-9)
                else { continue }
                if seen.contains(found.nodes) { continue }
                seen.insert(found.nodes)
                candidates.append(
                    Candidate(
                        nodes: found.nodes, relations: found.relations,
                        cost: pathCost(found.relations), deviation: i))
            }
        }
        return accepted
    }

    /// Opens the adjacency and strength arrays once for all the searches of one query.
    func withArcs<R>(via: RelationTypes, _ body: (ArcView) -> R) -> R {
        let g = graph
        return g.outOffsets.withUnsafeBufferPointer { outOffsets in
            g.inOffsets.withUnsafeBufferPointer { inOffsets in
                g.inRelations.withUnsafeBufferPointer { inRelations in
                    g.relations.sources.withUnsafeBufferPointer { sources in
                        g.relations.targets.withUnsafeBufferPointer { targets in
                            g.relations.types.withUnsafeBufferPointer { types in
                                baseStrengths.withUnsafeBufferPointer { strengths in
                                    (aging?.lastContact ?? []).withUnsafeBufferPointer { lastContact in
                                        body(
                                            ArcView(
                                                outOffsets: outOffsets, inOffsets: inOffsets, inRelations: inRelations,
                                                sources: sources, targets: targets, types: types, strengths: strengths,
                                                decay: aging?.decay, lastContact: lastContact, typeMask: via.rawValue))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// When no path fits the hop limit: the fewest hops a path needs, and the entities closest to
    /// the target (by hops) that the bank reaches within the limit.
    ///
    /// Works from what `search` knows of the hops from the sources (exact up to some depth d; at
    /// least d + 1 elsewhere): a breadth-first search from the target finds the fewest hops where
    /// it meets that known region (final once its layer plus d reaches the best meeting found),
    /// and each entity near the target learns its own hops from the bank by a small search that
    /// stops at the known region. A plain search from the bank within the hop limit would cover
    /// most of a 1M-entity world from one client (0.6 s); these stay near the target.
    /// - Complexity: O(volume of the target's ball out to `hopsNeeded - d` hops, plus, for the
    ///   entities of its first layers, their balls out to `maxHops - d - 1` hops); O(n + m) at worst.
    func nearestReachable(to target: Int, search: SpurSearch, limit: Int = 5) -> (Int?, [NearbyEntity]) {
        let arcs = search.arcs, isSource = search.isSource, maxHops = search.maxHops
        let n = isSource.count
        // Without hop bounds only the sources themselves are known (0 hops).
        let known = search.hopsFromSource.isEmpty ? isSource.map { $0 ? 0 : UInt8.max } : search.hopsFromSource
        let beyond = search.hopsFromSource.isEmpty ? 1 : Int(search.hopsBeyondKnown)
        let exhausted = beyond == Int(UInt8.max)
        // The sources' whole component was walked without meeting the target: no path at any
        // length, and nothing the bank reaches is near it.
        if exhausted && known[target] == .max { return (nil, []) }

        // Hops from the bank to `v` (through neither sources nor the target) when within the limit:
        // a breadth-first search from v that stops at entities of known hops.
        var stamp = [UInt32](repeating: 0, count: n)
        var generation: UInt32 = 0
        func hopsFromBank(_ v: Int) -> Int? {
            if known[v] != .max { return Int(known[v]) }
            if exhausted { return nil }
            generation += 1
            stamp[v] = generation
            var frontier = [v]
            var best = Int.max, depth = 0
            // Past an entity of unknown hops, the next layer can offer no fewer than depth + 1 + (beyond - 1).
            while !frontier.isEmpty && depth + beyond < best && depth + beyond <= maxHops {
                depth += 1
                var next: [Int] = []
                for w in frontier {
                    arcs.forEachArc(of: w) { u, _ in
                        if u == target || stamp[u] == generation { return }
                        stamp[u] = generation
                        if known[u] != .max { best = min(best, depth + Int(known[u])) } else { next.append(u) }
                    }
                }
                frontier = next
            }
            return best <= maxHops ? best : nil
        }

        // The fewest hops a path needs: exactly the sources' count for the target when known,
        // else the best meeting of the target's layers with the known region.
        var needed: Int? = known[target] != .max ? Int(known[target]) : nil
        var toTarget = [Int32](repeating: -1, count: n)
        toTarget[target] = 0
        var layer = [target]
        var depth = 0
        var found: [NearbyEntity] = []
        var collecting = true
        while !layer.isEmpty {
            if collecting {
                for v in layer where v != target && !isSource[v] {
                    if let h = hopsFromBank(v) { found.append(NearbyEntity(entity: v, hopsFromBank: h, hopsToTarget: depth)) }
                }
                // Later layers are farther from the target: they cannot enter the first `limit`.
                if found.count >= limit { collecting = false }
            }
            // A path of fewer hops than `needed` would have met the known region by this layer.
            let neededFinal = needed.map { $0 <= depth + beyond - 1 } ?? false
            if neededFinal && !collecting { break }
            var next: [Int] = []
            for v in layer where !isSource[v] {
                arcs.forEachArc(of: v) { u, _ in
                    if toTarget[u] >= 0 { return }
                    toTarget[u] = Int32(depth + 1)
                    next.append(u)
                    if known[u] != .max {
                        let meeting = depth + 1 + Int(known[u])
                        if needed == nil || meeting < needed! { needed = meeting }
                    }
                }
            }
            layer = next
            depth += 1
        }
        found.sort { ($0.hopsToTarget!, $0.hopsFromBank, $0.entity) < ($1.hopsToTarget!, $1.hopsFromBank, $1.entity) }
        return (needed, Array(found.prefix(limit)))
    }
}

/// The graph's adjacency and the relations' strengths as unsafe buffers, opened once per query by
/// `WarmPathFinder.withArcs` and valid only inside it: the search kernels walk it millions of
/// times, and plain array subscripts cost about 1.5x there.
struct ArcView {
    let outOffsets: UnsafeBufferPointer<UInt32>
    let inOffsets: UnsafeBufferPointer<UInt32>
    let inRelations: UnsafeBufferPointer<UInt32>
    let sources: UnsafeBufferPointer<UInt32>
    let targets: UnsafeBufferPointer<UInt32>
    let types: UnsafeBufferPointer<RelationType>
    /// Strength per relation before aging (`WarmPathFinder.baseStrengths`).
    let strengths: UnsafeBufferPointer<Double>
    /// How ties cool, with each relation's last contact (empty without aging).
    let decay: TieDecay?
    let lastContact: UnsafeBufferPointer<Int32>
    /// The selected relation types (`RelationTypes.rawValue`).
    let typeMask: UInt8

    /// `-ln` of relation `r`'s aged strength, as `WarmPathFinder.cost` (the same operations in
    /// the same order, so both give the same bits).
    @inline(__always)
    func cost(_ r: Int) -> Double {
        let s = strengths[r]
        guard let decay, s > 0 else { return -log(s) }
        return -log(s * decay.factor(type: types[r], lastContact: lastContact[r]))
    }

    /// Calls `body(neighbor, relation)` for every selected relation of `v`, walked both ways.
    @inline(__always)
    func forEachArc(of v: Int, _ body: (_ neighbor: Int, _ relation: Int) -> Void) {
        for r in Int(outOffsets[v])..<Int(outOffsets[v + 1]) where typeMask & (1 << types[r].rawValue) != 0 {
            body(Int(targets[r]), r)
        }
        for i in Int(inOffsets[v])..<Int(inOffsets[v + 1]) {
            let r = Int(inRelations[i])
            if typeMask & (1 << types[r].rawValue) != 0 { body(Int(sources[r]), r) }
        }
    }

    /// Relations at `v` of any type: the work of expanding it.
    @inline(__always)
    func degree(_ v: Int) -> Int {
        Int(outOffsets[v + 1] - outOffsets[v]) + Int(inOffsets[v + 1] - inOffsets[v])
    }
}

/// Dijkstra over (entity, hops) labels from a spur node to the nearest source, honouring the
/// banned root nodes and banned first steps of Yen's algorithm. Scratch arrays are sized once per
/// query and reset by generation stamps, never cleared.
struct SpurSearch {
    let arcs: ArcView
    let maxHops: Int
    let isSource: [Bool]
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
    var heap = CostHeap<ByCostThenID>()
    /// Fewest hops from the nearest source to each entity (through neither other sources nor the
    /// target) where known, `UInt8.max` elsewhere, where it is at least `hopsBeyondKnown`
    /// (`UInt8.max`: unreachable). See `computeHopBounds`. Empty without hop bounds: then only
    /// the last hop is cut (it must end at a source).
    var hopsFromSource: [UInt8] = []
    var hopsBeyondKnown: UInt8 = 1

    init(arcs: ArcView, isSource: [Bool], maxHops: Int) {
        let n = isSource.count
        self.arcs = arcs
        self.maxHops = min(maxHops, 250)
        self.isSource = isSource
        settledStamp = [UInt32](repeating: 0, count: n)
        settledHops = [UInt8](repeating: 0, count: n)
        bannedStamp = [UInt32](repeating: 0, count: n)
    }

    /// Hop bounds: a label at entity v with r hops left is useless unless a source lies within r
    /// hops of v. Breadth-first searches from the sources and from the target, each step
    /// widening the side whose frontier has fewer relations, until their depths add up to the
    /// hop limit; the sources' side then knows hop distances up to its depth d exactly, and
    /// everything it has not reached is at least d + 1 hops from any source. A label h hops from
    /// the target with h >= the target side's depth can then only go on to entities within
    /// maxHops - h <= d hops of a source, which on a 1M-entity small world cuts a single-client
    /// search from the whole 6-hop ball (a million labels) to the few entities between the two.
    /// Ignoring the bans and the no-passing-through-sources rule only loosens the bound, and a
    /// feasibility cut never changes which label is cheapest, so the searches stay exact.
    /// - Complexity: O(volume of both balls), at most O(n + m); balanced so that neither side
    ///   grows far beyond the other.
    mutating func computeHopBounds(target: Int, sources: [Int]) {
        let arcs = self.arcs
        var fromSource = [UInt8](repeating: .max, count: isSource.count)
        for s in sources { fromSource[s] = 0 }
        var seenFromTarget = [Bool](repeating: false, count: isSource.count)
        seenFromTarget[target] = true
        var sourceFrontier = sources, targetFrontier = [target]
        var sourceDepth = 0, targetDepth = 0
        func volume(_ frontier: [Int]) -> Int { frontier.reduce(0) { $0 + arcs.degree($1) } }
        while sourceDepth + targetDepth < maxHops, !sourceFrontier.isEmpty {
            // An exhausted target side has nothing more to offer; widen the sources' side.
            if !targetFrontier.isEmpty && volume(targetFrontier) < volume(sourceFrontier) {
                var next: [Int] = []
                for v in targetFrontier where !isSource[v] {
                    arcs.forEachArc(of: v) { u, _ in
                        if !seenFromTarget[u] {
                            seenFromTarget[u] = true
                            next.append(u)
                        }
                    }
                }
                targetFrontier = next
                targetDepth += 1
            } else {
                var next: [Int] = []
                let depth = UInt8(sourceDepth + 1)
                for v in sourceFrontier where v != target {
                    arcs.forEachArc(of: v) { u, _ in
                        if fromSource[u] == .max {
                            fromSource[u] = depth
                            next.append(u)
                        }
                    }
                }
                sourceFrontier = next
                sourceDepth += 1
            }
        }
        // With the sources' component exhausted, what it has not reached is unreachable.
        hopsBeyondKnown = sourceFrontier.isEmpty ? .max : UInt8(sourceDepth + 1)
        hopsFromSource = fromSource
    }

    /// The cheapest path that starts with `root` (target first), continues from its last node
    /// without touching the other root nodes or stepping first to a `bannedNext` node, ends at a
    /// source and has at most `maxHops` hops in all.
    mutating func run(
        root: [UInt32], rootRelations: [UInt32], bannedNext: [UInt32],
        maxCost: Double = .infinity
    ) -> (nodes: [UInt32], relations: [UInt32])? {
        generation &+= 1
        if generation == 0 {
            // Wrapped after four billion searches: reset the stamps once.
            for i in settledStamp.indices {
                settledStamp[i] = 0
                bannedStamp[i] = 0
            }
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
        heap.removeAll()
        labelNode.append(UInt32(spur))
        labelParent.append(UInt32.max)
        labelRelation.append(UInt32.max)
        labelHops.append(UInt8(startHops))
        heap.push(0, 0)
        let hopBound = hopsFromSource
        let hopBounded = !hopBound.isEmpty
        let unknownHops = hopsBeyondKnown
        let arcs = self.arcs
        let maxH = UInt8(maxHops)
        var goal: UInt32 = .max
        hopBound.withUnsafeBufferPointer { hopBound in
            while let (cost, label) = heap.pop() {
                if cost > maxCost { return }
                let v = Int(labelNode[Int(label)])
                let h = labelHops[Int(label)]
                if settledStamp[v] == gen && settledHops[v] <= h { continue }
                settledStamp[v] = gen
                settledHops[v] = h
                if isSource[v] {
                    goal = label
                    return
                }
                if h >= maxH { continue }
                let isSpur = v == spur
                let hopsLeft = maxH - h - 1
                arcs.forEachArc(of: v) { u, r in
                    if bannedStamp[u] == gen { return }
                    // No source within the hops left after this step: a dead end.
                    let fewestHops = hopBounded ? min(hopBound[u], unknownHops) : (isSource[u] ? 0 : 1)
                    if fewestHops > hopsLeft { return }
                    if settledStamp[u] == gen && settledHops[u] <= h + 1 { return }
                    if isSpur && bannedNext.contains(UInt32(u)) { return }
                    let g = cost + arcs.cost(r)
                    if g > maxCost { return }
                    let l = UInt32(labelNode.count)
                    labelNode.append(UInt32(u))
                    labelParent.append(label)
                    labelRelation.append(UInt32(r))
                    labelHops.append(h + 1)
                    heap.push(g, l)
                }
            }
        }
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
