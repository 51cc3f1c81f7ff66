import CGraphviz

/// An output format Graphviz can produce in-process.
public enum RenderFormat: String, Sendable, CaseIterable {
    case svg, png, pdf
    /// DOT with layout positions added (Graphviz's `-Tdot`).
    case dot
    /// Graphviz's line-oriented `plain` format: positions and sizes, easy to check in tests.
    case plain

    /// Formats whose output is text rather than bytes for a file.
    public var isText: Bool { self != .png && self != .pdf }
}

/// What went wrong inside Graphviz, in words a user can act on.
public enum RenderError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The DOT text did not parse; `message` is Graphviz's own ("syntax error in line 3 near ...").
    case syntax(message: String)
    /// Graphviz is installed without its plugin configuration, or without the plugin needed.
    case pluginMissing(kind: String, name: String, message: String)
    /// The layout engine name is not one Graphviz knows.
    case unknownLayout(name: String, message: String)
    /// Layout or rendering failed for another reason.
    case failed(stage: String, message: String)
    /// `gvContext()` returned nothing: libgvc could not start at all.
    case noContext

    public var description: String {
        switch self {
        case .syntax(let message):
            "Graphviz could not parse the DOT: \(message)"
        case .pluginMissing(let kind, let name, let message):
            "Graphviz has no \(kind) plugin \"\(name)\" (\(message)). Install the graphviz package "
                + "(Debian: apt-get install graphviz libgraphviz-dev) and, if it is installed, run `dot -c` as root "
                + "to rebuild its plugin configuration."
        case .unknownLayout(let name, let message):
            "unknown Graphviz layout \"\(name)\": \(message)"
        case .failed(let stage, let message):
            "Graphviz \(stage) failed: \(message.isEmpty ? "no message" : message)"
        case .noContext:
            "Graphviz (libgvc) could not create a context; check that graphviz is installed (apt-get install graphviz)"
        }
    }
}

/// The shape of a parsed DOT graph, as cgraph read it: what tests check a DOT writer against.
public struct ParsedGraph: Sendable, Equatable {
    public var name: String
    public var nodeCount: Int
    public var edgeCount: Int
    /// Node name -> the node's `label` attribute exactly as cgraph stores it (escapes not applied).
    public var labels: [String: String]
}

/// Lays out and renders DOT in-process through libgvc, no `dot` process involved.
///
/// libgvc and cgraph keep global state (the error channel, the lexer, plugin tables) and are not
/// thread-safe, so every Graphviz call in the process goes through this one actor. It holds one
/// long-lived `GVC_t` (loading the plugin configuration once costs milliseconds; per-graph state is
/// freed after every call: `agclose`, `gvFreeLayout`, `gvFreeRenderData`).
public actor GraphvizRenderer {
    /// The renderer every caller shares; there is deliberately no public initialiser.
    public static let shared = GraphvizRenderer()

    private var context: OpaquePointer?

    private init() {}

    /// Parses DOT with cgraph and describes the result; throws `RenderError.syntax` when it does not parse.
    public func parse(dot: String) throws -> ParsedGraph {
        let graph = try read(dot)
        defer { agclose(graph) }
        var labels: [String: String] = [:]
        var node = agfstnode(graph)
        while let n = node {
            let name = String(cString: agnameof(UnsafeMutableRawPointer(n)))
            labels[name] = agget(UnsafeMutableRawPointer(n), mutableC("label")).map { String(cString: $0) } ?? ""
            node = agnxtnode(graph, n)
        }
        return ParsedGraph(
            name: String(cString: agnameof(UnsafeMutableRawPointer(graph))),
            nodeCount: Int(agnnodes(graph)), edgeCount: Int(agnedges(graph)), labels: labels)
    }

    /// Lays the graph out with `layout` and renders it as `format`.
    /// - Parameter dpi: overrides the graph's resolution (PNG pixel size; SVG and PDF scale with it too).
    /// - Complexity: that of the layout engine (dot: network simplex ranking and crossing
    ///   minimisation; a 60-node map takes tens of milliseconds).
    public func render(dot: String, format: RenderFormat, layout: String = "dot", dpi: Int? = nil) throws -> [UInt8] {
        let gvc = try gvContextOrThrow()
        let graph = try read(dot)
        defer { agclose(graph) }
        if let dpi {
            _ = agsafeset(UnsafeMutableRawPointer(graph), mutableC("dpi"), mutableC(String(dpi)), mutableC(""))
        }

        resetErrors()
        if gvLayout(gvc, graph, layout) != 0 {
            let message = takeMessages()
            if message.contains("not recognized") {
                if Self.standardLayouts.contains(layout) {
                    throw RenderError.pluginMissing(kind: "layout", name: layout, message: message)
                }
                throw RenderError.unknownLayout(name: layout, message: message)
            }
            throw RenderError.failed(stage: "layout", message: message)
        }
        defer { gvFreeLayout(gvc, graph) }

        resetErrors()
        var data: UnsafeMutablePointer<CChar>? = nil
        var length: UInt32 = 0
        let status = gvRenderData(gvc, graph, format.rawValue, &data, &length)
        defer { if let data { gvFreeRenderData(data) } }
        guard status == 0, let data else {
            let message = takeMessages()
            if message.contains("not recognized") {
                throw RenderError.pluginMissing(kind: "output format", name: format.rawValue, message: message)
            }
            throw RenderError.failed(stage: "rendering \(format.rawValue)", message: message)
        }
        return data.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
            Array(UnsafeBufferPointer(start: $0, count: Int(length)))
        }
    }

    /// Layout engines every complete Graphviz install has: if one is "not recognized", the plugin
    /// configuration is missing rather than the name wrong.
    static let standardLayouts: Set<String> = ["dot", "neato", "fdp", "sfdp", "twopi", "circo", "osage", "patchwork"]

    private func gvContextOrThrow() throws -> OpaquePointer {
        if let context { return context }
        // Messages are captured (not printed on stderr) and turned into RenderError text.
        _ = agseterrf(captureGraphvizMessage)
        _ = agseterr(AGWARN)
        // gvContext() reads the plugin configuration written by `dot -c` (Debian: config6a).
        guard let made = gvContext() else { throw RenderError.noContext }
        context = made
        return made
    }

    private func read(_ dot: String) throws -> UnsafeMutablePointer<Agraph_t> {
        _ = try gvContextOrThrow()  // installs the error capture before cgraph can report anything
        resetErrors()
        agreadline(1)
        let graph = dot.withCString { agmemread($0) }
        // agmemread stops after the first graph and, after an error, mid-token: either way the
        // lexer's buffer would poison the next read, so reset it every time (see shim.h).
        aglexbad()
        _ = aaglex_destroy()
        let message = takeMessages()
        let failed = agerrors() >= Int32(AGERR.rawValue)
        guard let graph, !failed else {
            if let graph { agclose(graph) }
            if dot.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) {
                throw RenderError.syntax(message: "the DOT text is empty")
            }
            throw RenderError.syntax(message: message.isEmpty ? "no graph found" : message)
        }
        return graph
    }

    private func resetErrors() {
        _ = agreseterrors()
        GraphvizMessages.buffer = ""
    }

    /// Errors and warnings Graphviz reported since the last reset, one per line, prefixes kept.
    private func takeMessages() -> String {
        let text = GraphvizMessages.buffer
        GraphvizMessages.buffer = ""
        return text.split(separator: "\n").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }.joined(separator: "; ")
    }
}

/// Where the C error callback puts Graphviz's messages. Only touched while the renderer actor is
/// running a Graphviz call, which is what makes the unchecked global safe.
enum GraphvizMessages {
    nonisolated(unsafe) static var buffer = ""
}

/// cgraph's user error function: receives each formatted message ("Error: ...", "Warning: ...").
private let captureGraphvizMessage: @convention(c) (UnsafeMutablePointer<CChar>?) -> Int32 = { message in
    if let message { GraphvizMessages.buffer += String(cString: message) }
    return 0
}

/// cgraph's API takes `char *` for strings it only reads (or copies); hand it a C string that lives
/// for the process. Interned so repeated attribute names do not accumulate.
private func mutableC(_ s: String) -> UnsafeMutablePointer<CChar> {
    if let known = CStrings.interned[s] { return known }
    let copy = strdup(s)!
    CStrings.interned[s] = copy
    return copy
}

private enum CStrings {
    // Only touched inside the renderer actor.
    nonisolated(unsafe) static var interned: [String: UnsafeMutablePointer<CChar>] = [:]
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        var s = self
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
