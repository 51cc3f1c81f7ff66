import Foundation
import Testing

@testable import RelmapCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Each escaper against a parser of its language: what goes in comes back as text.
@Suite struct EscapingTests {
    static let hostile = ["<script>alert('x')</script>", "A & B \"有限\" 公司", "line\nbreak\tand tab", "]]> <!-- -->", "&amp; already", "宁德新能电池有限公司"]

    /// Parses `<e a="ATTR">TEXT</e>` and returns the attribute and the text as read.
    final class Reader: NSObject, XMLParserDelegate {
        var attribute = "", text = ""
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
        ) {
            attribute = attributes["a"] ?? ""
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
        static func read(_ document: String) -> (attribute: String, text: String)? {
            let parser = XMLParser(data: Data(document.utf8)), reader = Reader()
            parser.delegate = reader
            return parser.parse() ? (reader.attribute, reader.text) : nil
        }
    }

    @Test func xmlReadsBackExactlyInTextAndAttributes() {
        for s in Self.hostile {
            let back = Reader.read("<e a=\"\(Escaping.xml(s))\">\(Escaping.xml(s))</e>")
            #expect(back?.attribute == s && back?.text == s, "\(s)")
        }
    }

    /// HTML escaping is also well-formed XML; line breaks stay raw (HTML keeps them in text).
    @Test func htmlReadsBackAsText() {
        for s in Self.hostile where !s.contains("\n") {
            let back = Reader.read("<e a=\"\(Escaping.html(s))\">\(Escaping.html(s))</e>")
            #expect(back?.attribute == s && back?.text == s, "\(s)")
        }
        #expect(!Escaping.html("<script>").contains("<"))
    }

    /// Graphviz labels are XML inside; control characters, which Graphviz refuses, become spaces.
    @Test func graphvizLabelsParseAndLoseControlCharacters() {
        for s in Self.hostile {
            let back = Reader.read("<e>\(Escaping.graphvizLabel(s))</e>")
            #expect(back?.text == s.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " "), "\(s)")
        }
        #expect(Escaping.graphvizLabel("a\u{1B}[31mb") == "a [31mb")
    }
}
