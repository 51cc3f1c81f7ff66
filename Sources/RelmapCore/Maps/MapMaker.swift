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

    public init(focus: IndustryMap.Focus, depth: Int, maxNodes: Int = 60, highlights: [Int: Int] = [:],
                view: MapView? = nil, detail: Int = 0, order: SegmentMap.CardOrder = .trade) {
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
        let view = try resolvedView(graph)
        switch view {
        case .segment:
            let map = try SegmentMap.extract(graph, focus: focus, options: .init(
                depth: depth, highlights: highlights, detail: detail, order: order))
            return (map.dot(graph, style: style), view)
        case .company:
            let map = try IndustryMap.extract(graph, focus: focus, options: .init(depth: depth, maxNodes: maxNodes, highlights: highlights))
            return (map.dot(graph, style: style), view)
        }
    }
}
