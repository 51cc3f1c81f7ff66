import ArgumentParser
import Foundation
import RelmapCore

/// `relmap next`: who to approach next along the value chain of the bank's clients.
struct NextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Rank prospects, other-bank and former clients to approach next along the clients' value chains.",
        discussion: """
            Seeds are all clients, one RM's book (--rm) or named clients (--client, repeatable).
            Signals: ppr (personalised PageRank on the supplies chain), bridge (between client pairs),
            coverage (clients within two hops), access (warmest introduction path), potential (size).
            See Guides/Ranking.md for what each means and when to trust it.
            """)

    @OptionGroup var input: GraphArgument

    @Option(help: "Rank from this RM's book (the clients whose rm column is this id).")
    var rm: String?

    @Option(name: .customLong("client"), help: "Rank from this client (id or name); repeat for several.")
    var clients: [String] = []

    @Option(help: "Only list candidates in this industry (the graph is not narrowed).")
    var industry: String?

    @Option(help: "Only list candidates in this region (the graph is not narrowed).")
    var region: String?

    @Option(help: "How many candidates to list.")
    var top: Int = 20

    @Flag(help: "Explain each row in words: which clients it trades with, who can introduce.")
    var explain = false

    @Option(help: "A YAML or JSON file of weights: ppr, bridge, coverage, access, potential, high_potential, warm_access, many_client_ties.")
    var weights: String?

    @Option(help: "Seed pairs the bridge signal samples when exact betweenness would be too slow (a large graph): more pairs, a tighter bridge_error, more time (about 0.16 s per 1,000 on a million entities).")
    var bridgeSamples = ExpansionRanking.Query().bridgeSamples

    @Flag(help: "Print the seconds spent per stage to standard error.")
    var timings = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if rm != nil && !clients.isEmpty { throw ValidationError("give either --rm or --client, not both") }
        if top < 1 { throw ValidationError("--top must be at least 1") }
        if bridgeSamples < 1 { throw ValidationError("--bridge-samples must be at least 1") }
    }

    func run() throws {
        let weightTable = try loadWeights()
        let graph = try input.load()
        var query = ExpansionRanking.Query(top: top, weights: weightTable)
        query.seeds = rm.map { .rm($0) } ?? (clients.isEmpty ? .allClients : .clients(clients))
        query.industry = industry
        query.region = region
        query.bridgeSamples = bridgeSamples
        try Console.run {
            let result = try ExpansionRanking.rank(graph, query)
            for note in result.notes { Console.error("note: " + note) }
            if timings {
                for (stage, secs) in result.timings.sorted(by: { $0.value > $1.value }) {
                    Console.error(String(format: "%8.3f s  %@", secs, stage))
                }
            }
            try emit(result)
        }
    }

    func loadWeights() throws -> RankingWeights { try WeightsFile.load(weights) }

    func emit(_ result: ExpansionRanking.Result) throws {
        let rows = result.candidates
        if output.format == .json { return try output.emit(try JSONOutput.encode(rows)) }
        func f(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
        func g(_ v: Double) -> String { v == 0 ? "0" : String(format: "%.3g", v) }
        if output.format == .csv {
            var t = TextTable(columns: ["rank", "id", "name", "status", "industry", "region", "score", "ppr", "bridge",
                                        "bridge_error", "coverage", "coverage_volume", "access", "potential", "quadrant", "reasons"])
            for (k, r) in rows.enumerated() {
                t.add([String(k + 1), r.id, r.name, r.status, r.industry, r.region, String(r.score), String(r.signals.ppr),
                       String(r.signals.bridge), r.bridgeError.map { String($0) } ?? "", String(r.signals.coverage),
                       String(r.coverageVolume), String(r.signals.access), String(r.signals.potential),
                       r.quadrant.rawValue, r.reasons.joined(separator: "; ")])
            }
            return try output.emit(t.render(.csv))
        }
        var t = TextTable(columns: ["#", "id", "name", "status", "industry", "score", "ppr", "bridge", "cover", "access", "potential", "quadrant"],
                          numeric: ["#", "score", "ppr", "bridge", "cover", "access", "potential"])
        for (k, r) in rows.enumerated() {
            let bridge = r.bridgeError.map { g(r.signals.bridge) + "±" + g($0) } ?? g(r.signals.bridge)
            t.add([String(k + 1), r.id, r.name, r.status, r.industry, f(r.score, 3), g(r.signals.ppr), bridge,
                   String(r.signals.coverage), f(r.signals.access, 2), f(r.signals.potential, 2), r.quadrant.rawValue])
        }
        var text = t.render(.table)
        if explain {
            text += "\n"
            for (k, r) in rows.enumerated() {
                text += "\(k + 1). \(r.name) (\(r.id)): \(r.quadrant.rawValue), score \(f(r.score, 3))\n"
                for reason in r.reasons { text += "   - \(reason)\n" }
            }
        }
        let seedsText = rm.map { "RM \($0)'s book" } ?? (clients.isEmpty ? "all clients" : "the named clients")
        text += "\n\(rows.count) of \(result.candidateCount) candidates, ranked from \(result.seeds.count) seed clients (\(seedsText))\n"
        try output.emit(text)
    }
}
