/// One signal of `relmap next`: a raw, non-negative value per entity, which a `SignalTransform`
/// puts on [0, 1] and `RankingWeights` weighs into the composite score.
///
/// Every signal has this one shape, whatever it is computed from, so that a new one (a decay of
/// stale ties, a group, a file's column) is added the same way (Guides/Ranking.md, "Adding a
/// signal"): a type with `value(_:)`, made from one of two sets of inputs.
/// - `GraphSignal`: what the graph alone decides (introduction access, potential), made once per
///   loaded graph by `RankingContext` and shared by every question on it.
/// - `SeedSignal`: what depends on the question's seed clients (ppr, bridge, coverage, group),
///   made for each question from `SeedSignalInputs`.
public protocol RankingSignal: Sendable {
    /// The raw value for entity `c`: 0 where the signal has nothing to say, never negative.
    func value(_ c: Int) -> Double
}

/// A signal the graph alone decides, made once per graph (`RankingContext`).
public protocol GraphSignal: RankingSignal {
    init(_ inputs: GraphSignalInputs)
}

/// A signal of the question's seed clients, made for each question.
public protocol SeedSignal: RankingSignal {
    init(_ inputs: SeedSignalInputs)
}

/// What a graph signal may read.
public struct GraphSignalInputs: Sendable {
    public let graph: Graph
    /// Every company that does not bank with us (`RankingContext.candidates`).
    public let candidates: [Int]
    /// Ties cooled by time (`TieDecay`); nil for strengths as recorded.
    public let aging: TieAging?
    /// Every relation's strength before aging, when the graph came with them (a snapshot's).
    public let tieStrengths: [Double]?

    public init(graph: Graph, candidates: [Int], aging: TieAging? = nil, tieStrengths: [Double]? = nil) {
        self.graph = graph
        self.candidates = candidates
        self.aging = aging
        self.tieStrengths = tieStrengths
    }
}

/// What a seed signal may read: the graph's shared context, the seed clients and the question's
/// settings (threads, bridge samples, when to push locally).
public struct SeedSignalInputs: Sendable {
    public let context: RankingContext
    /// The seed clients, ascending (`ExpansionRanking.resolveSeeds`).
    public let seeds: [Int]
    public let query: ExpansionRanking.Query

    public init(context: RankingContext, seeds: [Int], query: ExpansionRanking.Query) {
        self.context = context
        self.seeds = seeds
        self.query = query
    }

    public var graph: Graph { context.graph }
    public var chain: ValueChainProjection { context.chain }
}

extension IntroductionAccess: GraphSignal {
    public init(_ inputs: GraphSignalInputs) {
        self.init(inputs.graph, aging: inputs.aging, strengths: inputs.tieStrengths)
    }

    public func value(_ c: Int) -> Double { strength[c] }
}

extension Potential: GraphSignal {
    public init(_ inputs: GraphSignalInputs) {
        self.init(percentile: Self.percentiles(sizes: inputs.graph.entities.sizes, candidates: inputs.candidates))
    }

    public func value(_ c: Int) -> Double { percentile[c] }
}

extension ChainCoverage: SeedSignal {
    public init(_ inputs: SeedSignalInputs) {
        self.init(inputs.chain, seeds: inputs.seeds, threads: inputs.query.threads)
    }

    /// The count of seed clients within two hops, volume breaking ties (a fraction below 1 that
    /// grows with volume): ten clients around a candidate outrank nine, however much the nine trade.
    public func value(_ c: Int) -> Double {
        let count = Double(withinTwoHops[c]), v = volume[c]
        return count == 0 ? 0 : count + v / (v + 1e12)
    }
}

extension SeedBetweenness.Result: SeedSignal {
    /// Exact within the query's budget, else sampled: `bookBridgeSamples` pairs for one RM's book
    /// answered by the local push (it must answer in well under a second), `bridgeSamples` otherwise.
    public init(_ inputs: SeedSignalInputs) {
        let q = inputs.query
        let book = inputs.context.usesLocalPush(q) && !q.bridgeSamplesGiven
        self = SeedBetweenness.compute(
            inputs.chain, seeds: inputs.seeds, exactBudget: q.bridgeBudget,
            samples: book ? q.bookBridgeSamples : q.bridgeSamples, threads: q.threads)
    }

    public func value(_ c: Int) -> Double { scores[c] }
}

extension PersonalizedPageRank {
    /// The `ppr` signal: the global solve, or for one RM's book on a large chain the local push,
    /// which answers in tens of milliseconds where the solve takes half a second
    /// (Guides/Ranking.md, "one RM's book").
    public struct Signal: SeedSignal {
        /// Per entity.
        public let scores: [Double]
        /// The L1 bound of `scores` when the local push estimated them; nil when solved to the
        /// solver's tolerance.
        public let pushErrorBound: Double?

        /// The global solve's settings for a question: also the key under which the whole-bank
        /// signals are kept (`SignalsCache.wholeBankParameters`), so the two cannot drift apart.
        public static func solveOptions(_ query: ExpansionRanking.Query) -> PersonalizedPageRank.Options {
            .init(threads: query.threads)
        }

        public init(_ inputs: SeedSignalInputs) {
            let context = inputs.context, chain = inputs.chain, q = inputs.query
            let restart = PersonalizedPageRank.restartDistribution(seeds: inputs.seeds, values: inputs.graph.entities.values)
            guard context.usesLocalPush(q) else {
                scores = PersonalizedPageRank.compute(chain, restart: restart, options: Self.solveOptions(q)).scores
                pushErrorBound = nil
                return
            }
            let pushed = context.withPushWorkspace { ws in
                LocalPushPageRank.compute(chain, restart: restart, epsilon: q.localPushEpsilon, top: nil, workspace: ws)
            }
            var dense = [Double](repeating: 0, count: inputs.graph.entityCount)
            for (entity, score) in pushed.scores { dense[entity] = score }
            scores = dense
            pushErrorBound = pushed.errorBound
        }

        public func value(_ c: Int) -> Double { scores[c] }
    }
}

extension GroupSignal: SeedSignal {
    /// The whole graph's groups are made only when the group weight is above 0 (every candidate
    /// is scored); otherwise a row's group is found from its control chain for its reasons.
    public init(_ inputs: SeedSignalInputs) {
        self.init(
            graph: inputs.graph, seeds: inputs.seeds, state: inputs.query.ownership,
            everyone: inputs.query.weights.group > 0)
    }

    /// A seed itself is not counted in its own group.
    public func value(_ c: Int) -> Double { value(c, isSeed: isSeed(c)) }
}
