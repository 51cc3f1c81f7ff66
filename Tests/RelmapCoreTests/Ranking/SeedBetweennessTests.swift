import Testing

@testable import RelmapCore

@Suite("SeedBetweenness")
struct SeedBetweennessTests {
    @Test(arguments: ["tiny", "random-300", "world-2k", "battery-chain"])
    func matchesNetworkxExactly(fixture name: String) throws {
        let fixture = try RankingFixture.load(name)
        let graph = try fixture.graph()
        let chain = ValueChainProjection(graph)
        for c in fixture.cases {
            let seeds = c.seeds.map { graph.index(ofID: $0)! }
            for threads in [1, 2] {
                let result = SeedBetweenness.compute(chain, seeds: seeds, threads: threads)
                #expect(result.isExact)
                for (id, expected) in c.bridge {
                    let got = result.scores[graph.index(ofID: id)!]
                    // Sums of the same fractions in another order: equal up to rounding.
                    #expect(abs(got - expected) <= 1e-9 * max(1, expected), "\(name)/\(c.name) \(id): \(got) vs \(expected)")
                }
            }
        }
    }

    @Test func sampledEstimateStaysWithinItsStatedBound() throws {
        let fixture = try RankingFixture.load("world-2k")
        let graph = try fixture.graph()
        let chain = ValueChainProjection(graph)
        let c = fixture.cases[0]
        let seeds = c.seeds.map { graph.index(ofID: $0)! }
        let result = SeedBetweenness.compute(chain, seeds: seeds, exactBudget: 1, samples: 6_000)
        #expect(!result.isExact && result.sampledPairs == 6_000 && result.seedCount == seeds.count)
        let bound = try #require(result.errorBound)
        var inside = 0, total = 0
        let largest = c.bridge.values.max()!
        // Judged where the value matters for ranking; tiny values are a hit or two either way.
        for (id, expected) in c.bridge where expected > 0.01 * largest {
            let v = graph.index(ofID: id)!
            total += 1
            if abs(result.scores[v] - expected) <= bound[v] + 1e-9 { inside += 1 }
        }
        // Three binomial standard errors per node: 99.7% each in the normal approximation.
        #expect(Double(inside) >= 0.95 * Double(total), "\(inside) of \(total) within the bound")
        // The same sample whatever the thread count.
        let single = SeedBetweenness.compute(chain, seeds: seeds, exactBudget: 1, samples: 6_000, threads: 1)
        #expect(single.scores == result.scores)
        // The ranking survives sampling: the exact top 10 are in the estimate's top 30.
        let exactTop = c.bridge.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(10).map { graph.index(ofID: $0.key)! }
        let estimatedTop = Set(result.scores.indices.sorted { result.scores[$0] > result.scores[$1] }.prefix(30))
        #expect(exactTop.filter { estimatedTop.contains($0) }.count >= 9)
    }

    @Test func fewerThanTwoSeedsGiveZero() throws {
        let graph = try RankingFixture.load("tiny").graph()
        let chain = ValueChainProjection(graph)
        let one = SeedBetweenness.compute(chain, seeds: [graph.index(ofID: "K")!])
        #expect(one.scores.allSatisfy { $0 == 0 } && one.isExact)
        #expect(SeedBetweenness.compute(chain, seeds: []).scores.allSatisfy { $0 == 0 })
    }
}
