import ArgumentParser
import Foundation
import RelmapCore

/// `relmap backtest`: would the ranking on a past day have found the clients won since?
struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Score the ranking of a past day against the clients won after it (client_since).",
        discussion: """
            Leaves out relations dated after --as-of and treats later clients as the prospects they
            were, ranks as `next` would have, then compares the composite, each signal alone, the
            number of trading partners (degree), size and a random order on hits, precision and
            recall in the top k, ROC AUC and average precision. See Guides/Backtest.md.
            """)

    @OptionGroup var input: GraphArgument
    /// The workspace's won targets count as wins on the day they were won (their pipeline history).
    @OptionGroup var records: WorkspaceOption

    @Option(name: .customLong("as-of"), help: "The day the ranking would have been made (e.g. 2024-06-30).")
    var asOf: String

    @Option(help: "How many top candidates count as the list an RM works through.")
    var k = 100

    @Option(help: "Rank from this RM's book and count only this RM's wins.")
    var rm: String?

    @Option(help: "A weights file, as for `next --weights` (YAML or JSON).")
    var weights: String?

    @Option(help: "Also write every candidate's outcome and score per method to this CSV file.")
    var scores: String?

    @Option(help: "Also draw precision at k for every method, k from 1 to twice --k, to this SVG file.")
    var plot: String?

    @Flag(help: "Print the seconds spent per stage to standard error.")
    var timings = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if k < 1 { throw ValidationError("--k must be at least 1") }
        _ = try parseDay(asOf, option: "--as-of")
    }

    func run() async throws {
        let weightTable = try weights.map(RankingWeights.load(path:)) ?? RankingWeights()
        let lang = output.language
        var query = Backtest.Query(asOf: try parseDay(asOf, option: "--as-of"), k: k, rm: rm, weights: weightTable)
        query.language = lang
        let graph = try input.graph(lang, records: records)
        let start = DispatchTime.now().uptimeNanoseconds
        let prepared = try Backtest.prepare(graph, query)
        let prepareSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var result = Backtest.evaluate(prepared, weights: weightTable, k: k, language: lang)
        result.timings["as-of graph and signals"] = prepareSeconds
        if let plot {
            let curves = Backtest.curves(prepared, weights: weightTable, limit: 2 * k)
            try Console.emit(PrecisionChart(curves: curves, k: k, language: lang).svg(), to: plot)
        }
        if let scores {
            try Console.emit(Backtest.scoreTable(prepared, weights: weightTable).render(.csv), to: scores)
        }
        if timings {
            for (stage, secs) in (result.timings.merging(prepared.table.timings) { a, _ in a }).sorted(by: { $0.value > $1.value }) {
                Console.error(String(format: "%8.3f s  %@", secs, stage))
            }
        }
        try output.emit(result)
    }
}

/// A date on the command line, in any form the data contract accepts.
func parseDay(_ text: String, option: String) throws -> Day {
    guard let day = ValueParsing.parseDay(text) else {
        throw ValidationError("\(option): '\(text)' is not a date; write an ISO date such as 2024-06-30")
    }
    return day
}
