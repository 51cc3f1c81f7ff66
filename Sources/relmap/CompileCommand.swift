import ArgumentParser
import Foundation
import RelmapCore

/// `relmap compile DIR [--cache DIR]`: writes the graph's snapshot now, whatever its size.
struct CompileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a graph into a binary snapshot that every later command opens without parsing.",
        discussion: """
            The snapshot goes to .relmap/ beside the data, or to --cache DIR. It is tied to the input
            files (size, time, content hash) and is rebuilt when any of them changes. Guides/Snapshots.md.
            """)

    @OptionGroup var input: GraphArgument
    @OptionGroup var lang: LanguageOption

    func validate() throws {
        if input.noCache { throw ValidationError("--no-cache makes no sense for compile, which writes the snapshot") }
    }

    func run() async throws {
        let language = lang.language
        let started = Date()
        let made: (path: String, bytes: Int, loaded: LoadedGraph)
        do {
            made = try Snapshot.compile(input.graph, cacheFolder: input.cache)
        } catch RelmapError.invalidData(let log) {
            Console.error(RelmapError.invalidData(log).description)
            throw RelmapError.unanswerable(
                language(
                    "\(input.graph) is not valid; no snapshot was written.",
                    "\(input.graph) 数据无效，未生成快照。"))
        }
        let g = made.loaded.graph
        let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
        let megabytes = String(format: "%.1f", Double(made.bytes) / 1_048_576)
        print(
            language(
                "Wrote \(made.path): \(megabytes) MB, \(g.entityCount) entities, \(g.relationCount) relations, \(made.loaded.log.warningCount) warning(s) kept, in \(seconds) s",
                "已写入 \(made.path)：\(megabytes) MB，\(g.entityCount) 个实体，\(g.relationCount) 条关系，保留 \(made.loaded.log.warningCount) 个警告，用时 \(seconds) 秒")
        )
    }
}
