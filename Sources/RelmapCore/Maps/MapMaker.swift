/// Which picture of an industry map to draw.
public enum MapView: String, Sendable, CaseIterable {
    /// Segments as columns with company cards and one arrow per segment pair (`SegmentMap`).
    case segment
    /// One node per company, tiers as columns (`IndustryMap`).
    case company
}

/// Everything `relmap map` (and, later, the web server) asks of a map, and the one function that
/// turns it into DOT: the choice of view lives here, not in a front end.
public struct MapRequest: Sendable {
    public var focus: IndustryMap.Focus
    public var depth: Int
    /// The company view's node budget.
    public var maxNodes: Int
    public var highlights: [Int: Int]
    /// nil: segments for an industry and for an RM book of more than one entity (a map larger
    /// than a client's); companies for a client and a one-client book.
    public var view: MapView?
    /// Company-to-company flows drawn on the segment view.
    public var detail: Int
    public var order: SegmentMap.CardOrder

    public init(
        focus: IndustryMap.Focus, depth: Int, maxNodes: Int = 60, highlights: [Int: Int] = [:],
        view: MapView? = nil, detail: Int = 0, order: SegmentMap.CardOrder = .trade
    ) {
        self.focus = focus
        self.depth = depth
        self.maxNodes = maxNodes
        self.highlights = highlights
        self.view = view
        self.detail = detail
        self.order = order
    }

    /// The view drawn when `view` is nil (see there).
    /// - Complexity: O(1), for an RM O(n) over the entities.
    public func resolvedView(_ graph: Graph) throws -> MapView {
        if let view { return view }
        switch focus {
        case .entity: return .company
        case .industry: return .segment
        // A book of one client draws that client's own map; any larger book, the segments.
        case .rm: return try IndustryMap.seedEntities(graph, focus).count > 1 ? .segment : .company
        }
    }

    /// The map as DOT in the resolved view.
    /// - Complexity: that of `SegmentMap.extract` or `IndustryMap.extract`, plus writing DOT.
    public func dot(_ graph: Graph, style: IndustryMap.Style = IndustryMap.Style()) throws -> (dot: String, view: MapView) {
        let drawing = try draw(graph, style: style)
        return (drawing.dot, drawing.view)
    }

    /// The map as DOT, with what printing needs: the smallest font drawn, the DOT of each page when
    /// the map is cut into pages (a segment view of more than one chain), and the words to say so.
    public func draw(_ graph: Graph, style: IndustryMap.Style = IndustryMap.Style()) throws -> MapDrawing {
        var drawing = try drawView(graph, style: style)
        drawing.depth = depth
        drawing.detail = detail
        return drawing
    }

    private func drawView(_ graph: Graph, style: IndustryMap.Style) throws -> MapDrawing {
        let view = try resolvedView(graph)
        switch view {
        case .segment:
            let map = try SegmentMap.extract(
                graph, focus: focus,
                options: .init(
                    depth: depth, highlights: highlights, detail: detail, order: order))
            let pages = map.pages()
            return MapDrawing(
                view: view, dot: map.dot(graph, style: style), smallestFont: SegmentMap.smallestFont,
                pageDOTs: pages.count > 1 ? pages.map { $0.dot(graph, style: style) } : [],
                nodeCount: map.groups.count, edgeCount: map.flows.count + map.details.count,
                legend: map.legend(graph, style: style))
        case .company:
            let map = try IndustryMap.extract(graph, focus: focus, options: .init(depth: depth, maxNodes: maxNodes, highlights: highlights))
            return MapDrawing(
                view: view, dot: map.dot(graph, style: style), smallestFont: IndustryMap.smallestFont, pageDOTs: [],
                nodeCount: map.nodes.count, edgeCount: map.edges.count, legend: map.legend(graph, style: style))
        }
    }
}

/// A drawn map: DOT for one sheet, and, when it may not fit one, for several.
public struct MapDrawing: Sendable {
    public var view: MapView
    public var dot: String
    /// Points; what `MapPage.printedFont` scales.
    public var smallestFont: Double
    /// One DOT per page when the map can be cut (one chain a page); empty when it cannot.
    public var pageDOTs: [String]
    /// Drawn nodes (segments, or companies and folds) and lines.
    public var nodeCount: Int
    public var edgeCount: Int
    let legend: MapLegend
    /// The request's depth and detail, so that a note suggests only what would change the map.
    var depth = 2
    var detail = 0

    /// What to tell the user when the map prints below `MapPage.minimumPrintedFont`, given the
    /// size Graphviz laid the single sheet out at (inches): nil when it prints large enough.
    /// `split` says whether the pages were used.
    public func printNote(width: Double, height: Double, page: MapPage, split: Bool) -> String? {
        guard let paper = page.paper, let printed = page.printedFont(width: width, height: height, smallest: smallestFont),
            printed < MapPage.minimumPrintedFont
        else { return nil }
        return legend.printNote(
            printedFont: printed, paper: paper, pages: split ? pageDOTs.count : 1, view: view,
            depth: depth, detail: detail)
    }

    /// Whether the map should print as `pageDOTs` rather than one sheet.
    public func shouldSplit(width: Double, height: Double, page: MapPage) -> Bool {
        guard !pageDOTs.isEmpty, let printed = page.printedFont(width: width, height: height, smallest: smallestFont) else { return false }
        return printed < MapPage.minimumPrintedFont
    }
}
