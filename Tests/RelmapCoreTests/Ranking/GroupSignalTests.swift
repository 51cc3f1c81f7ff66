import Foundation
import Testing

@testable import RelmapCore

@Suite struct GroupSignalTests {
    /// Holding H (client) controls S1 (client) and S2, S3 (prospects); X is a prospect outside.
    func graph() throws -> Graph {
        var b = GraphBuilder()
        try b.addEntity(EntityRecord(id: "H", name: "控股", status: .client, rm: "RM1", value: 10, size: 1e9))
        try b.addEntity(EntityRecord(id: "S1", name: "子一", status: .client, rm: "RM1", value: 5, size: 1e8))
        try b.addEntity(EntityRecord(id: "S2", name: "子二", size: 1e6))
        try b.addEntity(EntityRecord(id: "S3", name: "子三", size: 1e6))
        try b.addEntity(EntityRecord(id: "X", name: "外", size: 1e10))
        for (s, t, w) in [("H", "S1", 0.7), ("H", "S2", 0.4), ("S1", "S3", 0.9)] {
            try b.addRelation(RelationRecord(source: s, target: t, type: .owns, weight: w))
        }
        for (s, t) in [("X", "H"), ("S2", "S1")] { try b.addRelation(RelationRecord(source: s, target: t, type: .supplies, weight: 100)) }
        return b.build()
    }

    @Test func theSignalCountsSeedClientsInTheGroup() throws {
        let g = try graph()
        let seeds = ["H", "S1"].map { g.index(ofID: $0)! }
        // Whole-graph groups and each row's own control chain give the same answers.
        for everyone in [true, false] {
            let signal = GroupSignal(graph: g, seeds: seeds, state: nil, everyone: everyone)
            #expect(signal.value(g.index(ofID: "S2")!) == 0.75)
            #expect(signal.value(g.index(ofID: "X")!) == 0)
            #expect(signal.value(g.index(ofID: "S1")!, isSeed: true) == 0.5)
            // The signal knows its seeds: a seed is not counted in its own group.
            #expect(signal.value(g.index(ofID: "S1")!) == 0.5)
            let reason = signal.reason(g.index(ofID: "S3")!, isSeed: false, .zh)
            #expect(reason == "子一（S1）持股 90.00%，属 控股 (H) 旗下，该集团已有 2 家在本行开户")
        }
    }

    @Test func aWeightMovesGroupMembersUpAndZeroLeavesTheScore() throws {
        let g = try graph()
        var query = ExpansionRanking.Query(top: nil)
        let before = try ExpansionRanking.rank(g, query)
        query.weights.group = 5
        let after = try ExpansionRanking.rank(g, query)
        #expect(before.candidates.first?.id == "X")
        #expect(Set(after.candidates.prefix(2).map(\.id)) == ["S2", "S3"])
        // At weight 0 the signal is reported, not scored.
        #expect(before.candidates.first { $0.id == "S3" }!.signals.group == 0.75)
        #expect(before.candidates.first { $0.id == "S3" }!.reasons.contains { $0.contains("in the group of") })
    }
}
