/// An industry map (客户产业地图): the value chain around a client, an industry or an RM's book,
/// laid out in tiers from upstream (negative) through the focus (tier 0) to downstream (positive),
/// small enough to read. `IndustryMapDOT.swift` draws it; `Guides/IndustryMap.md` explains it.
///
/// Tiers follow `supplies` relations only (source sells to target): tier -1 sells to the focus,
/// tier -2 sells to tier -1, tier +1 buys from the focus, and so on to `depth`. An entity reachable
/// both ways is placed upstream, at its shortest distance. Beyond `maxNodes`, each tier keeps its
/// most important entities and folds the rest into one "+N more" node (see `extract`).
public struct IndustryMap: Sendable {
    /// What the map is centred on.
    public enum Focus: Sendable, Equatable {
        /// One entity (usually a client): its own chain.
        case entity(Int)
        /// Every entity whose `industry` is exactly this segment, as tier 0: the chain through it.
        case industry(String)
        /// Every entity the RM owns (客户归属), as tier 0: the RM's territory.
        case rm(String)
    }

    public struct Options: Sendable {
        /// Tiers to follow each way from the focus.
        public var depth: Int
        /// Upper bound on drawn entity and fold nodes (column headers and legend not counted).
        public var maxNodes: Int
        /// Entity index -> rank (1 = best target), drawn as "★rank" and kept unfolded when possible.
        public var highlights: [Int: Int]

        public init(depth: Int = 2, maxNodes: Int = 60, highlights: [Int: Int] = [:]) {
            self.depth = depth
            self.maxNodes = maxNodes
            self.highlights = highlights
        }
    }

    /// One drawn node: an entity, or the fold of a tier's smallest entities.
    public struct Node: Sendable, Equatable {
        public enum Content: Sendable, Equatable {
            case entity(Int)
            /// `count` entities folded together; `volume` is their trade with the next tier inwards.
            case folded(count: Int, volume: Double)
        }
        public var content: Content
        public var tier: Int
        /// Target rank from `Options.highlights`, when the entity has one.
        public var rank: Int?

        public var entity: Int? {
            if case .entity(let e) = content { return e }
            return nil
        }
    }

    /// Trade between two drawn nodes: every `supplies` relation between their entities, summed.
    public struct Edge: Sendable, Equatable {
        /// Node indices into `nodes`; goods flow from `from` to `to`.
        public var from: Int
        public var to: Int
        /// Summed yearly volume; 0 when no relation gave one.
        public var volume: Double
        public var relationCount: Int
    }

    public let focus: Focus
    public let depth: Int
    /// Entities of tier 0 (one for an entity map).
    public let seeds: [Int]
    /// Nodes ordered by tier (upstream first), within a tier by importance; folds last in their tier.
    public internal(set) var nodes: [Node] = []
    /// Edges ordered by (from, to).
    public internal(set) var edges: [Edge] = []
    /// Entities found in each tier before folding.
    public internal(set) var tierSizes: [Int: Int] = [:]

    /// Tiers present, upstream to downstream.
    public var tiers: [Int] { Array(Set(nodes.map(\.tier))).sorted() }

    /// Finds the entities of the focus's value chain and folds them down to `options.maxNodes`.
    ///
    /// Folding works outwards from the focus and keeps the picture connected: an entity may stay
    /// only if it trades with a kept entity of the next tier inwards; among those, highlighted
    /// targets come first, then the largest trade volume with kept entities, then the largest
    /// chain volume, then size or value, then file order. The node budget is shared between tiers
    /// by water-filling: small tiers are drawn whole and the rest split what is left evenly.
    /// Throws `RelmapError.lookup` when the industry or RM has no entity.
    /// - Complexity: O(sum of degrees of the entities within `depth` tiers), independent of the
    ///   size of the graph beyond them; plus a sort of each tier.
    public static func extract(_ graph: Graph, focus: Focus, options: Options = Options()) throws -> IndustryMap {
        let seeds = try seedEntities(graph, focus)
        let found = neighbourhood(graph, seeds: seeds, depth: max(0, options.depth))
        var map = IndustryMap(focus: focus, depth: max(0, options.depth), seeds: seeds)
        map.fold(graph, found, options)
        return map
    }

    /// Every entity within `depth` tiers of the focus, with its tier: what the map draws before
    /// folding. The CLI ranks targets among these.
    public static func candidates(_ graph: Graph, focus: Focus, depth: Int) throws -> [Int] {
        let found = neighbourhood(graph, seeds: try seedEntities(graph, focus), depth: max(0, depth))
        return found.byTier.keys.sorted().flatMap { found.byTier[$0]! }
    }

    static func seedEntities(_ graph: Graph, _ focus: Focus) throws -> [Int] {
        let entities = graph.entities
        switch focus {
        case .entity(let v):
            guard (0..<graph.entityCount).contains(v) else { throw RelmapError.usage("entity index \(v) is not in the graph") }
            return [v]
        case .industry(let name):
            let wanted = name.trimmingSpaces()
            if let code = entities.industries.existingCode(wanted) {
                let found = entities.industries.codes.indices.filter { entities.industries.codes[$0] == code }
                if !found.isEmpty { return found }
            }
            throw RelmapError.lookup(
                "no entity has industry \"\(name)\"; "
                    + suggestions(for: wanted, in: entities.industries, noun: "industries"))
        case .rm(let name):
            let wanted = name.trimmingSpaces()
            if !wanted.isEmpty, let code = entities.rms.existingCode(wanted) {
                let found = entities.rms.codes.indices.filter { entities.rms.codes[$0] == code }
                if !found.isEmpty { return found }
            }
            throw RelmapError.lookup(
                "no entity is owned by RM \"\(name)\"; "
                    + suggestions(for: wanted, in: entities.rms, noun: "RMs"))
        }
    }

    /// "industries in this graph: a, b, c (and 12 more)", closest (shared prefix, containment) first.
    static func suggestions(for wanted: String, in column: CategoricalColumn, noun: String) -> String {
        var counts = [Int](repeating: 0, count: column.values.count)
        for c in column.codes { counts[Int(c)] += 1 }
        let present = column.values.indices.filter { counts[$0] > 0 && !column.values[$0].isEmpty }
        guard !present.isEmpty else { return "this graph has no \(noun) (the column is empty)" }
        let lower = wanted.lowercased()
        func closeness(_ i: Int) -> Int {
            let v = column.values[i].lowercased()
            if v.contains(lower) || lower.contains(v) { return 0 }
            return v.first == lower.first ? 1 : 2
        }
        let ordered = present.sorted { (closeness($0), -counts[$0], column.values[$0]) < (closeness($1), -counts[$1], column.values[$1]) }
        let shown = ordered.prefix(8).map { column.values[$0] }
        return "\(noun) in this graph: " + shown.joined(separator: ", ")
            + (ordered.count > shown.count ? " (and \(ordered.count - shown.count) more)" : "")
    }

    /// The chain around the seeds before folding.
    struct Neighbourhood {
        var tierOf: [Int: Int] = [:]
        /// Entities per tier in discovery order (deterministic: seeds, then relation order).
        var byTier: [Int: [Int]] = [:]
        /// Each entity's trade volume with the next tier inwards.
        var chainVolume: [Int: Double] = [:]
    }

    /// Breadth-first along `supplies`: upstream first (incoming relations), then downstream.
    /// - Complexity: O(sum of degrees of the entities found).
    static func neighbourhood(_ graph: Graph, seeds: [Int], depth: Int) -> Neighbourhood {
        var found = Neighbourhood()
        for s in seeds where found.tierOf[s] == nil {
            found.tierOf[s] = 0
            found.byTier[0, default: []].append(s)
        }
        let relations = graph.relations
        for upstream in [true, false] {
            var frontier = found.byTier[0] ?? []
            var k = 0
            while k < depth && !frontier.isEmpty {
                k += 1
                let tier = upstream ? -k : k
                var next: [Int] = []
                for u in frontier {
                    graph.forEachNeighbor(of: u, types: .supplies, direction: upstream ? .backward : .forward) { v, r in
                        let known = found.tierOf[v]
                        if known == nil {
                            found.tierOf[v] = tier
                            next.append(v)
                        }
                        if known == nil || known == tier {
                            found.chainVolume[v, default: 0] += relations.weights[r].isNaN ? 0 : relations.weights[r]
                        }
                    }
                }
                if !next.isEmpty { found.byTier[tier] = next }
                frontier = next
            }
        }
        return found
    }

    /// Size or value, whichever the data has: what makes an entity big on the map.
    static func magnitude(_ graph: Graph, _ v: Int) -> Double {
        let size = graph.entities.sizes[v], value = graph.entities.values[v]
        return size.isNaN ? (value.isNaN ? 0 : value) : size
    }

    mutating func fold(_ graph: Graph, _ found: Neighbourhood, _ options: Options) {
        tierSizes = found.byTier.mapValues(\.count)
        // Tiers from the focus outwards, upstream before downstream at equal distance.
        let order = found.byTier.keys.sorted { (abs($0), $0) < (abs($1), $1) }
        var budget = max(options.maxNodes, order.count)
        var kept: [Int: [Int]] = [:]  // tier -> kept entities, best first
        var display: [Int: Int] = [:]  // entity -> node index, filled below
        var foldedOf: [Int: (count: Int, volume: Double)] = [:]
        var keptSet = Set<Int>()

        for (position, tier) in order.enumerated() {
            let members = found.byTier[tier]!
            let remaining = Array(order[position...])
            let quota = IndustryMap.waterFill(sizes: remaining.map { found.byTier[$0]!.count }, budget: budget)[0]
            // Volume with kept entities of the next tier inwards decides who may stay.
            var keptVolume: [Int: Double] = [:]
            if tier == 0 {
                for v in members { keptVolume[v] = 0 }
            } else {
                let inner = tier < 0 ? tier + 1 : tier - 1
                for u in kept[inner] ?? [] {
                    graph.forEachNeighbor(of: u, types: .supplies, direction: tier < 0 ? .backward : .forward) { v, r in
                        if found.tierOf[v] == tier {
                            let w = graph.relations.weights[r]
                            keptVolume[v, default: 0] += w.isNaN ? 0 : w
                        }
                    }
                }
            }
            let eligible = members.filter { keptVolume[$0] != nil }
            let ranked = eligible.map { v in
                (v, options.highlights[v] ?? Int.max, keptVolume[v]!, found.chainVolume[v] ?? 0, IndustryMap.magnitude(graph, v))
            }.sorted { a, b in
                if a.1 != b.1 { return a.1 < b.1 }
                if a.2 != b.2 { return a.2 > b.2 }
                if a.3 != b.3 { return a.3 > b.3 }
                if a.4 != b.4 { return a.4 > b.4 }
                return a.0 < b.0
            }.map(\.0)
            let keepCount =
                (members.count <= quota && eligible.count == members.count)
                ? members.count : min(eligible.count, max(0, quota - 1))
            let keep = Array(ranked.prefix(keepCount))
            kept[tier] = keep
            keptSet.formUnion(keep)
            let foldedCount = members.count - keep.count
            if foldedCount > 0 {
                let volume = members.reduce(0.0) { keptSet.contains($1) ? $0 : $0 + (found.chainVolume[$1] ?? 0) }
                foldedOf[tier] = (foldedCount, volume)
            }
            budget -= keep.count + (foldedCount > 0 ? 1 : 0)
        }

        // Nodes: tiers upstream to downstream, kept entities best first, the fold last.
        var foldNode: [Int: Int] = [:]
        for tier in found.byTier.keys.sorted() {
            for v in kept[tier] ?? [] {
                display[v] = nodes.count
                nodes.append(Node(content: .entity(v), tier: tier, rank: options.highlights[v]))
            }
            if let f = foldedOf[tier] {
                foldNode[tier] = nodes.count
                nodes.append(Node(content: .folded(count: f.count, volume: f.volume), tier: tier, rank: nil))
            }
        }

        // Edges: every supplies relation inside the neighbourhood, between drawn nodes.
        var sums: [Int: (volume: Double, count: Int)] = [:]
        let n = nodes.count
        for tier in found.byTier.keys.sorted() {
            for v in found.byTier[tier]! {
                let from = display[v] ?? foldNode[tier]!
                graph.forEachNeighbor(of: v, types: .supplies, direction: .forward) { t, r in
                    guard let targetTier = found.tierOf[t] else { return }
                    let to = display[t] ?? foldNode[targetTier]!
                    guard from != to else { return }
                    let w = graph.relations.weights[r]
                    sums[from * n + to, default: (0, 0)].volume += w.isNaN ? 0 : w
                    sums[from * n + to]!.count += 1
                }
            }
        }
        edges = sums.keys.sorted().map { key in
            Edge(from: key / n, to: key % n, volume: sums[key]!.volume, relationCount: sums[key]!.count)
        }
    }

    /// Splits `budget` node slots over tiers of the given sizes. A tier larger than its quota `q`
    /// shows `q - 1` entities plus one fold node. Returns each tier's quota (at least 1).
    /// - Complexity: O(t log s) for t tiers of at most s entities.
    static func waterFill(sizes: [Int], budget: Int) -> [Int] {
        func used(_ q: Int) -> Int { sizes.reduce(0) { $0 + min($1, q) } }
        var low = 1, high = max(1, sizes.max() ?? 1)
        while low < high {
            let mid = (low + high + 1) / 2
            if used(mid) <= budget { low = mid } else { high = mid - 1 }
        }
        var quotas = sizes.map { min($0, low) }
        var left = budget - used(low)
        for i in quotas.indices where left > 0 && quotas[i] < sizes[i] {
            quotas[i] += 1
            left -= 1
        }
        return quotas
    }
}
