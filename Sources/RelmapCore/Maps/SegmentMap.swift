/// The segment view of an industry map (产业链图谱): the chain's segments (产业链环节: 锂矿, 锂盐,
/// 正极材料 ...) as columns from upstream to downstream, each segment's companies as compact cards
/// inside it, and one arrow per pair of segments carrying their total yearly trade and the number
/// of relations. `SegmentMapDOT.swift` draws it; `Guides/IndustryMap.md` explains it.
///
/// It answers "what does this chain look like and where do we stand in it" for maps too large to
/// draw company by company: a segment pair with fifty relations is one arrow, not fifty.
///
/// - Entities: those within `depth` tiers of the focus along `supplies` (as `IndustryMap`), grouped
///   by their `industry` (an empty industry is its own "unclassified" group).
/// - Columns: segments are ordered so that as much trade as possible runs left to right
///   (`SegmentOrder`); trade that still runs backwards, or stays within a column, is counted in
///   `unplotted` and said in the legend instead of being drawn against the chain.
/// - The chain direction holds around a single-segment centre (an industry, or one client's
///   segment): an entity downstream of the centre (tier > 0) whose segment sits left of the centre
///   is drawn in a group of its own right of it, and symmetrically upstream.
public struct SegmentMap: Sendable {
    /// How cards are ordered inside a segment (after targets, and after the centre for an RM map).
    public enum CardOrder: String, Sendable, CaseIterable {
        /// Yearly trade with the other entities on the map.
        case trade
        /// Size or, when the data has none, value to the bank: how big the company is.
        case value
    }

    public struct Options: Sendable {
        public var depth: Int
        /// Card rows one column may hold (segment headers not counted); beyond it each segment of
        /// the column shows its first cards and one "+N more" row. 22 rows (and the segment headers)
        /// fit an A3 page at 7 pt or more: measured on the industry maps of a 1M-entity world
        /// (30 printed at 6.5 pt, 22 at 7.7; Benchmarks/bench-map-quality.sh).
        public var rowsPerColumn: Int
        /// Entity index -> target rank (1 = best): drawn first with "★rank" and a red border.
        public var highlights: [Int: Int]
        /// The N largest company-to-company flows between drawn cards, drawn on top.
        public var detail: Int
        public var order: CardOrder
        /// Segments drawn on their own; the centre's always are, the rest by trade on the map.
        public var maxSegments: Int

        public init(
            depth: Int = 2, rowsPerColumn: Int = 22, highlights: [Int: Int] = [:], detail: Int = 0,
            order: CardOrder = .trade, maxSegments: Int = 12
        ) {
            self.maxSegments = maxSegments
            self.depth = depth
            self.rowsPerColumn = rowsPerColumn
            self.highlights = highlights
            self.detail = detail
            self.order = order
        }
    }

    /// Which side of a single-segment centre a split group holds (see the type's summary).
    public enum Side: Int, Sendable, Equatable, Comparable {
        case upstream = -1, whole = 0, downstream = 1
        public static func < (a: Side, b: Side) -> Bool { a.rawValue < b.rawValue }
    }

    /// One company card.
    public struct Card: Sendable, Equatable {
        public var entity: Int
        /// Trade or value, per `Options.order`: what the cards are ordered by, printed on the card.
        public var figure: Double
        public var rank: Int?
        /// In the focus (tier 0): the industry's companies, the RM's book, the client itself.
        public var isCentre: Bool
    }

    /// One segment (or one side of it) as drawn: a column entry with its cards.
    public struct Group: Sendable, Equatable {
        /// The `industry` value; "" for entities without one.
        public var segment: String
        public var side: Side
        /// Column from 0 (most upstream).
        public var column: Int
        /// Every entity of the map in this group, before folding.
        public var memberCount: Int
        /// How many of them bank with us.
        public var clientCount: Int
        /// Trade of the members with the rest of the map (each relation once per end).
        public var trade: Double
        public var cards: [Card]
        /// Members not drawn as cards, and the sum of their figures.
        public var foldedCount: Int
        public var foldedFigure: Double
        /// The focus's own segment.
        public var isCentre: Bool
        /// For the merged rest of a column: the segments merged, most trade first; else empty.
        public var mergedSegments: [String] = []
    }

    /// Trade between two groups, summed over every `supplies` relation; goods flow `from` -> `to`.
    public struct Flow: Sendable, Equatable {
        public var from: Int
        public var to: Int
        public var volume: Double
        public var relationCount: Int
    }

    /// A company-to-company flow drawn on top (`--detail`): between two cards.
    public struct DetailFlow: Sendable, Equatable {
        public var from: Int
        public var to: Int
        public var fromGroup: Int
        public var toGroup: Int
        public var volume: Double
    }

    /// Trade the map does not draw as arrows, so that none runs against the chain.
    public struct Unplotted: Sendable, Equatable {
        /// Between groups, from a later column to an earlier one.
        public var backwardCount = 0
        public var backwardVolume = 0.0
        /// Within one group or between groups of one column.
        public var withinCount = 0
        public var withinVolume = 0.0
        /// Among the entities of the outermost tier (upstream or downstream): beside the chain.
        public var offChainCount = 0
        public var offChainVolume = 0.0
        /// Segment pairs below `SegmentMap.minorShare` of their ends' largest flows.
        public var minorCount = 0
        public var minorVolume = 0.0
        /// On a page of a split map: between this page's segments and other pages'.
        public var betweenPagesCount = 0
        public var betweenPagesVolume = 0.0
    }

    public let focus: IndustryMap.Focus
    public let depth: Int
    public let order: CardOrder
    /// Ordered by column, then by segment order within the column.
    public internal(set) var groups: [Group] = []
    /// Forward flows only (`groups[from].column < groups[to].column`), largest first, minor ones
    /// left out (`minorShare`).
    public internal(set) var flows: [Flow] = []
    public internal(set) var details: [DetailFlow] = []
    public internal(set) var unplotted = Unplotted()
    /// Entities on the map before folding.
    public internal(set) var entityCount = 0
    /// For a page of a split map (`pages()`): its number from 1 and the number of pages; else 0, 0.
    public internal(set) var pageNumber = 0, pageCount = 0

    /// A segment pair below this share of both its source's largest flow out and its target's
    /// largest flow in is counted, not drawn.
    public static let minorShare = 0.15

    /// The smallest font the segment view draws, in points (figures, summaries, arrow labels).
    public static let smallestFont = 10.0

    /// Columns present, upstream to downstream.
    public var columnCount: Int { (groups.map(\.column).max() ?? -1) + 1 }

    /// Finds the focus's chain, groups it by segment, orders the segments and folds each column
    /// down to `options.rowsPerColumn` card rows.
    /// Throws `RelmapError.lookup` when the industry or RM has no entity.
    /// - Complexity: O(E log E + S² + n log n) for the E `supplies` relations among the n entities
    ///   within `depth` tiers, grouped into S segments; independent of the graph beyond them.
    public static func extract(_ graph: Graph, focus: IndustryMap.Focus, options: Options = Options()) throws -> SegmentMap {
        let seeds = try IndustryMap.seedEntities(graph, focus)
        let found = IndustryMap.neighbourhood(graph, seeds: seeds, depth: max(0, options.depth))
        var map = SegmentMap(focus: focus, depth: max(0, options.depth), order: options.order)
        map.build(graph, found, options)
        return map
    }

    private mutating func build(_ graph: Graph, _ found: IndustryMap.Neighbourhood, _ options: Options) {
        let entities = graph.entities
        let members = found.byTier.keys.sorted().flatMap { found.byTier[$0]! }
        entityCount = members.count

        // Segments in order of first appearance (upstream tiers first): deterministic ids.
        var segmentIndex: [String: Int] = [:]
        var segmentNames: [String] = []
        var segmentOf: [Int: Int] = [:]
        for v in members {
            let name = entities.industry(v).trimmingSpaces()
            if segmentIndex[name] == nil {
                segmentIndex[name] = segmentNames.count
                segmentNames.append(name)
            }
            segmentOf[v] = segmentIndex[name]!
        }

        // An industry, or one client: a centre of one segment, and tiers that say up and down.
        // An RM's book spans the chain, so there only the segments' order says it.
        let centreSegments = Set(found.byTier[0, default: []].map { segmentOf[$0]! })
        let centre = centreSegments.count == 1 ? centreSegments.first : nil

        // The supplies relations that lead along the chain: from a tier to a later one, or within
        // a tier short of the map's edge (cell makers' customers include pack makers who sell to
        // carmakers, also customers). Relations among the entities of the outermost tier are
        // beside the chain (in a large world they reach into every other industry): counted, not
        // drawn. Relations back to an earlier tier are counted as against the chain. (Around a
        // centre of one segment only: see `centre`.)
        var links: [(from: Int, to: Int, volume: Double)] = []
        var trade: [Int: Double] = [:]
        for v in members {
            let tier = found.tierOf[v]!
            graph.forEachNeighbor(of: v, types: .supplies, direction: .forward) { t, r in
                guard let targetTier = found.tierOf[t], t != v else { return }
                let w = graph.relations.weights[r]
                let volume = w.isNaN ? 0 : w
                if centre != nil && targetTier == tier && tier != 0 && abs(tier) >= depth {
                    unplotted.offChainCount += 1
                    unplotted.offChainVolume += volume
                    return
                }
                if centre != nil && targetTier < tier {
                    // Against the tiers: never drawn, and kept out of the segment order and the
                    // card figures so that it cannot pull a segment upstream.
                    unplotted.backwardCount += 1
                    unplotted.backwardVolume += volume
                    return
                }
                links.append((v, t, volume))
                trade[v, default: 0] += volume
                trade[t, default: 0] += volume
            }
        }

        // Segment order: as much trade as possible left to right.
        var segmentWeights: [Int: Double] = [:]
        let s = segmentNames.count
        for l in links where segmentOf[l.from]! != segmentOf[l.to]! {
            // +1 per relation so that trade without a volume still orders the segments.
            segmentWeights[segmentOf[l.from]! * s + segmentOf[l.to]!, default: 0] += l.volume + 1
        }
        let arcs = segmentWeights.keys.sorted().map { SegmentOrder.Arc(from: $0 / s, to: $0 % s, weight: segmentWeights[$0]!) }
        let segmentColumn = SegmentOrder.columns(count: s, arcs: arcs)

        // Groups: a segment, split around a single-segment centre when needed.
        func side(_ v: Int) -> Side {
            guard let centre, let tier = found.tierOf[v], segmentOf[v]! != centre else { return .whole }
            let c = segmentColumn[centre], own = segmentColumn[segmentOf[v]!]
            if tier > 0 && own <= c { return .downstream }
            if tier < 0 && own >= c { return .upstream }
            return .whole
        }
        // Segments beyond `maxSegments` (the centre's always stay) merge, per column, into one
        // "N other segments" group: a depth-2 chain in a large world reaches into every industry
        // through a few stray relations each, and those would bury the chain itself.
        var importance = [Double](repeating: 0, count: s)
        for a in arcs {
            importance[a.from] += a.weight
            importance[a.to] += a.weight
        }
        var kept = centreSegments
        for seg in (0..<s).sorted(by: { (-importance[$0], $0) < (-importance[$1], $1) }) where kept.count < max(options.maxSegments, 1) {
            kept.insert(seg)
        }
        /// A drawn group before numbering: a segment (and side), or the merged rest of a column.
        struct Key: Hashable {
            var segment: Int
            var side: Side
            var mergedColumn: Int?
        }
        func naturalColumn(_ segment: Int, _ side: Side) -> Int {
            guard let centre, side != .whole else { return segmentColumn[segment] }
            return segmentColumn[centre] + side.rawValue
        }
        var keyOf: [Int: Key] = [:]
        var membersOf: [Key: [Int]] = [:]
        var mergedNames: [Int: Set<Int>] = [:]
        for v in members {
            let seg = segmentOf[v]!, sd = side(v)
            var key = Key(segment: seg, side: sd, mergedColumn: nil)
            if !kept.contains(seg) {
                let c = naturalColumn(seg, sd)
                key = Key(segment: -1, side: .whole, mergedColumn: c)
                mergedNames[c, default: []].insert(seg)
            }
            keyOf[v] = key
            membersOf[key, default: []].append(v)
        }
        func column(_ key: Key) -> Int { key.mergedColumn ?? naturalColumn(key.segment, key.side) }
        // A split group may sit left of column 0; shift so columns start at 0, then close gaps.
        // Within a column: segments in order of first appearance, the merged rest last.
        let keys = membersOf.keys.sorted {
            (column($0), $0.mergedColumn == nil ? 0 : 1, $0.segment, $0.side) < (column($1), $1.mergedColumn == nil ? 0 : 1, $1.segment, $1.side)
        }
        let usedColumns = Array(Set(keys.map(column))).sorted()
        let compact = Dictionary(uniqueKeysWithValues: usedColumns.enumerated().map { ($1, $0) })
        var groupOf: [Key: Int] = [:]
        for key in keys {
            groupOf[key] = groups.count
            let list = membersOf[key]!
            let merged =
                key.mergedColumn.map { c in mergedNames[c]!.sorted { (-importance[$0], $0) < (-importance[$1], $1) }.map { segmentNames[$0] } } ?? []
            groups.append(
                Group(
                    segment: merged.isEmpty ? segmentNames[key.segment] : "", side: key.side, column: compact[column(key)]!,
                    memberCount: list.count, clientCount: list.filter { entities.status($0) == .client }.count,
                    trade: list.reduce(0) { $0 + (trade[$1] ?? 0) }, cards: [], foldedCount: 0, foldedFigure: 0,
                    isCentre: merged.isEmpty && key.segment == centre && key.side == .whole, mergedSegments: merged))
        }

        // Cards: targets first, then the centre (an RM's own book), then by figure.
        func figure(_ v: Int) -> Double {
            options.order == .trade ? (trade[v] ?? 0) : IndustryMap.magnitude(graph, v)
        }
        var quotas: [Int: Int] = [:]
        for col in 0..<usedColumns.count {
            let inColumn = groups.indices.filter { groups[$0].column == col }
            let q = IndustryMap.waterFill(sizes: inColumn.map { groups[$0].memberCount }, budget: max(options.rowsPerColumn, inColumn.count))
            for (g, quota) in zip(inColumn, q) { quotas[g] = quota }
        }
        for key in keys {
            let g = groupOf[key]!
            let ranked = membersOf[key]!.map { v in
                (v, options.highlights[v] ?? Int.max, found.tierOf[v] == 0 ? 0 : 1, figure(v), IndustryMap.magnitude(graph, v))
            }.sorted { a, b in
                if a.1 != b.1 { return a.1 < b.1 }
                if a.2 != b.2 { return a.2 < b.2 }
                if a.3 != b.3 { return a.3 > b.3 }
                if a.4 != b.4 { return a.4 > b.4 }
                return a.0 < b.0
            }.map(\.0)
            let quota = quotas[g]!
            let shown = ranked.count <= quota ? ranked.count : max(1, quota - 1)
            groups[g].cards = ranked.prefix(shown).map {
                Card(entity: $0, figure: figure($0), rank: options.highlights[$0], isCentre: found.tierOf[$0] == 0)
            }
            groups[g].foldedCount = ranked.count - shown
            groups[g].foldedFigure = ranked.dropFirst(shown).reduce(0) { $0 + figure($1) }
        }

        // Flows between groups: forward ones drawn, the rest counted.
        var sums: [Int: (volume: Double, count: Int)] = [:]
        let n = groups.count
        var detailCandidates: [DetailFlow] = []
        let carded = Set(groups.flatMap { $0.cards.map(\.entity) })
        for l in links {
            let a = groupOf[keyOf[l.from]!]!, b = groupOf[keyOf[l.to]!]!
            if groups[a].column < groups[b].column {
                sums[a * n + b, default: (0, 0)].volume += l.volume
                sums[a * n + b]!.count += 1
                // A card without a figure has no right-hand cell to leave from (SegmentMapDOT).
                if carded.contains(l.from) && carded.contains(l.to) && l.volume > 0 && figure(l.from) > 0 {
                    detailCandidates.append(DetailFlow(from: l.from, to: l.to, fromGroup: a, toGroup: b, volume: l.volume))
                }
            } else if groups[a].column > groups[b].column {
                unplotted.backwardCount += 1
                unplotted.backwardVolume += l.volume
            } else {
                unplotted.withinCount += 1
                unplotted.withinVolume += l.volume
            }
        }
        let all = sums.keys.map { Flow(from: $0 / n, to: $0 % n, volume: sums[$0]!.volume, relationCount: sums[$0]!.count) }
            .sorted { ($0.volume, -$0.from, -$0.to) > ($1.volume, -$1.from, -$1.to) }
        // A segment pair is drawn when it carries at least `minorShare` of the largest flow out of
        // its source or into its target: the chain's backbone. Stray relations into other
        // industries are far below both, and would otherwise tangle the picture.
        func weight(_ f: Flow) -> Double { f.volume + Double(f.relationCount) }
        var largestOut = [Double](repeating: 0, count: n), largestIn = [Double](repeating: 0, count: n)
        for f in all {
            largestOut[f.from] = max(largestOut[f.from], weight(f))
            largestIn[f.to] = max(largestIn[f.to], weight(f))
        }
        flows = []
        for f in all {
            if weight(f) >= SegmentMap.minorShare * largestOut[f.from] || weight(f) >= SegmentMap.minorShare * largestIn[f.to] {
                flows.append(f)
            } else {
                unplotted.minorCount += f.relationCount
                unplotted.minorVolume += f.volume
            }
        }
        let drawnPairs = Set(flows.map { $0.from * n + $0.to })
        detailCandidates.removeAll { !drawnPairs.contains($0.fromGroup * n + $0.toGroup) }
        details = Array(
            detailCandidates.sorted { ($0.volume, -$0.from, -$0.to) > ($1.volume, -$1.from, -$1.to) }
                .prefix(max(0, options.detail)))
        // Lines from card to card cross wherever the trade order scatters them: arrange segments
        // and cards so they cross as little as possible (maps without details keep their order).
        DetailOrder.arrange(groups: &groups, flows: &flows, details: &details)
    }

    /// The map cut into pages for print, one connected group of segments (a chain, linked by the
    /// drawn flows) a page, the largest trade first; groups linked to nothing share the last
    /// page. One page: `[self]`. Each page keeps the map's focus and its count of undrawn trade,
    /// and counts the flows to other pages, which it does not draw.
    /// - Complexity: O(groups + flows + cards).
    public func pages() -> [SegmentMap] {
        var sets = DisjointSets(count: groups.count)
        for f in flows { sets.union(f.from, f.to) }
        var members: [Int: [Int]] = [:]
        for g in groups.indices { members[sets.root(g), default: []].append(g) }
        let linked = members.values.filter { $0.count > 1 }
            .sorted { a, b in
                let ta = a.reduce(0) { $0 + groups[$1].trade }, tb = b.reduce(0) { $0 + groups[$1].trade }
                return ta != tb ? ta > tb : a[0] < b[0]
            }
        let loose = members.values.filter { $0.count == 1 }.flatMap { $0 }.sorted()
        let parts = linked + (loose.isEmpty ? [] : [loose])
        guard parts.count > 1 else { return [self] }
        return parts.enumerated().map { k, part in
            var page = self
            let chosen = part.sorted()
            let index = Dictionary(uniqueKeysWithValues: chosen.enumerated().map { ($1, $0) })
            let columns = Array(Set(chosen.map { groups[$0].column })).sorted()
            let column = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
            page.groups = chosen.map {
                var g = groups[$0]
                g.column = column[g.column]!
                return g
            }
            page.unplotted.betweenPagesCount = 0
            page.unplotted.betweenPagesVolume = 0
            for f in flows where (index[f.from] == nil) != (index[f.to] == nil) {
                page.unplotted.betweenPagesCount += f.relationCount
                page.unplotted.betweenPagesVolume += f.volume
            }
            page.flows = flows.compactMap { f in
                guard let a = index[f.from], let b = index[f.to] else { return nil }
                return Flow(from: a, to: b, volume: f.volume, relationCount: f.relationCount)
            }
            page.details = details.compactMap { d in
                guard let a = index[d.fromGroup], let b = index[d.toGroup] else { return nil }
                var moved = d
                moved.fromGroup = a
                moved.toGroup = b
                return moved
            }
            page.pageNumber = k + 1
            page.pageCount = parts.count
            return page
        }
    }
}
