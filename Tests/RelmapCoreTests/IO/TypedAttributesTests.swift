import Foundation
import Testing

@testable import RelmapCore

/// Extra attributes keep their JSON or GraphML type through export and import, integers past
/// 2^53 keep every digit, and strengths and weights keep full double precision in every format.
@Suite struct TypedAttributesTests {
    func tempPath(_ suffix: String) -> String { NSTemporaryDirectory() + "relmap-typed-" + UUID().uuidString + suffix }

    func write(_ text: String, _ suffix: String) throws -> String {
        let path = tempPath(suffix)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// A record of every JSON type: 2^53 + 1 and an integer past Int64, a number that needs 17
    /// digits and one JSONSerialization hands over as NSDecimalNumber, a whole number written as
    /// a number, booleans, and strings that look like a number and a boolean.
    let typedJSON = """
        {"entities": [
          {"id": "C1", "name": "甲", "employees": 9007199254740993, "account": 12345678901234567890123,
           "ratio": 0.30000000000000004, "precise": 0.1234567890123456789, "round": 1.0,
           "listed": true, "code": "007", "flag": "true"},
          {"id": "C2", "name": "乙", "employees": -3, "account": 7, "ratio": 2, "precise": 1e300,
           "round": 2.0, "listed": false, "code": "12", "flag": "no"}
        ],
        "relations": [
          {"source": "C1", "target": "C2", "type": "supplies", "weight": 0.30000000000000004,
           "strength": 0.123456789012345678, "contracts": 3, "share": 0.25, "exclusive": true}
        ]}
        """

    @Test func jsonTypesSurviveJSONExport() throws {
        let g = try GraphLoader.load(try write(typedJSON, ".json")).graph
        func type(_ name: String) -> AttributeType? { g.entities.extra.first { $0.name == name }?.type }
        #expect(type("employees") == .integer && type("account") == .integer)
        #expect(type("ratio") == .number && type("precise") == .number && type("round") == .number)
        #expect(type("listed") == .boolean && type("code") == .text && type("flag") == .text)
        #expect(g.entities.attribute("employees", of: 0) == "9007199254740993")
        #expect(g.entities.attribute("account", of: 0) == "12345678901234567890123")
        #expect(g.entities.attribute("precise", of: 0) == "0.1234567890123456789")
        #expect(g.relations.weight(0) == 0.30000000000000004)
        #expect(g.relations.strength(0) == 0.123456789012345678)

        let out = tempPath(".json")
        try GraphExport.write(g, format: .json, to: out)
        let json = try text(out)
        for literal in [
            #""employees" : 9007199254740993"#, #""account" : 12345678901234567890123"#,
            #""ratio" : 0.30000000000000004"#, #""ratio" : 2.0"#, #""round" : 1.0"#, #""precise" : 0.1234567890123456789"#,
            #""listed" : true"#, #""listed" : false"#, #""code" : "007""#, #""flag" : "true""#,
            #""weight" : 0.30000000000000004"#, #""strength" : 0.12345678901234568"#,
            #""contracts" : 3"#, #""exclusive" : true"#
        ] {
            #expect(json.contains(literal), "\(literal) in \(json)")
        }
        let again = try GraphLoader.load(out).graph
        #expect(again.entities.extra == g.entities.extra && again.relations.extra == g.relations.extra)
        #expect(again.relations.strengths.map(\.bitPattern) == g.relations.strengths.map(\.bitPattern))
    }

    @Test func jsonTypesSurviveGraphML() throws {
        let g = try GraphLoader.load(try write(typedJSON, ".json")).graph
        let out = tempPath(".graphml")
        try GraphExport.write(g, format: .graphml, to: out)
        let xml = try text(out)
        #expect(xml.contains(#"attr.name="employees" attr.type="long""#))
        // Past Int64 GraphML has no integer type: the digits go as text, every one kept.
        #expect(xml.contains(#"attr.name="account" attr.type="string""#))
        #expect(xml.contains(#"attr.name="ratio" attr.type="double""#) && xml.contains(#"attr.name="listed" attr.type="boolean""#))
        #expect(xml.contains(#"attr.name="code" attr.type="string""#) && xml.contains(#"attr.name="exclusive" attr.type="boolean""#))
        let back = try GraphLoader.load(out).graph
        for column in g.entities.extra {
            let read = try #require(back.entities.extra.first { $0.name == column.name })
            #expect(read.values == column.values, "\(column.name)")
            #expect(read.type == (column.name == "account" ? .text : column.type), "\(column.name)")
        }
        #expect(back.relations.extra == g.relations.extra)
        #expect(back.relations.strengths.map(\.bitPattern) == g.relations.strengths.map(\.bitPattern))
        #expect(back.relations.weights.map(\.bitPattern) == g.relations.weights.map(\.bitPattern))
    }

    /// Relmap's own export read back in every format: every column the same, bit for bit.
    @Test func everyFormatRoundTripsTypesAndPrecision() throws {
        let g0 = try GraphLoader.load(try write(typedJSON, ".json")).graph
        var g = g0
        for format in [GraphExport.Format.graphml, .json, .csv, .json] {
            let out = tempPath(format == .csv ? "" : "." + format.rawValue)
            try GraphExport.write(g, format: format, to: out)
            g = try GraphLoader.load(out).graph
        }
        // CSV carries no types: after it the columns are text, their values unchanged, and
        // JSON writes them as strings.
        #expect(g.entities.extra.map(\.values) == g0.entities.extra.map(\.values))
        #expect(g.relations.strengths.map(\.bitPattern) == g0.relations.strengths.map(\.bitPattern))
        #expect(g.relations.weights.map(\.bitPattern) == g0.relations.weights.map(\.bitPattern))
        var h = g0
        for format in [GraphExport.Format.json, .graphml, .json] {
            let out = tempPath("." + format.rawValue)
            try GraphExport.write(h, format: format, to: out)
            h = try GraphLoader.load(out).graph
        }
        expectSameGraph(
            h,
            try GraphLoader.load(write(typedJSON.replacingOccurrences(of: "12345678901234567890123", with: "\"12345678901234567890123\""), ".json"))
                .graph)
    }

    @Test func strengthsKeepDoublePrecisionFromCSV() throws {
        let folder = try TempGraph(
            entities: "id,name\nA,a\nB,b\nC,c\n",
            relations: "source,target,type,strength,weight\nA,B,knows,0.123456789012345678,0.1\nB,C,knows,0.8,1e-7\n")
        let g = try folder.load()
        #expect(g.relations.strength(0) == 0.123456789012345678 && g.relations.strength(1) == 0.8)
        // The warm-path finder uses the strength as given, not cut to six decimals.
        #expect(TieStrength.strengths(of: g)[0] == 0.123456789012345678)
        for format in GraphExport.Format.allCases {
            let out = tempPath(format == .csv ? "" : "." + format.rawValue)
            try GraphExport.write(g, format: format, to: out)
            let back = try GraphLoader.load(out).graph
            #expect(back.relations.strengths.map(\.bitPattern) == g.relations.strengths.map(\.bitPattern), "\(format)")
            #expect(back.relations.weights.map(\.bitPattern) == g.relations.weights.map(\.bitPattern), "\(format)")
        }
    }

    @Test func jsonNumberPastExactDigitsIsRefusedWithItsLine() throws {
        let path = try write(
            """
            {"entities": [{"id": "A", "name": "a"},
              {"id": "B", "name": "b", "account": 123456789012345678901234567890123456789012345}],
             "relations": []}
            """, ".json")
        let problems = try GraphLoader.validate(path).log.kept.map(\.description)
        #expect(problems.contains { $0.hasPrefix(path + ":2: a number with more than 38 digits") && $0.contains("as a string") }, "\(problems)")
    }

    /// networkx (before 2.6) writes booleans as True/False; a value that is not of its key's type
    /// keeps the column text, with a warning naming it.
    @Test func graphMLDeclaredTypesAreCheckedAndNormalised() throws {
        let path = try write(
            """
            <?xml version="1.0" encoding="utf-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="d0" for="node" attr.name="name" attr.type="string"/>
              <key id="d1" for="node" attr.name="listed" attr.type="boolean"/>
              <key id="d2" for="node" attr.name="employees" attr.type="int"/>
              <key id="d3" for="node" attr.name="score" attr.type="double"/>
              <key id="d4" for="edge" attr.name="type" attr.type="string"/>
              <graph edgedefault="directed">
                <node id="A"><data key="d0">a</data><data key="d1">True</data><data key="d2">+007</data><data key="d3">.5</data></node>
                <node id="B"><data key="d0">b</data><data key="d1">False</data><data key="d2">12</data><data key="d3">high</data></node>
                <edge source="A" target="B"><data key="d4">knows</data></edge>
              </graph>
            </graphml>
            """, ".graphml")
        let loaded = try GraphLoader.load(path)
        let e = loaded.graph.entities
        func column(_ name: String) -> AttributeColumn? { e.extra.first { $0.name == name } }
        #expect(column("listed")?.type == .boolean && column("listed")?.values[0] == "true" && column("listed")?.values[1] == "false")
        #expect(column("employees")?.type == .integer && column("employees")?.values[0] == "7")
        #expect(column("score")?.type == .text && column("score")?.values[0] == ".5" && column("score")?.values[1] == "high")
        let warnings = loaded.log.warnings.map(\.description)
        #expect(
            warnings.contains { $0.hasPrefix(path + ":10: warning: node B: score: 'high' is not a number, as its key's attr.type=\"double\" says") },
            "\(warnings)")
    }

    @Test func duplicateWarningsInJSONCiteTheRecordOfTheFirstCopy() throws {
        let path = try write(
            """
            {"entities": [{"id": "A", "name": "a"}, {"id": "B", "name": "b"}, {"id": "A", "name": "a2"}],
             "relations": [{"source": "A", "target": "B", "type": "supplies"}, {"source": "B", "target": "A", "type": "knows"},
                           {"source": "A", "target": "B", "type": "supplies"}]}
            """, ".json")
        let problems = try GraphLoader.validate(path).log.kept.map(\.description)
        #expect(
            problems.contains(
                path + ": entities[2]: id: duplicate id 'A' (first at entities[0]); ids must be unique: rename one, or merge the two rows"),
            "\(problems)")
        let relationsOnly = try write(
            """
            {"entities": [{"id": "A", "name": "a"}, {"id": "B", "name": "b"}],
             "relations": [{"source": "A", "target": "B", "type": "supplies"}, {"source": "B", "target": "A", "type": "knows"},
                           {"source": "A", "target": "B", "type": "supplies"}]}
            """, ".json")
        let warnings = try GraphLoader.load(relationsOnly).log.warnings.map(\.description)
        #expect(
            warnings.contains {
                $0.hasPrefix(
                    relationsOnly + ": warning: relations[2]: source,target,type: duplicate supplies relation A -> B (first at relations[0])")
            }, "\(warnings)")
    }

    @Test func duplicateWarningsInGraphMLCiteTheLineOfTheFirstCopy() throws {
        let graphml = """
            <?xml version="1.0" encoding="utf-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="d0" for="node" attr.name="name" attr.type="string"/>
              <key id="d1" for="edge" attr.name="type" attr.type="string"/>
              <graph edgedefault="directed">
                <node id="A"><data key="d0">a</data></node>
                <node id="B"><data key="d0">b</data></node>
                <edge source="A" target="B"><data key="d1">supplies</data></edge>
                <edge source="B" target="A"><data key="d1">knows</data></edge>
                <edge source="A" target="B"><data key="d1">supplies</data></edge>
              </graph>
            </graphml>
            """
        let path = try write(graphml, ".graphml")
        let warnings = try GraphLoader.load(path).log.warnings.map(\.description)
        #expect(
            warnings.contains {
                $0.hasPrefix(path + ":10: warning: edge 3: source,target,type: duplicate supplies relation A -> B (first on line 8)")
            }, "\(warnings)")
        let twice = try write(
            graphml.replacingOccurrences(of: "  </graph>", with: "    <node id=\"A\"><data key=\"d0\">again</data></node>\n  </graph>"), ".graphml")
        let problems = try GraphLoader.validate(twice).log.kept.map(\.description)
        #expect(problems.contains { $0.hasPrefix(twice + ":11: node A: id: duplicate id 'A' (first on line 6)") }, "\(problems)")
    }

    @Test func snapshotKeepsTypes() throws {
        let dir = NSTemporaryDirectory() + "relmap-typedsnap-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/typed.json"
        try Data(typedJSON.utf8).write(to: URL(fileURLWithPath: path))
        let policy = SnapshotPolicy(minimumRelations: 0)
        let (files, _) = try GraphLoader.load(path, snapshot: policy)
        let (snapshot, used) = try GraphLoader.load(path, snapshot: policy)
        #expect(used == .read(path: dir + "/.relmap/typed.json.snapshot"))
        expectSameGraph(files.graph, snapshot.graph)
        #expect(snapshot.graph.entities.extra.contains { $0.name == "listed" && $0.type == .boolean })
    }
}
