import Foundation
@testable import RelmapCore

/// A throwaway graph folder with the given file contents (bytes, so encodings can be tested).
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
