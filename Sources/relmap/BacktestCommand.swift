import ArgumentParser
import Foundation
import RelmapCore

/// `relmap backtest`: would the ranking on a past day have found the clients won since?
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Score the ranking of a past day against the clients won after it (client_since).",
        discussion: """
            Leaves out relations dated after --as-of and treats later clients as the prospects they
            were, ranks as `next` would have, then compares the composite, each signal alone, the
            number of trading partners (degree), size and a random order on hits, precision and
            recall in the top k, ROC AUC and average precision. See Guides/Backtest.md.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, md }

    @OptionGroup var input: GraphArgument

    @Option(name: .customLong("as-of"), help: "The day the ranking would have been made (e.g. 2024-06-30).")
    var asOf: String

    @Option(help: "How many top candidates count as the list an RM works through.")
    var k = 100

    @Option(help: "Rank from this RM's book and count only this RM's wins.")
    var rm: String?

    @Option(help: "A weights file, as for `next --weights` (YAML or JSON).")
    var weights: String?

    @Option(help: "Output format: table, json or md.")
    var format: Format = .table

    @Option(help: "Language of the report: en or zh.")
    var lang: BacktestText.Language = .en

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    @Option(help: "Also write every candidate's outcome and score per method to this CSV file.")
    var scores: String?

    @Flag(help: "Print the seconds spent per stage to standard error.")
    var timings = false

    func validate() throws {
        if k < 1 { throw ValidationError("--k must be at least 1") }
        _ = try parseDay(asOf, option: "--as-of")
    }

    func run() throws {
        let weightTable = try WeightsFile.load(weights)
        let day = try parseDay(asOf, option: "--as-of")
        let graph = try input.load()
        var query = Backtest.Query(asOf: day, k: k, rm: rm, weights: weightTable)
        query.language = lang
        try Console.run {
            let start = DispatchTime.now().uptimeNanoseconds
            let prepared = try Backtest.prepare(graph, query)
            let prepareSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            var result = Backtest.evaluate(prepared, weights: weightTable, k: k, language: lang)
            result.timings["as-of graph and signals"] = prepareSeconds
            if let scores {
                try Console.emit(Backtest.scoreTable(prepared, weights: weightTable).render(.csv), to: scores)
            }
            if timings {
                for (stage, secs) in (result.timings.merging(prepared.table.timings) { a, _ in a }).sorted(by: { $0.value > $1.value }) {
                    Console.error(String(format: "%8.3f s  %@", secs, stage))
                }
            }
            switch format {
            case .table: try Console.emit(result.table(lang), to: out)
            case .md: try Console.emit(result.markdown(lang), to: out)
            case .json: try Console.emit(try JSONOutput.encode(result), to: out)
            }
        }
    }
}
