import ArgumentParser
import Foundation
import RelmapCore
import RelmapRender

/// `relmap report ...`: documents for people (Markdown, HTML) and tables for tools (CSV, JSON).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports for RMs and branch heads.",
        subcommands: [ReferralsReportCommand.self])
}

struct ReferralsReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "referrals",
        abstract: "Referral trees, introducer scorecards, dormant introducers, chains per RM, anomalies.",
        discussion: """
            Built from the refers relations (date, outcome). HTML is one self-contained file that opens
            offline. CSV holds one table, chosen with --table. See Guides/Referrals.md.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case md, html, csv, json }

    @OptionGroup var input: GraphArgument

    @Option(help: "Only the chains touching this RM's book.")
    var rm: String?

    @Option(help: "Only referrals dated on or after this date (2025-01-01, 2025/1/1, 2025年1月1日...).")
    var since: String?

    @Option(help: "An introducer with a won referral and no referral for this many days is dormant.")
    var dormantDays: Int = 365

    @Option(help: "The report date (default today): dormancy and future-dated referrals are judged against it.")
    var asOf: String?

    @Option(help: "Output format: md, html, csv or json.")
    var format: Format = .md

    @Option(help: "With --format csv, the table to write: \(ReferralReport.CSVTable.allCases.map(\.rawValue).joined(separator: ", ")).")
    var table: String = "introducers"

    @Option(help: "How many of the largest trees get a diagram (HTML) or an outline (Markdown).")
    var diagrams: Int = 6

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    func validate() throws {
        guard dormantDays >= 0 else { throw ValidationError("--dormant-days must be 0 or more") }
        guard diagrams >= 0 else { throw ValidationError("--diagrams must be 0 or more") }
        if let since, ValueParsing.parseDay(since) == nil { throw ValidationError("--since: '\(since)' is not a date; write it as 2025-01-31") }
        if let asOf, ValueParsing.parseDay(asOf) == nil { throw ValidationError("--as-of: '\(asOf)' is not a date; write it as 2025-01-31") }
        if ReferralReport.CSVTable(rawValue: table) == nil {
            throw ValidationError("--table: unknown table '\(table)'; choose one of \(ReferralReport.CSVTable.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let graph = try input.load()
        try Console.run {
            if let rm, graph.entities.rms.existingCode(rm) == nil {
                let known = graph.entities.rms.values.filter { !$0.isEmpty }
                let hint = Suggest.closest(to: rm, among: known).map { "did you mean '\($0)'? " } ?? ""
                throw RelmapError.lookup("no entity belongs to RM '\(rm)'; \(hint)RMs in this graph: \(known.sorted().prefix(20).joined(separator: ", "))")
            }
            let options = ReferralReport.Options(rm: rm, since: since.flatMap(ValueParsing.parseDay), dormantDays: dormantDays,
                                                 asOf: asOf.flatMap(ValueParsing.parseDay) ?? .today, diagrams: diagrams)
            let report = ReferralReport(graph: graph, options: options)
            let text: String
            switch format {
            case .md: text = report.markdown()
            case .html:
                // Trees are drawn by Graphviz, the same machinery as `relmap map`; if it fails the
                // report falls back to its own SVG drawing, so the report is never lost to a render.
                var drawings: [String: String] = [:]
                for tree in report.trees.prefix(report.diagramCount) {
                    let dot = tree.dot()
                    if let bytes = try? waitFor({ try await GraphvizRenderer.shared.render(dot: dot, format: .svg) }) {
                        let svg = String(decoding: bytes, as: UTF8.self)
                        drawings[tree.root] = svg.range(of: "<svg").map { String(svg[$0.lowerBound...]) }
                    }
                }
                text = report.html { drawings[$0.root] }
            case .csv: text = report.csv(ReferralReport.CSVTable(rawValue: table)!)
            case .json: text = try JSONOutput.encode(report)
            }
            try Console.emit(text, to: out)
            if let out { Console.error("wrote \(out)") }
        }
    }
}
