import Testing

@testable import RelmapCore

@Suite struct GraphTests {
    @Test func outgoingIsContiguousAndSortedBySource() throws {
        let g = try smallChain()
        for v in 0..<g.entityCount {
            for r in g.outgoing(v) { #expect(g.relations.source(r) == v) }
            for r in g.incoming(v) { #expect(g.relations.target(Int(r)) == v) }
        }
        #expect(g.outgoing(g.index(ofID: "L")!).count == 2)
        #expect(g.inDegree(g.index(ofID: "C")!) == 3)
    }

    @Test func viewsSelectTypesWithoutCopying() throws {
        let g = try smallChain()
        let c = g.index(ofID: "C")!
        let chainNeighbors = Set(g.view(.valueChain).neighbors(of: c).map { g.entities.id($0) })
        #expect(chainNeighbors == ["K", "A", "V"])
        let social = Set(g.view(.social).neighbors(of: c).map { g.entities.id($0) })
        #expect(social == ["P"])
        let upstream = Set(g.view(.valueChain, direction: .backward).neighbors(of: c).map { g.entities.id($0) })
        #expect(upstream == ["K", "A"])
        #expect(!g.view(.valueChain).hasRelations(g.index(ofID: "Q")!))
    }

    @Test func attributesFollowTheirRelationThroughSorting() throws {
        let g = try smallChain()
        let p = g.index(ofID: "P")!
        let works = try #require(g.outgoing(p).first { g.relations.type($0) == .worksAt })
        #expect(g.relations.attribute("role", of: works) == "CFO")
        let knows = try #require(g.outgoing(p).first { g.relations.type($0) == .knows })
        #expect(g.relations.attribute("role", of: knows) == "")
        #expect(g.relations.strength(knows) == 0.5)
    }

    @Test func builderRejectsBadRecords() throws {
        var b = GraphBuilder()
        try b.addEntity(EntityRecord(id: "A", name: "a"))
        #expect(throws: RelmapError.self) { try b.addEntity(EntityRecord(id: "A", name: "again")) }
        #expect(throws: RelmapError.self) { try b.addEntity(EntityRecord(id: "", name: "none")) }
        #expect(throws: RelmapError.self) { try b.addRelation(RelationRecord(source: "A", target: "Z", type: .knows)) }
        #expect(throws: RelmapError.self) { try b.addRelation(RelationRecord(source: "A", target: "A", type: .knows, strength: 2)) }
    }

    @Test func idIndexGrowsAndFindsLongAndShortIds() throws {
        var b = GraphBuilder()
        let ids = (0..<5000).map { $0 % 3 == 0 ? "E\($0)" : "a-much-longer-identifier-\($0)-长" }
        for id in ids { try b.addEntity(EntityRecord(id: id, name: id)) }
        let g = b.build()
        for (k, id) in ids.enumerated() { #expect(g.index(ofID: id) == k) }
        #expect(g.index(ofID: "E1") == nil)
        #expect(g.index(ofID: "") == nil)
    }
}
