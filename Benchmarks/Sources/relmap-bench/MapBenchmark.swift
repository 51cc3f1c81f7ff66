import Dispatch
import Foundation
import RelmapCore
import RelmapRender

/// `relmap-bench map DIR [DOT_OUT]`: on a loaded world (load not timed), picks the client with the
/// most `supplies` relations and times (median of 7 runs, after one warm-up):
/// - `extract_ms`: extracting its depth-2 industry map (folding to 60 nodes included);
/// - `command_ms`: what `relmap map --format svg` does after loading: extract, DOT, layout + SVG;
/// - `layout_svg_ms`: the in-process Graphviz layout + SVG alone.
/// Writes the DOT to DOT_OUT so the script can time `dot -Tsvg` on the same text.
func mapBenchmark(_ args: [String]) throws -> [String: Double] {
    guard let path = args.first else { throw RelmapError.usage("usage: relmap-bench map DIR [DOT_OUT]") }
    let g = try GraphLoader.load(path).graph
    var best = 0, bestDegree = -1
    for v in 0..<g.entityCount where g.entities.statuses[v] == .client {
        var d = 0
        g.forEachNeighbor(of: v, types: .supplies) { _, _ in d += 1 }
        if d > bestDegree { (best, bestDegree) = (v, d) }
    }
    let options = IndustryMap.Options(depth: 2, maxNodes: 60)
    func median(_ body: () throws -> Void) rethrows -> Double {
        try body()
        var times: [Double] = []
        for _ in 0..<7 {
            let t = DispatchTime.now()
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t.uptimeNanoseconds) / 1e6)
        }
        return times.sorted()[3]
    }
    var map = try IndustryMap.extract(g, focus: .entity(best), options: options)
    let extract = try median { map = try IndustryMap.extract(g, focus: .entity(best), options: options) }
    let dot = map.dot(g)
    if args.count > 1 { try dot.write(toFile: args[1], atomically: true, encoding: .utf8) }
    let render = try median { _ = try blocking { try await GraphvizRenderer.shared.render(dot: dot, format: .svg) } }
    let command = try median {
        let m = try IndustryMap.extract(g, focus: .entity(best), options: options)
        let d = m.dot(g)
        _ = try blocking { try await GraphvizRenderer.shared.render(dot: d, format: .svg) }
    }
    let found = map.tierSizes.values.reduce(0, +)
    return [
        "entities": Double(g.entityCount), "relations": Double(g.relationCount),
        "focus_supplies_degree": Double(bestDegree), "entities_within_depth_2": Double(found),
        "map_nodes": Double(map.nodes.count), "map_edges": Double(map.edges.count),
        "extract_ms": extract, "layout_svg_ms": render, "command_ms": command,
    ]
}

private final class Box<T>: @unchecked Sendable { var result: Result<T, Error>? }

/// Waits for the renderer actor from this synchronous benchmark.
private func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = Box<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}
