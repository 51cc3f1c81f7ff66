import ArgumentParser
import Foundation
import RelmapCore
import RelmapRender

/// Output of `relmap map`: DOT text, or a picture rendered in-process by Graphviz.
enum MapFormat: String, ExpressibleByArgument, CaseIterable {
    case dot, svg, png, pdf
}

struct MapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Draw an industry map (客户产业地图): a client's value chain, an industry's, or an RM's book.",
        discussion: """
            Upstream on the left, downstream on the right. --industry and a large --rm book draw the
            segment view: chain segments (锂矿, 正极材料 ...) as columns, companies as cards coloured by
            status, one arrow per segment pair with yearly trade and relation count (--detail N adds the
            N largest company flows). --client draws the company view: one column per tier, the smallest
            entities of a tier folded beyond --max-nodes (--view company|segment chooses). See
            Guides/IndustryMap.md.
            Examples:
              relmap map Graphs/battery-chain --client C001 --format png --out map.png
              relmap map Graphs/battery-chain --industry 电芯 --format svg --out cells.svg
            """)

    @OptionGroup var input: GraphArgument
    @OptionGroup var overlay: OverlayOptions

    @Option(help: "Map this entity's chain (id or name).")
    var client: String?

    @Option(help: "Map the chain through every entity of this industry segment (exact industry value).")
    var industry: String?

    @Option(help: "Map the chains of every entity this RM owns.")
    var rm: String?

    @Option(help: "Draw this entity's group (everything under its actual controller) as one cluster with the shares on the edges (id or name).")
    var group: String?

    @Option(help: "Tiers to follow each way (default 2; 1 for --rm).")
    var depth: Int?

    @Option(help: "Fold the smallest entities of each tier beyond this many nodes.")
    var maxNodes: Int = 60

    @Option(help: "Mark the N best targets on the map with their rank.")
    var highlightTop: Int = 0

    @Option(help: "dot, svg, png or pdf (default: from --out's extension, else dot).")
    var format: MapFormat?

    @Option(help: "Write to this file (required for png and pdf when stdout is a terminal).")
    var out: String?

    @Option(help: "Resolution for png (default 144) and the scale of svg and pdf.")
    var dpi: Int?

    @OptionGroup var lang: LanguageOption

    @OptionGroup var look: MapViewOptions

    static let maxDrawnNodes = 500

    func validate() throws {
        let foci = [client, industry, rm, group].compactMap { $0 }
        guard foci.count == 1 else { throw ValidationError("give exactly one of --client ID, --industry NAME, --rm NAME, --group ID") }
        if let depth, !(1...6).contains(depth) { throw ValidationError("--depth must be between 1 and 6") }
        guard maxNodes >= 5 else { throw ValidationError("--max-nodes must be at least 5") }
        // Graphviz's layered layout grows much faster than the node count: 1,000 nodes took 40 s
        // as SVG and 2,000 never finished. A drawing past a few hundred nodes is unreadable anyway.
        if resolvedFormat != .dot && maxNodes > MapCommand.maxDrawnNodes {
            throw ValidationError(
                lang.language(
                    "--max-nodes \(maxNodes): a drawing of more than \(MapCommand.maxDrawnNodes) nodes takes minutes to lay out and cannot be read; lower --max-nodes (smaller entities fold into one node per tier), or write --format dot and lay it out with a tool for large graphs (sfdp)",
                    "--max-nodes \(maxNodes)：超过 \(MapCommand.maxDrawnNodes) 个节点的图排版需要数分钟且无法阅读；请降低 --max-nodes（较小的主体会按层折叠），或用 --format dot 输出后用大图排版工具（sfdp）处理"
                ))
        }
        guard highlightTop >= 0 else { throw ValidationError("--highlight-top must not be negative") }
        if let dpi, !(24...1200).contains(dpi) { throw ValidationError("--dpi must be between 24 and 1200") }
        if [.png, .pdf].contains(resolvedFormat), out == nil, isatty(STDOUT_FILENO) == 1 {
            throw ValidationError("\(resolvedFormat.rawValue) is binary: give --out FILE (or redirect standard output)")
        }
    }

    var resolvedFormat: MapFormat {
        if let format { return format }
        let ext = out.map { URL(fileURLWithPath: $0).pathExtension.lowercased() } ?? ""
        return MapFormat(rawValue: ext == "gv" ? "dot" : ext) ?? .dot
    }

    func run() async throws {
        let engine = try input.engine(lang.language, overlay: overlay)
        let focus: QueryEngine.MapQuestion.Focus = client.map { .client($0) } ?? industry.map { .industry($0) } ?? .rm(rm ?? "")
        let page = look.page(format: resolvedFormat.rawValue, source: input.graph)
        let map =
            try group.map { try engine.groupMap(of: $0, lang.language) }
            ?? engine.map(
                .init(
                    focus: focus, depth: depth, maxNodes: maxNodes, highlightTop: highlightTop, language: lang.language,
                    view: look.view, detail: look.detail, order: look.order, page: page))
        guard resolvedFormat != .dot, let format = RenderFormat(rawValue: resolvedFormat.rawValue) else {
            return try Console.emit(map.dot, to: out, lang: lang.language)
        }
        let dpi = self.dpi ?? (format == .png ? 144 : nil)
        let bytes: [UInt8]
        if format == .pdf {
            let printed = try await MapPrinting.pdf(map.drawing, page: page, dpi: dpi)
            if let note = printed.note { Console.error(note) }
            bytes = printed.bytes
        } else {
            bytes = try await GraphvizRenderer.shared.render(dot: map.dot, format: format, dpi: dpi)
        }
        try Console.emit(Data(bytes), to: out, lang: lang.language)
    }
}
