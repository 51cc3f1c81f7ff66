import Foundation
import Testing

@testable import RelmapCore

/// GraphML that is broken or hostile: each case was accepted with data lost, or crashed the
/// process, with Foundation's XMLParser (issue 15).
@Suite struct GraphMLHostileTests {
    static let head = """
        <?xml version="1.0" encoding="UTF-8"?>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
          <key id="n0" for="node" attr.name="name" attr.type="string"/>
          <key id="n1" for="node" attr.name="kind" attr.type="string"/>
          <key id="e0" for="edge" attr.name="type" attr.type="string"/>
          <graph id="g" edgedefault="directed">
            <node id="A"><data key="n0">甲公司</data><data key="n1">company</data></node>
            <node id="B"><data key="n0">乙公司</data><data key="n1">company</data></node>

        """
    static let edge = "    <edge source=\"A\" target=\"B\"><data key=\"e0\">supplies</data></edge>\n"
    static let tail = "  </graph>\n</graphml>\n"

    /// Parses `bytes` as GraphML; the tables or nil, and the rendered diagnostics.
    static func parse(_ bytes: [UInt8]) -> (GraphTables?, [String]) {
        var log = DiagnosticLog()
        let tables = bytes.withUnsafeBufferPointer { GraphMLFormat.parse($0, file: "g.graphml", log: &log, lang: .en) }
        return (tables, log.kept.map(\.description))
    }
    static func parse(_ text: String) -> (GraphTables?, [String]) { parse(Array(text.utf8)) }

    @Test func wellFormedFileReads() {
        let (t, problems) = Self.parse(Self.head + Self.edge + Self.tail)
        #expect(problems.isEmpty)
        #expect(t?.entities.rows.count == 2)
        #expect(t?.relations.rows == [["A", "B", "supplies"]])
    }

    @Test func invalidUTF8InElementNameIsAnErrorWithItsLine() {
        var bytes = Array((Self.head).utf8)
        bytes += Array("    <ed".utf8) + [0xFF, 0xFE] + Array("ge source=\"A\" target=\"B\"/>\n".utf8) + Array(Self.tail.utf8)
        let (t, problems) = Self.parse(bytes)
        #expect(t == nil)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("g.graphml:9: not well-formed XML: bytes that are not UTF-8") == true)
    }

    @Test func invalidUTF8InAttributeNameAndValue() {
        for bad in ["<node i\u{1}d=\"X\"/>", "<node id=\"X\u{0}\"/>"] {
            let (t, problems) = Self.parse(Self.head + "    " + bad + "\n" + Self.tail)
            #expect(t == nil)
            #expect(problems.first?.contains("g.graphml:9:") == true, "\(problems)")
        }
        var bytes = Array(Self.head.utf8) + Array("    <node id=\"".utf8) + [0xC3, 0x28] + Array("\"/>\n".utf8) + Array(Self.tail.utf8)
        #expect(Self.parse(bytes).1.first?.contains("not UTF-8") == true)
        bytes =
            Array(Self.head.utf8) + Array("    <node id=\"X\"><data key=\"n0\">".utf8) + [0xB9, 0xAB, 0xCB, 0xBE] + Array("</data></node>\n".utf8)
            + Array(Self.tail.utf8)
        #expect(Self.parse(bytes).1.first?.contains("g.graphml:9: not well-formed XML: bytes that are not UTF-8") == true)
    }

    @Test func truncatedFileIsAnErrorNamingTheOpenElement() {
        let (t, problems) = Self.parse(Self.head + Self.edge)
        #expect(t == nil)
        #expect(problems.first?.contains("<graph> opened on line 6 is never closed") == true, "\(problems)")
    }

    @Test func mismatchedEndTagIsAnError() {
        let broken = Self.head + "    <edge source=\"A\" target=\"B\"><data key=\"e0\">supplies</data></node>\n" + Self.edge + Self.tail
        let (t, problems) = Self.parse(broken)
        #expect(t == nil)
        #expect(
            problems.first?.contains("g.graphml:9: not well-formed XML: </node> where </edge> belongs (<edge> opened on line 9)") == true,
            "\(problems)")
    }

    @Test func contentAfterTheRootAndDuplicateAttributesAreErrors() {
        #expect(Self.parse(Self.head + Self.tail + "<graphml/>").0 == nil)
        #expect(Self.parse(Self.head + "<node id=\"A\" id=\"B\"/>" + Self.tail).1.first?.contains("attribute id given twice") == true)
        #expect(Self.parse("").1.first?.contains("no XML element") == true)
        #expect(Self.parse("<html></html>").1.first?.contains("not a GraphML file") == true)
    }

    @Test func cdataAndEntitiesAreText() {
        let doc = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE graphml [ <!ENTITY co "有限公司"> <!ENTITY full "宁德&co;"> ]>
            <graphml>
              <key id="n0" for="node" attr.name="name"/>
              <graph>
                <node id="A"><data key="n0"><![CDATA[A & <B> 公司]]></data></node>
                <node id="B"><data key="n0">&full;&#x20;&amp;&#20013;</data></node>
              </graph>
            </graphml>
            """
        let (t, problems) = Self.parse(doc)
        #expect(problems.isEmpty)
        #expect(t?.entities.rows.map { $0[1] } == ["A & <B> 公司", "宁德有限公司 &中"])
    }

    @Test func externalEntitiesAreNeverResolved() throws {
        let secret = NSTemporaryDirectory() + "relmap-secret-\(UUID().uuidString)"
        try Data("SECRET".utf8).write(to: URL(fileURLWithPath: secret))
        let doc = """
            <?xml version="1.0"?>
            <!DOCTYPE graphml [ <!ENTITY x SYSTEM "file://\(secret)"> ]>
            <graphml><key id="n0" for="node" attr.name="name"/><graph>
            <node id="A"><data key="n0">&x;</data></node></graph></graphml>
            """
        let (t, problems) = Self.parse(doc)
        #expect(t == nil)
        #expect(problems.first?.contains("g.graphml:4: not well-formed XML: entity &x; is external") == true, "\(problems)")
        #expect(!problems.joined().contains("SECRET"))
    }

    @Test func entityExpansionIsBounded() {
        var decl = "<!ENTITY l0 \"laugh laugh laugh laugh laugh laugh laugh laugh laugh laugh\">"
        for k in 1...9 { decl += "<!ENTITY l\(k) \"" + String(repeating: "&l\(k - 1);", count: 10) + "\">" }
        let doc = "<!DOCTYPE graphml [\(decl)]><graphml><graph><node id=\"A\"><data key=\"n0\">&l9;</data></node></graph></graphml>"
        let (t, problems) = Self.parse(doc)
        #expect(t == nil)
        #expect(problems.first?.contains("entities expand to more than") == true, "\(problems)")
        let loop =
            "<!DOCTYPE graphml [<!ENTITY a \"&b;\"><!ENTITY b \"&a;\">]><graphml><graph><node id=\"A\"><data key=\"n0\">&a;</data></node></graph></graphml>"
        #expect(Self.parse(loop).1.first?.contains("nests more than") == true)
    }

    @Test func undeclaredEntityAndNonUTF8DeclarationAreErrors() {
        #expect(Self.parse(Self.head + "<node id=\"A&nbsp;\"/>" + Self.tail).1.first?.contains("&nbsp; is not declared") == true)
        let gb = "<?xml version=\"1.0\" encoding=\"GB2312\"?><graphml/>"
        #expect(Self.parse(gb).1.first?.contains("declared encoding GB2312") == true)
    }

    @Test func duplicateDataIsAnError() {
        let doc = Self.head + "    <node id=\"C\"><data key=\"n0\">丙</data><data key=\"n0\">丁</data></node>\n" + Self.tail
        let (t, problems) = Self.parse(doc)
        #expect(t == nil)
        #expect(problems.first?.contains("name given twice in node C (first on line 9)") == true, "\(problems)")
    }

    @Test func nulCharacterReferenceIsAnError() {
        #expect(Self.parse(Self.head + "<node id=\"A&#0;\"/>" + Self.tail).1.first?.contains("control character U+0") == true)
    }

    @Test func graphWithoutRelationsRoundTrips() throws {
        let g = try TempGraph(entities: "id,name,kind\nA,甲,company\n", relations: "source,target,type\n")
        let graph = try g.load()
        for format in [GraphExport.Format.json, .graphml] {
            let path = g.path + "/out." + format.rawValue
            try GraphExport.write(graph, format: format, to: path)
            let back = try GraphLoader.load(path).graph
            #expect(back.entityCount == 1)
            #expect(back.relationCount == 0)
        }
    }

    /// The streamed JSON and GraphML writers keep names with quotes, backslashes, tabs and markup.
    @Test func streamedExportsKeepAwkwardNames() throws {
        let names = ["He said \"hi\"", "a\\b", "tab\there", "<b>&amp;</b>", "甲,乙"]
        var csv = "id,name,kind\n"
        for (k, n) in names.enumerated() { csv += "N\(k),\"\(n.replacingOccurrences(of: "\"", with: "\"\""))\",company\n" }
        let g = try TempGraph(entities: csv, relations: "source,target,type\nN0,N1,supplies\n")
        let graph = try g.load()
        for format in [GraphExport.Format.json, .graphml] {
            let path = g.path + "/awkward." + format.rawValue
            try GraphExport.write(graph, format: format, to: path)
            let back = try GraphLoader.load(path).graph
            #expect((0..<back.entityCount).map { back.entities.name(back.index(ofID: "N\($0)")!) } == names, "\(format)")
        }
    }

    /// A file past 10 MB (Foundation's parser refused one text node past that) reads back whole.
    @Test func largeExportRoundTrips() throws {
        let world = try TempGraph(entities: nil as String?, relations: nil)
        _ = try WorldGenerator(entities: 12_000, seed: 7).write(to: world.path + "/w")
        let graph = try GraphLoader.load(world.path + "/w").graph
        let path = world.path + "/w.graphml"
        try GraphExport.write(graph, format: .graphml, to: path)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int > 10_000_000)
        let back = try GraphLoader.load(path).graph
        #expect(back.entityCount == graph.entityCount)
        #expect(back.relationCount == graph.relationCount)
    }

    /// Seeded random damage to a valid file: every result is the graph or errors with lines, and
    /// the reader never traps.
    @Test func randomDamageNeverCrashes() {
        let valid = Array((Self.head + Self.edge + Self.tail).utf8)
        var rng = SplitMix64(seed: 15)
        for _ in 0..<3000 {
            var bytes = valid
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let k = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[k] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.remove(at: k)
                default: bytes.insert(Array("<>&;\"'/]![".utf8)[Int(rng.next() % 10)], at: k)
                }
            }
            let (t, problems) = Self.parse(bytes)
            #expect(t != nil || !problems.isEmpty)
            #expect(problems.allSatisfy { $0.hasPrefix("g.graphml") })
        }
    }
}
