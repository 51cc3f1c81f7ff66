import Foundation
import RelmapCore
import RelmapRender
import Testing

/// Names built to break DOT writers: every one must parse in cgraph and render as itself.
let hostileNames = [
    "He said \"hi\"", "back\\slash", "ends with backslash\\", "\\N \\G \\n \\l \\\\", "\\\"", "\"",
    "two\nlines", "{braces} [brackets] ;,= -> --", "<b>not html</b>", "A & B &amp; C &#39; &lt;",
    "华锂（江苏）新能源有限公司", "subgraph", "digraph", "🔋 emoji", "  spaced  out  "
]

func unescapeXML(_ s: String) -> String {
    var out = s
    for (entity, char) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#45;", "-"), ("&#160;", " "), ("&amp;", "&")] {
        out = out.replacingOccurrences(of: entity, with: char)
    }
    return out
}

@Suite struct DOTRoundTripTests {
    func hostileDOT() -> String {
        var w = DOTWriter(name: "hostile \"graph\"\\")
        w.subgraph("cluster_x") { s in
            s.defaults("graph", [("label", .text("段 {x} \\"))])
            for (i, name) in hostileNames.enumerated() {
                s.node("n\(i)", [("label", .text(name)), ("tooltip", .text(name)), ("fontname", .plain("Noto Sans CJK SC"))])
            }
        }
        for i in 1..<hostileNames.count { w.edge("n\(i - 1)", "n\(i)", [("label", .text(hostileNames[i]))]) }
        return w.finish()
    }

    @Test func cgraphReadsBackEveryLabel() async throws {
        let parsed = try await GraphvizRenderer.shared.parse(dot: hostileDOT())
        #expect(parsed.nodeCount == hostileNames.count)
        #expect(parsed.edgeCount == hostileNames.count - 1)
        for (i, name) in hostileNames.enumerated() {
            #expect(parsed.labels["n\(i)"] == DOTWriter.labelText(name), "\(name)")
        }
    }

    @Test func svgDrawsEveryNameAsItself() async throws {
        let svg = String(decoding: try await GraphvizRenderer.shared.render(dot: hostileDOT(), format: .svg), as: UTF8.self)
        var texts: [String] = []
        var rest = svg[...]
        while let open = rest.range(of: "<text"), let close = rest[open.upperBound...].range(of: ">"),
            let end = rest[close.upperBound...].range(of: "</text>")
        {
            texts.append(unescapeXML(String(rest[close.upperBound..<end.lowerBound])))
            rest = rest[end.upperBound...]
        }
        for name in hostileNames {
            // A line break in a name becomes a line of its own; Graphviz trims nothing else.
            for line in name.split(separator: "\n", omittingEmptySubsequences: false) {
                #expect(
                    texts.contains { $0.trimmingCharacters(in: .whitespaces) == line.trimmingCharacters(in: .whitespaces) },
                    "\(line) not drawn; texts: \(texts)")
            }
        }
    }

    @Test func industryMapParsesAndRenders() async throws {
        var b = GraphBuilder()
        try b.addEntity(EntityRecord(id: "F", name: "核心 \"电池\"\\", status: .client, industry: "电芯", size: 1e9))
        for (i, name) in hostileNames.prefix(8).enumerated() {
            try b.addEntity(
                EntityRecord(
                    id: "S\(i)", name: name, status: i % 2 == 0 ? .otherBank : .prospect,
                    industry: i % 2 == 0 ? "正极 <A>" : "负极\\", size: Double(i + 1) * 1e7))
            try b.addRelation(RelationRecord(source: "S\(i)", target: "F", type: .supplies, weight: Double(i + 1) * 1e6))
        }
        let g = b.build()
        let map = try IndustryMap.extract(g, focus: .entity(g.index(ofID: "F")!), options: .init(maxNodes: 6, highlights: [1: 1]))
        let dot = map.dot(g)
        let parsed = try await GraphvizRenderer.shared.parse(dot: dot)
        #expect(parsed.nodeCount >= map.nodes.count)
        let png = try await GraphvizRenderer.shared.render(dot: dot, format: .png)
        #expect(Array(png.prefix(8)) == pngMagic)
        let size = try #require(pngSize(png))
        #expect(size.width > 300 && size.height > 100)
    }
}

/// Every client map of every sample graph lays out and renders. Regression: Graphviz 2.42 double-freed
/// in gvFreeLayout on labelled same-column edges next to clusters (battery-chain CEL01).
@Test func everySampleClientMapRenders() async throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    for sample in ["battery-chain", "coffee-roasters"] {
        let g = try GraphLoader.load(root.appendingPathComponent("Graphs/\(sample)").path).graph
        for v in g.entities.indices(withStatus: .client) {
            let dot = try IndustryMap.extract(g, focus: .entity(v)).dot(g)
            let svg = try await GraphvizRenderer.shared.render(dot: dot, format: .svg)
            #expect(svg.count > 1000, "\(sample) \(g.entities.id(v))")
        }
    }
}

@Suite struct ReferralTreeDOTTests {
    @Test func treeDOTParsesAndKeepsNames() async throws {
        let g = try GraphLoader.load("Graphs/battery-chain").graph
        let report = ReferralReport(graph: g, options: .init(asOf: Day(year: 2026, month: 11, day: 22)!))
        for tree in report.trees.prefix(5) {
            let parsed = try await GraphvizRenderer.shared.parse(dot: tree.dot())
            #expect(parsed.nodeCount == tree.members.count)
            #expect(parsed.edgeCount == tree.members.count - 1)
        }
    }
}
