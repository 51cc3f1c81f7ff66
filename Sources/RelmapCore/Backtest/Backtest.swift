import Foundation

/// Does the ranking find the clients the bank later won? Ranks as `relmap next` would have on a
/// past day (`AsOfGraph`), then scores that order, each signal alone, two baselines an RM would
/// use without Relmap (the number of trading partners, size) and a random order against who became
/// a client afterwards (`RankingMetrics`). Guides/Backtest.md explains how to read the result.
public enum Backtest {
    /// The methods compared, in the order tables list them.
    public static let methods = ["relmap", "ppr", "bridge", "coverage", "access", "potential", "degree", "size", "random"]

    public struct Query: Sendable {
        public var asOf: Day
        /// Count only wins on or before this day (tune's training window); nil: every later win.
        public var until: Day?
        public var k = 100
        /// One RM's book as the seeds, and that RM's wins as the outcome.
        public var rm: String?
        public var weights = RankingWeights()
        public var bridgeSamples = ExpansionRanking.Query().bridgeSamples
        public var language = Language.en
        public init(asOf: Day, until: Day? = nil, k: Int = 100, rm: String? = nil, weights: RankingWeights = RankingWeights()) {
            self.asOf = asOf
            self.until = until
            self.k = k
            self.rm = rm
            self.weights = weights
        }
    }

    /// The as-of graph with every candidate's signals and outcome: what the metrics of any
    /// weighting need, computed once (tune scores hundreds of weightings on one of these).
    public struct Prepared: Sendable {
        public let asOf: AsOfGraph
        public let table: SignalTable
        /// Per candidate (the order of `table.candidates`): won in the window.
        public let won: [Bool]
        /// Supplies relations of each candidate on the day, either direction.
        public let degree: [Double]
        /// Size of each candidate, -1 when unknown (below every known size).
        public let size: [Double]
        public let winsNotCandidates: Int
        public let rm: String?
        public var wins: Int { won.reduce(0) { $0 + ($1 ? 1 : 0) } }
    }

    /// - Throws: `RelmapError.unanswerable` for the cases `AsOfGraph` names, an RM without wins,
    ///   or candidates that all became clients; `RelmapError.lookup` for an unknown RM.
    /// - Complexity: one `ExpansionRanking.signals` on the as-of graph, plus O(c log c) per method.
    public static func run(_ graph: Graph, _ query: Query) throws -> BacktestResult {
        let start = DispatchTime.now().uptimeNanoseconds
        let prepared = try prepare(graph, query)
        let prepareSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var result = evaluate(prepared, weights: query.weights, k: query.k, language: query.language)
        result.timings["as-of graph and signals"] = prepareSeconds
        return result
    }

    public static func prepare(_ graph: Graph, _ query: Query) throws -> Prepared {
        let text = BacktestText(query.language)
        let asOf = try AsOfGraph(graph, day: query.asOf, until: query.until, language: query.language)
        let g = asOf.graph, e = g.entities
        var ranking = ExpansionRanking.Query(seeds: query.rm.map { .rm($0) } ?? .allClients, top: nil, weights: query.weights)
        ranking.bridgeSamples = query.bridgeSamples
        ranking.language = query.language
        let table = try ExpansionRanking.signals(g, ranking)
        var isWin = [Bool](repeating: false, count: e.count)
        for i in asOf.wonAfter where query.rm == nil || graph.entities.rm(i) == query.rm { isWin[i] = true }
        let won = table.candidates.map { isWin[$0] }
        let winsTotal = isWin.reduce(0) { $0 + ($1 ? 1 : 0) }
        let wins = won.reduce(0) { $0 + ($1 ? 1 : 0) }
        if let rm = query.rm, wins == 0 { throw RelmapError.unanswerable(text.noWinsForRM(rm, query.asOf)) }
        if wins == 0 { throw RelmapError.unanswerable(text.noCompanyWins(query.asOf, winsTotal)) }
        if wins == won.count { throw RelmapError.unanswerable(text.everyCandidateWon) }
        let degree = table.candidates.map { c -> Double in
            var d = 0
            g.forEachNeighbor(of: c, types: .supplies, direction: .both) { _, _ in d += 1 }
            return Double(d)
        }
        let size = table.candidates.map { e.sizes[$0].isFinite ? e.sizes[$0] : -1 }
        return Prepared(
            asOf: asOf, table: table, won: won, degree: degree, size: size,
            winsNotCandidates: winsTotal - wins, rm: query.rm)
    }

    /// The scores each method gives the candidates (higher first), in `methods` order without
    /// `random`.
    public static func scores(_ p: Prepared, weights: RankingWeights) -> [(name: String, scores: [Double])] {
        let t = p.table, cs = t.candidates
        let scaled = t.scaled(weights)
        return [
            ("relmap", cs.map { scaled.composite($0, weights) }),
            ("ppr", cs.map { t.ppr[$0] }),
            ("bridge", cs.map { t.bridge[$0] }),
            ("coverage", cs.map { t.coverageValue($0) }),
            ("access", cs.map { t.access.strength[$0] }),
            ("potential", cs.map { t.potentialPercentile[$0] }),
            ("degree", p.degree),
            ("size", p.size)
        ]
    }

    /// The composite's metrics alone (what tune needs in sample).
    /// - Complexity: O(c log c).
    public static func evaluateComposite(_ p: Prepared, weights: RankingWeights, k: Int) -> RankingMetrics {
        let scaled = p.table.scaled(weights)
        return RankingMetrics.evaluate(scores: p.table.candidates.map { scaled.composite($0, weights) }, won: p.won, k: k)
    }

    /// The metrics of every method on a prepared day.
    /// - Complexity: O(c log c) per method, the methods two at a time.
    public static func evaluate(_ p: Prepared, weights: RankingWeights, k: Int, language: Language = .en) -> BacktestResult {
        let start = DispatchTime.now().uptimeNanoseconds
        let text = BacktestText(language)
        let won = p.won
        var metrics: [String: RankingMetrics] = [:]
        let methods = scores(p, weights: weights)
        for (name, m) in zip(methods.map(\.name), methods.map(\.scores).concurrentMap { RankingMetrics.evaluate(scores: $0, won: won, k: k) }) {
            metrics[name] = m
        }
        metrics["random"] = RankingMetrics.random(candidates: won.count, wins: p.wins, k: k)
        let a = p.asOf
        var notes: [String] = p.table.notes
        if a.relationsLeftOut > 0 { notes.append(text.relationsLeftOut(a.relationsLeftOut)) }
        if a.outcomesHidden > 0 { notes.append(text.outcomesHidden(a.outcomesHidden)) }
        if a.clientsWithoutDate > 0 { notes.append(text.clientsWithoutDate(a.clientsWithoutDate)) }
        if a.undatedTiesToWins > 0 { notes.append(text.undatedTies(a.undatedTiesToWins)) }
        if p.winsNotCandidates > 0 { notes.append(text.winsNotCandidates(p.winsNotCandidates)) }
        if p.wins < 30 { notes.append(text.smallBook(p.wins)) }
        var result = BacktestResult(
            asOf: a.day.description, until: a.until?.description, k: k, candidates: won.count,
            wonAfter: p.wins, seeds: p.table.seeds.count, rm: p.rm, methods: metrics,
            weights: weights, notes: notes)
        result.timings["metrics"] = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return result
    }
}

extension Backtest {
    /// Every candidate's outcome and score under each method, as a table: what
    /// Scripts/backtest_reference.py checks with scikit-learn, and what a user opens in a
    /// spreadsheet to see which wins a method missed.
    /// - Complexity: O(c) rows of c candidates.
    public static func scoreTable(_ p: Prepared, weights: RankingWeights) -> TextTable {
        let methods = scores(p, weights: weights)
        var t = TextTable(columns: ["id", "name", "won"] + methods.map(\.name))
        let e = p.asOf.graph.entities
        for (row, c) in p.table.candidates.enumerated() {
            t.add([e.ids[c], e.names[c], p.won[row] ? "1" : "0"] + methods.map { String($0.scores[row]) })
        }
        return t
    }
}

extension Backtest {
    /// A day to backtest when nobody chose one: a year before the latest `client_since`, so the
    /// test asks "had we ranked a year ago, would we have found this year's wins?"; when the
    /// history is shorter than a year, the day halfway through it. Nil without any `client_since`.
    /// - Complexity: O(n).
    public static func suggestedDay(_ graph: Graph) -> Day? {
        let since = graph.entities.clientSince
        var earliest = Int32.max, latest = Int32.min
        for d in since where d != Relations.noDate {
            earliest = min(earliest, d)
            latest = max(latest, d)
        }
        guard earliest <= latest else { return nil }
        let yearBefore = latest - 365
        return Day(daysSince1970: yearBefore > earliest ? yearBefore : earliest + (latest - earliest) / 2)
    }
}
