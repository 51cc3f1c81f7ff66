import ArgumentParser
import Foundation
import RelmapCore

extension OwnershipLanguage: ExpressibleByArgument {}

/// Options every ownership command takes: thresholds and the language.
struct OwnershipArguments: ParsableArguments {
    @Option(help: "List owners or holdings whose integrated share is at least this (0 to 1).")
    var minShare = OwnershipOptions().minShare

    @Option(help: "Relative control: the largest holder without a majority controls from this direct share (0.3, the listed-company rule).")
    var controlFloor = ControlStructure.defaultFloor

    @Option(help: "Beneficial owners: natural persons holding at least this integrated share (0.25, the PBoC rule).")
    var uboThreshold = BeneficialOwners.defaultThreshold

    @Option(help: "Language of tables and messages: en or zh (default: from LANG).")
    var lang: OwnershipLanguage?

    func validate() throws {
        guard (0...1).contains(minShare) else { throw ValidationError("--min-share must be between 0 and 1 (5% is 0.05)") }
        guard controlFloor > 0 && controlFloor <= 0.5 else { throw ValidationError("--control-floor must be above 0 and at most 0.5 (30% is 0.3)") }
        guard uboThreshold > 0 && uboThreshold <= 1 else { throw ValidationError("--ubo-threshold must be above 0 and at most 1 (25% is 0.25)") }
    }

    var language: OwnershipLanguage { lang ?? .fromEnvironment() }

    var options: OwnershipOptions {
        var o = OwnershipOptions()
        o.minShare = minShare
        o.controlFloor = controlFloor
        o.uboThreshold = uboThreshold
        return o
    }

    /// The ownership network of the graph, its problems printed to standard error. Errors (a share
    /// above 100 %, owners in a closed cycle, a loop of control) make shares impossible: nothing is
    /// computed and the exit status is 1, as for any invalid data.
    func network(_ graph: Graph, path: String, control: ControlStructure? = nil) throws -> OwnershipNetwork {
        let net = OwnershipNetwork(graph: graph)
        let issues = net.issues + (control ?? ControlStructure(net, floor: controlFloor)).issues
        guard !issues.isEmpty else { return net }
        let shown = Array(issues.prefix(50))
        let lines = OwnershipLines.locate(shown.flatMap(\.relations), in: graph, path: path)
        let file = FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("relations.csv"))
            ? (path as NSString).appendingPathComponent("relations.csv") : path
        let lang = language
        // In file order, as `relmap validate` lists problems.
        let diagnostics = shown.map { $0.diagnostic(graph, file: file, lines: lines, lang) }
        for d in diagnostics.sorted(by: { ($0.line ?? .max) < ($1.line ?? .max) }) { Console.error(d.description) }
        if issues.count > shown.count { Console.error(lang("... and \(issues.count - shown.count) more ownership problem(s)", "... 另有 \(issues.count - shown.count) 个持股问题")) }
        if issues.contains(where: { $0.severity == .error }) {
            Console.error(lang("\(path): the ownership data has errors; nothing was computed. Fix the lines above and run again.",
                               "\(path): 持股数据有错误, 未作计算。请修正以上各行后重试。"))
            throw ExitCode(1)
        }
        return net
    }

    /// Prints an answer in the chosen format.
    func emit<A: Encodable>(_ answer: A, text: (TextTable.Format) -> String, notes: [String], output: OutputOptions) throws {
        for note in notes { Console.error(language("note: ", "说明: ") + note) }
        switch output.format {
        case .json: try output.emit(try JSONOutput.encode(answer))
        case .csv: try output.emit(text(.csv))
        case .table: try output.emit(text(.table))
        }
    }
}
