import Foundation
import Testing
@testable import RelmapCore

@Suite struct WorldGeneratorTests {
    func generate(_ n: Int, seed: UInt64) throws -> String {
        let dir = NSTemporaryDirectory() + "relmap-gen-" + UUID().uuidString
        _ = try WorldGenerator(entities: n, seed: seed).write(to: dir)
        return dir
    }

    @Test func sameSeedSameBytes() throws {
        let a = try generate(2000, seed: 7), b = try generate(2000, seed: 7), c = try generate(2000, seed: 8)
        for file in ["entities.csv", "relations.csv"] {
            let x = FileManager.default.contents(atPath: a + "/" + file), y = FileManager.default.contents(atPath: b + "/" + file)
            #expect(x == y)
            #expect(x != FileManager.default.contents(atPath: c + "/" + file))
        }
    }

    @Test func worldIsValidAndRealistic() throws {
        let loaded = try GraphLoader.load(try generate(5000, seed: 1))
        #expect(loaded.log.warningCount == 0)
        let g = loaded.graph
        let s = GraphStatistics(g)
        let clients = s.byStatus.first { $0.key == "client" }?.count ?? 0
        let companies = s.byKind.first { $0.key == "company" }?.count ?? 0
        #expect(Double(clients) / Double(companies) > 0.05 && Double(clients) / Double(companies) < 0.15)
        #expect(Double(g.relationCount) / Double(g.entityCount) > 3.5)
        #expect(s.byType.first?.key == "supplies")
        for type in RelationType.allCases { #expect(s.byType.contains { $0.key == type.name }, "no \(type.name)") }
        #expect(s.valueChain.largest > g.entityCount / 2)       // chains are joined by shared suppliers
        // Supplies run from one segment to the next: no self loops, volumes positive.
        for r in g.relations.indices where g.relations.type(r) == .supplies {
            #expect(g.relations.source(r) != g.relations.target(r))
            #expect((g.relations.weight(r) ?? 0) > 0)
        }
    }
}
