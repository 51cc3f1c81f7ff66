/// Writes Graphviz DOT text, pure Swift: statements go out in the order they are added, so the same
/// calls give byte-identical output.
///
/// Every string is written quoted. Names (labels, tooltips, cluster titles) go through
/// `DOTWriter.labelText(_:)` so that whatever a name holds (quotes, backslashes, newlines, braces,
/// `<`, `&`, CJK, control characters) is drawn as itself; HTML-like labels are only written through
/// `.html`, for text the caller built and escaped itself (the legend).
public struct DOTWriter: Sendable {
    /// An attribute value.
    public enum Value: Sendable, Equatable {
        /// A plain value (colour, number, shape), quoted but not label-escaped.
        case plain(String)
        /// Text to display as given: escaped with `labelText` so Graphviz's escape processing gives it back.
        case text(String)
        /// An HTML-like label, written between `<` and `>` as is. The caller escapes it (`htmlEscaped`).
        case html(String)
    }

    public private(set) var output = ""
    private var depth = 1

    /// Starts a directed (`digraph`) or undirected graph named `name`.
    public init(name: String, directed: Bool = true) {
        output = (directed ? "digraph " : "graph ") + DOTWriter.quoted(DOTWriter.labelText(name)) + " {\n"
        edgeOperator = directed ? " -> " : " -- "
    }

    private let edgeOperator: String

    /// `graph [...]`, `node [...]` or `edge [...]` defaults for the current (sub)graph.
    public mutating func defaults(_ kind: String, _ attributes: [(String, Value)]) {
        line(kind + DOTWriter.attributeList(attributes))
    }

    /// A graph attribute statement (`rankdir="LR"`).
    public mutating func attribute(_ name: String, _ value: Value) {
        line(name + "=" + DOTWriter.render(value))
    }

    public mutating func node(_ id: String, _ attributes: [(String, Value)] = []) {
        line(DOTWriter.quoted(id) + DOTWriter.attributeList(attributes))
    }

    public mutating func edge(_ from: String, _ to: String, _ attributes: [(String, Value)] = []) {
        line(DOTWriter.quoted(from) + edgeOperator + DOTWriter.quoted(to) + DOTWriter.attributeList(attributes))
    }

    /// One end of an edge at a port of an HTML-like table node, on a side (`e`, `w`, ...).
    public struct Port: Sendable {
        public var node: String
        public var port: String
        public var compass: String
        public init(_ node: String, _ port: String, _ compass: String) {
            self.node = node
            self.port = port
            self.compass = compass
        }
        var written: String { DOTWriter.quoted(node) + ":" + DOTWriter.quoted(port) + ":" + compass }
    }

    /// An edge from a port of one node to a port of another (`"a":"p":e -> "b":"q":w`).
    public mutating func edge(_ from: Port, _ to: Port, _ attributes: [(String, Value)] = []) {
        line(from.written + edgeOperator + to.written + DOTWriter.attributeList(attributes))
    }

    /// A subgraph; name it `cluster_...` for a boxed cluster. `body` adds its statements.
    public mutating func subgraph(_ name: String, _ body: (inout DOTWriter) -> Void) {
        line("subgraph " + DOTWriter.quoted(name) + " {")
        depth += 1
        body(&self)
        depth -= 1
        line("}")
    }

    /// `{ rank=same; a; b; }`: the nodes share one rank (one column in a left-to-right layout).
    public mutating func sameRank(_ ids: [String]) {
        guard !ids.isEmpty else { return }
        line("{ rank=same; " + ids.map { DOTWriter.quoted($0) + "; " }.joined() + "}")
    }

    /// Closes the graph and returns the DOT text.
    public consuming func finish() -> String {
        output += "}\n"
        return output
    }

    private mutating func line(_ statement: String) {
        output += String(repeating: "  ", count: depth)
        output += statement
        output += "\n"
    }

    static func attributeList(_ attributes: [(String, Value)]) -> String {
        guard !attributes.isEmpty else { return "" }
        return " [" + attributes.map { $0.0 + "=" + render($0.1) }.joined(separator: ", ") + "]"
    }

    static func render(_ value: Value) -> String {
        switch value {
        case .plain(let s): quoted(s)
        case .text(let s): quoted(labelText(s))
        case .html(let s): "<" + s + ">"
        }
    }

    /// The label-level form of `text`: what cgraph must store for Graphviz to draw `text` as is.
    ///
    /// Graphviz applies its own escapes to labels and tooltips after parsing (`\N`, `\G`, `\n`,
    /// `\l`, `\\`) and decodes HTML entities (`&amp;`), so backslashes are doubled and `&` becomes
    /// `&amp;`. A line break becomes `\n` (a centred line break); other control characters, which
    /// neither a label nor SVG can hold, become spaces.
    public static func labelText(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case "&": out += "&amp;"
            case "\r": out += "\\n"
            case "\n": if !previousWasCR { out += "\\n" }
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `s` as a DOT quoted string that cgraph reads back as exactly `s`, provided `s` has no odd
    /// run of backslashes (true of `labelText` output and of plain identifiers).
    ///
    /// Only `"` needs a backslash inside DOT quotes. A value ending in a backslash cannot be closed
    /// directly (`\"` would read as an escaped quote), so it ends with a line continuation
    /// (backslash, newline), which cgraph drops.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            if scalar == "\"" { out += "\\\"" } else { out.unicodeScalars.append(scalar) }
        }
        if out.hasSuffix("\\") { out += "\\\n" }
        return out + "\""
    }

    /// Escapes text for an HTML-like label (`<`, `>`, `&`, `"`), for callers building `.html` values.
    public static func htmlEscaped(_ s: String) -> String { Escaping.graphvizLabel(s) }
}
