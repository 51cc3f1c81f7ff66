import Foundation
import Synchronization

/// One loaded graph and every question RMs ask of it. The command line makes one per run; the
/// web server makes one at start and answers every RM from it, so the two give the same rows in
/// the same order. What several questions share (the ranking context, the warm-path finder, the
/// name index) is built on first use and kept.
public final class QueryEngine: Sendable {
    public let graph: Graph
    /// The graph's path as the user gave it, for messages.
    public let source: String
    private let ranking = Mutex<RankingContext?>(nil)
    private let finder = Mutex<WarmPathFinder?>(nil)
    private let names: EntityResolver
    /// Each RM's clients and the candidates' industries and regions, made on first use: a page
    /// that shows a book must not walk a million entities per request.
    private let books = Mutex<[String: [Int]]?>(nil)
    private let facets = Mutex<(industries: [String], regions: [String])?>(nil)
    /// Ownership network, controllers and groups (`QueryEngine+Ownership`).
    let ownershipCache = OwnershipCache()

    /// How ties cool with time (nil: strengths as given, the networkx-checked definition).
    public let aging: TieAging?
    /// The workspace records this graph includes (nil: base files only).
    public let merged: MergedGraph?

    /// The projection that came with the graph (from a snapshot), used instead of deriving it.
    public let chainSource: ChainSource?
    /// The projection that came with the graph, read from its snapshot on first use.
    public var givenChain: ValueChainProjection? { chainSource?.projection }

    /// Every relation's tie strength before aging, when it came with the graph (a snapshot's).
    public let tieStrengths: TieStrengthSource?
    /// Where the graph's snapshot keeps its signals (nil for merged graphs and graphs without one).
    public let signalsCache: SignalsCache?

    /// - Parameter chain: `graph`'s own value-chain projection when the caller has it (a
    ///   snapshot's); never another graph's.
    /// - Parameter tieStrengths: `graph`'s own tie strengths (`LoadedGraph.tieStrengths`).
    /// - Parameter signalsCache: the cache of `graph`'s own snapshot (`LoadedGraph.signalsCache`).
    public init(
        graph: Graph, source: String, aging: TieAging? = nil, chain: ChainSource? = nil,
        tieStrengths: TieStrengthSource? = nil, signalsCache: SignalsCache? = nil
    ) {
        self.graph = graph
        self.source = source
        self.aging = aging
        chainSource = chain
        self.tieStrengths = tieStrengths
        self.signalsCache = signalsCache
        merged = nil
        names = EntityResolver(graph: graph)
    }

    /// The engine over base files plus workspace records, ties aged by `decay` with the contacts
    /// the merge found.
    /// - Parameter earlier: an engine over another version of the same data (the base files, or
    ///   before the latest records); its projection is reused when the records left the value
    ///   chain as it was (`ValueChainProjection.sameProjection`).
    public init(merged: MergedGraph, source: String, decay: TieDecay?, earlier: QueryEngine? = nil) {
        graph = merged.graph
        self.source = source
        self.merged = merged
        signalsCache = nil
        // The records add and change relations: their strengths are derived again.
        tieStrengths = nil
        if let earlier, ValueChainProjection.sameProjection(earlier.graph, merged.graph) {
            chainSource = earlier.chainSource ?? earlier.ranking.withLock { $0.map { ChainSource($0.chain) } }
        } else {
            chainSource = nil
        }
        aging = decay.map { TieAging(decay: $0, lastContact: merged.lastContact) }
        names = EntityResolver(graph: merged.graph)
    }

    /// Loads and validates `path`; invalid data throws `RelmapError.invalidData` with every problem.
    public static func load(_ path: String) throws -> (engine: QueryEngine, log: DiagnosticLog) {
        let loaded = try GraphLoader.load(path)
        return (QueryEngine(loaded, source: path), loaded.log)
    }

    /// The engine over a loaded graph, with what came with it (a snapshot's projection, tie
    /// strengths and signals).
    public convenience init(_ loaded: LoadedGraph, source: String, aging: TieAging? = nil) {
        self.init(
            graph: loaded.graph, source: source, aging: aging, chain: loaded.chainSource,
            tieStrengths: loaded.tieStrengths, signalsCache: loaded.signalsCache)
    }

    /// The resolver for names as written, speaking `lang` in its errors.
    public func resolver(_ lang: Language) -> EntityResolver {
        var r = names
        r.language = lang
        return r
    }

    /// The seed-independent part of every ranking, made once (about a second on a million
    /// entities; a second caller waits for the first rather than building it twice).
    /// The clients of every RM, by RM id, in entity order.
    public func clientsByRM() -> [String: [Int]] {
        books.withLock { made in
            if let made { return made }
            let e = graph.entities
            var byRM: [String: [Int]] = [:]
            for i in e.indices where e.statuses[i] == .client {
                let rm = e.rm(i)
                if !rm.isEmpty { byRM[rm, default: []].append(i) }
            }
            made = byRM
            return byRM
        }
    }

    /// The industries and regions of the candidates, for a page's filters.
    public func candidateFacets() throws -> (industries: [String], regions: [String]) {
        let context = try rankingContext()
        return facets.withLock { made in
            if let made { return made }
            let e = graph.entities
            var industries = Set<String>(), regions = Set<String>()
            for c in context.candidates {
                industries.insert(e.industry(c))
                regions.insert(e.region(c))
            }
            let result = (industries.filter { !$0.isEmpty }.sorted(), regions.filter { !$0.isEmpty }.sorted())
            made = result
            return result
        }
    }

    /// The value-chain projection when this engine has it (given, or made for a ranking), without
    /// making it.
    public var chainIfMade: ValueChainProjection? {
        givenChain ?? ranking.withLock { $0?.chain }
    }

    public func rankingContext() throws -> RankingContext {
        try ranking.withLock { context in
            if let context { return context }
            let made = try RankingContext(
                graph, aging: aging, chain: givenChain, signalsCache: signalsCache, tieStrengths: tieStrengths)
            context = made
            return made
        }
    }

    private func pathFinder() -> WarmPathFinder {
        finder.withLock { f in
            if let f { return f }
            let made = WarmPathFinder(graph: graph, aging: aging, strengths: tieStrengths?.value)
            f = made
            return made
        }
    }

    // MARK: Questions

    /// Who to approach next. - Throws: `RelmapError` for an unknown RM or client, an empty book, a
    /// filter that leaves no candidate.
    public func next(_ query: ExpansionRanking.Query, explain: Bool = false) throws -> RankingAnswer {
        var query = query
        // The group signal reuses ownership another question already made (the server's case).
        if query.ownership == nil { query.ownership = ownershipCache.state.withLock { $0 } }
        let context = try rankingContext()
        // Signals from a file are checked against this engine's graph once, then reused.
        var fileNote: String?
        if query.external == nil, let file = query.signalsFile {
            do {
                query.external = try file.bind(context, lang: query.language)
                if let merged, merged.wonTargets > 0, query.seeds == .allClients {
                    fileNote = query.language(
                        "\(merged.wonTargets) client(s) won since are not among the seeds of the file's ppr and coverage; they count from the next run of the signals job",
                        "信号文件之后新赢得的 \(merged.wonTargets) 个客户不在文件 ppr 和 coverage 的种子中；下次运行信号作业后计入")
                }
            } catch let error as RelmapError where merged != nil {
                // The file was made from the base files; records since (a new entity, a recorded
                // supply) changed this graph. The answer is computed here rather than refused.
                query.signalsFile = nil
                fileNote = query.language(
                    "the signals file does not match the graph with the workspace's records (\(error.description)); ppr and coverage are computed here",
                    "信号文件与含工作台记录的图不符（\(error.description)）；ppr 和 coverage 在本机计算")
            }
        }
        let result = try ExpansionRanking.rank(context, query)
        var answer = RankingAnswer(result, seeds: query.seeds, explain: explain, lang: query.language)
        if let fileNote { answer.notes.append(fileNote) }
        return answer
    }

    /// The question of `relmap chain`: warm paths to `target` from `from` (every client and
    /// introducer when empty).
    public struct ChainQuestion: Sendable {
        public var target: String
        public var from: [String] = []
        public var k = 5
        public var maxHops = 4
        public var via: RelationTypes = .all
        public var language: Language = .en
        public init(target: String, from: [String] = [], k: Int = 5, maxHops: Int = 4, via: RelationTypes = .all, language: Language = .en) {
            self.target = target
            self.from = from
            self.k = k
            self.maxHops = maxHops
            self.via = via
            self.language = language
        }
    }

    /// The warmest introduction paths. An answer without paths (`isFound` false) says why and
    /// lists the nearest reachable entities. - Throws: `RelmapError` for unknown names and for
    /// starts that leave nothing to search from.
    public func chain(_ q: ChainQuestion) throws -> PathsAnswer {
        let lang = q.language, resolver = resolver(lang)
        let target = try resolver.resolve(q.target)
        let sources = q.from.isEmpty ? WarmPathFinder.bankSide(of: graph) : try q.from.map { try resolver.resolve($0) }
        if !q.from.isEmpty && sources.allSatisfy({ $0 == target }) {
            throw RelmapError.usage(
                lang(
                    "--from names only the target itself; give another start, or leave --from out to start from every client and introducer",
                    "--from 只指定了目标本身；请给出其他起点，或去掉 --from 以全部客户和推介人为起点"))
        }
        if q.from.isEmpty && sources.allSatisfy({ $0 == target }) {
            throw RelmapError.unanswerable(
                lang(
                    "no clients or introducers in this graph to start from; mark clients with status=client in entities.csv, or give --from",
                    "图中没有可作为起点的客户或推介人；请在 entities.csv 中用 status=client 标出客户，或给出 --from"))
        }
        let result = pathFinder().paths(to: target, from: sources, k: q.k, maxHops: q.maxHops, via: q.via)
        return PathsAnswer(graph, target: target, result: result, maxHops: q.maxHops, types: q.via, aging: aging, lang: lang)
    }

    public func stats() -> StatsAnswer { StatsAnswer(GraphStatistics(graph)) }

    /// The referral report. - Throws: `RelmapError.lookup` for an RM no entity belongs to.
    public func referrals(_ options: ReferralReport.Options, lang: Language = .en) throws -> ReferralReport {
        if let rm = options.rm { try checkRM(rm, lang) }
        return ReferralReport(graph: graph, options: options)
    }

    /// Fails with the RMs that exist when no entity belongs to `rm`.
    public func checkRM(_ rm: String, _ lang: Language) throws {
        guard graph.entities.rms.existingCode(rm) == nil else { return }
        let known = graph.entities.rms.values.filter { !$0.isEmpty }
        let hint = Suggest.closest(to: rm, among: known).map { lang("did you mean '\($0)'? ", "是否要找 '\($0)'？") } ?? ""
        let list = known.sorted().prefix(20).joined(separator: ", ")
        throw RelmapError.lookup(
            lang(
                "no entity belongs to RM '\(rm)'; \(hint)RMs in this graph: \(list)",
                "没有主体归属客户经理 '\(rm)'；\(hint)图中的客户经理：\(list)"))
    }

    /// The question of `relmap map`.
    public struct MapQuestion: Sendable {
        public enum Focus: Sendable, Equatable { case client(String), industry(String), rm(String) }
        public var focus: Focus
        public var depth: Int?
        public var maxNodes = 60
        public var highlightTop = 0
        public var language: Language = .en
        /// nil: segment view for an industry and a book of more than one, company view otherwise
        /// (`MapRequest.view`).
        public var view: MapView?
        public var detail = 0
        public var order: SegmentMap.CardOrder = .trade
        /// Paper, footer and link targets (the server sets `linkPrefix`).
        public var page = MapPage()
        public init(
            focus: Focus, depth: Int? = nil, maxNodes: Int = 60, highlightTop: Int = 0, language: Language = .en,
            view: MapView? = nil, detail: Int = 0, order: SegmentMap.CardOrder = .trade, page: MapPage = MapPage()
        ) {
            self.focus = focus
            self.depth = depth
            self.maxNodes = maxNodes
            self.highlightTop = highlightTop
            self.language = language
            self.view = view
            self.detail = detail
            self.order = order
            self.page = page
        }
    }

    /// An industry map as DOT, ready for the renderer. - Throws: `RelmapError` for an unknown
    /// entity, industry or RM.
    public func map(_ q: MapQuestion) throws -> MapAnswer {
        let focus: IndustryMap.Focus
        switch q.focus {
        case .client(let name): focus = .entity(try resolver(q.language).resolve(name))
        case .industry(let industry): focus = .industry(industry)
        case .rm(let rm): focus = .rm(rm)
        }
        let depth = q.depth ?? (focus.isRM ? 1 : 2)
        let highlights =
            q.highlightTop > 0
            ? try MapTargets.rankByExpansion(
                graph, focus: focus, candidates: try IndustryMap.candidates(graph, focus: focus, depth: depth), top: q.highlightTop)
            : [:]
        let request = MapRequest(
            focus: focus, depth: depth, maxNodes: q.maxNodes, highlights: highlights,
            view: q.view, detail: q.detail, order: q.order)
        let drawing = try request.draw(graph, style: IndustryMap.Style(language: q.language, page: q.page))
        return MapAnswer(drawing: drawing)
    }

    /// Entities whose id or name matches `query` as written (the resolver `chain` uses), best
    /// first; when none matches, the nearest names.
    public func search(_ query: String, limit: Int = 20) -> SearchAnswer {
        let q = query.trimmingSpaces()
        guard !q.isEmpty else { return SearchAnswer(query: query, matches: [], exact: false) }
        if let i = graph.index(ofID: q) { return SearchAnswer(query: query, matches: [EntityRef(graph, i)], exact: true) }
        let found = names.candidates(q)
        if !found.isEmpty {
            return SearchAnswer(query: query, matches: found.prefix(limit).map { EntityRef(graph, $0) }, exact: true)
        }
        return SearchAnswer(query: query, matches: names.nearest(q, limit: min(limit, 10)).map { EntityRef(graph, $0) }, exact: false)
    }
}

extension IndustryMap.Focus {
    var isRM: Bool { if case .rm = self { true } else { false } }
}

/// An industry map, as DOT: `relmap map` and the server render it in-process with Graphviz.
public struct MapAnswer: Sendable, Encodable {
    public var dot: String { drawing.dot }
    public var view: MapView { drawing.view }
    /// Drawn nodes (segments, or companies and folds) and lines (segment pairs, or trading pairs).
    public var nodeCount: Int { drawing.nodeCount }
    public var edgeCount: Int { drawing.edgeCount }
    /// Everything printing needs (pages, smallest font).
    public var drawing: MapDrawing

    public init(drawing: MapDrawing) { self.drawing = drawing }

    enum CodingKeys: String, CodingKey { case dot, view, nodeCount, edgeCount }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dot, forKey: .dot)
        try c.encode(view.rawValue, forKey: .view)
        try c.encode(nodeCount, forKey: .nodeCount)
        try c.encode(edgeCount, forKey: .edgeCount)
    }
}

/// Names that match a search.
public struct SearchAnswer: Answer {
    public var query: String
    public var matches: [EntityRef]
    /// False when `matches` are only the nearest names (nothing matched as written).
    public var exact: Bool

    public var isFound: Bool { exact && !matches.isEmpty }

    public func text(_ format: OutputFormat, _ lang: Language) -> String {
        var t = TextTable(columns: ["id", lang("name", "名称"), lang("status", "状态"), lang("industry", "行业"), lang("region", "地区"), "RM"])
        for m in matches { t.add([m.id, m.name, Words.status(named: m.status, lang), m.industry, m.region, m.rm]) }
        return t.text(format)
    }
}

extension RelationTypes {
    /// Relation types from a comma-separated list (`--via knows,refers`); nil text means all.
    /// - Throws: `RelmapError.usage` naming an unknown type and the nearest valid one.
    public static func parse(_ text: String?) throws -> RelationTypes {
        guard let text else { return .all }
        var types: [RelationType] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            guard let t = RelationType(name: part) else {
                let names = RelationType.allCases.map(\.name)
                let hint = Suggest.closest(to: part, among: names).map { "did you mean '\($0)'? " } ?? ""
                throw RelmapError.usage("unknown relation type '\(part)'; \(hint)valid types: \(names.joined(separator: ", "))")
            }
            types.append(t)
        }
        guard !types.isEmpty else { throw RelmapError.usage("give at least one relation type") }
        return RelationTypes(types)
    }
}
