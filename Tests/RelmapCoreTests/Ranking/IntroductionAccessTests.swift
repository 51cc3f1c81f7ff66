import Foundation
import Testing

@testable import RelmapCore

@Suite("IntroductionAccess")
struct IntroductionAccessTests {
    /// `access` is the warm-path finder asked for every entity at once: for each entity, its
    /// strength is that of the warmest path `relmap chain` finds from the bank's side over the same
    /// relations (with a hop limit loose enough not to bind).
    @Test func agreesWithTheWarmPathFinder() throws {
        let root = repositoryRoot
        let graph = try GraphLoader.load(root.appendingPathComponent("Graphs/battery-chain").path).graph
        let access = IntroductionAccess(graph)
        let finder = WarmPathFinder(graph: graph)
        let bank = WarmPathFinder.bankSide(of: graph)
        let isBank = Set(bank)
        var reached = 0
        for v in 0..<graph.entityCount where !isBank.contains(v) {
            let best = finder.paths(to: v, from: bank, k: 1, maxHops: 12, via: .social).paths.first
            #expect(abs(access.strength[v] - (best?.strength ?? 0)) < 1e-12, "\(graph.entities.id(v))")
            if let best {
                reached += 1
                #expect(access.path(to: v).count == best.hops.count + 1)
                #expect(access.path(to: v).last == v && isBank.contains(access.path(to: v)[0]))
            }
        }
        #expect(reached > 10)
        for v in bank { #expect(access.strength[v] == 1 && access.path(to: v) == [v]) }
    }
}
