import ArgumentParser
import Foundation
import RelmapCore
import RelmapWorkspace

/// `--workspace FILE`, `--today DATE` and `--no-decay`: the graph a question sees is the base
/// files plus what RMs recorded in the workspace (recorded relations, won targets, corrections,
/// logged contacts), with ties cooled by the time since their last contact. The same merge and
/// decay the web workspace answers from, so a command and a page agree.
struct OverlayOptions: ParsableArguments {
    @OptionGroup var records: WorkspaceOption

    @Option(help: "Count tie ages to this day (YYYY-MM-DD) instead of today.")
    var today: String?

    @Flag(help: "Keep every tie's strength however long ago its last contact was.")
    var noDecay = false

    /// The decay these options ask for, with `halfLives` from the weights file.
    func decay(halfLives: [RelationType: Double], _ lang: Language) throws -> TieDecay? {
        if noDecay { return nil }
        var day = Day.today
        if let today {
            guard let parsed = ValueParsing.parseDay(today) else {
                throw RelmapError.usage(
                    lang(
                        "--today '\(today)' is not a date; write it as YYYY-MM-DD, e.g. 2026-06-30",
                        "--today '\(today)' 不是日期；请写成 YYYY-MM-DD，例如 2026-06-30"))
            }
            day = parsed
        }
        return TieDecay(asOf: day, halfLives: halfLives)
    }

    func facts(_ lang: Language) throws -> (WorkspaceFacts, revision: Int64)? { try records.facts(lang) }
}

/// `--workspace FILE` alone, for commands that do not walk ties (backtest, tune).
struct WorkspaceOption: ParsableArguments {
    @Option(
        help:
            "A workspace file of relmap serve: its recorded relations, won targets, corrections and logged contacts join the graph (read, never changed)."
    )
    var workspace: String?

    /// The workspace's records, or none without `--workspace`. A missing file is an error (a
    /// mistyped name must not quietly answer from the base files alone).
    func facts(_ lang: Language) throws -> (WorkspaceFacts, revision: Int64)? {
        guard let workspace else { return nil }
        InputFiles.register(workspace)
        guard FileManager.default.fileExists(atPath: workspace) else {
            throw RelmapError.io(
                path: workspace,
                reason: lang(
                    "no workspace file here; give the file relmap serve --workspace uses",
                    "此处没有工作区文件；请给出 relmap serve --workspace 所用的文件"))
        }
        do {
            let store = try Workspace.open(path: workspace)
            return (try store.facts(), try store.revision())
        } catch let error as WorkspaceError {
            throw RelmapError.io(path: workspace, reason: error.message(chinese: lang == .zh))
        }
    }
}

extension GraphArgument {
    /// The engine over the base files merged with `overlay`'s workspace, ties aged as it says.
    /// Records the merge could not place are printed as notes on stderr.
    func engine(_ lang: Language, overlay: OverlayOptions, halfLives: [RelationType: Double] = TieDecay.defaultHalfLives) throws -> QueryEngine {
        let base = try engine(lang)
        let decay = try overlay.decay(halfLives: halfLives, lang)
        guard let (facts, revision) = try overlay.facts(lang) else {
            return QueryEngine(
                graph: base.graph, source: base.source, aging: decay.map { TieAging(decay: $0, graph: base.graph) },
                chain: base.chainSource, tieStrengths: base.tieStrengths, signalsCache: base.signalsCache)
        }
        let merged = base.graph.merging(facts, revision: revision, language: lang)
        for line in merged.skipped { Console.error(lang("note: ", "说明：") + line) }
        return QueryEngine(merged: merged, source: base.source, decay: decay, earlier: base)
    }

    /// The base files merged with the workspace's records, without aging.
    func graph(_ lang: Language, records: WorkspaceOption) throws -> Graph {
        let base = try engine(lang)
        guard let (facts, revision) = try records.facts(lang) else { return base.graph }
        let merged = base.graph.merging(facts, revision: revision, language: lang)
        for line in merged.skipped { Console.error(lang("note: ", "说明：") + line) }
        return merged.graph
    }
}
