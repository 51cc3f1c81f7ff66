import ArgumentParser
import Foundation
import RelmapCore
import RelmapWorkspace

/// `relmap log`: record an activity (a visit, call, meeting, event or referral request) in the
/// acting user's book, one from options or many from a CSV file.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Record a visit, call, meeting, event or referral request in the workspace.",
        discussion: """
            One activity from options, or many with --from FILE.csv (columns target,kind,date,outcome,note,people;
            people separated by ; or |). A file is written in one transaction: every bad row is reported with its
            line and field, and nothing is written unless every row is good.
            Entities are graph ids or names, or ws-N ids of entities recorded with relmap record --new-person.
            Acting --user is trusted: whoever can write the workspace file may act as any of its users.
            Exit status: 0 done, 1 a data problem (unknown entity or user, a bad row), 2 bad usage or a bad field.
            Example: relmap log Graphs/battery-chain --workspace ws.sqlite --user wangfang --target CEL02 --kind visit --date 2026-12-01 --people P0001
            """)

    @OptionGroup var options: RecordOptions
    @Option(help: "The entity visited or called (id or name).")
    var target: String?
    @Option(help: "visit, call, meeting, event or referral_request.")
    var kind: ActivityKind?
    @Option(help: "The day it happened (YYYY-MM-DD; at most one day ahead).")
    var date: Day?
    @Option(help: "What came of it (one line).")
    var outcome: String = ""
    @Option(help: "A note (up to \(Workspace.maximumNoteLength) characters).")
    var note: String = ""
    @Option(help: "The people met, ids or names separated by commas.")
    var people: String?
    @Option(help: "Log every row of this CSV file instead (columns target,kind,date,outcome,note,people).")
    var from: String?

    func validate() throws {
        if from != nil {
            if target != nil || kind != nil || date != nil || people != nil || !outcome.isEmpty || !note.isEmpty {
                throw ValidationError("give either --from FILE.csv or one activity's options (--target, --kind, --date...), not both")
            }
        } else if target == nil || kind == nil || date == nil {
            throw ValidationError("give --target, --kind and --date (or --from FILE.csv)")
        }
    }

    func run() async throws {
        let context = try options.open()
        let lang = context.language
        if let from {
            let logged = try ActivityFile(path: from, context: context).log()
            print(
                lang(
                    "logged \(logged.count) activities from \(from) in book \(context.user.rm ?? "")",
                    "已从 \(from) 记录 \(logged.count) 条活动，归入 \(context.user.rm ?? "") 名下"))
            return
        }
        guard let target, let kind, let date else { return }
        let draft = ActivityDraft(
            target: try context.entityID(target), kind: kind, date: date, outcome: outcome, note: note,
            people: try commaList(people).map(context.entityID))
        let a = try context.run { try $0.logActivity(draft, by: context.user, exists: context.exists) }
        print(
            lang(
                "logged activity \(a.id): \(a.kind.rawValue) \(a.target) on \(a.date) in book \(a.rm)",
                "已记录活动 \(a.id)：\(a.date) \(a.kind.rawValue) \(a.target)，归入 \(a.rm) 名下"))
    }
}

/// A CSV file of activities: every row checked (and every bad one reported with file, line and
/// field) before any is written, then all written in one transaction.
struct ActivityFile {
    let path: String
    let context: RecordContext
    static let columns = ["target", "kind", "date", "outcome", "note", "people"]

    func log() throws -> [Activity] {
        let lang = context.language
        let table = try CSVReader.read(path: path)
        var problems = DiagnosticLog()
        func problem(_ line: Int?, _ field: String?, _ message: String) {
            problems.add(Diagnostic(.error, file: path, line: line, field: field, message))
        }
        let missing = ["target", "kind", "date"].filter { table.column($0) == nil }
        let unknown = table.header.filter { !$0.isEmpty && !Self.columns.contains($0) }
        if !missing.isEmpty || !unknown.isEmpty {
            problem(
                1, nil,
                lang(
                    "the header needs the columns target, kind and date (and may have outcome, note, people)",
                    "表头须有 target、kind、date 列（可选 outcome、note、people）")
                    + (missing.isEmpty ? "" : lang("; missing: ", "；缺少：") + missing.joined(separator: ", "))
                    + (unknown.isEmpty ? "" : lang("; unknown: ", "；无法识别：") + unknown.joined(separator: ", ")))
        }
        if table.rows.isEmpty && missing.isEmpty && unknown.isEmpty {
            problem(nil, nil, lang("no rows below the header; nothing to log", "表头下没有数据行；没有可记录的内容"))
        }
        if problems.hasErrors { throw RelmapError.invalidData(problems) }

        // Without a book, every row would fail alike: say it once.
        if context.user.rm == nil { try context.run { _ -> Void in throw WorkspaceError.noBook(context.user.name) } }
        var drafts: [ActivityDraft] = []
        for (row, line) in zip(table.rows, table.lines) {
            func cell(_ name: String) -> String {
                guard let i = table.column(name), i < row.count else { return "" }
                return row[i].trimmingCharacters(in: .whitespaces)
            }
            do {
                guard let kind = ActivityKind(rawValue: cell("kind")) else {
                    problem(
                        line, "kind",
                        lang(
                            "'\(cell("kind"))' is not a kind; use visit, call, meeting, event or referral_request",
                            "'\(cell("kind"))' 不是活动类型；请使用 visit、call、meeting、event 或 referral_request"))
                    continue
                }
                guard let date = ValueParsing.parseDay(cell("date")) else {
                    problem(line, "date", lang("'\(cell("date"))' is not a date; write it as YYYY-MM-DD", "'\(cell("date"))' 不是日期；请写成 YYYY-MM-DD"))
                    continue
                }
                let people = try cell("people").split(whereSeparator: { $0 == ";" || $0 == "|" })
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map(context.entityID)
                let draft = ActivityDraft(
                    target: try context.entityID(cell("target")), kind: kind, date: date,
                    outcome: cell("outcome"), note: cell("note"), people: people)
                try context.workspace.checkActivity(draft, by: context.user, exists: context.exists)
                drafts.append(draft)
            } catch let error as WorkspaceError {
                let (field, message) = Self.split(error, chinese: lang == .zh)
                problem(line, field, message)
            } catch RelmapError.lookup(let message) {
                problem(line, nil, message)
            }
        }
        if problems.hasErrors {
            problem(
                nil, nil,
                lang(
                    "nothing was logged: fix the rows above and run again (the file is logged whole or not at all)",
                    "未记录任何内容：请修正以上各行后重试（文件要么整体记录，要么全部不记录）"))
            throw RelmapError.invalidData(problems)
        }
        return try context.run { try $0.logActivities(drafts, by: context.user, exists: context.exists) }
    }

    /// A record error as a field and a message without the field in front.
    static func split(_ error: WorkspaceError, chinese: Bool) -> (String?, String) {
        let message = error.message(chinese: chinese)
        if case .invalidRecord(let field, _) = error {
            for prefix in [field + ": ", field + "："] where message.hasPrefix(prefix) {
                return (field, String(message.dropFirst(prefix.count)))
            }
        }
        return (nil, message)
    }
}
