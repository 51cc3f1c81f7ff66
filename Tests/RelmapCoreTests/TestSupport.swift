import Foundation

@testable import RelmapCore

/// A throwaway graph folder with the given file contents (bytes, so encodings can be tested).
/// The repository's root (Graphs/, README.md), for the tests that read the samples: found in one
/// place rather than by counting folders in each test file.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

struct TempGraph {
    let path: String

    init(entities: [UInt8]?, relations: [UInt8]?) throws {
        path = NSTemporaryDirectory() + "relmap-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        if let entities { try Data(entities).write(to: URL(fileURLWithPath: path + "/entities.csv")) }
        if let relations { try Data(relations).write(to: URL(fileURLWithPath: path + "/relations.csv")) }
    }

    init(entities: String?, relations: String?) throws {
        try self.init(entities: entities.map { Array($0.utf8) }, relations: relations.map { Array($0.utf8) })
    }

    /// The diagnostics of validating this folder, as rendered lines.
    func problems() throws -> [String] {
        try GraphLoader.validate(path).log.kept.map(\.description)
    }

    func load() throws -> Graph { try GraphLoader.load(path).graph }
}

let sampleEntities = """
    id,name,kind,status,industry,region,tier,rm,value,size,stage,accounts
    C1,宁德新能电池有限公司,company,client,电芯,福建,1,RM01,"1,200,000",5000000000,4,6222001
    P1,"Acme, Inc.",company,prospect,正极,江苏,,,,300000000,,
    P2,"He said ""hi""
    twice",company,other_bank,隔膜,江苏,,,,,,
    X1,张伟,person,,,,,,,,,

    """
let sampleRelations = """
    source,target,type,weight,strength,date,outcome,role
    P1,C1,supplies,"2,000,000",,2024-01-05,,
    P2,C1,supplies,500000,0.5,20240301,,
    X1,C1,works_at,,,,,CFO
    C1,P1,refers,,0.9,2024/3/5,won,
    X1,P2,knows,,,,,

    """

/// A small chain: lithium L supplies cathode K and anode A, both supply cell maker C (a client),
/// which supplies car maker V; person P works at C and knows Q.
func smallChain() throws -> Graph {
    var b = GraphBuilder()
    for (id, status, kind) in [
        ("L", EntityStatus.prospect, EntityKind.company), ("K", .otherBank, .company),
        ("A", .prospect, .company), ("C", .client, .company), ("V", .former, .company),
        ("P", .prospect, .person), ("Q", .prospect, .person)
    ] {
        try b.addEntity(EntityRecord(id: id, name: "firm " + id, kind: kind, status: status))
    }
    try b.addRelation(RelationRecord(source: "C", target: "V", type: .supplies, weight: 50))
    try b.addRelation(RelationRecord(source: "L", target: "K", type: .supplies, weight: 10))
    try b.addRelation(RelationRecord(source: "L", target: "A", type: .supplies, weight: 5))
    try b.addRelation(RelationRecord(source: "K", target: "C", type: .supplies, weight: 20))
    try b.addRelation(RelationRecord(source: "A", target: "C", type: .supplies, weight: 7))
    try b.addRelation(RelationRecord(source: "P", target: "C", type: .worksAt, attributes: [("role", "CFO")]))
    try b.addRelation(RelationRecord(source: "P", target: "Q", type: .knows, strength: 0.5))
    return b.build()
}
