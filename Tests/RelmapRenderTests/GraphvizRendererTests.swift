import RelmapRender
import Testing

/// Reads the width and height from a PNG's IHDR chunk (bytes 16..<24, big-endian).
func pngSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
    guard bytes.count > 24, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
    func be(_ i: Int) -> Int { bytes[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (be(16), be(20))
}

let pngMagic: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
let smallDOT = """
    digraph g { rankdir=LR; a [label="供应商 A"]; b [label="Client B"]; a -> b [label="1.2亿"]; }
    """

@Suite struct GraphvizRendererTests {
    @Test func svgHoldsLabels() async throws {
        let svg = String(decoding: try await GraphvizRenderer.shared.render(dot: smallDOT, format: .svg), as: UTF8.self)
        #expect(svg.contains("<svg"))
        #expect(svg.contains(">供应商 A</text>"))
        #expect(svg.contains(">Client B</text>"))
        #expect(svg.contains(">1.2亿</text>"))
    }

    @Test func pngHasMagicAndSensibleSize() async throws {
        let png = try await GraphvizRenderer.shared.render(dot: smallDOT, format: .png)
        #expect(Array(png.prefix(8)) == pngMagic)
        let size = try #require(pngSize(png))
        #expect((100...2000).contains(size.width), "width \(size.width)")
        #expect((20...1000).contains(size.height), "height \(size.height)")
        #expect(size.width > size.height, "LR layout is wider than tall")
        // Doubling the dpi doubles the pixels.
        let sharp = try #require(pngSize(try await GraphvizRenderer.shared.render(dot: smallDOT, format: .png, dpi: 192)))
        #expect(abs(sharp.width - 2 * size.width) <= 4)
    }

    @Test func pdfHasMagic() async throws {
        let pdf = try await GraphvizRenderer.shared.render(dot: smallDOT, format: .pdf)
        #expect(Array(pdf.prefix(5)) == Array("%PDF-".utf8))
        #expect(String(decoding: pdf.suffix(8), as: UTF8.self).contains("%%EOF"))
        #expect(pdf.count > 500)
    }

    @Test func plainGivesPositionsForEveryNode() async throws {
        let plain = String(decoding: try await GraphvizRenderer.shared.render(dot: smallDOT, format: .plain), as: UTF8.self)
        let nodes = plain.split(separator: "\n").filter { $0.hasPrefix("node ") }
        #expect(nodes.count == 2)
    }

    @Test(arguments: [
        "digraph { a -> }",
        "digraph { a -> b ",
        "graph { a -- b; \"unterminated }",
        "not a graph at all",
        ""
    ])
    func badDOTIsAnErrorNotACrash(dot: String) async throws {
        await #expect(throws: RenderError.self) { try await GraphvizRenderer.shared.parse(dot: dot) }
        await #expect(throws: RenderError.self) { try await GraphvizRenderer.shared.render(dot: dot, format: .svg) }
        // The lexer recovers: a good graph still parses after a bad one.
        let good = try await GraphvizRenderer.shared.parse(dot: smallDOT)
        #expect(good.nodeCount == 2 && good.edgeCount == 1)
    }

    @Test func syntaxErrorNamesTheLine() async throws {
        do {
            _ = try await GraphvizRenderer.shared.parse(dot: "digraph {\n a -> b;\n c -> -> d;\n}")
            Issue.record("expected a syntax error")
        } catch let error as RenderError {
            #expect(error.description.contains("line 3"), "\(error)")
        }
    }

    @Test func unknownLayoutIsAClearError() async throws {
        do {
            _ = try await GraphvizRenderer.shared.render(dot: smallDOT, format: .svg, layout: "no-such-layout")
            Issue.record("expected an error")
        } catch let error as RenderError {
            guard case .unknownLayout(let name, _) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(name == "no-such-layout")
            #expect(error.description.contains("dot"), "lists the known layouts: \(error)")
        }
    }

    @Test func missingPluginAdviceNamesTheFix() {
        let error = RenderError.pluginMissing(kind: "layout", name: "dot", message: "Layout type: \"dot\" not recognized")
        #expect(error.description.contains("dot -c"))
        #expect(error.description.contains("apt-get install graphviz"))
    }

    @Test func manyConcurrentRendersDoNotCrash() async throws {
        let sizes = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<48 {
                group.addTask {
                    let dot = "digraph g\(i) { rankdir=LR; " + (0..<(5 + i % 7)).map { "n\($0) -> n\($0 + 1);" }.joined() + " }"
                    switch i % 4 {
                    case 0: return try await GraphvizRenderer.shared.render(dot: dot, format: .svg).count
                    case 1: return try await GraphvizRenderer.shared.render(dot: dot, format: .png).count
                    case 2: return try await GraphvizRenderer.shared.parse(dot: dot).nodeCount
                    default:
                        // Interleave failures with successes: error state must not leak into the next call.
                        do { _ = try await GraphvizRenderer.shared.render(dot: "digraph g\(i) { n0 -> ; }", format: .svg) } catch { return 1 }
                        return 0
                    }
                }
            }
            var out: [Int] = []
            for try await s in group { out.append(s) }
            return out
        }
        #expect(sizes.count == 48)
        #expect(sizes.allSatisfy { $0 > 0 })
    }
}

@Test func textAfterTheGraphDoesNotPoisonTheNextRead() async throws {
    _ = try? await GraphvizRenderer.shared.parse(dot: "digraph a { x -> y } digraph b { {")
    let good = try await GraphvizRenderer.shared.parse(dot: smallDOT)
    #expect(good.nodeCount == 2)
}
