import Foundation

/// Who to approach next: ranks the companies that do not bank with us (prospects, other-bank
/// clients, former clients) by how well they sit on the value chain of the bank's clients, how
/// warmly the bank can be introduced, and what they could be worth.
///
/// Seeds are the clients the question starts from: all of them, one RM's book, or named clients.
/// Five signals are computed over the whole graph (filters narrow only the candidate list):
/// `ppr` (`PersonalizedPageRank`), `bridge` (`SeedBetweenness`), `coverage` (`ChainCoverage`),
/// `access` (`IntroductionAccess`) and `potential` (`Potential`). The composite score is a
/// weighted mean of the signals made comparable (see `RankingWeights`); every row gets a
/// quadrant and reasons in words. Guides/Ranking.md explains each signal.
public enum ExpansionRanking {
    public enum SeedSelection: Sendable, Equatable {
        case allClients
        /// An RM's book: the clients whose `rm` is this id.
        case rm(String)
        /// Named clients, by id or name.
        case clients([String])
    }

    public struct Query: Sendable {
        public var seeds: SeedSelection = .allClients
        public var industry: String?
        public var region: String?
        /// How many rows to return; nil for all candidates.
        public var top: Int? = 20
        public var weights = RankingWeights()
        /// Slot visits the bridge signal may spend exactly before it samples (see SeedBetweenness),
        /// and how many seed pairs it samples then. Chosen so that ranking all clients of a
        /// million-entity world stays within a second or two; the per-row `bridge_error` says
        /// what that costs.
        public var bridgeBudget = 100_000_000
        public var bridgeSamples = 5_000
        /// Seed pairs sampled for one RM's book on a large graph (the local-push regime), where the
        /// question must answer in well under a second; each row's `bridge_error` says what it costs.
        /// Overridden by an explicit `bridgeSamples` (`--bridge-samples`).
        public var bookBridgeSamples = 1_000
        /// True when `bridgeSamples` was set by the user and applies to every question.
        public var bridgeSamplesGiven = false
        public var threads = Machine.cores
        /// One RM's book on a chain of at least this many nodes is ranked with the local push
        /// (`LocalPushPageRank`) instead of the global solve; the CLI and the server share it, so
        /// they list the same rows.
        public var localPushMinimumNodes = 200_000
        public var localPushEpsilon = 3e-7
        /// The language of the reasons and notes.
        public var language: Language = .en
        /// Ownership already computed for this graph (the engine keeps one); made when nil.
        public var ownership: OwnershipState?
        /// List only these candidates (`relmap next --group-of`: a group's members not with us).
        public var onlyCandidates: Set<Int>?
        /// Whole-graph signals computed elsewhere (`relmap next --signals`, the Spark job): `ppr`
        /// and `coverage` from all clients are taken from it, not computed. `QueryEngine` binds
        /// `signalsFile` to its graph and fills this in.
        public var signalsFile: SignalsFile?
        public var external: ExternalSignals?
        public init(
            seeds: SeedSelection = .allClients, industry: String? = nil, region: String? = nil,
            top: Int? = 20, weights: RankingWeights = RankingWeights()
        ) {
            self.seeds = seeds
            self.industry = industry
            self.region = region
            self.top = top
            self.weights = weights
        }
    }

    /// The ranking and what the user should know about how it was computed.
    public struct Result: Sendable {
        public var candidates: [RankedCandidate]
        /// Candidates after filters (before `top`).
        public var candidateCount: Int
        public var seeds: [Int]
        /// Facts that qualify the answer: seeds without chain relations, sampled bridge, ...
        public var notes: [String]
        public var bridgeExact: Bool
        /// The L1 bound of the ppr estimate when the local push computed it; nil when exact.
        public var pprErrorBound: Double? = nil
        /// Seconds spent per stage, for the benchmark and `--timings`.
        public var timings: [String: Double] = [:]
    }

    /// - Complexity: dominated by `ppr` (O(k (n + m)) for about 40 conjugate-gradient steps on the
    ///   seeds' components) and `bridge` (O(s (n + m)) for s seeds when exact, O(k b) for k sampled
    ///   pairs whose bidirectional searches touch b slots each); the rest is O((n + m) log n).
    /// - Throws: `RelmapError.unanswerable` for a graph without clients or an empty book,
    ///   `RelmapError.lookup` for an unknown RM or client.
    public static func rank(_ graph: Graph, _ query: Query) throws -> Result {
        let started = DispatchTime.now().uptimeNanoseconds
        let context = try RankingContext(graph, threads: query.threads)
        var result = try rank(context, query)
        result.timings["projection, access and potential (once per graph)"] =
            Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            - result.timings.values.reduce(0, +)
        return result
    }

    /// The same ranking on a context made once per graph: what a server answering RM after RM
    /// calls, and what `rank(graph, query)` calls after making the context.
    public static func rank(_ context: RankingContext, _ query: Query) throws -> Result {
        let graph = context.graph, e = graph.entities, lang = query.language
        // The group signal needs only the seeds and the ownership network (a pass over every
        // relation): it is made on the other core while the chain signals are computed.
        let groupInputs = SeedSignalInputs(context: context, seeds: try resolveSeeds(graph, query.seeds, lang), query: query)
        let groupTask = Background { GroupSignal(groupInputs) }
        var table = try signals(context, query)
        var candidates = try filter(graph, table.candidates, industry: query.industry, region: query.region, lang)
        if let only = query.onlyCandidates { candidates = candidates.filter { only.contains($0) } }
        let isSeed = Set(table.seeds)
        let group = groupTask.value
        let (seeds, ppr, access, coverage, potential) = (table.seeds, table.ppr, table.access, table.coverage, table.potentialPercentile)
        var clock = DispatchTime.now().uptimeNanoseconds
        func lap(_ stage: String) {
            let now = DispatchTime.now().uptimeNanoseconds
            table.timings[stage] = Double(now - clock) / 1e9
            clock = now
        }
        // Comparable scales (`RankingWeights.transforms`), computed over all candidates so that
        // filters do not move scores.
        let w = query.weights
        let scaled = table.scaled(w)
        lap("percentiles")
        // The group signal joins the weighted mean with its own weight (0 unless a weights file sets it).
        let base = max(w.ppr + w.bridge + w.coverage + w.access + w.potential, 1e-12)
        var rows: [(index: Int, score: Double)] = candidates.map { c in
            guard w.group > 0 else { return (c, scaled.composite(c, w)) }
            return (c, (scaled.composite(c, w) * base + w.group * group.value(c, isSeed: isSeed.contains(c))) / (base + w.group))
        }
        // Stable order: score, then ppr, then id, so equal scores always list the same way.
        let before = { (a: (index: Int, score: Double), b: (index: Int, score: Double)) -> Bool in
            if a.score != b.score { return a.score > b.score }
            if ppr[a.index] != ppr[b.index] { return ppr[a.index] > ppr[b.index] }
            return e.ids[a.index] < e.ids[b.index]
        }
        let shown: [(index: Int, score: Double)]
        if let top = query.top, top <= 1_000 {
            shown = firstInOrder(rows, count: max(0, top), by: before)
        } else {
            rows.sort(by: before)
            shown = query.top.map { Array(rows.prefix(max(0, $0))) } ?? rows
        }
        let bridge = (scores: table.bridge, errorBound: table.bridgeError)
        let explainer = Explainer(
            graph: graph, isSeed: isSeed, coverage: coverage, access: access,
            potential: potential, bridge: bridge.scores, group: group, lang: lang)
        let ranked = shown.map { row -> RankedCandidate in
            let c = row.index
            let direct = Int(coverage.direct[c])
            let costLow = access.strength[c] >= w.warmAccess || direct >= w.manyClientTies
            let high = potential[c] >= w.highPotential
            let quadrant: Quadrant = high ? (costLow ? .quickWin : .cultivate) : (costLow ? .lowPriority : .drop)
            return RankedCandidate(
                id: e.ids[c], name: e.names[c], status: e.statuses[c].name, industry: e.industries[c],
                region: e.regions[c], score: row.score,
                signals: .init(
                    ppr: ppr[c], bridge: bridge.scores[c], coverage: Int(coverage.withinTwoHops[c]),
                    access: access.strength[c], potential: potential[c],
                    group: group.value(c, isSeed: isSeed.contains(c))),
                coverageVolume: coverage.volume[c], directClientTies: direct,
                bridgeError: bridge.errorBound.map { $0[c] },
                quadrant: quadrant, reasons: explainer.reasons(for: c))
        }
        lap("order and reasons")
        return Result(
            candidates: ranked, candidateCount: candidates.count, seeds: seeds, notes: table.notes,
            bridgeExact: table.bridgeError == nil, pprErrorBound: table.pprErrorBound, timings: table.timings)
    }

    /// The signals of every candidate (every company that is not a client) before they are made
    /// comparable and weighted: what `rank` orders, and what a backtest scores one by one.
    /// Filters (`industry`, `region`) and `top` of the query are not applied.
    /// - Complexity: as `rank`, without the ordering and the reasons.
    public static func signals(_ graph: Graph, _ query: Query) throws -> SignalTable {
        try signals(RankingContext(graph, threads: query.threads), query)
    }

    public static func signals(_ context: RankingContext, _ query: Query) throws -> SignalTable {
        let graph = context.graph, e = graph.entities, lang = query.language
        let seeds = try resolveSeeds(graph, query.seeds, lang)
        var notes: [String] = []

        var timings: [String: Double] = [:]
        var clock = DispatchTime.now().uptimeNanoseconds
        func lap(_ stage: String) {
            let now = DispatchTime.now().uptimeNanoseconds
            timings[stage] = Double(now - clock) / 1e9
            clock = now
        }
        let candidatesAll = context.candidates
        let chain = context.chain, access = context.access, potential = context.potential

        let chainless = seeds.filter { chain.degree(ofEntity: $0) == 0 }
        if chainless.count == seeds.count {
            notes.append(
                lang(
                    "none of the \(seeds.count) seed client(s) has a supplies relation, so ppr, bridge and coverage are 0 for everyone; the ranking rests on access and potential. Add supplies relations (payment flows) for these clients to rank along their chain.",
                    "\(seeds.count) 个种子客户都没有供货关系，ppr、bridge、coverage 对所有候选都是 0，排序只依据引荐通道和规模；请为这些客户补充供货关系（对公流水）以便沿产业链排序。"))
        } else if !chainless.isEmpty {
            notes.append(
                lang(
                    "\(chainless.count) of \(seeds.count) seed clients have no supplies relation and do not shape ppr, bridge or coverage",
                    "\(seeds.count) 个种子客户中有 \(chainless.count) 个没有供货关系，不影响 ppr、bridge 和 coverage"))
        }

        // All clients, computed here: the same on every run over this graph, so kept beside its
        // snapshot and read back (`SignalsCache`).
        let pprOptions = PersonalizedPageRank.Signal.solveOptions(query)
        let cacheable = query.seeds == .allClients && query.external == nil ? context.signalsCache : nil
        let cacheParameters = SignalsCache.wholeBankParameters(query, ppr: pprOptions)
        if let cached = cacheable?.wholeBank(cacheParameters, entityCount: e.count) {
            lap("ppr, bridge and coverage, read from \(cacheable!.wholeBankPath)")
            if !cached.bridge.isExact { notes.append(bridgeNote(cached.bridge, lang)) }
            return SignalTable(
                seeds: seeds, candidates: candidatesAll, entityCount: e.count, sizes: e.sizes, ppr: cached.ppr,
                bridge: cached.bridge.scores, bridgeError: cached.bridge.errorBound, coverage: cached.coverage,
                access: access, potentialPercentile: potential, notes: notes, timings: timings)
        }

        // Every seed signal is made the same way, from the same inputs (`RankingSignal`).
        let inputs = SeedSignalInputs(context: context, seeds: seeds, query: query)
        let ppr: [Double]
        var pprErrorBound: Double? = nil
        // The file holds the signals from all clients; a book or named clients are computed here.
        let external = query.seeds == .allClients ? query.external : nil
        if query.external != nil && external == nil {
            notes.append(
                lang(
                    "the signals file holds ppr and coverage from all clients; for these seeds they are computed here",
                    "信号文件中的 ppr 和 coverage 基于全部客户；对本次种子客户在本机计算"))
        }
        if let external {
            ppr = external.ppr
            notes.append(
                lang(
                    "ppr and coverage are read from \(external.path) (checked against this graph's fingerprint)",
                    "ppr 和 coverage 读自 \(external.path)（已与本图指纹核对）"))
        } else {
            let signal = PersonalizedPageRank.Signal(inputs)
            ppr = signal.scores
            pprErrorBound = signal.pushErrorBound
            if pprErrorBound != nil {
                notes.append(
                    lang(
                        "ppr is estimated by the local push from this book (Guides/Ranking.md: the top 100 matched the exact solve in 17 of 20 books measured); rows close in score may swap",
                        "ppr 由本客户群的局部推送估算（见 Guides/Ranking.md：实测 20 个客户群中 17 个的前 100 名与精确解一致）；得分接近的行可能互换位置"))
            }
        }
        lap("ppr")
        let bridge = SeedBetweenness.Result(inputs)
        if !bridge.isExact { notes.append(bridgeNote(bridge, lang)) }
        lap("bridge")
        let coverage = external?.coverage ?? ChainCoverage(inputs)
        lap("coverage")
        if let cacheable, pprErrorBound == nil {
            cacheable.store(.init(ppr: ppr, bridge: bridge, coverage: coverage), cacheParameters, entityCount: e.count)
            lap("kept for the next run")
        }

        return SignalTable(
            seeds: seeds, candidates: candidatesAll, entityCount: e.count, sizes: e.sizes, ppr: ppr,
            bridge: bridge.scores, bridgeError: bridge.errorBound, coverage: coverage, access: access,
            potentialPercentile: potential, notes: notes, timings: timings, pprErrorBound: pprErrorBound)
    }

    static func bridgeNote(_ bridge: SeedBetweenness.Result, _ lang: Language) -> String {
        lang(
            "bridge is estimated from \(bridge.sampledPairs) random pairs of the \(bridge.seedCount) seed clients (exact would take \(bridge.seedCount) searches of the whole chain); each row's bridge_error is 3 standard errors",
            "bridge 由 \(bridge.seedCount) 个种子客户中随机抽取的 \(bridge.sampledPairs) 对估算（精确计算需对整条产业链搜索 \(bridge.seedCount) 次）；每行的 bridge_error 为 3 倍标准误")
    }

    /// The seed clients for a selection, ascending.
    public static func resolveSeeds(_ graph: Graph, _ selection: SeedSelection, _ lang: Language = .en) throws -> [Int] {
        let e = graph.entities
        let clients = e.indices(withStatus: .client)
        guard !clients.isEmpty else {
            throw RelmapError.unanswerable(
                lang(
                    "no clients in this graph; mark the bank's clients with status=client in entities.csv",
                    "图中没有本行客户；请在 entities.csv 中用 status=client 标出本行客户"))
        }
        switch selection {
        case .allClients:
            return clients
        case .rm(let rm):
            let book = clients.filter { e.rm($0) == rm }
            if !book.isEmpty { return book }
            var books: [String: Int] = [:]
            for c in clients where !e.rm(c).isEmpty { books[e.rm(c), default: 0] += 1 }
            let known = books.sorted { $0.key < $1.key }.map { lang("\($0.key) (\($0.value) clients)", "\($0.key)（\($0.value) 个客户）") }
            let assigned = e.indices.filter { e.rm($0) == rm }.count
            if assigned > 0 {
                throw RelmapError.unanswerable(
                    lang(
                        "RM \(rm) has an empty book: \(assigned) entities name this RM but none is a client (status=client); RMs with clients: \(known.prefix(30).joined(separator: ", "))",
                        "客户经理 \(rm) 名下没有本行客户：有 \(assigned) 个主体归属该客户经理，但都不是本行客户（status=client）；有客户的客户经理：\(known.prefix(30).joined(separator: "、"))"))
            }
            if known.isEmpty {
                throw RelmapError.lookup(
                    lang(
                        "unknown RM '\(rm)': no client has an rm in this graph; fill the rm column of entities.csv, or rank from all clients by leaving out --rm",
                        "未知的客户经理 '\(rm)'：图中没有客户填写客户经理；请填写 entities.csv 的 rm 列，或去掉 --rm 以全部客户为起点排序"))
            }
            let more = known.count > 30 ? lang(", ... and \(known.count - 30) more", " 等，另有 \(known.count - 30) 个") : ""
            throw RelmapError.lookup(
                lang(
                    "unknown RM '\(rm)'; known RMs: \(known.prefix(30).joined(separator: ", "))\(more)",
                    "未知的客户经理 '\(rm)'；已知客户经理：\(known.prefix(30).joined(separator: "、"))\(more)"))
        case .clients(let names):
            var out: [Int] = []
            let resolver = EntityResolver(graph: graph, language: lang)
            for name in names {
                let i = try resolver.resolve(name)
                guard e.statuses[i] == .client else {
                    throw RelmapError.usage(
                        lang(
                            "\(e.ids[i]) \(e.names[i]) is not a client (status \(e.statuses[i].name)); --client names the bank's clients to rank from",
                            "\(e.ids[i]) \(e.names[i]) 不是本行客户（状态 \(Words.status(e.statuses[i], .zh))）；--client 应填写作为排序起点的本行客户"))
                }
                out.append(i)
            }
            return Array(Set(out)).sorted()
        }
    }

    static func filter(_ graph: Graph, _ candidates: [Int], industry: String?, region: String?, _ lang: Language = .en) throws -> [Int] {
        let e = graph.entities
        var out = candidates
        if let industry {
            out = out.filter { e.industry($0) == industry }
            if out.isEmpty {
                let known = Set(candidates.map { e.industry($0) }).filter { !$0.isEmpty }.sorted()
                throw RelmapError.unanswerable(
                    lang(
                        "no candidate in industry '\(industry)'; candidates' industries: \(known.prefix(40).joined(separator: ", "))",
                        "行业 '\(industry)' 中没有候选；候选所在行业：\(known.prefix(40).joined(separator: "、"))"))
            }
        }
        if let region {
            let before = out
            out = out.filter { e.region($0) == region }
            if out.isEmpty {
                let known = Set(before.map { e.region($0) }).filter { !$0.isEmpty }.sorted()
                throw RelmapError.unanswerable(
                    lang(
                        "no candidate in region '\(region)'\(industry.map { " and industry '\($0)'" } ?? ""); regions available: \(known.prefix(40).joined(separator: ", "))",
                        "地区 '\(region)'\(industry.map { "、行业 '\($0)'" } ?? "") 中没有候选；可选地区：\(known.prefix(40).joined(separator: "、"))"))
            }
        }
        return out
    }

    /// Mid-rank percentile of `value` over `indices`, 0 for a zero value: "better than x of the
    /// candidates". Rank-based because ppr and bridge are heavy-tailed.
    /// Mid-rank percentile of each index's value among `indices`; 0 stays 0. Values are never
    /// negative, and most are 0 (few entities sit between clients), so only the positive ones are
    /// sorted, ranked after all the zeros.
    static func percentile(_ indices: [Int], n: Int, _ value: (Int) -> Double) -> [Double] {
        var out = [Double](repeating: 0, count: n)
        let sorted = indices.compactMap { i -> (Int, Double)? in
            let v = value(i)
            return v > 0 ? (i, v) : nil
        }.sorted { $0.1 < $1.1 }
        let zeros = indices.count - sorted.count
        let total = Double(indices.count)
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count && sorted[j + 1].1 == sorted[i].1 { j += 1 }
            let p = (Double(zeros + i) + Double(j - i + 1) / 2) / total
            for k in i...j { out[sorted[k].0] = p }
            i = j + 1
        }
        return out
    }

    /// The first `count` elements of `items` in the order `before` (a strict total order), without
    /// sorting them all: one pass keeping the best few in order (the usual `--top 20` of 800,000
    /// candidates).
    static func firstInOrder<T>(_ items: [T], count: Int, by before: @escaping (T, T) -> Bool) -> [T] {
        var top = TopRows(count: count, by: before)
        for item in items { top.offer(item) }
        return top.rows
    }
}

/// The four target quadrants RMs plan with: potential against the cost to win.
public enum Quadrant: String, Sendable, Codable {
    case quickWin = "quick win"
    case cultivate
    case lowPriority = "low priority"
    case drop
}

/// The composite score's weights and the quadrant thresholds; a user can change them with a
/// small YAML or JSON file (`--weights`). Missing keys keep their defaults.
public struct RankingWeights: Sendable, Codable, Equatable {
    /// Chain proximity to the seeds, the strongest single evidence of a reachable prospect.
    public var ppr = 0.30
    public var bridge = 0.10
    public var coverage = 0.20
    public var access = 0.20
    public var potential = 0.20
    /// Same group (one actual controller) as seed clients (`GroupSignal`). 0 by default: the
    /// group reason is always given, but the composite stays what the backtests and reference
    /// fixtures measured until a backtest shows what weight the signal earns; set it in a weights
    /// file (`group: 0.1`) to rank a client's group members up.
    public var group = 0.0
    /// Potential percentile at or above which a candidate counts as high potential.
    public var highPotential = 0.5
    /// Introduction strength at or above which the door counts as warm (cost to win low).
    public var warmAccess = 0.5
    /// Direct chain ties with seed clients at or above which the cost to win counts as low.
    public var manyClientTies = 2
    /// How each signal is made comparable before weighting (`access` is a strength in [0, 1]
    /// already and is used as it is).
    public var transforms = Transforms()
    /// Days after which an untended tie keeps half its strength, per relation type
    /// (`half_life_knows: 90` in a weights file; 0 turns decay off for the type). Types not
    /// listed do not decay. See `TieDecay` for the defaults and why.
    public var halfLives = TieDecay.defaultHalfLives

    /// The relation types a weights file may give a half-life for, with their keys.
    static let halfLifeKeys: [(key: String, type: RelationType)] = RelationType.allCases.map { ("half_life_" + $0.name, $0) }

    public struct Transforms: Sendable, Equatable {
        public var ppr = SignalTransform.percentile
        public var bridge = SignalTransform.percentile
        public var coverage = SignalTransform.percentile
        public var potential = SignalTransform.percentile
        public init() {}
    }

    public init() {}

    enum CodingKeys: String, CodingKey {
        case ppr, bridge, coverage, access, potential, group
        case highPotential = "high_potential", warmAccess = "warm_access", manyClientTies = "many_client_ties"
        case pprTransform = "ppr_transform", bridgeTransform = "bridge_transform"
        case coverageTransform = "coverage_transform", potentialTransform = "potential_transform"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ppr, forKey: .ppr)
        try c.encode(bridge, forKey: .bridge)
        try c.encode(coverage, forKey: .coverage)
        try c.encode(access, forKey: .access)
        try c.encode(potential, forKey: .potential)
        try c.encode(transforms.ppr, forKey: .pprTransform)
        try c.encode(transforms.bridge, forKey: .bridgeTransform)
        try c.encode(transforms.coverage, forKey: .coverageTransform)
        try c.encode(transforms.potential, forKey: .potentialTransform)
        try c.encode(highPotential, forKey: .highPotential)
        try c.encode(warmAccess, forKey: .warmAccess)
        try c.encode(manyClientTies, forKey: .manyClientTies)
        var h = encoder.container(keyedBy: AnyKey.self)
        for (key, type) in Self.halfLifeKeys { try h.encode(halfLives[type] ?? 0, forKey: AnyKey(key)) }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = RankingWeights()
        ppr = try c.decodeIfPresent(Double.self, forKey: .ppr) ?? d.ppr
        bridge = try c.decodeIfPresent(Double.self, forKey: .bridge) ?? d.bridge
        coverage = try c.decodeIfPresent(Double.self, forKey: .coverage) ?? d.coverage
        access = try c.decodeIfPresent(Double.self, forKey: .access) ?? d.access
        potential = try c.decodeIfPresent(Double.self, forKey: .potential) ?? d.potential
        group = try c.decodeIfPresent(Double.self, forKey: .group) ?? d.group
        highPotential = try c.decodeIfPresent(Double.self, forKey: .highPotential) ?? d.highPotential
        warmAccess = try c.decodeIfPresent(Double.self, forKey: .warmAccess) ?? d.warmAccess
        manyClientTies = try c.decodeIfPresent(Int.self, forKey: .manyClientTies) ?? d.manyClientTies
        transforms.ppr = try c.decodeIfPresent(SignalTransform.self, forKey: .pprTransform) ?? d.transforms.ppr
        transforms.bridge = try c.decodeIfPresent(SignalTransform.self, forKey: .bridgeTransform) ?? d.transforms.bridge
        transforms.coverage = try c.decodeIfPresent(SignalTransform.self, forKey: .coverageTransform) ?? d.transforms.coverage
        transforms.potential = try c.decodeIfPresent(SignalTransform.self, forKey: .potentialTransform) ?? d.transforms.potential
        let h = try decoder.container(keyedBy: AnyKey.self)
        for (key, type) in Self.halfLifeKeys {
            guard let days = try h.decodeIfPresent(Double.self, forKey: AnyKey(key)) else { continue }
            halfLives[type] = days == 0 ? nil : days
        }
    }

    /// Problems a user must fix: negative or non-finite weights, all weights zero.
    public func validationErrors() -> [String] {
        var errors: [String] = []
        for (name, v) in [("ppr", ppr), ("bridge", bridge), ("coverage", coverage), ("access", access), ("potential", potential), ("group", group)]
        where !(v.isFinite && v >= 0) {
            errors.append("\(name): weight \(v) must be a number >= 0")
        }
        if errors.isEmpty && ppr + bridge + coverage + access + potential + group <= 0 {
            errors.append("all weights are 0; give at least one signal a positive weight")
        }
        if !(highPotential >= 0 && highPotential <= 1) { errors.append("high_potential: \(highPotential) must be in [0, 1]") }
        if !(warmAccess >= 0 && warmAccess <= 1) { errors.append("warm_access: \(warmAccess) must be in [0, 1]") }
        for (key, type) in Self.halfLifeKeys {
            if let days = halfLives[type], !(days.isFinite && days > 0) {
                errors.append("\(key): \(days) must be a number of days > 0, or 0 for no decay")
            }
        }
        if manyClientTies < 1 { errors.append("many_client_ties: \(manyClientTies) must be at least 1") }
        return errors
    }
}

/// One ranked candidate: what the JSON and CSV outputs carry.
public struct RankedCandidate: Sendable, Codable, Equatable {
    public struct Signals: Sendable, Codable, Equatable {
        public var ppr: Double
        public var bridge: Double
        /// Distinct seed clients within two hops on the chain.
        public var coverage: Int
        public var access: Double
        public var potential: Double
        /// `1 − 0.5^k` for the k seed clients in the candidate's group (`GroupSignal`).
        public var group: Double
    }
    public var id: String
    public var name: String
    public var status: String
    public var industry: String
    public var region: String
    public var score: Double
    public var signals: Signals
    /// Trade volume tying the candidate to the seed clients it covers.
    public var coverageVolume: Double
    public var directClientTies: Int
    /// 3 estimated standard errors of `bridge` when it was sampled; nil when exact.
    public var bridgeError: Double?
    public var quadrant: Quadrant
    public var reasons: [String]

    enum CodingKeys: String, CodingKey {
        case id, name, status, industry, region, score, signals, quadrant, reasons
        case coverageVolume = "coverage_volume", directClientTies = "direct_client_ties", bridgeError = "bridge_error"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(status, forKey: .status)
        try c.encode(industry, forKey: .industry)
        try c.encode(region, forKey: .region)
        try c.encode(score, forKey: .score)
        try c.encode(signals, forKey: .signals)
        try c.encode(coverageVolume, forKey: .coverageVolume)
        try c.encode(directClientTies, forKey: .directClientTies)
        try c.encode(bridgeError, forKey: .bridgeError)  // null when exact, not omitted
        try c.encode(quadrant, forKey: .quadrant)
        try c.encode(reasons, forKey: .reasons)
    }
}

/// Puts a candidate's signals into sentences an RM can act on, in the RM's language.
struct Explainer {
    let graph: Graph
    let isSeed: Set<Int>
    let coverage: ChainCoverage
    let access: IntroductionAccess
    let potential: [Double]
    let bridge: [Double]
    let group: GroupSignal
    let lang: Language

    func amount(_ v: Double) -> String { lang.amount(v) }

    func label(_ i: Int) -> String {
        let e = graph.entities
        guard e.statuses[i] == .client else { return lang("\(e.names[i]) (\(e.ids[i]))", "\(e.names[i])（\(e.ids[i])）") }
        return e.rm(i).isEmpty
            ? lang("\(e.names[i]) (\(e.ids[i]), client)", "\(e.names[i])（\(e.ids[i])，本行客户）")
            : lang("\(e.names[i]) (\(e.ids[i]), client of \(e.rm(i)))", "\(e.names[i])（\(e.ids[i])，\(e.rm(i)) 的客户）")
    }

    func reasons(for c: Int) -> [String] {
        let e = graph.entities
        var out: [String] = []
        // Direct trade with seed clients, by volume, each direction named.
        var sells: [Int: Double] = [:], buys: [Int: Double] = [:]
        graph.forEachNeighbor(of: c, types: .supplies, direction: .both) { u, r in
            guard isSeed.contains(u), u != c else { return }
            let w = graph.relations.weight(r) ?? 0
            if graph.relations.source(r) == c { sells[u, default: 0] += w } else { buys[u, default: 0] += w }
        }
        var ties = sells.map { ($0.key, $0.value, true) } + buys.map { ($0.key, $0.value, false) }
        ties.sort { ($0.1, e.ids[$1.0]) > ($1.1, e.ids[$0.0]) }
        for (u, w, isSupplier) in ties.prefix(3) {
            let volume = w > 0 ? lang(", \(amount(w)) a year", "，年交易额 \(amount(w))") : lang(", volume unknown", "，交易额未知")
            out.append(
                isSupplier
                    ? lang("supplies \(label(u))\(volume)", "向 \(label(u)) 供货\(volume)")
                    : lang("buys from \(label(u))\(volume)", "从 \(label(u)) 采购\(volume)"))
        }
        if ties.count > 3 { out.append(lang("trades with \(ties.count - 3) more of these clients", "还与其中另外 \(ties.count - 3) 个客户有交易")) }
        let twoHop = Int(coverage.withinTwoHops[c]) - Int(coverage.direct[c])
        if twoHop > 0 {
            out.append(
                lang(
                    "\(twoHop) more client(s) within two hops on the chain (shared suppliers or customers)",
                    "产业链两跳内还有 \(twoHop) 个客户（共同的供应商或买方）"))
        }
        if Int(coverage.withinTwoHops[c]) > 0 {
            out.append(
                lang(
                    "trade tying it to these clients: \(amount(coverage.volume[c])) a year",
                    "与这些客户相关的年交易额：\(amount(coverage.volume[c]))"))
        }
        if let tie = group.reason(c, isSeed: isSeed.contains(c), lang) { out.append(tie) }
        if bridge[c] > 0 {
            let b = String(format: "%.1f", bridge[c])
            out.append(
                lang(
                    "sits on the shortest chain paths between client pairs (bridge \(b))",
                    "位于客户之间最短产业链路径上（bridge \(b)）"))
        }
        let path = access.path(to: c)
        if path.count >= 2 {
            let opener = path[path.count - 2]
            let strength = String(format: "%.2f", access.strength[c])
            let route = path.map { e.names[$0] }.joined(separator: " → ")
            out.append(
                lang(
                    "\(label(opener)) can open the door (introduction strength \(strength): \(route))",
                    "\(label(opener)) 可以引荐（引荐强度 \(strength)：\(route)）"))
        } else if path.count == 1 {
            out.append(lang("already introduced clients to the bank", "曾向本行推介过客户"))
        } else {
            out.append(lang("no warm introduction path from the bank's side; a cold approach", "本行一方没有可用的引荐路径，需要陌生拜访"))
        }
        if let size = e.size(c) {
            let pct = Int((potential[c] * 100).rounded())
            out.append(lang("size \(amount(size)) (above \(pct)% of candidates)", "规模 \(amount(size))（高于 \(pct)% 的候选）"))
        } else {
            out.append(lang("size unknown, so potential counts as 0", "规模未知，潜力按 0 计"))
        }
        switch e.statuses[c] {
        case .former: out.append(lang("former client: a win-back", "流失客户：可争取回流"))
        case .otherBank: out.append(lang("banks with another bank today", "目前在他行开户"))
        default: break
        }
        return out
    }
}
