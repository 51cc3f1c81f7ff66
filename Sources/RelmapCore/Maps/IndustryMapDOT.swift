extension IndustryMap {
    /// How the map is drawn.
    public struct Style: Sendable {
        /// A font with CJK glyphs, or Chinese names render as boxes (Debian: fonts-noto-cjk).
        public var fontname: String
        /// nil: Chinese (万/亿, Chinese headings) when most drawn names are Chinese.
        public var chinese: Bool?
        /// Paper, footer and link targets.
        public var page: MapPage

        public init(fontname: String = "Noto Sans CJK SC", chinese: Bool? = nil, page: MapPage = MapPage()) {
            self.fontname = fontname
            self.chinese = chinese
            self.page = page
        }

        public init(fontname: String = "Noto Sans CJK SC", language: Language, page: MapPage = MapPage()) {
            self.init(fontname: fontname, chinese: language == .zh, page: page)
        }
    }

    /// The map as Graphviz DOT, left to right: one column (rank) per tier with a heading, entities
    /// of one industry segment boxed together within their column, fill by status, shape by kind,
    /// font size by size or value, line width by trade volume (log scale). Byte-identical for the
    /// same map: every list is written in a fixed order and numbers are formatted without locale.
    /// - Complexity: O(nodes + edges).
    public func dot(_ graph: Graph, style: Style = Style()) -> String {
        let entities = graph.entities
        let legend = legend(graph, style: style)
        let chinese = legend.chinese
        let font = DOTWriter.Value.plain(style.fontname)

        var dot = DOTWriter(name: "industry_map")
        MapFrame.open(
            &dot, style: style, legendHTML: legend.html(title: legend.title(focus, graph: graph)),
            layout: [("nodesep", .plain("0.18")), ("ranksep", .plain("1.2"))])
        dot.defaults(
            "node",
            [
                ("fontname", font), ("fontsize", .plain("11")), ("shape", .plain("box")),
                ("style", .plain("rounded,filled")), ("color", .plain("#546E7A")), ("margin", .plain("0.12,0.05"))
            ])
        dot.defaults(
            "edge",
            [
                ("fontname", font), ("fontsize", .plain("9")), ("color", .plain("#78909C")),
                ("fontcolor", .plain("#37474F")), ("arrowsize", .plain("0.6"))
            ])

        // Font size by log magnitude across the drawn entities: 10pt smallest, 17pt largest.
        let magnitudes = nodes.compactMap { $0.entity.map { IndustryMap.magnitude(graph, $0) } }.filter { $0 > 0 }
        let sizeScale = LogScale(magnitudes, low: 10, high: 17)
        let volumeScale = LogScale(edges.map(\.volume).filter { $0 > 0 }, low: 0.8, high: 5)

        MapFrame.page(&dot, style: style, legend: legend) { body in
            for tier in tiers {
                let members = nodes.indices.filter { nodes[$0].tier == tier }
                // Clusters by industry segment within the column, in order of first appearance.
                var segments: [String] = []
                var bySegment: [String: [Int]] = [:]
                for i in members {
                    let segment = nodes[i].entity.map { entities.industry($0) } ?? ""
                    if bySegment[segment] == nil { segments.append(segment) }
                    bySegment[segment, default: []].append(i)
                }
                for (k, segment) in segments.enumerated() {
                    let ids = bySegment[segment]!
                    if segment.isEmpty || ids.count < 2 && segments.count == 1 {
                        for i in ids { writeNode(i, &body, graph, legend, sizeScale, style.page) }
                    } else {
                        body.subgraph("cluster_t\(tier < 0 ? "m" : "p")\(abs(tier))_\(k)") { sub in
                            sub.defaults(
                                "graph",
                                [
                                    ("label", .text(segment)), ("fontsize", .plain("10")), ("fontcolor", .plain("#455A64")),
                                    ("style", .plain("rounded,filled")), ("fillcolor", .plain("#F5F7FA")),
                                    ("color", .plain("#CFD8DC")), ("labeljust", .plain("l"))
                                ])
                            for i in ids { writeNode(i, &sub, graph, legend, sizeScale, style.page) }
                        }
                    }
                }
                let heading = IndustryMap.headingID(tier)
                body.node(
                    heading,
                    [
                        ("label", .text(legend.tierHeading(tier, focus: focus, count: tierSizes[tier] ?? 0))),
                        ("shape", .plain("plaintext")), ("style", .plain("")), ("fontsize", .plain("13")),
                        ("fontcolor", .plain("#263238"))
                    ])
                body.sameRank([heading] + members.map(IndustryMap.nodeID))
            }
            // Invisible links between headings keep the columns in tier order even where no trade does.
            let all = tiers
            for (a, b) in zip(all, all.dropFirst()) {
                body.edge(IndustryMap.headingID(a), IndustryMap.headingID(b), [("style", .plain("invis"))])
            }

            for edge in edges {
                let forward = nodes[edge.to].tier == nodes[edge.from].tier + 1
                var attributes: [(String, DOTWriter.Value)] = []
                if edge.volume > 0 {
                    attributes.append(("penwidth", .plain(LogScale.format(volumeScale.value(edge.volume)))))
                    // Graphviz 2.42 dot double-frees in gvFreeLayout when several labelled flat
                    // (same-column) edges meet clusters; an external label (xlabel) avoids the label nodes.
                    attributes.append((forward ? "label" : "xlabel", .text(AmountFormatting.short(edge.volume, chinese: chinese))))
                } else {
                    attributes.append(("penwidth", .plain("0.6")))
                    attributes.append(("style", .plain("dashed")))
                }
                // Only chain-forward trade decides columns; the rest (within a tier, back upstream) follows.
                if !forward { attributes.append(("constraint", .plain("false"))) }
                body.edge(IndustryMap.nodeID(edge.from), IndustryMap.nodeID(edge.to), attributes)
            }
        }
        return dot.finish()
    }

    /// The words of this map: the style's language, else Chinese when most drawn names are.
    func legend(_ graph: Graph, style: Style) -> MapLegend {
        let chinese = style.chinese ?? AmountFormatting.looksChinese(nodes.compactMap { $0.entity.map(graph.entities.name) })
        return MapLegend(
            chinese: chinese, hasHighlights: nodes.contains { $0.rank != nil },
            hasFolds: nodes.contains { $0.entity == nil })
    }

    /// The smallest font the company view draws, in points (edge labels).
    public static let smallestFont = 9.0

    static func nodeID(_ i: Int) -> String { "n\(i)" }
    static func headingID(_ tier: Int) -> String { tier < 0 ? "tier_m\(-tier)" : "tier_p\(tier)" }

    private func writeNode(_ i: Int, _ dot: inout DOTWriter, _ graph: Graph, _ legend: MapLegend, _ sizes: LogScale, _ page: MapPage) {
        let node = nodes[i]
        switch node.content {
        case .folded(let count, let volume):
            dot.node(
                IndustryMap.nodeID(i),
                [
                    ("label", .text(legend.foldLabel(count: count, volume: volume))),
                    ("style", .plain("rounded,dashed")), ("color", .plain("#90A4AE")), ("fontcolor", .plain("#546E7A"))
                ])
        case .entity(let v):
            let e = graph.entities
            var attributes: [(String, DOTWriter.Value)] = [
                ("label", .text((node.rank.map { "★\($0) " } ?? "") + e.name(v))),
                ("fillcolor", .plain(MapLegend.fill(e.status(v))))
            ]
            let shape = MapLegend.shape(e.kind(v))
            if shape != "box" { attributes.append(("shape", .plain(shape))) }
            let magnitude = IndustryMap.magnitude(graph, v)
            if magnitude > 0 { attributes.append(("fontsize", .plain(LogScale.format(sizes.value(magnitude))))) }
            let tip = [e.id(v), e.industry(v), legend.statusName(e.status(v)), e.rm(v)].filter { !$0.isEmpty }
            attributes.append(("tooltip", .text(page.tooltip(tip, id: e.id(v)))))
            // The SVG `<g>` of the company carries its id, and a link when the page asks for one.
            attributes.append(("id", .text(MapPage.anchorID(e.id(v)))))
            if let link = page.link(e.id(v)) { attributes.append(("URL", .text(link))) }
            if seeds.count == 1 && node.tier == 0 {
                attributes.append(("penwidth", .plain("3")))
                attributes.append(("color", .plain("#1A237E")))
            } else if node.rank != nil {
                attributes.append(("penwidth", .plain("2.5")))
                attributes.append(("color", .plain("#C62828")))
                attributes.append(("fontcolor", .plain("#B71C1C")))
            }
            dot.node(IndustryMap.nodeID(i), attributes)
        }
    }
}

/// Maps positive amounts onto [low, high] by logarithm: trade volumes and firm sizes span many
/// orders of magnitude, so a linear scale would draw all but the largest as the minimum.
struct LogScale {
    let minLog: Double, maxLog: Double, low: Double, high: Double

    init(_ values: [Double], low: Double, high: Double) {
        let logs = values.map { log10($0) }
        minLog = logs.min() ?? 0
        maxLog = logs.max() ?? 0
        self.low = low
        self.high = high
    }

    func value(_ x: Double) -> Double {
        guard x > 0, maxLog > minLog else { return (low + high) / 2 }
        return low + (high - low) * (log10(x) - minLog) / (maxLog - minLog)
    }

    /// Two decimals, computed in integers: locale-free, deterministic.
    static func format(_ x: Double) -> String {
        let hundredths = Int((x * 100).rounded())
        let frac = hundredths % 100
        return "\(hundredths / 100)." + (frac < 10 ? "0" : "") + String(frac)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
