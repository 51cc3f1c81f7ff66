import Foundation
import RelmapCore

/// `relmap-bench ownership DIR [--queries N] [--out QUERIES.json]`
///
/// On a loaded world (load timed apart), times, each the median of 5 runs after a warm-up:
/// - `network_ms`: reading and checking every `owns` relation into the ownership network;
/// - `control_ms`: every entity's direct and ultimate controller;
/// - `groups_ms`: every group with its clients and value;
/// - `all_groups_ms`: the three together, what `relmap groups` computes after the load;
/// then N `relmap owners` questions (integrated shares, chains, control chain, UBOs) on a
/// deterministic sample of held entities, the deepest-held entity among them: median and max.
/// Writes the queries and our shares to QUERIES.json, so that Benchmarks/anchors/ownership_anchor.py
/// solves the same columns with scipy and checks that the shares agree.
func ownershipBenchmark(_ args: [String]) throws -> [String: Double] {
    guard let dir = args.first else { throw RelmapError.usage("usage: relmap-bench ownership DIR [--queries N] [--out FILE]") }
    func option(_ name: String) -> String? {
        guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
        return args[i + 1]
    }
    let queryCount = Int(option("--queries") ?? "") ?? 20
    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
    func median(_ body: () -> Void) -> Double {
        body()
        var times: [Double] = []
        for _ in 0..<5 {
            let t = now()
            body()
            times.append((now() - t) * 1e3)
        }
        return times.sorted()[2]
    }
    var figures: [String: Double] = [:]
    var t0 = now()
    let graph = try GraphLoader.load(dir).graph
    figures["load_s"] = now() - t0

    var net = OwnershipNetwork(graph: graph)
    var control = ControlStructure(net)
    var groups = OwnershipGroups(net, control: control)
    figures["network_ms"] = median { net = OwnershipNetwork(graph: graph) }
    figures["control_ms"] = median { control = ControlStructure(net) }
    figures["groups_ms"] = median { groups = OwnershipGroups(net, control: control) }
    figures["all_groups_ms"] = median {
        let n = OwnershipNetwork(graph: graph)
        let c = ControlStructure(n)
        groups = OwnershipGroups(n, control: c)
    }
    figures["holdings"] = Double(net.holdingCount)
    figures["issues"] = Double(net.issues.count + control.issues.count)
    figures["groups"] = Double(groups.groups.count)
    figures["largest_group"] = Double(groups.groups.first?.members.count ?? 0)
    figures["controlled_entities"] = Double(control.ultimate.filter { $0 >= 0 }.count)

    // Queries: every step-th entity that has holders, plus the one with the longest control chain.
    let held = (0..<graph.entityCount).filter { !net.holders(of: $0).isEmpty }
    var queries: [Int] = []
    let step = max(1, held.count / max(1, queryCount - 1))
    for k in stride(from: step / 2, to: held.count, by: step) where queries.count < queryCount - 1 { queries.append(held[k]) }
    var deepest = held[0], deepestLength = 0
    for v in held {
        let length = control.chain(of: v).count
        if length > deepestLength { (deepest, deepestLength) = (v, length) }
    }
    queries.append(deepest)
    figures["deepest_control_chain"] = Double(deepestLength)

    var times: [Double] = []
    var answers: [[String: Any]] = []
    var owners = 0
    for q in queries {
        _ = OwnershipQuery.owners(net, of: q)
        t0 = now()
        let answer = OwnershipQuery.owners(net, of: q)
        times.append((now() - t0) * 1e3)
        let solution = IntegratedOwnership.solve(net, from: q, .owners)
        owners += solution.shares.count
        answers.append(["id": graph.entities.id(q), "controller": answer.controller as Any,
                        "shares": Dictionary(uniqueKeysWithValues: solution.shares.map { (graph.entities.id($0.key), $0.value) })])
    }
    times.sort()
    figures["owners_query_median_ms"] = times[times.count / 2]
    figures["owners_query_max_ms"] = times.last!
    figures["owners_per_query_mean"] = Double(owners) / Double(queries.count)
    if let out = option("--out") {
        let sample = groups.groups.prefix(50).map { g in
            ["controller": graph.entities.id(g.controller), "members": g.members.count] as [String: Any]
        }
        let doc: [String: Any] = ["queries": answers, "groups": groups.groups.count, "largest_groups": sample,
                                  "controlled": control.ultimate.filter { $0 >= 0 }.count]
        try JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys]).write(to: URL(fileURLWithPath: out))
    }
    return figures
}
