import Foundation
import Testing

@testable import RelmapCore

/// GraphML as other tools write it, each file shaped as that tool writes it (trimmed to a few
/// nodes): every name, kind, type and attribute it carries is read, and what is not data (a
/// tool's drawing) is not turned into columns.
@Suite struct GraphMLDialectTests {
    func load(_ xml: String) throws -> (graph: Graph, warnings: [String]) {
        let path = NSTemporaryDirectory() + "relmap-dialect-\(UUID().uuidString).graphml"
        try xml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = try GraphLoader.load(path)
        return (loaded.graph, loaded.log.kept.filter { $0.severity == .warning }.map(\.description))
    }

    func ids(_ g: Graph) -> [String] { (0..<g.entityCount).map { g.entities.ids[$0] } }
    func name(_ g: Graph, _ id: String) -> String? { g.index(ofID: id).map { g.entities.names[$0] } }

    /// yEd: names only in the node's drawing (NodeLabel), values in CDATA, graphics keys without
    /// attr.name, a group node holding a nested graph whose members are entities too.
    @Test func yEdLabelsGroupsAndGraphics() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="no"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml" xmlns:yed="http://www.yworks.com/xml/yed/3">
              <key attr.name="status" attr.type="string" for="node" id="d4"><default><![CDATA[prospect]]></default></key>
              <key attr.name="description" attr.type="string" for="node" id="d5"/>
              <key for="node" id="d6" yfiles.type="nodegraphics"/>
              <key for="graphml" id="d7" yfiles.type="resources"/>
              <key attr.name="type" attr.type="string" for="edge" id="d9"><default><![CDATA[supplies]]></default></key>
              <key for="edge" id="d10" yfiles.type="edgegraphics"/>
              <graph edgedefault="directed" id="G">
                <node id="n0" yfiles.foldertype="group">
                  <data key="d4"><![CDATA[client]]></data>
                  <data key="d6"><y:ProxyAutoBoundsNode><y:Realizers active="0"><y:GroupNode><y:Geometry height="80" width="200" x="0" y="0"/><y:NodeLabel alignment="right" autoSizePolicy="node_width">宁德新能集团</y:NodeLabel></y:GroupNode></y:Realizers></y:ProxyAutoBoundsNode></data>
                  <graph edgedefault="directed" id="n0:">
                    <node id="n0::n0">
                      <data key="d4"><![CDATA[client]]></data>
                      <data key="d5"><![CDATA[电芯 & 模组]]></data>
                      <data key="d6"><y:ShapeNode><y:Geometry height="30" width="120" x="10" y="10"/><y:Fill color="#FFCC00"/><y:NodeLabel>宁德新能电池有限公司</y:NodeLabel></y:ShapeNode></data>
                    </node>
                  </graph>
                </node>
                <node id="n1">
                  <data key="d6"><y:ShapeNode><y:NodeLabel>江西锂源有限公司</y:NodeLabel></y:ShapeNode></data>
                </node>
                <edge id="e0" source="n1" target="n0::n0">
                  <data key="d10"><y:PolyLineEdge><y:LineStyle color="#000000"/><y:EdgeLabel>年供货</y:EdgeLabel></y:PolyLineEdge></data>
                </edge>
                <data key="d7"><y:Resources/></data>
              </graph>
            </graphml>
            """
        let (g, _) = try load(xml)
        #expect(Set(ids(g)) == ["n0", "n0::n0", "n1"])
        #expect(name(g, "n0") == "宁德新能集团" && name(g, "n0::n0") == "宁德新能电池有限公司" && name(g, "n1") == "江西锂源有限公司")
        // The drawing is not data: no d6/d10/label-of-graphics columns beyond the label itself.
        let columns = g.entities.extra.map(\.name) + g.relations.extra.map(\.name)
        #expect(!columns.contains("d6") && !columns.contains("d10") && !columns.contains("d7"), "\(columns)")
        #expect(g.entities.attribute("description", of: g.index(ofID: "n0::n0")!) == "电芯 & 模组")
        // Defaults apply to their own element kind only: the node default status is not a relation
        // column, the edge default type is not an entity column.
        #expect(g.entities.statuses[g.index(ofID: "n1")!] == .prospect && g.entities.statuses[g.index(ofID: "n0::n0")!] == .client)
        #expect(!g.entities.extra.contains { $0.name == "type" } && !g.relations.extra.contains { $0.name == "status" })
        // The member relates to its group; the drawn edge keeps its type from the key's default.
        var types: [String: RelationType] = [:]
        for k in g.relations.indices {
            types[g.entities.ids[Int(g.relations.sources[k])] + ">" + g.entities.ids[Int(g.relations.targets[k])]] = g.relations.types[k]
        }
        #expect(types["n0::n0>n0"] == .memberOf && types["n1>n0::n0"] == .supplies)
        #expect(g.relations.extra.contains { $0.name == "label" })
    }

    /// Neo4j (APOC export.graphml): labels give the kind, the relationship label the type.
    @Test func neo4jLabelsGiveKindAndType() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
            <key id="labels" for="node" attr.name="labels"/>
            <key id="name" for="node" attr.name="name"/>
            <key id="label" for="edge" attr.name="label"/>
            <key id="amount" for="edge" attr.name="weight" attr.type="double"/>
            <graph id="G" edgedefault="directed">
            <node id="n0" labels=":Company:Client"><data key="labels">:Company:Client</data><data key="name">宁德新能电池有限公司</data></node>
            <node id="n1" labels=":Person"><data key="labels">:Person</data><data key="name">王芳</data></node>
            <node id="n2" labels=":Company"><data key="labels">:Company</data><data key="name">江西锂源有限公司</data></node>
            <edge id="e0" source="n2" target="n0" label="SUPPLIES"><data key="label">SUPPLIES</data><data key="amount">1200000</data></edge>
            <edge id="e1" source="n1" target="n0" label="WORKS_AT"><data key="label">WORKS_AT</data></edge>
            </graph>
            </graphml>
            """
        let (g, _) = try load(xml)
        #expect(g.entities.kinds[g.index(ofID: "n0")!] == .company && g.entities.kinds[g.index(ofID: "n1")!] == .person)
        #expect(Set(g.relations.types) == [.supplies, .worksAt])
        #expect(g.relations.weights.contains(1_200_000))
    }

    /// Gephi: the label is the name; display size, colours, position and the default weight 1.0
    /// are not revenue or trade volume, and the file says so in a warning.
    @Test func gephiLabelIsTheNameAndItsDisplayKeysAreNotData() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">
            <key attr.name="label" attr.type="string" for="node" id="label"/>
            <key attr.name="Edge Label" attr.type="string" for="edge" id="edgelabel"/>
            <key attr.name="weight" attr.type="double" for="edge" id="weight"/>
            <key attr.name="r" attr.type="int" for="node" id="r"/>
            <key attr.name="g" attr.type="int" for="node" id="g"/>
            <key attr.name="b" attr.type="int" for="node" id="b"/>
            <key attr.name="x" attr.type="float" for="node" id="x"/>
            <key attr.name="y" attr.type="float" for="node" id="y"/>
            <key attr.name="size" attr.type="float" for="node" id="size"/>
            <key attr.name="industry" attr.type="string" for="node" id="industry"/>
            <graph defaultedgetype="directed">
            <node id="A"><data key="label">宁德新能电池有限公司</data><data key="industry">电芯</data><data key="size">10.0</data><data key="r">153</data><data key="g">153</data><data key="b">153</data><data key="x">-3.5</data><data key="y">12.1</data></node>
            <node id="B"><data key="label">江西锂源有限公司</data><data key="size">4.0</data><data key="r">1</data><data key="g">2</data><data key="b">3</data><data key="x">1</data><data key="y">2</data></node>
            <edge id="0" source="B" target="A"><data key="edgelabel">supplies</data><data key="weight">1.0</data></edge>
            </graph></graphml>
            """
        let (g, warnings) = try load(xml)
        #expect(name(g, "A") == "宁德新能电池有限公司" && g.entities.industries[g.index(ofID: "A")!] == "电芯")
        #expect(g.entities.sizes.allSatisfy { !$0.isFinite || $0 == 0 } || g.entities.sizes.allSatisfy(\.isNaN))
        #expect(!g.entities.extra.contains { ["r", "g", "b", "x", "y", "size"].contains($0.name) })
        #expect(g.relations.weights.allSatisfy { $0 != 1.0 })
        #expect(warnings.contains { $0.contains("Gephi") && $0.contains("size") }, "\(warnings)")
    }

    /// networkx writes undirected graphs with edgedefault="undirected": the direction of a
    /// directed type is then only the order of source and target, and the file is named.
    @Test func networkxUndirectedFilesWarnForDirectedTypes() throws {
        let xml = """
            <?xml version='1.0' encoding='utf-8'?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns"><key id="d0" for="edge" attr.name="type" attr.type="string"/><key id="d1" for="node" attr.name="name" attr.type="string"/>
            <graph edgedefault="undirected"><node id="A"><data key="d1">甲</data></node><node id="B"><data key="d1">乙</data></node><node id="C"><data key="d1">丙</data></node>
            <edge source="A" target="B"><data key="d0">supplies</data></edge><edge source="B" target="C"><data key="d0">knows</data></edge></graph></graphml>
            """
        let (g, warnings) = try load(xml)
        #expect(g.relationCount == 2)
        #expect(warnings.contains { $0.contains("undirected") && $0.contains("supplies") && $0.contains(".graphml") }, "\(warnings)")
        let symmetric = xml.replacingOccurrences(of: "<data key=\"d0\">supplies</data>", with: "<data key=\"d0\">knows</data>")
        #expect(try load(symmetric).warnings.allSatisfy { !$0.contains("undirected") })
    }

    /// A duplicate names its first copy as the file does: a JSON record, a GraphML line and edge.
    @Test func duplicatesCiteTheFirstCopyInTheFilesOwnTerms() throws {
        let dir = NSTemporaryDirectory() + "relmap-dup-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try
            #"{"entities":[{"id":"A","name":"甲"},{"id":"B","name":"乙"}],"relations":[{"source":"A","target":"B","type":"supplies"},{"source":"A","target":"B","type":"supplies"}]}"#
            .write(toFile: dir + "/g.json", atomically: true, encoding: .utf8)
        let json = try GraphLoader.load(dir + "/g.json").log.kept.map(\.description)
        #expect(json.contains { $0.contains("relations[1]") && $0.contains("(first at relations[0])") }, "\(json)")
        let (_, warnings) = try load(
            """
            <graphml><key id="t" for="edge" attr.name="type"/><key id="n" for="node" attr.name="name"/><graph>
            <node id="A"><data key="n">甲</data></node><node id="B"><data key="n">乙</data></node>
            <edge source="A" target="B"><data key="t">supplies</data></edge>
            <edge source="A" target="B"><data key="t">supplies</data></edge>
            </graph></graphml>
            """)
        #expect(warnings.contains { $0.contains(":4:") && $0.contains("(first on line 3)") }, "\(warnings)")
    }
}
