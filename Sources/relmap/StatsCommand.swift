import ArgumentParser
import Foundation
import RelmapCore

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "What is in a graph: counts by kind, status, type, region and industry; RM books; value-chain components; degrees.")

    @OptionGroup var input: GraphArgument
    @OptionGroup var output: OutputOptions

    func run() throws {
        let graph = try input.load()
        let s = GraphStatistics(graph)
        if output.format == .json { return try output.emit(try JSONOutput.encode(s)) }
        let chinese = AmountFormatting.looksChinese((0..<min(graph.entityCount, 200)).map { graph.entities.name($0) })
        var t = TextTable(columns: ["section", "key", "count", "detail"], numeric: ["count"])
        t.add(["total", "entities", String(s.entities), ""])
        t.add(["total", "relations", String(s.relations), ""])
        for c in s.byKind { t.add(["kind", c.key, String(c.count), ""]) }
        for c in s.byStatus { t.add(["status", c.key, String(c.count), ""]) }
        for c in s.byType { t.add(["relation type", c.key, String(c.count), ""]) }
        for c in s.byRegion.prefix(15) { t.add(["region", c.key, String(c.count), ""]) }
        if s.byRegion.count > 15 { t.add(["region", "(\(s.byRegion.count - 15) more)", "", ""]) }
        for c in s.byIndustry.prefix(20) { t.add(["industry", c.key, String(c.count), ""]) }
        if s.byIndustry.count > 20 { t.add(["industry", "(\(s.byIndustry.count - 20) more)", "", ""]) }
        for b in s.books.prefix(30) { t.add(["RM book", b.rm, String(b.clients), "value " + AmountFormatting.short(b.value, chinese: chinese)]) }
        if s.books.count > 30 { t.add(["RM book", "(\(s.books.count - 30) more RMs)", "", ""]) }
        let vc = s.valueChain
        t.add(["value chain", "components", String(vc.count), "largest \(vc.largest) entities, \(vc.clientsInLargest) clients"])
        let d = s.degrees
        t.add(["degree", "mean", String(format: "%.2f", d.mean), "median \(d.median), p99 \(d.p99)"])
        t.add(["degree", "max", String(d.max), d.maxEntity])
        t.add(["degree", "isolated", String(d.isolated), "entities with no relation"])
        let mem = s.memory
        t.add(["memory", "bytes/relation", String(format: "%.1f", mem.bytesPerRelation),
               String(format: "relations %.1f MB (%.1f B each), entities %.1f MB", Double(mem.relationBytes) / 1e6,
                      mem.relationSideBytesPerRelation, Double(mem.entityBytes) / 1e6)])
        try output.emit(t, json: { "" })
    }
}

struct ValidateCommand: ParsableCommand {
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

    func run() throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
        let started = Date()
        let result: (graph: Graph?, log: DiagnosticLog)
        do { result = try GraphLoader.validate(graph, diagnosticLimit: limit) } catch let error as RelmapError {
            Console.error(error.description)
            throw ExitCode(error.exitCode)
        }
        let log = result.log
        // In reading order: file by file (entities before relations), line by line.
        var fileOrder: [String: Int] = [:]
        for d in log.kept where fileOrder[d.file] == nil { fileOrder[d.file] = fileOrder.count }
        let ordered = log.kept.enumerated().sorted {
            (fileOrder[$0.element.file]!, $0.element.line ?? 0, $0.offset) < (fileOrder[$1.element.file]!, $1.element.line ?? 0, $1.offset)
        }
        for (_, d) in ordered { print(d.description) }
        let hidden = (log.errorCount - log.errors.count, log.warningCount - log.warnings.count)
        if hidden.0 > 0 || hidden.1 > 0 { print("... and \(hidden.0) more error(s), \(hidden.1) more warning(s) not shown (raise --limit)") }
        if let g = result.graph {
            if !quiet {
                let seconds = Date().timeIntervalSince(started)
                print("\(graph): valid: \(g.entityCount) entities, \(g.relationCount) relations, \(log.warningCount) warning(s) (\(String(format: "%.2f", seconds)) s)")
            }
        } else {
            print("\(graph): invalid: \(log.errorCount) error(s), \(log.warningCount) warning(s)")
            throw ExitCode(1)
        }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a graph as CSV (a folder), JSON or GraphML; every field, extra columns included.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json, graphml }

    @OptionGroup var input: GraphArgument

    @Option(help: "csv (a folder with entities.csv and relations.csv), json or graphml.")
    var format: Format

    @Option(help: "Output path: a folder for csv, a file for json and graphml.")
    var out: String

    func run() throws {
        let graph = try input.load()
        try Console.run {
            try GraphExport.write(graph, format: GraphExport.Format(rawValue: format.rawValue)!, to: out)
        }
        Console.error("wrote \(out) (\(graph.entityCount) entities, \(graph.relationCount) relations)")
    }
}
