import Foundation

@testable import RelmapCore

/// A fixture written by Scripts/ranking_reference.py: a graph and networkx's values per seed set.
struct RankingFixture: Decodable {
    struct Entity: Decodable {
        var id: String
        var status: String
        var value: Double?
        var rm: String
    }
    struct Relation: Decodable {
        var source: String
        var target: String
        var weight: Double?
    }
    struct Case: Decodable {
        var name: String
        var seeds: [String]
        var ppr: [String: Double]
        var bridge: [String: Double]
    }
    var name: String
    var entities: [Entity]
    var relations: [Relation]
    var cases: [Case]

    static func load(_ name: String) throws -> RankingFixture {
        let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        let data = try Data(contentsOf: root.appendingPathComponent("ranking/\(name).json"))
        return try JSONDecoder().decode(RankingFixture.self, from: data)
    }

    func graph() throws -> Graph {
        var b = GraphBuilder()
        for e in entities {
            try b.addEntity(
                EntityRecord(
                    id: e.id, name: "Firm \(e.id)", status: EntityStatus(name: e.status)!,
                    rm: e.rm, value: e.value))
        }
        for r in relations {
            try b.addRelation(RelationRecord(source: r.source, target: r.target, type: .supplies, weight: r.weight))
        }
        return b.build()
    }
}
