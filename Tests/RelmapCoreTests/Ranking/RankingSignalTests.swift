import Testing

@testable import RelmapCore

/// Every signal made through its one shape (`GraphSignal`, `SeedSignal`) is the signal its own
/// algorithm computes, and obeys the contract the composite relies on (never negative).
@Suite("RankingSignal")
struct RankingSignalTests {
    static func setting() throws -> (graph: Graph, context: RankingContext, book: [Int], rm: String) {
        let graph = try RankingFixture.load("world-2k").graph()
        let context = try RankingContext(graph)
        let e = graph.entities
        let clients = e.indices(withStatus: .client)
        let rm = try #require(clients.map { e.rm($0) }.first { !$0.isEmpty })
        return (graph, context, clients.filter { e.rm($0) == rm }, rm)
    }

    @Test func graphSignalsAreTheContextsOwn() throws {
        let (graph, context, _, _) = try Self.setting()
        let inputs = GraphSignalInputs(graph: graph, candidates: context.candidates)
        #expect(IntroductionAccess(inputs).strength == IntroductionAccess(graph).strength)
        #expect(Potential(inputs).percentile == context.potential)
        #expect(
            Potential(inputs).percentile
                == Potential.percentiles(sizes: graph.entities.sizes, candidates: context.candidates))
    }

    @Test func seedSignalsAreTheirAlgorithms() throws {
        let (graph, context, _, _) = try Self.setting()
        let seeds = graph.entities.indices(withStatus: .client)
        var query = ExpansionRanking.Query()
        query.bridgeBudget = 0  // sampled, so that the sample count shows
        let inputs = SeedSignalInputs(context: context, seeds: seeds, query: query)
        let restart = PersonalizedPageRank.restartDistribution(seeds: seeds, values: graph.entities.values)

        let ppr = PersonalizedPageRank.Signal(inputs)
        #expect(ppr.pushErrorBound == nil)
        #expect(ppr.scores == PersonalizedPageRank.compute(context.chain, restart: restart).scores)
        let bridge = SeedBetweenness.Result(inputs)
        #expect(bridge.sampledPairs == query.bridgeSamples)
        #expect(
            bridge.scores
                == SeedBetweenness.compute(context.chain, seeds: seeds, exactBudget: 0, samples: query.bridgeSamples).scores)
        let coverage = ChainCoverage(inputs)
        #expect(coverage.withinTwoHops == ChainCoverage(context.chain, seeds: seeds).withinTwoHops)

        let signals: [any RankingSignal] = [
            ppr, bridge, coverage, GroupSignal(inputs), context.access,
            Potential(percentile: context.potential)
        ]
        for signal in signals {
            #expect((0..<graph.entityCount).allSatisfy { signal.value($0) >= 0 && signal.value($0).isFinite })
        }
        #expect(signals.contains { s in (0..<graph.entityCount).contains { s.value($0) > 0 } })
    }

    /// One RM's book on a chain at least `localPushMinimumNodes` long: ppr by the local push (with
    /// its bound) and the book's smaller bridge sample, as `relmap next --rm` answers.
    @Test func aBookOnALargeChainIsPushedLocally() throws {
        let (graph, context, book, rm) = try Self.setting()
        var query = ExpansionRanking.Query(seeds: .rm(rm))
        query.localPushMinimumNodes = 0
        query.bridgeBudget = 0
        let inputs = SeedSignalInputs(context: context, seeds: book, query: query)
        let ppr = PersonalizedPageRank.Signal(inputs)
        let restart = PersonalizedPageRank.restartDistribution(seeds: book, values: graph.entities.values)
        let pushed = LocalPushPageRank.compute(
            context.chain, restart: restart, epsilon: query.localPushEpsilon, top: nil,
            workspace: LocalPushPageRank.Workspace(context.chain))
        #expect(ppr.pushErrorBound == pushed.errorBound)
        for (entity, score) in pushed.scores { #expect(ppr.value(entity) == score) }
        #expect(SeedBetweenness.Result(inputs).sampledPairs == query.bookBridgeSamples)

        query.bridgeSamplesGiven = true
        let given = SeedBetweenness.Result(SeedSignalInputs(context: context, seeds: book, query: query))
        #expect(given.sampledPairs == query.bridgeSamples)
    }
}
