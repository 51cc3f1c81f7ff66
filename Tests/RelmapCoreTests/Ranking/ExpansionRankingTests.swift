import Foundation
import Testing

@testable import RelmapCore

@Suite("ExpansionRanking")
struct ExpansionRankingTests {
    /// A small chain: core client K (RM a) with suppliers and dealers, an introducer, a person.
    static func world(clients: Bool = true) throws -> Graph {
        var b = GraphBuilder()
        let client: EntityStatus = clients ? .client : .prospect
        try b.addEntity(EntityRecord(id: "K", name: "Core Motors", status: client, industry: "vehicles", rm: "a", value: 5e6))
        try b.addEntity(EntityRecord(id: "C2", name: "Cell Works", status: client, industry: "cells", rm: "a", value: 1e6))
        try b.addEntity(EntityRecord(id: "LONE", name: "Lone Client", status: client, industry: "fleet", rm: "b", value: 1e6))
        try b.addEntity(EntityRecord(id: "P1", name: "Big Supplier", status: .prospect, industry: "cells", region: "east", size: 9e8))
        try b.addEntity(EntityRecord(id: "P2", name: "Small Dealer", status: .otherBank, industry: "dealer", region: "west", size: 1e7))
        try b.addEntity(EntityRecord(id: "P3", name: "Far Away", status: .former, industry: "dealer", region: "west", size: 5e8))
        try b.addEntity(EntityRecord(id: "P4", name: "Twin A", status: .prospect, industry: "dealer", region: "west"))
        try b.addEntity(EntityRecord(id: "P5", name: "Twin B", status: .prospect, industry: "dealer", region: "west"))
        try b.addEntity(EntityRecord(id: "Q", name: "Other Chain Firm", status: .prospect, industry: "dealer", region: "west", size: 2e8))
        try b.addEntity(EntityRecord(id: "ASSOC", name: "Battery Association", kind: .institution, status: .prospect))
        try b.addEntity(EntityRecord(id: "ZHANG", name: "Zhang San", kind: .person, status: .prospect))
        try b.addEntity(EntityRecord(id: "X", name: "Unassigned Prospect", status: .prospect, rm: "c"))
        for (s, t, w) in [
            ("P1", "K", 4e6), ("P1", "C2", 2e6), ("K", "P2", 1e6), ("P2", "P3", 1e5), ("C2", "K", 3e6),
            ("K", "P4", 5e5), ("K", "P5", 5e5), ("Q", "X", 1e6)
        ] {
            try b.addRelation(RelationRecord(source: s, target: t, type: .supplies, weight: w))
        }
        try b.addRelation(RelationRecord(source: "ZHANG", target: "K", type: .worksAt))
        try b.addRelation(RelationRecord(source: "ZHANG", target: "P3", type: .knows, strength: 0.9))
        try b.addRelation(RelationRecord(source: "ASSOC", target: "C2", type: .refers, outcome: .won))
        try b.addRelation(RelationRecord(source: "ASSOC", target: "Q", type: .memberOf))
        return b.build()
    }

    @Test func ranksChainNeighboursFirstWithReasons() throws {
        let g = try Self.world()
        let r = try ExpansionRanking.rank(g, .init(top: nil))
        #expect(r.seeds.count == 3)
        #expect(r.candidates.first?.id == "P1")
        let p1 = r.candidates[0]
        #expect(p1.directClientTies == 2 && p1.signals.coverage == 2 && p1.quadrant == .quickWin)
        #expect(p1.reasons.contains { $0.hasPrefix("supplies Core Motors (K, client of a)") })
        // Only companies that are not clients are ranked.
        #expect(Set(r.candidates.map(\.id)) == ["P1", "P2", "P3", "P4", "P5", "Q", "X"])
        // Scores descend.
        #expect(zip(r.candidates, r.candidates.dropFirst()).allSatisfy { $0.score >= $1.score })
        // P3 is reached through Zhang San, who works at the client K (staff, no role given) and
        // knows P3 (0.9 as given): the warm-path finder's strengths.
        let p3 = r.candidates.first { $0.id == "P3" }!
        #expect(abs(p3.signals.access - TieStrength.staff * 0.9) < 1e-6)
        #expect(p3.reasons.contains { $0.contains("Zhang San (ZHANG) can open the door") })
        // Q trades only in another component: no chain signal, but the won introducer's association reaches it.
        let q = r.candidates.first { $0.id == "Q" }!
        #expect(q.signals.ppr == 0 && q.signals.bridge == 0 && q.signals.coverage == 0)
        #expect(abs(q.signals.access - TieStrength.membership) < 1e-9)
    }

    @Test func tiesKeepAStableOrder() throws {
        let g = try Self.world()
        let r = try ExpansionRanking.rank(g, .init(top: nil))
        let a = r.candidates.firstIndex { $0.id == "P4" }!, b = r.candidates.firstIndex { $0.id == "P5" }!
        #expect(r.candidates[a].score == r.candidates[b].score)
        #expect(b == a + 1)
        #expect(try ExpansionRanking.rank(g, .init(top: nil)).candidates == r.candidates)
    }

    @Test func filtersNarrowCandidatesNotTheGraph() throws {
        let g = try Self.world()
        let all = try ExpansionRanking.rank(g, .init(top: nil))
        let west = try ExpansionRanking.rank(g, .init(industry: "dealer", region: "west", top: nil))
        #expect(Set(west.candidates.map(\.id)) == ["P2", "P3", "P4", "P5", "Q"])
        for c in west.candidates { #expect(all.candidates.first { $0.id == c.id } == c) }
        #expect(throws: RelmapError.self) { try ExpansionRanking.rank(g, .init(industry: "mining")) }
    }

    @Test func seedSelections() throws {
        let g = try Self.world()
        #expect(try ExpansionRanking.resolveSeeds(g, .rm("a")).map { g.entities.id($0) } == ["K", "C2"])
        #expect(try ExpansionRanking.resolveSeeds(g, .clients(["Cell Works"])).map { g.entities.id($0) } == ["C2"])
        do {
            _ = try ExpansionRanking.resolveSeeds(g, .rm("zz"))
            Issue.record("unknown RM accepted")
        } catch let RelmapError.lookup(message) {
            #expect(message.contains("a (2 clients)") && message.contains("b (1 clients)"))
        }
        do {
            _ = try ExpansionRanking.resolveSeeds(g, .rm("c"))
            Issue.record("empty book accepted")
        } catch let RelmapError.unanswerable(message) {
            #expect(message.contains("empty book"))
        }
        #expect(throws: RelmapError.self) { try ExpansionRanking.resolveSeeds(g, .clients(["P1"])) }
    }

    @Test func noClientsIsAClearError() throws {
        let g = try Self.world(clients: false)
        do {
            _ = try ExpansionRanking.rank(g, .init())
            Issue.record("ranked without clients")
        } catch let RelmapError.unanswerable(message) {
            #expect(message.contains("no clients"))
        }
    }

    @Test func seedsWithoutChainEdgesSaySo() throws {
        let g = try Self.world()
        let r = try ExpansionRanking.rank(g, .init(seeds: .rm("b"), top: nil))
        #expect(r.notes.contains { $0.contains("none of the 1 seed client(s) has a supplies relation") })
        #expect(r.candidates.allSatisfy { $0.signals.ppr == 0 && $0.signals.coverage == 0 })
    }

    @Test func weightsDecodeWithDefaultsAndValidate() throws {
        let w = try JSONDecoder().decode(RankingWeights.self, from: Data(#"{"ppr": 1, "warm_access": 0.3}"#.utf8))
        #expect(w.ppr == 1 && w.warmAccess == 0.3 && w.bridge == RankingWeights().bridge)
        var bad = RankingWeights()
        bad.access = -1
        #expect(!bad.validationErrors().isEmpty)
        #expect(RankingWeights().validationErrors().isEmpty)
    }

    @Test func topRowsAndPercentilesAgreeWithFullSorts() {
        var rng = SplitMix64(seed: 7)
        let values = (0..<5_000).map { _ in rng.next() % 3 == 0 ? 0 : Double(rng.next() % 50) }
        let before = { (a: Int, b: Int) in values[a] != values[b] ? values[a] > values[b] : a < b }
        let all = Array(values.indices)
        for count in [0, 1, 20, 999] {
            #expect(ExpansionRanking.firstInOrder(all, count: count, by: before) == Array(all.sorted(by: before).prefix(count)))
        }
        // Percentiles: mid-rank among all indices, zeros stay 0; as a naive count gives.
        let p = ExpansionRanking.percentile(all, n: values.count) { values[$0] }
        for i in all.prefix(300) {
            let below = values.filter { $0 < values[i] }.count, equal = values.filter { $0 == values[i] }.count
            let expected = values[i] > 0 ? (Double(below) + Double(equal) / 2) / Double(values.count) : 0
            #expect(abs(p[i] - expected) < 1e-12)
        }
    }
}
