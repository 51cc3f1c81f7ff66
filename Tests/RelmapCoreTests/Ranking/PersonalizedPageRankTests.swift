import Testing

@testable import RelmapCore

@Suite("PersonalizedPageRank")
struct PersonalizedPageRankTests {
    /// Relative error below 1e-6 against networkx; scores networkx leaves at a residue of the
    /// limit (other components: exactly 0 for us) compare absolutely.
    static func expectMatches(
        _ ours: [Double], _ reference: [String: Double], graph: Graph,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var worst = 0.0
        for (id, expected) in reference {
            let got = ours[graph.index(ofID: id)!]
            if expected > 1e-12 {
                worst = max(worst, abs(got - expected) / expected)
            } else {
                #expect(abs(got - expected) < 1e-12, "\(id): \(got) vs \(expected)", sourceLocation: sourceLocation)
            }
        }
        #expect(worst < 1e-6, "worst relative error \(worst)", sourceLocation: sourceLocation)
    }

    @Test(arguments: ["tiny", "random-300", "world-2k", "battery-chain"])
    func matchesNetworkx(fixture name: String) throws {
        let fixture = try RankingFixture.load(name)
        let graph = try fixture.graph()
        let chain = ValueChainProjection(graph)
        for c in fixture.cases {
            let seeds = c.seeds.map { graph.index(ofID: $0)! }
            let restart = PersonalizedPageRank.restartDistribution(seeds: seeds, values: graph.entities.values)
            let result = PersonalizedPageRank.compute(chain, restart: restart)
            #expect(result.errorBound < 1e-10)
            #expect(abs(result.scores.reduce(0, +) - 1) < 1e-9, "\(name)/\(c.name) sums to 1")
            Self.expectMatches(result.scores, c.ppr, graph: graph)
        }
    }

    @Test func twoThreadsGiveTheSameScores() throws {
        let fixture = try RankingFixture.load("world-2k")
        let graph = try fixture.graph()
        let chain = ValueChainProjection(graph)
        let seeds = fixture.cases[0].seeds.map { graph.index(ofID: $0)! }
        let restart = PersonalizedPageRank.restartDistribution(seeds: seeds, values: graph.entities.values)
        let one = PersonalizedPageRank.compute(chain, restart: restart, options: .init(threads: 1))
        // Force the chunked path on a small graph.
        let two = PersonalizedPageRank.compute(chain, restart: restart, options: .init(threads: 2, forceParallel: true))
        // Sums split at another place round differently: equal to the tolerance.
        var l1 = 0.0
        for v in 0..<graph.entityCount { l1 += abs(one.scores[v] - two.scores[v]) }
        #expect(l1 < 1e-9)
    }

    @Test func restartSharesFollowValuesAndFillMissingWithMedian() {
        let values: [Double] = [4, .nan, 2, .nan, 0]
        let r = PersonalizedPageRank.restartDistribution(seeds: [0, 1, 2, 2], values: values)
        // Known 4 and 2, median 3 fills seed 1: shares 4/9, 3/9, 2/9; the duplicate counts once.
        #expect(r.map(\.entity) == [0, 1, 2])
        #expect(abs(r[0].share - 4.0 / 9) < 1e-15 && abs(r[1].share - 3.0 / 9) < 1e-15)
        let none = PersonalizedPageRank.restartDistribution(seeds: [1, 3], values: values)
        #expect(none.map(\.share) == [0.5, 0.5])
        let zero = PersonalizedPageRank.restartDistribution(seeds: [4], values: values)
        #expect(zero.map(\.share) == [1])
        #expect(PersonalizedPageRank.restartDistribution(seeds: [], values: values).isEmpty)
    }

    @Test func otherComponentsScoreExactlyZero() throws {
        let fixture = try RankingFixture.load("tiny")
        let graph = try fixture.graph()
        let chain = ValueChainProjection(graph)
        let restart = PersonalizedPageRank.restartDistribution(seeds: [graph.index(ofID: "K")!], values: graph.entities.values)
        let scores = PersonalizedPageRank.compute(chain, restart: restart).scores
        for id in ["X1", "X2", "X3", "ISO"] { #expect(scores[graph.index(ofID: id)!] == 0) }
        #expect(scores[graph.index(ofID: "D3")!] > 0)
    }
}
