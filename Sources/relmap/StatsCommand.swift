import ArgumentParser
import Foundation
import RelmapCore

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "What is in a graph: counts by kind, status, type, region and industry; RM books; value-chain components; degrees.")

    @OptionGroup var input: GraphArgument
    @OptionGroup var overlay: OverlayOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try output.emit(try input.engine(output.language, overlay: overlay).stats())
    }
}

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a graph against the data contract; list every problem as FILE:LINE: field: what; how to fix.",
        discussion: "Exit status: 0 valid (warnings allowed), 1 invalid data, 2 bad usage.")

    @Argument(help: "Graph folder (entities.csv + relations.csv), or a .json / .graphml file.")
    var graph: String

    @Option(help: "Show at most this many errors and this many warnings.")
    var limit: Int = 200

    @Flag(help: "Print nothing on success, only problems.")
    var quiet = false

    @OptionGroup var lang: LanguageOption

    func run() async throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
        let started = Date()
        let result = try GraphLoader.validate(graph, diagnosticLimit: limit)
        var answer = ValidationAnswer(source: graph, graph: result.graph, log: result.log, seconds: Date().timeIntervalSince(started))
        answer.quiet = quiet
        print(answer.text(.table, lang.language), terminator: "")
        if !answer.isFound { throw ExitCode(1) }
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a graph as CSV (a folder), JSON or GraphML; every field, extra columns included.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json, graphml }

    @OptionGroup var input: GraphArgument
    @OptionGroup var overlay: OverlayOptions

    @Option(help: "csv (a folder with entities.csv and relations.csv), json or graphml.")
    var format: Format

    @Option(help: "Output path: a folder for csv, a file for json and graphml.")
    var out: String

    @Flag(
        help:
            "CSV for Excel: UTF-8 with a byte-order mark and CRLF line ends, so that Excel on a Chinese Windows shows the Chinese; a text cell starting with = + - @ gets a leading ' (Excel's text mark)."
    )
    var excel = false

    @OptionGroup var lang: LanguageOption

    func validate() throws {
        if excel && format != .csv { throw ValidationError("--excel is for --format csv (JSON and GraphML are not opened in Excel)") }
    }

    func run() async throws {
        let language = lang.language
        // With --workspace the merged graph: recorded rows carry origin = rm_note, recorded_by
        // and recorded_on; rows marked wrong are left out (the notes say how many).
        let engine = try input.engine(language, overlay: overlay)
        let graph = engine.graph
        if let merged = engine.merged, merged.suppressedRelations + merged.suppressedEntities > 0 {
            Console.error(
                language(
                    "left out as marked wrong: \(merged.suppressedEntities) entities, \(merged.suppressedRelations) relations",
                    "已按“标记为错误”略去：\(merged.suppressedEntities) 个主体，\(merged.suppressedRelations) 条关系"))
        }
        try GraphExport.write(
            graph, format: GraphExport.Format(rawValue: format.rawValue)!, to: out,
            dialect: excel ? .excel : .plain, lang: language)
        Console.error(
            language(
                "wrote \(out) (\(graph.entityCount) entities, \(graph.relationCount) relations)",
                "已写出 \(out)（\(graph.entityCount) 个主体，\(graph.relationCount) 条关系）"))
    }
}
