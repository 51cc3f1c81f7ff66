import ArgumentParser
import Foundation
import RelmapCore
import Yams

struct MineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mine",
        abstract: "Mine supplies relations from clients' payment flows into a new graph folder.",
        discussion: """
            Writes DIR's entities and relations plus the mined ones to --out, with mining-report.md
            and mining-report.json. Inputs are never modified. Exit status: 0 done, 1 invalid data or
            too many rejected payment rows (--max-rejected-share), 2 bad usage.
            """)

    @OptionGroup var input: GraphArgument

    @Option(help: "Payments CSV: date, payer_account, payer_name, payee_account, payee_name, amount [, payer_bank, payee_bank, currency, memo, id].")
    var payments: String

    @Option(help: "Our bank's name: a side whose bank contains it is one of our clients.")
    var bank: String?

    @Option(help: "First value date to use (2026-01-01).")
    var since: String?

    @Option(help: "Last value date to use.")
    var until: String?

    @Option(help: "Flows active in fewer months are kept as weak evidence (weak=yes).")
    var minMonths: Int = 3

    @Option(help: "Exclusion rules, YAML or JSON (memo keywords and counterparty patterns per reason).")
    var rules: String?

    @Option(help: "Fail (exit 1) when this share of payment rows or more is rejected.")
    var maxRejectedShare: Double = 0.05

    @Option(help: "Output graph folder (must differ from the input).")
    var out: String

    func run() throws {
        let inURL = URL(fileURLWithPath: input.graph).standardizedFileURL.resolvingSymlinksInPath()
        let outURL = URL(fileURLWithPath: out).standardizedFileURL.resolvingSymlinksInPath()
        guard inURL.path != outURL.path else {
            throw ValidationError("--out must be a new folder, not the input graph \(input.graph); inputs are never modified")
        }
        guard minMonths >= 1 else { throw ValidationError("--min-months must be at least 1") }
        guard maxRejectedShare > 0 && maxRejectedShare <= 1 else { throw ValidationError("--max-rejected-share must be in (0, 1], e.g. 0.05") }
        func day(_ s: String?, _ flag: String) throws -> Day? {
            guard let s else { return nil }
            guard let d = ValueParsing.parseDay(s) else { throw ValidationError("\(flag) '\(s)' is not a date; write 2026-01-01") }
            return d
        }
        var options = MiningOptions(
            bank: bank, since: try day(since, "--since"), until: try day(until, "--until"),
            minMonths: minMonths, maxRejectedShare: maxRejectedShare)
        if let rules { options.rules = PaymentRules.defaults.overlaid(with: try loadRules(rules)) }
        let graph = try input.load()
        let result = try PaymentMiner.mine(graph: graph, payments: payments, options: options)
        let report = result.report
        try OutputFile.prepareFolder(out)
        try Console.emit(report.markdown(), to: (out as NSString).appendingPathComponent("mining-report.md"))
        try Console.emit(try report.json(), to: (out as NSString).appendingPathComponent("mining-report.json"))
        if let reason = report.failureReason {
            Console.error("\(payments): \(reason). No graph written; the report is in \(out)/mining-report.md")
            throw ExitCode(1)
        }
        try GraphExport.writeCSV(result.tables, folder: out)
        Console.error(
            """
            \(out): \(result.tables.entities.rows.count) entities, \(result.tables.relations.rows.count) relations; \
            mined \(report.relationsCreated) new and \(report.relationsEnriched) enriched supplies relations \
            (\(report.weakRelations) weak), \(report.created.count) counterparties created, \
            \(report.rejected) of \(report.dataRows) rows rejected, \(report.conflicts.count) conflict(s); see \(out)/mining-report.md
            """)
    }

    func loadRules(_ path: String) throws -> PaymentRules {
        InputFiles.register(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            Console.error("\(path): cannot read the rules file")
            throw ExitCode(1)
        }
        do {
            if path.lowercased().hasSuffix(".json") { return try PaymentRules.decodeJSON(data) }
            return try YAMLDecoder().decode(PaymentRules.self, from: data)
        } catch {
            Console.error(
                "\(path): not a valid rules file: \(error); expected rules: [{reason, memo: [...], counterparty: [...]}], keep, include_individuals, replace_defaults"
            )
            throw ExitCode(1)
        }
    }
}
