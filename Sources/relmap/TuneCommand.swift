import ArgumentParser
import Foundation
import RelmapCore

/// `relmap tune`: weights and signal transforms fitted on the bank's own wins, judged out of time.
struct TuneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Fit the ranking's weights on the wins between two dates and report them out of time.",
        discussion: """
            Chooses non-negative weights and a transform per signal (percentile, log, share) on the
            ranking of --train-as-of against the clients won before --test-as-of, then reports the
            ranking of --test-as-of against the clients won after it, tuned beside default. Writes
            the weights file --out for `relmap next --weights`, the figures as comments.
            See Guides/Backtest.md.
            """)

    @OptionGroup var input: GraphArgument
    /// The workspace's won targets count as wins on the day they were won (their pipeline history).
    @OptionGroup var records: WorkspaceOption

    @Option(name: .customLong("train-as-of"), help: "D1: the day whose ranking the weights are fitted on.")
    var trainAsOf: String

    @Option(name: .customLong("test-as-of"), help: "D2: wins between D1 and D2 train; the ranking of D2 is judged on the wins after it.")
    var testAsOf: String

    @Option(help: "How many top candidates count as the list an RM works through.")
    var k = 100

    @Option(name: .customLong("out"), help: "The weights file to write (YAML: .yaml or .yml).")
    var weightsOut: String

    @Option(help: "Start from (and compare with) these weights instead of the defaults.")
    var weights: String?

    @Flag(help: "Print the seconds spent per stage and the search steps to standard error.")
    var timings = false

    @Option(help: "Output format of the report: table, csv, json or md.")
    var format: OutputFormat = .table

    @Option(help: "Write the report to this file instead of standard output.")
    var report: String?

    @OptionGroup var lang: LanguageOption

    func validate() throws {
        if k < 1 { throw ValidationError("--k must be at least 1") }
        let d1 = try parseDay(trainAsOf, option: "--train-as-of"), d2 = try parseDay(testAsOf, option: "--test-as-of")
        if !(d1 < d2) { throw ValidationError(BacktestText(lang.language).trainTestOrder(d1, d2)) }
        let lower = weightsOut.lowercased()
        if !(lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")) {
            throw ValidationError("--out \(weightsOut): the weights file is YAML (.yaml or .yml), so that it can carry the figures as comments")
        }
    }

    func run() async throws {
        let lang = self.lang.language
        var query = WeightTuning.Query(
            train: try parseDay(trainAsOf, option: "--train-as-of"),
            test: try parseDay(testAsOf, option: "--test-as-of"), k: k)
        query.start = try weights.map(RankingWeights.load(path:)) ?? RankingWeights()
        query.language = lang
        let graph = try input.graph(lang, records: records)
        let result = try WeightTuning.tune(graph, query)
        if timings {
            for (stage, secs) in result.timings.sorted(by: { $0.value > $1.value }) {
                Console.error(String(format: "%8.3f s  %@", secs, stage))
            }
            for step in result.steps { Console.error("  " + step) }
        }
        try Console.emit(result.weightsFile(lang), to: weightsOut)
        for note in result.notes { Console.error(lang("note: ", "说明：") + note) }
        try Console.emit(try result.rendered(format, lang), to: report)
    }
}
