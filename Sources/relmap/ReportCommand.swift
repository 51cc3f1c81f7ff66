import ArgumentParser
import Foundation
import RelmapCore
import RelmapRender

/// `relmap report ...`: documents for people (Markdown, HTML) and tables for tools (CSV, JSON).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports for RMs and branch heads.",
        subcommands: [ReferralsReportCommand.self, DormantReportCommand.self])
}

struct ReferralsReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "referrals",
        abstract: "Referral trees, introducer scorecards, dormant introducers, chains per RM, anomalies.",
        discussion: """
            Built from the refers relations (date, outcome). HTML is one self-contained file that opens
            offline. CSV holds one table, chosen with --table. See Guides/Referrals.md.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case md, html, csv, json }

    @OptionGroup var input: GraphArgument
    @OptionGroup var overlay: OverlayOptions

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

    @OptionGroup var lang: LanguageOption

    func validate() throws {
        guard dormantDays >= 0 else { throw ValidationError("--dormant-days must be 0 or more") }
        guard diagrams >= 0 else { throw ValidationError("--diagrams must be 0 or more") }
        if let since, ValueParsing.parseDay(since) == nil { throw ValidationError("--since: '\(since)' is not a date; write it as 2025-01-31") }
        if let asOf, ValueParsing.parseDay(asOf) == nil { throw ValidationError("--as-of: '\(asOf)' is not a date; write it as 2025-01-31") }
        if ReferralReport.CSVTable(rawValue: table) == nil {
            throw ValidationError(
                "--table: unknown table '\(table)'; choose one of \(ReferralReport.CSVTable.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let engine = try input.engine(lang.language, overlay: overlay)
        let options = ReferralReport.Options(
            rm: rm, since: since.flatMap(ValueParsing.parseDay), dormantDays: dormantDays,
            asOf: asOf.flatMap(ValueParsing.parseDay) ?? .today, diagrams: diagrams)
        let report = try engine.referrals(options, lang: lang.language)
        let text: String
        switch format {
        case .md: text = report.markdown()
        case .html:
            let drawings = await ReferralDrawings.render(report)
            text = report.html { drawings[$0.root] }
        case .csv: text = report.csv(ReferralReport.CSVTable(rawValue: table)!)
        case .json: text = try JSONRendering.encode(report)
        }
        try Console.emit(text, to: out, lang: lang.language)
        if let out { Console.error(lang.language("wrote \(out)", "已写出 \(out)")) }
    }
}

/// `relmap report dormant`: introducers and ties of a book that went quiet against their own
/// rhythm (Guides/Workspace.md, "Dormant ties").
struct DormantReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dormant",
        abstract: "Introducers and ties silent for 8 times their usual gap between contacts: who to call again.",
        discussion: """
            A tie's contacts are its date and every activity logged in the workspace that met both ends;
            an introducer's are its referrals and the activities that met it. Give --workspace to count
            the logged activities.
            """)

    @OptionGroup var input: GraphArgument
    @OptionGroup var overlay: OverlayOptions

    @Option(help: "Only this RM's book (repeat for several); default every book.")
    var rm: [String] = []

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let engine = try input.engine(output.language, overlay: overlay)
        try output.emit(try engine.dormant(rms: rm.isEmpty ? nil : Set(rm), lang: output.language))
    }
}
