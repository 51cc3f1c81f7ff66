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

/// Accepted silently before (issue 15): the last of two equal keys won.
@Suite struct JSONDuplicateKeyTests {
    @Test func aKeyTwiceInARecordIsAnErrorWithItsLine() throws {
        let g = try TempGraph(entities: nil as String?, relations: nil)
        let path = g.path + "/dup.json"
        try Data(
            """
            {"entities": [
              {"id": "A", "name": "甲", "kind": "company"},
              {"id": "B", "name": "乙", "kind": "company", "name": "丙"}
            ], "relations": [{"source": "A", "target": "B", "type": "supplies", "note": "x\\"name\\": 1"}]}
            """.utf8
        ).write(to: URL(fileURLWithPath: path))
        let problems = try GraphLoader.validate(path).log.kept.map(\.description)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("dup.json:3: name: key appears twice in one object") == true, "\(problems)")
    }

    @Test func equalKeysInDifferentObjectsAreFine() {
        let text = #"{"a": {"x": 1}, "b": {"x": [{"x": 2}, {"x": 3}]}, "c": "\"a\""}"#
        let found = Array(text.utf8).withUnsafeBufferPointer { JSONDuplicateKeys.scan($0) }
        #expect(found.isEmpty)
    }
}
