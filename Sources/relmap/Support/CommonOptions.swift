import ArgumentParser
import Foundation
import RelmapCore

/// The graph every query command reads: a folder with entities.csv and relations.csv, or a
/// .json / .graphml file.
struct GraphArgument: ParsableArguments {
    @Argument(help: "Graph folder (entities.csv + relations.csv), or a .json / .graphml file.")
    var graph: String

    @Option(help: "Folder for the graph's snapshot (default: .relmap/ beside the data); see Guides/Snapshots.md.")
    var cache: String?

    @Flag(help: "Read the files; neither read nor write a snapshot.")
    var noCache = false

    /// Loads and validates into a query engine. Invalid data throws `RelmapError.invalidData`
    /// (every problem, then exit 1); warnings are summarised on stderr so that stdout stays clean
    /// for tables, CSV and JSON.
    func engine(_ lang: Language) throws -> QueryEngine {
        do {
            let (engine, log) = try loadEngine(lang)
            if log.warningCount > 0 {
                Console.error(
                    lang(
                        "\(log.warningCount) warning(s) while loading \(graph); run `relmap validate \(graph)` to see them",
                        "读取 \(graph) 时有 \(log.warningCount) 个警告；运行 `relmap validate \(graph)` 查看"))
            }
            return engine
        } catch RelmapError.invalidData(let log) {
            Console.error(RelmapError.invalidData(log).description)
            throw RelmapError.unanswerable(
                lang(
                    "\(graph) is not valid; nothing was computed. Fix the lines above and run again.",
                    "\(graph) 数据无效，未做任何计算。请修正以上各行后重试。"))
        }
    }

    func load(_ lang: Language = .fromEnvironment()) throws -> Graph { try engine(lang).graph }

    /// Through the snapshot cache unless `--no-cache`; a refused snapshot or a cache that cannot
    /// be written is said once on stderr, and the answer comes from the files.
    private func loadEngine(_ lang: Language) throws -> (QueryEngine, DiagnosticLog) {
        if noCache { return try QueryEngine.load(graph) }
        let (loaded, event) = try GraphLoader.load(graph, snapshot: SnapshotPolicy(cacheFolder: cache))
        switch event {
        case .rebuilt(let path, let problem):
            Console.error(
                lang(
                    "snapshot \(path) not used: \(problem.message(lang)); read the files and wrote a new one",
                    "未使用快照 \(path)：\(problem.message(lang))；已从文件读取并重新生成"))
        case .unwritable(let path, let reason):
            Console.error(
                lang(
                    "note: no snapshot written in \(path) (\(reason)); give --cache DIR to keep one elsewhere",
                    "说明：无法在 \(path) 写入快照（\(reason)）；可用 --cache DIR 指定其他位置"))
        case .read, .written, .notWorthIt:
            break
        }
        return (QueryEngine(loaded, source: graph), loaded.log)
    }
}

extension OutputFormat: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}

/// `--lang zh|en`: the language of everything printed; from LANG (LC_ALL, LC_MESSAGES) by default.
struct LanguageOption: ParsableArguments {
    @Option(name: .customLong("lang"), help: "Language of the output: zh (简体中文) or en (default: from LANG).")
    var language: Language = .fromEnvironment()
}

/// `--format table|csv|json|md`, `--out PATH` and `--lang`, shared by every query command.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: table, csv, json or md.")
    var format: OutputFormat = .table

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    @OptionGroup var lang: LanguageOption

    var language: Language { lang.language }

    /// Prints the answer's notes to stderr, writes it in the chosen format, and fails (exit 1)
    /// when it found nothing, after writing what it has (the nearest entities, an empty list).
    func emit(_ answer: some Answer) throws {
        for note in answer.notes { Console.error(language("note: ", "说明：") + note) }
        try Console.emit(try answer.rendered(format, language), to: out, lang: language)
        if !answer.isFound { throw ExitCode(1) }
    }
}

enum Console {
    /// Writes to stderr directly: FileHandle traps when the descriptor is closed or full, and a
    /// message that cannot be shown must not take the process down with it.
    /// Messages quote the user's files, so control characters in them are shown escaped
    /// (`TextTable.visible`), line by line.
    static func error(_ message: String) {
        let shown = message.split(separator: "\n", omittingEmptySubsequences: false).map { TextTable.visible(String($0)) }.joined(separator: "\n")
        var bytes = Array((shown + "\n").utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            done += n
        }
    }

    static func emit(_ text: String, to path: String?, inputs: [String] = [], lang: Language = .fromEnvironment()) throws {
        try emit(Data(text.utf8), to: path, inputs: inputs, lang: lang)
    }

    /// Every command's output goes through `OutputFile`: the `--out` rules (inputs refused,
    /// special files written through, `-` for stdout) and write errors as messages, in one place.
    static func emit(_ data: Data, to path: String?, inputs: [String] = [], lang: Language = .fromEnvironment()) throws {
        try OutputFile.write(data, to: path, inputs: inputs, lang: lang)
    }
}
