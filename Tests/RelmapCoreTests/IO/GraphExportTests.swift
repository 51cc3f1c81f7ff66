import Foundation
import Testing

@testable import RelmapCore

@Suite struct GraphExportTests {
    func tempPath(_ suffix: String) -> String { NSTemporaryDirectory() + "relmap-export-" + UUID().uuidString + suffix }

    /// CSV -> JSON -> GraphML -> CSV keeps every field, extra columns and awkward text included.
    @Test func roundTripKeepsEveryField() throws {
        let original = try TempGraph(entities: sampleEntities, relations: sampleRelations)
        let g0 = try original.load()
        let json = tempPath(".json"), graphml = tempPath(".graphml"), csv = tempPath("")
        try GraphExport.write(g0, format: .json, to: json)
        let g1 = try GraphLoader.load(json).graph
        try GraphExport.write(g1, format: .graphml, to: graphml)
        let g2 = try GraphLoader.load(graphml).graph
        try GraphExport.write(g2, format: .csv, to: csv)
        let g3 = try GraphLoader.load(csv).graph
        let t0 = GraphTables(g0), t3 = GraphTables(g3)
        #expect(t0.entities.header == t3.entities.header)
        #expect(t0.entities.rows == t3.entities.rows)
        #expect(t0.relations.header == t3.relations.header)
        #expect(t0.relations.rows == t3.relations.rows)
        #expect(t3.entities.rows.contains { $0.contains("He said \"hi\"\ntwice") })
    }

    @Test func jsonErrorsNameTheRecord() throws {
        let path = tempPath(".json")
        try Data(
            #"{"entities":[{"id":"A","name":"x"},{"id":"B","name":"y","status":"clinet"}],"relations":[{"source":"A","target":"Q","type":"supplies"}]}"#
                .utf8
        )
        .write(to: URL(fileURLWithPath: path))
        let problems = try GraphLoader.validate(path).log.kept.map(\.description)
        #expect(problems.contains { $0.hasPrefix(path + ": entities[1]: status: 'clinet' is not a valid status") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix(path + ": relations[0]: target: unknown entity 'Q'") }, "\(problems)")
    }

    @Test func graphMLFromNetworkXStyleFile() throws {
        let path = tempPath(".graphml")
        let xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="d0" for="node" attr.name="name" attr.type="string"/>
              <key id="d1" for="node" attr.name="status" attr.type="string"/>
              <key id="d2" for="edge" attr.name="type" attr.type="string"/>
              <key id="d3" for="edge" attr.name="weight" attr.type="double"/>
              <graph edgedefault="directed">
                <node id="A"><data key="d0">甲公司</data><data key="d1">client</data></node>
                <node id="B"><data key="d0">乙 &amp; Co</data></node>
                <edge source="B" target="A"><data key="d2">supplies</data><data key="d3">1.5e6</data></edge>
                <edge source="B" target="Z"><data key="d2">supplies</data></edge>
              </graph>
            </graphml>
            """
        try Data(xml.utf8).write(to: URL(fileURLWithPath: path))
        let problems = try GraphLoader.validate(path).log.kept.map(\.description)
        #expect(problems.contains { $0.hasPrefix(path + ":11: edge 2: target: unknown entity 'Z'") }, "\(problems)")
    }
}
