import Testing

@testable import RelmapCore

/// Regression: an early id index filled up when entities were added one by one and lookups spun.
@Test func builderAddsEntitiesOneByOne() throws {
    for n in [10, 15, 20, 40, 46, 100, 300] {
        var b = GraphBuilder()
        try b.addEntity(EntityRecord(id: "CLIENT", name: "c", status: .client))
        for i in 0..<n {
            try b.addEntity(EntityRecord(id: "SUP\(i)", name: "s\(i)"))
            try b.addRelation(RelationRecord(source: "SUP\(i)", target: "CLIENT", type: .supplies, weight: 1))
        }
        let g = b.build()
        #expect(g.relationCount == n)
    }
}
