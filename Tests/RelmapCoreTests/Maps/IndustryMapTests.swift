import Testing

@testable import RelmapCore

@Suite struct IndustryMapTests {
    func entityIDs(_ map: IndustryMap, _ g: Graph, tier: Int) -> [String] {
        map.nodes.filter { $0.tier == tier }.compactMap { $0.entity.map(g.entities.id) }
    }

    @Test func tiersRunUpstreamLeftDownstreamRight() throws {
        let g = try chainGraph(upstream: 3, downstream: 2)
        let map = try IndustryMap.extract(g, focus: .entity(g.index(ofID: "F")!))
        #expect(map.tiers == [-2, -1, 0, 1, 2])
        #expect(entityIDs(map, g, tier: 0) == ["F"])
        #expect(Set(entityIDs(map, g, tier: -1)) == ["U0", "U1", "U2"])
        #expect(Set(entityIDs(map, g, tier: -2)) == ["UU0a", "UU0b", "UU1a", "UU1b", "UU2a", "UU2b"])
        #expect(Set(entityIDs(map, g, tier: 1)) == ["D0", "D1"])
        #expect(Set(entityIDs(map, g, tier: 2)) == ["DD0", "DD1"])
        #expect(!map.nodes.contains { $0.entity == g.index(ofID: "X") }, "works_at is not value chain")
        // Within a tier, the largest trade with the focus comes first.
        #expect(entityIDs(map, g, tier: -1) == ["U2", "U1", "U0"])
        // Every edge follows goods from a tier to the next one downstream.
        for e in map.edges { #expect(map.nodes[e.to].tier == map.nodes[e.from].tier + 1) }
        #expect(map.edges.count == 3 + 6 + 2 + 2)
    }

    @Test func depthLimitsTiers() throws {
        let g = try chainGraph(upstream: 3, downstream: 2)
        let map = try IndustryMap.extract(g, focus: .entity(g.index(ofID: "F")!), options: .init(depth: 1))
        #expect(map.tiers == [-1, 0, 1])
    }

    @Test func foldsTheSmallestBeyondMaxNodes() throws {
        let g = try chainGraph(upstream: 40, downstream: 3)
        let map = try IndustryMap.extract(g, focus: .entity(g.index(ofID: "F")!), options: .init(depth: 1, maxNodes: 12))
        #expect(map.nodes.count <= 12)
        let tier1 = map.nodes.filter { $0.tier == -1 }
        let folds = tier1.filter { $0.entity == nil }
        try #require(folds.count == 1)
        guard case .folded(let count, let volume) = folds[0].content else {
            Issue.record("not a fold")
            return
        }
        let kept = tier1.compactMap(\.entity)
        #expect(kept.count + count == 40)
        // The kept ones are the largest suppliers; the fold carries the rest's volume.
        let keptIDs = kept.map(g.entities.id)
        #expect(keptIDs == (0..<kept.count).map { "U\(39 - $0)" })
        let foldedVolume = (0..<count).reduce(0.0) { $0 + Double($1 + 1) * 1e6 }
        #expect(abs(volume - foldedVolume) < 1)
        // The fold node still trades with the focus, with the folded volume.
        let foldIndex = map.nodes.firstIndex(of: folds[0])!
        let focusIndex = map.nodes.firstIndex { $0.tier == 0 }!
        #expect(map.edges.contains { $0.from == foldIndex && $0.to == focusIndex && abs($0.volume - foldedVolume) < 1 })
        // Small tiers are drawn whole.
        #expect(map.nodes.filter { $0.tier == 1 }.count == 3)
    }

    @Test func suppliersOfFoldedSuppliersFoldToo() throws {
        let g = try chainGraph(upstream: 30, downstream: 0)
        let map = try IndustryMap.extract(g, focus: .entity(g.index(ofID: "F")!), options: .init(depth: 2, maxNodes: 20))
        #expect(map.nodes.count <= 20)
        let keptTier1 = Set(map.nodes.filter { $0.tier == -1 }.compactMap(\.entity).map(g.entities.id))
        for id in map.nodes.filter({ $0.tier == -2 }).compactMap(\.entity).map(g.entities.id) {
            // UU<i>x is kept only if U<i> is.
            #expect(keptTier1.contains("U" + id.dropFirst(2).dropLast()), "\(id) drawn without its customer")
        }
        #expect(map.tierSizes[-2] == 60)
    }

    @Test func highlightsAreKeptAndRanked() throws {
        let g = try chainGraph(upstream: 40, downstream: 0)
        let small = g.index(ofID: "U1")!
        let map = try IndustryMap.extract(
            g, focus: .entity(g.index(ofID: "F")!),
            options: .init(depth: 1, maxNodes: 8, highlights: [small: 1]))
        let node = try #require(map.nodes.first { $0.entity == small })
        #expect(node.rank == 1)
        #expect(map.dot(g).contains("★1 供应商1"))
    }

    @Test func standInRankingPrefersTradeWithClients() throws {
        let g = try chainGraph(upstream: 6, downstream: 2)
        let candidates = try IndustryMap.candidates(g, focus: .entity(g.index(ofID: "F")!), depth: 2)
        let ranks = MapTargets.rankByClientTrade(g, candidates: candidates, top: 3)
        // Non-clients by volume with F (client): D1 (2e7), D0 (1e7), then U5 (6e6; U3 and U0 are clients).
        #expect(ranks == [g.index(ofID: "D1")!: 1, g.index(ofID: "D0")!: 2, g.index(ofID: "U5")!: 3])
    }

    @Test func industryAndRMFoci() throws {
        let g = try chainGraph(upstream: 4, downstream: 2)
        let byIndustry = try IndustryMap.extract(g, focus: .industry("整车"), options: .init(depth: 1))
        #expect(Set(entityIDs(byIndustry, g, tier: 0)) == ["D0", "D1"])
        #expect(entityIDs(byIndustry, g, tier: -1) == ["F"])
        #expect(Set(entityIDs(byIndustry, g, tier: 1)) == ["DD0", "DD1"])

        let byRM = try IndustryMap.extract(g, focus: .rm("RM1"), options: .init(depth: 1))
        #expect(Set(entityIDs(byRM, g, tier: 0)) == ["F", "U0", "U3"])
        // U0 and U3 are in tier 0, so their suppliers sit upstream of them.
        #expect(Set(entityIDs(byRM, g, tier: -1)).isSuperset(of: ["U1", "U2", "UU0a", "UU3b"]))
    }

    @Test func unknownIndustryOrRMSuggests() throws {
        let g = try chainGraph(upstream: 2, downstream: 1)
        #expect { try IndustryMap.extract(g, focus: .industry("整")) } throws: { error in
            "\(error)".contains("no entity has industry \"整\"") && "\(error)".contains("整车")
        }
        #expect { try IndustryMap.extract(g, focus: .rm("nobody")) } throws: { error in "\(error)".contains("RM1") }
    }

    @Test func waterFillSharesTheBudget() {
        #expect(IndustryMap.waterFill(sizes: [1, 3, 100, 50], budget: 30) == [1, 3, 13, 13])
        #expect(IndustryMap.waterFill(sizes: [2, 2], budget: 30) == [2, 2])
        let q = IndustryMap.waterFill(sizes: [10, 10, 10], budget: 10)
        #expect(q.reduce(0, +) == 10)
    }

    @Test func dotIsDeterministicAndStyled() throws {
        let g = try chainGraph(upstream: 30, downstream: 5)
        let f = g.index(ofID: "F")!
        let a = try IndustryMap.extract(g, focus: .entity(f), options: .init(maxNodes: 25)).dot(g)
        let b = try IndustryMap.extract(g, focus: .entity(f), options: .init(maxNodes: 25)).dot(g)
        #expect(a == b)
        #expect(a.contains("rankdir=\"LR\""))
        #expect(a.contains("fontname=\"Noto Sans CJK SC\""))
        #expect(a.contains("rank=same"))
        #expect(a.contains("subgraph \"cluster_"))
        #expect(a.contains("另 "), "Chinese fold label")
        #expect(a.contains("万"), "Chinese units on edges")
        #expect(a.contains("上游一级"))
        let english = try chainGraph(upstream: 2, downstream: 1, chinese: false)
        let e = try IndustryMap.extract(english, focus: .entity(english.index(ofID: "F")!), options: .init(depth: 1)).dot(english)
        #expect(e.contains("Upstream tier 1") && e.contains("label=\"2M\""))
    }
}
