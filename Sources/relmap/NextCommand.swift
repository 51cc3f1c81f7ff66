import ArgumentParser
import Foundation
import RelmapCore

/// `relmap next`: who to approach next along the value chain of the bank's clients.
struct NextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Rank prospects, other-bank and former clients to approach next along the clients' value chains.",
        discussion: """
            Seeds are all clients, one RM's book (--rm) or named clients (--client, repeatable).
            Signals: ppr (personalised PageRank on the supplies chain), bridge (between client pairs),
            coverage (clients within two hops), access (warmest introduction path), potential (size),
            group (same group as seed clients; weight 0 unless a weights file gives one).
            See Guides/Ranking.md for what each means and when to trust it.
            """)

    @OptionGroup var input: GraphArgument
    @OptionGroup var overlay: OverlayOptions

    @Option(help: "Rank from this RM's book (the clients whose rm column is this id).")
    var rm: String?

    @Option(name: .customLong("client"), help: "Rank from this client (id or name); repeat for several.")
    var clients: [String] = []

    @Option(
        help:
            "List every member of this entity's group (one actual controller) that does not bank with us, ranked from the group's clients (id or name)."
    )
    var groupOf: String?

    @Option(help: "Only list candidates in this industry (the graph is not narrowed).")
    var industry: String?

    @Option(help: "Only list candidates in this region (the graph is not narrowed).")
    var region: String?

    @Option(help: "How many candidates to list.")
    var top: Int = 20

    @Flag(help: "Explain each row in words: which clients it trades with, who can introduce.")
    var explain = false

    @Option(help: "A YAML or JSON file of weights: \(RankingWeights.fileKeys.joined(separator: ", ")).")
    var weights: String?

    @Option(
        help:
            "Seed pairs the bridge signal samples when exact betweenness would be too slow (a large graph): more pairs, a tighter bridge_error, more time (about 0.16 s per 1,000 on a million entities). Default \(ExpansionRanking.Query().bridgeSamples), or \(ExpansionRanking.Query().bookBridgeSamples) for one RM's book on a large graph, as the web server answers it."
    )
    var bridgeSamples: Int?

    @Flag(help: "Print the seconds spent per stage to standard error.")
    var timings = false

    @Option(
        help:
            "Take ppr and coverage from all clients from this signals.csv (written by Spark/relmap_signals.py, with signals.json beside it) instead of computing them; it must belong to this graph."
    )
    var signals: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if rm != nil && !clients.isEmpty { throw ValidationError("give either --rm or --client, not both") }
        if groupOf != nil && (rm != nil || !clients.isEmpty) {
            throw ValidationError("--group-of ranks from the group's own clients; leave out --rm and --client")
        }
        if top < 1 { throw ValidationError("--top must be at least 1") }
        if let bridgeSamples, bridgeSamples < 1 { throw ValidationError("--bridge-samples must be at least 1") }
    }

    func run() async throws {
        let weightTable = try weights.map(RankingWeights.load(path:)) ?? RankingWeights()
        let engine = try input.engine(output.language, overlay: overlay, halfLives: weightTable.halfLives)
        var query = ExpansionRanking.Query(top: top, weights: weightTable)
        query.seeds = rm.map { .rm($0) } ?? (clients.isEmpty ? .allClients : .clients(clients))
        query.industry = industry
        query.region = region
        if let bridgeSamples {
            query.bridgeSamples = bridgeSamples
            query.bridgeSamplesGiven = true
        }
        query.language = output.language
        query.signalsFile = try signals.map { try SignalsFile(path: $0, lang: output.language) }
        let answer = try groupOf.map { try engine.nextInGroup(of: $0, query, explain: explain) } ?? engine.next(query, explain: explain)
        if timings {
            for (stage, secs) in answer.timings.sorted(by: { $0.value > $1.value }) {
                Console.error(String(format: "%8.3f s  %@", secs, stage))
            }
        }
        try output.emit(answer)
    }
}
