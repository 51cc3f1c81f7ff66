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
    /// Ownership network, controllers and groups (`QueryEngine+Ownership`).
    let ownershipCache = OwnershipCache()

    public init(graph: Graph, source: String) {
        self.graph = graph
        self.source = source
        names = EntityResolver(graph: graph)
    }

    /// Loads and validates `path`; invalid data throws `RelmapError.invalidData` with every problem.
    public static func load(_ path: String) throws -> (engine: QueryEngine, log: DiagnosticLog) {
        let loaded = try GraphLoader.load(path)
        return (QueryEngine(graph: loaded.graph, source: path), loaded.log)
    }

    /// The resolver for names as written, speaking `lang` in its errors.
    public func resolver(_ lang: Language) -> EntityResolver {
        var r = names
        r.language = lang
        return r
    }

    /// The seed-independent part of every ranking, made once (about a second on a million
    /// entities; a second caller waits for the first rather than building it twice).
    public func rankingContext() throws -> RankingContext {
        try ranking.withLock { context in
            if let context { return context }
            let made = try RankingContext(graph)
            context = made
            return made
        }
    }

    private func pathFinder() -> WarmPathFinder {
        finder.withLock { f in
            if let f { return f }
            let made = WarmPathFinder(graph: graph)
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
        let result = try ExpansionRanking.rank(try rankingContext(), query)
        return RankingAnswer(result, seeds: query.seeds, explain: explain, lang: query.language)
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
            self.target = target; self.from = from; self.k = k; self.maxHops = maxHops; self.via = via; self.language = language
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
            throw RelmapError.usage(lang("--from names only the target itself; give another start, or leave --from out to start from every client and introducer",
                                         "--from 只指定了目标本身；请给出其他起点，或去掉 --from 以全部客户和推介人为起点"))
        }
        if q.from.isEmpty && sources.allSatisfy({ $0 == target }) {
            throw RelmapError.unanswerable(lang("no clients or introducers in this graph to start from; mark clients with status=client in entities.csv, or give --from",
                                                "图中没有可作为起点的客户或推介人；请在 entities.csv 中用 status=client 标出客户，或给出 --from"))
        }
        let result = pathFinder().paths(to: target, from: sources, k: q.k, maxHops: q.maxHops, via: q.via)
        return PathsAnswer(graph, target: target, result: result, maxHops: q.maxHops, types: q.via, lang: lang)
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
        throw RelmapError.lookup(lang("no entity belongs to RM '\(rm)'; \(hint)RMs in this graph: \(list)",
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
        public init(focus: Focus, depth: Int? = nil, maxNodes: Int = 60, highlightTop: Int = 0, language: Language = .en) {
            self.focus = focus; self.depth = depth; self.maxNodes = maxNodes; self.highlightTop = highlightTop; self.language = language
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
        let highlights = q.highlightTop > 0
            ? try MapTargets.rankByExpansion(graph, focus: focus, candidates: try IndustryMap.candidates(graph, focus: focus, depth: depth), top: q.highlightTop)
            : [:]
        let map = try IndustryMap.extract(graph, focus: focus, options: .init(depth: depth, maxNodes: q.maxNodes, highlights: highlights))
        return MapAnswer(dot: map.dot(graph), nodeCount: map.nodes.count, edgeCount: map.edges.count)
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
    public var dot: String
    public var nodeCount: Int
    public var edgeCount: Int
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
