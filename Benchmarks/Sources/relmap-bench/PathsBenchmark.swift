import Foundation
import RelmapCore

/// `relmap-bench paths DIR [--k 10] [--max-hops 6] [--targets 20] [--queries OUT.json]`
///
/// Loads a graph, derives tie strengths, then times warm-path queries: `--targets` prospects
/// (a deterministic sample of entities that are not clients and have relations) from the whole
/// bank side, and the same number from one client each. Writes the queries and our costs to
/// `--queries` so that Benchmarks/anchors/paths_anchor.py runs igraph on exactly the same
/// questions and checks the costs agree. Also times the whole-bank referral report (build + HTML).
func pathsBenchmark(_ args: [String]) throws -> [String: Double] {
    guard let dir = args.first else { throw RelmapError.usage("usage: relmap-bench paths DIR [--k 10] [--max-hops 6] [--targets 20] [--queries OUT.json]") }
    func option(_ name: String) -> String? {
        guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
        return args[i + 1]
    }
    let k = Int(option("--k") ?? "") ?? 10
    let maxHops = Int(option("--max-hops") ?? "") ?? 6
    let targetCount = Int(option("--targets") ?? "") ?? 20
    let queriesOut = option("--queries")

    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
    var figures: [String: Double] = [:]

    var t0 = now()
    let graph = try GraphLoader.load(dir).graph
    figures["load_s"] = now() - t0
    figures["entities"] = Double(graph.entityCount)
    figures["relations"] = Double(graph.relationCount)

    t0 = now()
    let finder = WarmPathFinder(graph: graph)
    let bank = WarmPathFinder.bankSide(of: graph)
    figures["prepare_ms"] = (now() - t0) * 1e3
    figures["bank_side"] = Double(bank.count)

    // Deterministic targets: every step-th non-client entity with at least one relation.
    let n = graph.entityCount
    var rng = SplitMix(seed: 42)
    var targets: [Int] = []
    var tries = 0
    while targets.count < targetCount && tries < 100 * targetCount {
        tries += 1
        let v = Int(rng.next() % UInt64(n))
        if graph.entities.status(v) != .client && graph.outDegree(v) + graph.inDegree(v) > 0 && !targets.contains(v) { targets.append(v) }
    }
    let clients = graph.entities.indices(withStatus: .client)

    struct Query: Encodable { var target: String; var source: String?; var costs: [Double]; var hops: [Int]; var ms: Double }
    var queries: [Query] = []
    func timeQueries(single: Bool) -> [Double] {
        var times: [Double] = []
        for target in targets {
            let sources: [Int]
            if single {
                guard !clients.isEmpty else { break }
                sources = [clients[Int(rng.next() % UInt64(clients.count))]]
            } else {
                sources = bank
            }
            let start = now()
            let result = finder.paths(to: target, from: sources, k: k, maxHops: maxHops)
            let ms = (now() - start) * 1e3
            times.append(ms)
            if ProcessInfo.processInfo.environment["BENCH_VERBOSE"] != nil {
                FileHandle.standardError.write(Data("target \(graph.entities.id(target)) deg \(graph.outDegree(target) + graph.inDegree(target)) \(single ? "from " + graph.entities.id(sources[0]) : "from the bank side"): \(result.paths.count) paths (hops needed \(result.hopsNeeded.map(String.init) ?? "-")), \(String(format: "%.1f", ms)) ms\n".utf8))
            }
            queries.append(Query(target: graph.entities.id(target), source: single ? graph.entities.id(sources[0]) : nil,
                                 costs: result.paths.map(\.cost), hops: result.paths.map(\.hops.count), ms: ms))
        }
        return times
    }
    func summarize(_ name: String, _ times: [Double]) {
        guard !times.isEmpty else { return }
        let sorted = times.sorted()
        figures["\(name)_median_ms"] = sorted[sorted.count / 2]
        figures["\(name)_max_ms"] = sorted.last!
        figures["\(name)_mean_ms"] = sorted.reduce(0, +) / Double(sorted.count)
    }
    summarize("paths_bank", timeQueries(single: false))
    summarize("paths_one_client", timeQueries(single: true))
    figures["paths_found_mean"] = Double(queries.reduce(0) { $0 + $1.costs.count }) / Double(max(1, queries.count))

    if let queriesOut {
        struct Doc: Encodable { var k: Int; var maxHops: Int; var queries: [Query] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(Doc(k: k, maxHops: maxHops, queries: queries)).write(to: URL(fileURLWithPath: queriesOut))
    }

    t0 = now()
    let report = ReferralReport(graph: graph, options: .init(asOf: Day(year: 2026, month: 1, day: 1)!))
    figures["referral_report_build_ms"] = (now() - t0) * 1e3
    t0 = now()
    let html = report.html()
    figures["referral_report_html_ms"] = (now() - t0) * 1e3
    figures["referral_report_html_kb"] = Double(html.utf8.count) / 1024
    figures["referrals"] = Double(report.summary.referrals)
    return figures
}

/// A tiny deterministic generator so target picks repeat across runs and machines.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
