import Foundation
import Testing
@testable import RelmapCore

/// Sizes no real export has but a broken or hostile one can: the work must stay linear (issue 15).
/// Not timed (benchmarks time things); before the fix the JSON case ran for minutes.
@Suite struct PathologicalSizeTests {
    @Test func aJSONRecordWith100000KeysLoads() throws {
        let g = try TempGraph(entities: nil as String?, relations: nil)
        var entity: [String: Any] = ["id": "A", "name": "甲", "kind": "company"]
        for k in 0..<100_000 { entity["k\(k)"] = k }
        let doc: [String: Any] = ["entities": [entity], "relations": []]
        let path = g.path + "/wide.json"
        try JSONSerialization.data(withJSONObject: doc).write(to: URL(fileURLWithPath: path))
        let graph = try GraphLoader.load(path).graph
        #expect(graph.entityCount == 1)
    }

    @Test func aHeaderWith100000ColumnsLoads() throws {
        let header = "id,name,kind," + (0..<100_000).map { "c\($0)" }.joined(separator: ",")
        let g = try TempGraph(entities: header + "\nA,甲,company\n", relations: "source,target,type\n")
        #expect(try g.load().entityCount == 1)
    }
}
