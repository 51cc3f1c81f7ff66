extension SegmentMap {
    /// The segment view as Graphviz DOT, left to right: one node per segment, drawn as an
    /// HTML-like table (a header with the segment's name, count, clients and trade; one row per
    /// company card, filled by status; a "+N more" row), one arrow per pair of segments labelled
    /// with yearly trade and relation count, line width by trade (log scale).
    ///
    /// Few nodes and one arrow per segment pair is what keeps the picture free of tangles: Graphviz
    /// orders a handful of segment nodes with hardly a crossing, and labels sit between columns.
    /// Each card carries an SVG anchor `entity-<id>` with a tooltip and, when
    /// `style.page.linkPrefix` is set, a link. Byte-identical for the same map.
    /// - Complexity: O(groups + cards + flows).
    public func dot(_ graph: Graph, style: IndustryMap.Style = IndustryMap.Style()) -> String {
        let legend = legend(graph, style: style)
        let chinese = legend.chinese
        let markCentre: Bool
        switch focus {
        case .industry: markCentre = false
        case .entity, .rm: markCentre = true
        }
        var notes = legend.segmentNotes(focus: focus, order: order, markCentre: markCentre, hasDetails: !details.isEmpty)
        if let note = legend.unplottedNote(unplotted) { notes.append(note) }
        var dot = DOTWriter(name: "segment_map")
        var title = legend.title(focus, graph: graph)
        if pageCount > 1 { title += legend.pageSuffix(pageNumber, of: pageCount) }
        var layout: [(String, DOTWriter.Value)] = [("nodesep", .plain("0.2")), ("ranksep", .plain("0.35")), ("pad", .plain("0.15"))]
        // Detail lines are arranged for straight lines (`DetailOrder`): Graphviz's curves bend
        // around each other near the ports and cross lines that straight ones would not (28
        // crossings on the battery chain with --detail 8, 9 with straight lines).
        if !details.isEmpty { layout.append(("splines", .plain("line"))) }
        MapFrame.open(&dot, style: style, legendHTML: legend.html(title: title, notes: notes), layout: layout)
        dot.defaults("node", [("fontname", .plain(style.fontname)), ("shape", .plain("plain"))])
        dot.defaults(
            "edge",
            [
                ("fontname", .plain(style.fontname)), ("fontsize", .plain("10")), ("color", .plain("#607D8B")),
                ("fontcolor", .plain("#263238")), ("arrowsize", .plain("0.7"))
            ])
        let volumeScale = LogScale(flows.map(\.volume).filter { $0 > 0 }, low: 1.2, high: 6)

        MapFrame.page(&dot, style: style, legend: legend) { body in
            for (g, group) in groups.enumerated() {
                body.node(SegmentMap.nodeID(g), [("label", .html(table(g, group, graph, legend, style.page, markCentre)))])
            }
            for column in 0..<columnCount {
                body.sameRank(groups.indices.filter { groups[$0].column == column }.map(SegmentMap.nodeID))
            }
            // Columns in order even where no trade links them: an invisible link between the first
            // group of each column and the next, which takes no part in ordering within a column.
            let firsts = (0..<columnCount).compactMap { c in groups.firstIndex { $0.column == c } }
            for (a, b) in zip(firsts, firsts.dropFirst()) {
                body.edge(SegmentMap.nodeID(a), SegmentMap.nodeID(b), [("style", .plain("invis")), ("weight", .plain("0"))])
            }
            for flow in flows {
                var attributes: [(String, DOTWriter.Value)] = [
                    ("label", .text(legend.flowLabel(volume: flow.volume, count: flow.relationCount))),
                    ("tailport", .plain("e")), ("headport", .plain("w"))
                ]
                if flow.volume > 0 {
                    attributes.append(("penwidth", .plain(LogScale.format(volumeScale.value(flow.volume)))))
                } else {
                    attributes.append(("style", .plain("dashed")))
                }
                body.edge(SegmentMap.nodeID(flow.from), SegmentMap.nodeID(flow.to), attributes)
            }
            for detail in details {
                // Out of the card's right cell, into its left cell: the edge leaves and enters the
                // table from outside, never across a neighbouring card.
                body.edge(
                    DOTWriter.Port(SegmentMap.nodeID(detail.fromGroup), SegmentMap.portID(detail.from, out: true), "e"),
                    DOTWriter.Port(SegmentMap.nodeID(detail.toGroup), SegmentMap.portID(detail.to, out: false), "w"),
                    [
                        ("color", .plain("#3949AB")), ("penwidth", .plain("1.4")), ("style", .plain("dashed")),
                        // The amount is a tooltip, not a label: labels of crossing detail lines would
                        // land on each other; each card prints its own figure.
                        ("tooltip", .text(legend.detailTooltip(graph, detail))), ("weight", .plain("0"))
                    ])
            }
        }
        return dot.finish()
    }

    /// The words of this map: the style's language, else Chinese when most card names are.
    func legend(_ graph: Graph, style: IndustryMap.Style) -> MapLegend {
        let chinese = style.chinese ?? AmountFormatting.looksChinese(groups.flatMap { $0.cards.map { graph.entities.name($0.entity) } })
        return MapLegend(
            chinese: chinese, hasHighlights: groups.contains { $0.cards.contains { $0.rank != nil } },
            hasFolds: groups.contains { $0.foldedCount > 0 })
    }

    static func nodeID(_ g: Int) -> String { "g\(g)" }
    static func portID(_ entity: Int, out: Bool) -> String { (out ? "o" : "i") + "\(entity)" }

    private func table(_ g: Int, _ group: Group, _ graph: Graph, _ legend: MapLegend, _ page: MapPage, _ markCentre: Bool) -> String {
        let e = graph.entities
        func esc(_ s: String) -> String { DOTWriter.htmlEscaped(s) }
        let headerFill = group.isCentre ? "#1A237E" : "#ECEFF1"
        let headerInk = group.isCentre ? "#FFFFFF" : "#263238"
        let title = group.mergedSegments.isEmpty ? legend.segmentName(group.segment, side: group.side) : legend.mergedName(group.mergedSegments)
        // The merged rest names its segments in a tooltip (SVG); the header names how many.
        let tip = group.mergedSegments.isEmpty ? "" : " TOOLTIP=\"\(esc(group.mergedSegments.joined(separator: ", ")))\" TARGET=\"_top\""
        var rows =
            "<TR><TD COLSPAN=\"2\" BGCOLOR=\"\(headerFill)\" ALIGN=\"LEFT\"\(tip)><FONT POINT-SIZE=\"13\" COLOR=\"\(headerInk)\"><B>"
            + esc(title) + "</B></FONT></TD></TR>"
        rows +=
            "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><FONT POINT-SIZE=\"10\" COLOR=\"#455A64\">"
            + esc(legend.segmentSummary(members: group.memberCount, clients: group.clientCount, trade: group.trade)) + "</FONT></TD></TR>"
        for card in group.cards {
            let v = card.entity
            let fill = MapLegend.fill(e.status(v))
            let target = card.rank != nil
            let centre = markCentre && card.isCentre
            let border = target ? " BORDER=\"2\" COLOR=\"#C62828\"" : centre ? " BORDER=\"2\" COLOR=\"#1A237E\"" : " BORDER=\"0\""
            let ink = target ? "#B71C1C" : "#212121"
            var name = esc((card.rank.map { "★\($0) " } ?? "") + MapLegend.shortName(e.name(v)))
            if target || centre { name = "<B>" + name + "</B>" }
            var anchor =
                " ID=\"\(esc(MapPage.anchorID(e.id(v))))\" TOOLTIP=\"\(esc(legend.cardTooltip(graph, v, rank: card.rank, page: page)))\" TARGET=\"_top\""
            if let link = page.link(e.id(v)) { anchor += " HREF=\"\(esc(link))\"" }
            // An empty <FONT></FONT> is a syntax error in Graphviz's HTML labels: no figure, no FONT.
            let figure =
                card.figure > 0
                ? "<FONT POINT-SIZE=\"10\" COLOR=\"#37474F\">" + esc(AmountFormatting.short(card.figure, chinese: legend.chinese)) + "</FONT>" : ""
            if figure.isEmpty {
                // No figure (no trade, no size): the name takes the whole card, as the in port.
                rows +=
                    "<TR><TD COLSPAN=\"2\" PORT=\"\(SegmentMap.portID(v, out: false))\" BGCOLOR=\"\(fill)\" ALIGN=\"LEFT\"\(border)\(anchor)><FONT POINT-SIZE=\"11\" COLOR=\"\(ink)\">"
                    + name + "</FONT></TD></TR>"
                continue
            }
            rows +=
                "<TR><TD PORT=\"\(SegmentMap.portID(v, out: false))\" BGCOLOR=\"\(fill)\" ALIGN=\"LEFT\"\(border)\(anchor)><FONT POINT-SIZE=\"11\" COLOR=\"\(ink)\">"
                + name + "</FONT></TD><TD PORT=\"\(SegmentMap.portID(v, out: true))\" BGCOLOR=\"\(fill)\" ALIGN=\"RIGHT\"\(border)>" + figure
                + "</TD></TR>"
        }
        if group.foldedCount > 0 {
            rows +=
                "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\" BORDER=\"1\" STYLE=\"dashed\" COLOR=\"#90A4AE\"><FONT POINT-SIZE=\"10\" COLOR=\"#546E7A\">"
                + esc(legend.foldLabel(count: group.foldedCount, volume: group.foldedFigure).replacingOccurrences(of: "\n", with: " "))
                + "</FONT></TD></TR>"
        }
        return
            "<TABLE BORDER=\"1\" COLOR=\"\(group.isCentre ? "#1A237E" : "#90A4AE")\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"3\" BGCOLOR=\"#FFFFFF\" STYLE=\"rounded\">"
            + rows + "</TABLE>"
    }
}

/// What both map views put around the drawing: graph attributes, the title and legend above, the
/// footer (data source, date) below, the paper size.
enum MapFrame {
    static func open(_ dot: inout DOTWriter, style: IndustryMap.Style, legendHTML: String, layout: [(String, DOTWriter.Value)]) {
        var attributes: [(String, DOTWriter.Value)] = [
            ("rankdir", .plain("LR")), ("newrank", .plain("true")), ("fontname", .plain(style.fontname)),
            ("label", .html(legendHTML)), ("labelloc", .plain("t")), ("bgcolor", .plain("white"))
        ]
        attributes += layout
        if !layout.contains(where: { $0.0 == "pad" }) { attributes.append(("pad", .plain("0.3"))) }
        if let size = style.page.sizeAttribute { attributes.append(("size", .plain(size))) }
        dot.defaults("graph", attributes)
    }

    /// The map's body inside a borderless cluster whose label, at the bottom, is the footer.
    static func page(_ dot: inout DOTWriter, style: IndustryMap.Style, legend: MapLegend, _ body: (inout DOTWriter) -> Void) {
        guard let footer = legend.footer(style.page) else { return body(&dot) }
        dot.subgraph("cluster_page") { sub in
            sub.defaults(
                "graph",
                [
                    ("label", .text(footer)), ("labelloc", .plain("b")), ("labeljust", .plain("r")),
                    ("fontsize", .plain("10")), ("fontcolor", .plain("#607D8B")), ("color", .plain("white")),
                    ("style", .plain("solid")), ("fillcolor", .plain("white"))
                ])
            body(&sub)
        }
    }
}
