import Testing

@testable import RelmapCore

@Suite("ChainCoverage")
struct ChainCoverageTests {
    @Test func countsDistinctSeedsWithinTwoHopsAndTheirVolume() throws {
        let graph = try RankingFixture.load("tiny").graph()
        let chain = ValueChainProjection(graph)
        let id = { graph.index(ofID: $0)! }
        let cover = ChainCoverage(chain, seeds: ["K", "S1", "D1", "ISO"].map(id))
        // S2 trades with K directly (2e6 + 1e6 + 5e5) and reaches S1, D1 through K.
        #expect(cover.direct[id("S2")] == 1)
        #expect(cover.withinTwoHops[id("S2")] == 3)
        // Volume: 3.5e6 with K, plus bottlenecks via K: min(3.5e6, 3e6) to S1, min(3.5e6, 4e6) to D1.
        #expect(cover.volume[id("S2")] == 3.5e6 + 3e6 + 3.5e6)
        // S3 is adjacent to K and S1 (2e5); D1 via K.
        #expect(cover.direct[id("S3")] == 2 && cover.withinTwoHops[id("S3")] == 3)
        // D3 ties to D1 with zero volume (adjacent all the same) and reaches K via D2.
        #expect(cover.direct[id("D3")] == 1 && cover.withinTwoHops[id("D3")] == 2)
        // Another component and the isolated client see nothing.
        #expect(cover.withinTwoHops[id("X2")] == 0 && cover.withinTwoHops[id("ISO")] == 0)
        // A seed does not count itself.
        #expect(cover.withinTwoHops[id("K")] == 2)
        // Treating every multi-partner node as a hub gives S2 the same answer (no overlaps there).
        let hubs = ChainCoverage(chain, seeds: ["K", "S1", "D1", "ISO"].map(id), hubDegree: 1)
        #expect(hubs.withinTwoHops[id("S2")] == 3 && hubs.volume[id("S2")] == 3.5e6 + 3e6 + 3.5e6)
    }

    @Test func seedsSplitOverWorkersGiveTheSameCounts() throws {
        let fixture = try RankingFixture.load("world-2k")
        let graph = try fixture.graph()
        let chain = ValueChainProjection(graph)
        let seeds = fixture.cases[0].seeds.map { graph.index(ofID: $0)! }
        let one = ChainCoverage(chain, seeds: seeds, threads: 1)
        for (threads, hubDegree) in [(2, 256), (3, 4)] {
            let split = ChainCoverage(chain, seeds: seeds, hubDegree: hubDegree, threads: threads)
            let reference = hubDegree == 256 ? one : ChainCoverage(chain, seeds: seeds, hubDegree: hubDegree, threads: 1)
            #expect(split.direct == reference.direct && split.withinTwoHops == reference.withinTwoHops)
            // Volumes add in another order: equal up to rounding.
            #expect(zip(split.volume, reference.volume).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, $1) })
        }
    }
}
