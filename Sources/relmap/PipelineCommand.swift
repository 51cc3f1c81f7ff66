import ArgumentParser
import Foundation
import RelmapCore
import RelmapWorkspace

/// `relmap pipeline`: list the pipeline rows a user may read, or move one target of their own
/// book to a stage and status (`--set`).
struct PipelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "List the pipeline (relationship stage 1-6 and status per target), or update a row with --set.",
        discussion: """
            Without --set: the rows the user may read (an RM their book, a lead the team's, an admin all; --rm for one book),
            by stage then due date; overdue next steps are marked.
            With --set TARGET: changes the user's own row for TARGET. Give --version as last listed; leave it out only for a
            new row. If someone saved the row since, nothing is changed and the current row is shown (exit 1): list again,
            then save again. Stages: 1 认识了解 getting to know, 2 业务了解 understanding the business, 3 建立好感 goodwill,
            4 挖掘资源 mining resources, 5 合作共赢 win-win, 6 拓展中介 intermediary (Guides/Workspace.md).
            Acting --user is trusted: whoever can write the workspace file may act as any of its users.
            Exit status: 0 done, 1 a data problem (stale version, unknown entity or user, a book outside the user's), 2 bad usage.
            """)

    @OptionGroup var options: RecordOptions
    @Option(name: .customLong("set"), help: "Update the acting user's row for this target (id or name).")
    var target: String?
    @Option(help: "Relationship stage, 1 to 6 (with --set).")
    var stage: Int?
    @Option(help: "approaching, won, lost or paused (with --set).")
    var status: PipelineStatus?
    @Option(help: "The next step (one line, with --set).")
    var nextStep: String = ""
    @Option(help: "When the next step is due (YYYY-MM-DD, with --set).")
    var due: Day?
    @Option(help: "The row's version as last listed (with --set; leave out for a new row).")
    var version: Int?
    @Option(help: "List only this RM's book (one the user may read).")
    var rm: String?
    @Option(help: "table, csv or json.")
    var format: ListFormat = .table

    enum ListFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    func validate() throws {
        if target != nil {
            if stage == nil || status == nil { throw ValidationError("--set needs --stage (1-6) and --status") }
            if rm != nil { throw ValidationError("--set changes the acting user's own book; leave out --rm") }
        } else if stage != nil || status != nil || due != nil || version != nil || !nextStep.isEmpty {
            throw ValidationError("--stage, --status, --next-step, --due and --version go with --set TARGET")
        }
    }

    func run() async throws {
        let context = try options.open()
        let lang = context.language
        if let target, let stage, let status {
            let update = PipelineUpdate(
                target: try context.entityID(target), stage: stage, status: status, nextStep: nextStep,
                due: due, version: version)
            let entry = try context.run { try $0.updatePipeline(update, by: context.user, exists: context.exists) }
            print(
                lang(
                    "\(entry.target) in book \(entry.rm): stage \(entry.stage), \(entry.status.rawValue), version \(entry.version)",
                    "\(entry.target)（\(entry.rm) 名下）：阶段 \(entry.stage)，\(entry.status.rawValue)，版本 \(entry.version)"))
            return
        }
        let rows = try context.run { try $0.pipeline(rm: rm, for: context.user) }
        try Console.emit(render(rows, names: context.engine.graph, lang: lang), to: nil, lang: lang)
        if rows.isEmpty && format == .table {
            Console.error(
                lang(
                    "no pipeline rows yet; add one with --set TARGET --stage 1 --status approaching",
                    "还没有营销进展；可用 --set 目标 --stage 1 --status approaching 添加"))
        }
    }

    func render(_ rows: [PipelineEntry], names graph: Graph, lang: Language) throws -> String {
        let today = Day.today
        func name(_ id: String) -> String { graph.index(ofID: id).map { graph.entities.names[$0] } ?? "" }
        func overdue(_ e: PipelineEntry) -> Bool { e.status == .approaching && (e.due.map { $0 < today } ?? false) }
        if format == .json {
            return try JSONRendering.encode(
                rows.map { e in
                    PipelineRow(
                        rm: e.rm, target: e.target, name: name(e.target), stage: e.stage, status: e.status.rawValue, next_step: e.nextStep,
                        due: e.due?.description, overdue: overdue(e), version: e.version, updated_by: e.updatedBy,
                        updated_at: ISO8601DateFormatter().string(from: e.updatedAt))
                })
        }
        var table = TextTable(
            columns: [
                "rm", lang("target", "目标"), lang("name", "名称"), lang("stage", "阶段"), lang("status", "状态"),
                lang("next step", "下一步"), lang("due", "到期"), lang("version", "版本"), lang("updated by", "更新人"),
                lang("updated", "更新时间")
            ],
            numeric: [lang("stage", "阶段"), lang("version", "版本")])
        for e in rows {
            let due = (e.due?.description ?? "") + (overdue(e) ? lang(" overdue", " 已逾期") : "")
            table.add([
                e.rm, e.target, name(e.target), String(e.stage), e.status.rawValue, e.nextStep, due, String(e.version), e.updatedBy,
                Workspace.dayAndTime(e.updatedAt)
            ])
        }
        return table.render(format == .csv ? .csv : .table)
    }

    /// One row as JSON, with the API's keys.
    struct PipelineRow: Encodable {
        let rm, target, name: String
        let stage: Int
        let status, next_step: String
        let due: String?
        let overdue: Bool
        let version: Int
        let updated_by, updated_at: String
    }
}

extension Workspace {
    /// `2026-12-01 14:05` (UTC), how the command line shows when something was recorded.
    static func dayAndTime(_ moment: Date) -> String {
        let seconds = Int(moment.timeIntervalSince1970.rounded(.down))
        let day = Day(daysSince1970: Int32(seconds.floorDiv(86_400)))
        let minute = seconds.floorMod(86_400) / 60
        return "\(day) " + String(format: "%02d:%02d", minute / 60, minute % 60) + " UTC"
    }
}

private extension Int {
    func floorDiv(_ d: Int) -> Int { (self - floorMod(d)) / d }
    func floorMod(_ d: Int) -> Int { ((self % d) + d) % d }
}
