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
        public var threads = 2
        public init(seeds: SeedSelection = .allClients, industry: String? = nil, region: String? = nil,
                    top: Int? = 20, weights: RankingWeights = RankingWeights()) {
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
        /// Seconds spent per stage, for the benchmark and `--verbose` front ends.
        public var timings: [String: Double] = [:]
    }

    /// - Complexity: dominated by `ppr` (O(k (n + m)) for about 40 conjugate-gradient steps on the
    ///   seeds' components) and `bridge` (O(s (n + m)) for s seeds when exact, O(k b) for k sampled
    ///   pairs whose bidirectional searches touch b slots each); the rest is O((n + m) log n).
    /// - Throws: `RelmapError.unanswerable` for a graph without clients or an empty book,
    ///   `RelmapError.lookup` for an unknown RM or client.
    public static func rank(_ graph: Graph, _ query: Query) throws -> Result {
        let e = graph.entities
        var table = try signals(graph, query)
        let candidates = try filter(graph, table.candidates, industry: query.industry, region: query.region)
        let (seeds, ppr, access, coverage, potential) = (table.seeds, table.ppr, table.access, table.coverage, table.potentialPercentile)
        var clock = DispatchTime.now().uptimeNanoseconds
        func lap(_ stage: String) {
            let now = DispatchTime.now().uptimeNanoseconds
            table.timings[stage] = Double(now - clock) / 1e9
            clock = now
        }
        let w = query.weights
        let scaled = table.scaled(w)
        lap("percentiles")
        var rows: [(index: Int, score: Double)] = candidates.map { ($0, scaled.composite($0, w)) }
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
        let isSeed = Set(seeds)
        let chinese = AmountFormatting.looksChinese((0..<min(e.count, 200)).map { e.names[$0] })
        let explainer = Explainer(graph: graph, isSeed: isSeed, coverage: coverage, access: access,
                                  potential: potential, bridge: bridge.scores, chinese: chinese)
        let ranked = shown.map { row -> RankedCandidate in
            let c = row.index
            let direct = Int(coverage.direct[c])
            let costLow = access.strength[c] >= w.warmAccess || direct >= w.manyClientTies
            let high = potential[c] >= w.highPotential
            let quadrant: Quadrant = high ? (costLow ? .quickWin : .cultivate) : (costLow ? .lowPriority : .drop)
            return RankedCandidate(
                id: e.ids[c], name: e.names[c], status: e.statuses[c].name, industry: e.industries[c],
                region: e.regions[c], score: row.score,
                signals: .init(ppr: ppr[c], bridge: bridge.scores[c], coverage: Int(coverage.withinTwoHops[c]),
                               access: access.strength[c], potential: potential[c]),
                coverageVolume: coverage.volume[c], directClientTies: direct,
                bridgeError: bridge.errorBound.map { $0[c] },
                quadrant: quadrant, reasons: explainer.reasons(for: c))
        }
        lap("order and reasons")
        return Result(candidates: ranked, candidateCount: candidates.count, seeds: seeds, notes: table.notes,
                      bridgeExact: table.bridgeError == nil, timings: table.timings)
    }

    /// The signals of every candidate (every company that is not a client) before they are made
    /// comparable and weighted: what `rank` orders, and what a backtest scores one by one.
    /// Filters (`industry`, `region`) and `top` of the query are not applied.
    /// - Complexity: as `rank`, without the ordering and the reasons.
    public static func signals(_ graph: Graph, _ query: Query) throws -> SignalTable {
        let e = graph.entities
        let seeds = try resolveSeeds(graph, query.seeds)
        var notes: [String] = []

        var timings: [String: Double] = [:]
        var clock = DispatchTime.now().uptimeNanoseconds
        func lap(_ stage: String) {
            let now = DispatchTime.now().uptimeNanoseconds
            timings[stage] = Double(now - clock) / 1e9
            clock = now
        }
        // access and potential read only the graph: they run on a second thread beside the
        // projection, which has only one, and are collected before scoring.
        let candidatesAll = e.indices.filter { e.kinds[$0] == .company && e.statuses[$0] != .client }
        guard !candidatesAll.isEmpty else {
            throw RelmapError.unanswerable("no candidates: every company in this graph is already a client; add prospects (status=prospect, other_bank or former) to entities.csv")
        }
        let sideStart = DispatchTime.now().uptimeNanoseconds
        let besideChain = Background { () -> (IntroductionAccess, [Double], Double) in
            let access = IntroductionAccess(graph)
            let potential = Potential.percentiles(sizes: e.sizes, candidates: candidatesAll)
            return (access, potential, Double(DispatchTime.now().uptimeNanoseconds - sideStart) / 1e9)
        }
        let chain = ValueChainProjection(graph, threads: query.threads)
        lap("projection")

        let chainless = seeds.filter { chain.degree(ofEntity: $0) == 0 }
        if chainless.count == seeds.count {
            notes.append("none of the \(seeds.count) seed client(s) has a supplies relation, so ppr, bridge and coverage are 0 for everyone; the ranking rests on access and potential. Add supplies relations (payment flows) for these clients to rank along their chain.")
        } else if !chainless.isEmpty {
            notes.append("\(chainless.count) of \(seeds.count) seed clients have no supplies relation and do not shape ppr, bridge or coverage")
        }

        let restart = PersonalizedPageRank.restartDistribution(seeds: seeds, values: e.values)
        let ppr = PersonalizedPageRank.compute(chain, restart: restart, options: .init(threads: query.threads)).scores
        lap("ppr")
        let bridge = SeedBetweenness.compute(chain, seeds: seeds, exactBudget: query.bridgeBudget,
                                            samples: query.bridgeSamples, threads: query.threads)
        if !bridge.isExact {
            notes.append("bridge is estimated from \(bridge.sampledPairs) random pairs of the \(bridge.seedCount) seed clients (exact would take \(bridge.seedCount) searches of the whole chain); each row's bridge_error is 3 standard errors")
        }
        lap("bridge")
        let coverage = ChainCoverage(chain, seeds: seeds)
        lap("coverage")
        let (access, potential, sideSeconds) = besideChain.value
        lap("waiting for access and potential")
        timings["access and potential (beside the chain)"] = sideSeconds
        return SignalTable(seeds: seeds, candidates: candidatesAll, entityCount: e.count, sizes: e.sizes, ppr: ppr,
                           bridge: bridge.scores, bridgeError: bridge.errorBound, coverage: coverage, access: access,
                           potentialPercentile: potential, notes: notes, timings: timings)
    }

    /// The seed clients for a selection, ascending.
    public static func resolveSeeds(_ graph: Graph, _ selection: SeedSelection) throws -> [Int] {
        let e = graph.entities
        let clients = e.indices(withStatus: .client)
        guard !clients.isEmpty else {
            throw RelmapError.unanswerable("no clients in this graph; mark the bank's clients with status=client in entities.csv")
        }
        switch selection {
        case .allClients:
            return clients
        case .rm(let rm):
            let book = clients.filter { e.rm($0) == rm }
            if !book.isEmpty { return book }
            var books: [String: Int] = [:]
            for c in clients where !e.rm(c).isEmpty { books[e.rm(c), default: 0] += 1 }
            let known = books.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value) clients)" }
            let assigned = e.indices.filter { e.rm($0) == rm }.count
            if assigned > 0 {
                throw RelmapError.unanswerable("RM \(rm) has an empty book: \(assigned) entities name this RM but none is a client (status=client); RMs with clients: \(known.prefix(30).joined(separator: ", "))")
            }
            if known.isEmpty {
                throw RelmapError.lookup("unknown RM '\(rm)': no client has an rm in this graph; fill the rm column of entities.csv, or rank from all clients by leaving out --rm")
            }
            throw RelmapError.lookup("unknown RM '\(rm)'; known RMs: \(known.prefix(30).joined(separator: ", "))" + (known.count > 30 ? ", ... and \(known.count - 30) more" : ""))
        case .clients(let names):
            var out: [Int] = []
            let resolver = EntityResolver(graph: graph)
            for name in names {
                let i = try resolver.resolve(name)
                guard e.statuses[i] == .client else {
                    throw RelmapError.usage("\(e.ids[i]) \(e.names[i]) is not a client (status \(e.statuses[i].name)); --client names the bank's clients to rank from")
                }
                out.append(i)
            }
            return Array(Set(out)).sorted()
        }
    }

    static func filter(_ graph: Graph, _ candidates: [Int], industry: String?, region: String?) throws -> [Int] {
        let e = graph.entities
        var out = candidates
        if let industry {
            out = out.filter { e.industry($0) == industry }
            if out.isEmpty {
                let known = Set(candidates.map { e.industry($0) }).filter { !$0.isEmpty }.sorted()
                throw RelmapError.unanswerable("no candidate in industry '\(industry)'; candidates' industries: \(known.prefix(40).joined(separator: ", "))")
            }
        }
        if let region {
            let before = out
            out = out.filter { e.region($0) == region }
            if out.isEmpty {
                let known = Set(before.map { e.region($0) }).filter { !$0.isEmpty }.sorted()
                throw RelmapError.unanswerable("no candidate in region '\(region)'\(industry.map { " and industry '\($0)'" } ?? ""); regions available: \(known.prefix(40).joined(separator: ", "))")
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

/// The four target quadrants of DOMAIN.md: potential against the cost to win.
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
    /// Potential percentile at or above which a candidate counts as high potential.
    public var highPotential = 0.5
    /// Introduction strength at or above which the door counts as warm (cost to win low).
    public var warmAccess = 0.5
    /// Direct chain ties with seed clients at or above which the cost to win counts as low.
    public var manyClientTies = 2
    /// How each signal is made comparable before weighting (`access` is a strength in [0, 1]
    /// already and is used as it is).
    public var transforms = Transforms()

    public struct Transforms: Sendable, Equatable {
        public var ppr = SignalTransform.percentile
        public var bridge = SignalTransform.percentile
        public var coverage = SignalTransform.percentile
        public var potential = SignalTransform.percentile
        public init() {}
    }

    public init() {}

    enum CodingKeys: String, CodingKey {
        case ppr, bridge, coverage, access, potential
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
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = RankingWeights()
        ppr = try c.decodeIfPresent(Double.self, forKey: .ppr) ?? d.ppr
        bridge = try c.decodeIfPresent(Double.self, forKey: .bridge) ?? d.bridge
        coverage = try c.decodeIfPresent(Double.self, forKey: .coverage) ?? d.coverage
        access = try c.decodeIfPresent(Double.self, forKey: .access) ?? d.access
        potential = try c.decodeIfPresent(Double.self, forKey: .potential) ?? d.potential
        highPotential = try c.decodeIfPresent(Double.self, forKey: .highPotential) ?? d.highPotential
        warmAccess = try c.decodeIfPresent(Double.self, forKey: .warmAccess) ?? d.warmAccess
        manyClientTies = try c.decodeIfPresent(Int.self, forKey: .manyClientTies) ?? d.manyClientTies
        transforms.ppr = try c.decodeIfPresent(SignalTransform.self, forKey: .pprTransform) ?? d.transforms.ppr
        transforms.bridge = try c.decodeIfPresent(SignalTransform.self, forKey: .bridgeTransform) ?? d.transforms.bridge
        transforms.coverage = try c.decodeIfPresent(SignalTransform.self, forKey: .coverageTransform) ?? d.transforms.coverage
        transforms.potential = try c.decodeIfPresent(SignalTransform.self, forKey: .potentialTransform) ?? d.transforms.potential
    }

    /// Problems a user must fix: negative or non-finite weights, all weights zero.
    public func validationErrors() -> [String] {
        var errors: [String] = []
        for (name, v) in [("ppr", ppr), ("bridge", bridge), ("coverage", coverage), ("access", access), ("potential", potential)]
        where !(v.isFinite && v >= 0) {
            errors.append("\(name): weight \(v) must be a number >= 0")
        }
        if errors.isEmpty && ppr + bridge + coverage + access + potential <= 0 {
            errors.append("all weights are 0; give at least one signal a positive weight")
        }
        if !(highPotential >= 0 && highPotential <= 1) { errors.append("high_potential: \(highPotential) must be in [0, 1]") }
        if !(warmAccess >= 0 && warmAccess <= 1) { errors.append("warm_access: \(warmAccess) must be in [0, 1]") }
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
        try c.encode(bridgeError, forKey: .bridgeError)   // null when exact, not omitted
        try c.encode(quadrant, forKey: .quadrant)
        try c.encode(reasons, forKey: .reasons)
    }
}

/// Puts a candidate's signals into sentences an RM can act on.
struct Explainer {
    let graph: Graph
    let isSeed: Set<Int>
    let coverage: ChainCoverage
    let access: IntroductionAccess
    let potential: [Double]
    let bridge: [Double]
    let chinese: Bool

    func amount(_ v: Double) -> String { AmountFormatting.short(v, chinese: chinese) }

    func label(_ i: Int) -> String {
        let e = graph.entities
        var s = "\(e.names[i]) (\(e.ids[i])"
        if e.statuses[i] == .client { s += e.rm(i).isEmpty ? ", client" : ", client of \(e.rm(i))" }
        return s + ")"
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
            let verb = isSupplier ? "supplies" : "buys from"
            out.append("\(verb) \(label(u))" + (w > 0 ? ", \(amount(w)) a year" : ", volume unknown"))
        }
        if ties.count > 3 { out.append("trades with \(ties.count - 3) more of these clients") }
        let twoHop = Int(coverage.withinTwoHops[c]) - Int(coverage.direct[c])
        if twoHop > 0 {
            out.append("\(twoHop) more client(s) within two hops on the chain (shared suppliers or customers)")
        }
        if Int(coverage.withinTwoHops[c]) > 0 {
            out.append("trade tying it to these clients: \(amount(coverage.volume[c])) a year")
        }
        if bridge[c] > 0 {
            out.append(String(format: "sits on the shortest chain paths between client pairs (bridge %.1f)", bridge[c]))
        }
        let path = access.path(to: c)
        if path.count >= 2 {
            let opener = path[path.count - 2]
            let strength = String(format: "%.2f", access.strength[c])
            let route = path.map { e.names[$0] }.joined(separator: " → ")
            out.append("\(label(opener)) can open the door (introduction strength \(strength): \(route))")
        } else if path.count == 1 {
            out.append("already introduced clients to the bank")
        } else {
            out.append("no warm introduction path from the bank's side; a cold approach")
        }
        if let size = e.size(c) {
            out.append("size \(amount(size)) (above \(Int((potential[c] * 100).rounded()))% of candidates)")
        } else {
            out.append("size unknown, so potential counts as 0")
        }
        switch e.statuses[c] {
        case .former: out.append("former client: a win-back")
        case .otherBank: out.append("banks with another bank today")
        default: break
        }
        return out
    }
}
