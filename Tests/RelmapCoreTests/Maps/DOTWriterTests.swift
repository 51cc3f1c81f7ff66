import Testing

@testable import RelmapCore

@Suite struct DOTWriterTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("a\\b", "a\\\\b"),
        ("A & B", "A &amp; B"),
        ("two\nlines", "two\\nlines"),
        ("crlf\r\nline", "crlf\\nline"),
        ("tab\there", "tab here"),
        ("\\N is not the node name", "\\\\N is not the node name"),
        ("华锂（江苏）有限公司", "华锂（江苏）有限公司"),
        ("quote \" stays", "quote \" stays")
    ])
    func labelText(name: String, expected: String) {
        #expect(DOTWriter.labelText(name) == expected)
    }

    @Test func quotingEscapesOnlyQuotes() {
        #expect(DOTWriter.quoted("a\"b") == "\"a\\\"b\"")
        #expect(DOTWriter.quoted("{x} <y> ;=,") == "\"{x} <y> ;=,\"")
    }

    @Test func trailingBackslashEndsWithALineContinuation() {
        // `"a\\"` would read as an escaped quote in cgraph 2.42; backslash-newline is dropped instead.
        #expect(DOTWriter.quoted(DOTWriter.labelText("ends\\")) == "\"ends\\\\\\\n\"")
    }

    @Test func htmlEscaping() {
        #expect(DOTWriter.htmlEscaped("<b>&\"x\"</b>") == "&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;")
    }

    @Test func writesStatementsInOrder() {
        var w = DOTWriter(name: "g")
        w.defaults("node", [("shape", .plain("box"))])
        w.subgraph("cluster_a") { s in
            s.attribute("label", .text("段 A"))
            s.node("n0", [("label", .text("x\"y"))])
        }
        w.node("n1")
        w.edge("n0", "n1", [("label", .text("1亿"))])
        w.sameRank(["n0", "n1"])
        #expect(
            w.finish() == """
                digraph "g" {
                  node [shape="box"]
                  subgraph "cluster_a" {
                    label="段 A"
                    "n0" [label="x\\"y"]
                  }
                  "n1"
                  "n0" -> "n1" [label="1亿"]
                  { rank=same; "n0"; "n1"; }
                }

                """)
    }
}
