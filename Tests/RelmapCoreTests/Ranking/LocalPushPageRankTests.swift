import Testing

@testable import RelmapCore

@Suite("LocalPushPageRank")
struct LocalPushPageRankTests {
    static func exactAndPush(
        _ fixture: RankingFixture, epsilon: Double, top: Int? = nil,
        including: (Int) -> Bool = { _ in true }
    )
        throws -> [(exact: [Double], push: LocalPushPageRank.Result, seeds: [Int])]
    {
        let graph = try fixture.graph()
        let chain = ValueChainProjection(graph)
        let workspace = LocalPushPageRank.Workspace(chain)
        return fixture.cases.map { c in
            let seeds = c.seeds.map { graph.index(ofID: $0)! }
            let restart = PersonalizedPageRank.restartDistribution(seeds: seeds, values: graph.entities.values)
            let exact = PersonalizedPageRank.compute(chain, restart: restart, options: .init(tolerance: 1e-13)).scores
            let push = LocalPushPageRank.compute(
                chain, restart: restart, epsilon: epsilon, top: top,
                including: including, workspace: workspace)
            return (exact, push, seeds)
        }
    }

    static func l1(_ push: LocalPushPageRank.Result, _ exact: [Double]) -> Double {
        var dense = [Double](repeating: 0, count: exact.count)
        for (v, s) in push.scores { dense[v] = s }
        return zip(dense, exact).reduce(0) { $0 + abs($1.0 - $1.1) }
    }

    @Test func agreesWithTheExactSolverWithinItsBound() throws {
        for (exact, push, _) in try Self.exactAndPush(.load("world-2k"), epsilon: 1e-9) {
            #expect(Self.l1(push, exact) <= push.errorBound + 1e-12)
            #expect(push.residual < 1e-4)
            let exactTop = exact.indices.sorted { exact[$0] != exact[$1] ? exact[$0] > exact[$1] : $0 < $1 }.prefix(20)
            #expect(Array(push.scores.prefix(20).map(\.entity)) == Array(exactTop))
        }
    }

    /// The far field is the point of the estimator: on a coarse push, spreading the residual like
    /// the stationary distribution must land far closer to the exact scores than the push's
    /// lower bounds (whose L1 error is exactly alpha times the residual mass).
    @Test func farFieldBeatsTheLowerBounds() throws {
        for (exact, push, _) in try Self.exactAndPush(.load("world-2k"), epsilon: 1e-4) {
            #expect(push.residual > 0.05, "the push should leave mass for this test to mean something")
            let error = Self.l1(push, exact)
            #expect(error <= push.errorBound)
            #expect(error < 0.5 * 0.85 * push.residual, "far field error \(error), lower bounds' \(0.85 * push.residual)")
        }
    }

    @Test func topRowsAndFilterMatchTheFullList() throws {
        let fixture = try RankingFixture.load("world-2k")
        let graph = try fixture.graph()
        let prospects = { (e: Int) in graph.entities.statuses[e] != .client }
        let full = try Self.exactAndPush(fixture, epsilon: 1e-6)
        let top = try Self.exactAndPush(fixture, epsilon: 1e-6, top: 15, including: prospects)
        for (f, t) in zip(full, top) {
            let expected = f.push.scores.filter { prospects($0.entity) }.prefix(15)
            #expect(t.push.scores.map(\.entity) == expected.map(\.entity))
            #expect(t.push.scores.map(\.score) == expected.map(\.score))
        }
    }

    @Test func isolatedSeedsKeepTheirShare() throws {
        let fixture = try RankingFixture.load("tiny")
        let graph = try fixture.graph()
        let chain = ValueChainProjection(graph)
        let seeds = [graph.index(ofID: "ISO")!, graph.index(ofID: "K")!]
        let restart = PersonalizedPageRank.restartDistribution(seeds: seeds, values: graph.entities.values)
        let exact = PersonalizedPageRank.compute(chain, restart: restart, options: .init(tolerance: 1e-13)).scores
        let push = LocalPushPageRank.compute(chain, restart: restart, epsilon: 1e-10)
        #expect(Self.l1(push, exact) < 1e-8)
        for id in ["X1", "X2", "X3"] { #expect(!push.scores.contains { $0.entity == graph.index(ofID: id)! }) }
    }
}
