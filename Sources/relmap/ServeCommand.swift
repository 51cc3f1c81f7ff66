import ArgumentParser
import Foundation
import Hummingbird
import Logging
import RelmapCore
import RelmapServer
import RelmapWorkspace

/// `relmap serve DIR --workspace FILE`: the web workspace, answering every signed-in RM from one
/// loaded graph.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web workspace: RMs sign in and see their book, next targets, warm paths, maps and referrals.",
        discussion: """
            Loads the graph once and answers from memory. Accounts and sessions live in the workspace
            file (SQLite, created and migrated on first start); add users with `relmap users add`.
            Listens on 127.0.0.1 unless --host says otherwise. Stop with Ctrl-C.
            """)

    @OptionGroup var input: GraphArgument

    @Option(
        help:
            "The workspace file (SQLite): accounts, sessions, and what RMs record (activities, pipeline, relations, corrections), which joins the graph; created if missing."
    )
    var workspace: String

    @Option(help: "Address to listen on; 127.0.0.1 keeps the server on this machine.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one and prints it).")
    var port = 8080

    @Option(help: "A weights file for every ranking the server answers, as `relmap next --weights`.")
    var weights: String?

    @Option(help: "Take ppr and coverage from all clients from this signals.csv (Spark/relmap_signals.py), as `relmap next --signals`.")
    var signals: String?

    @OptionGroup var lang: LanguageOption

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
    }

    func run() async throws {
        let language = lang.language
        let started = Date()
        let weightTable = try weights.map(RankingWeights.load(path:)) ?? RankingWeights()
        let store = try Workspace.open(path: workspace)
        let engine = try input.engine(language)
        let signalsFile = try signals.map { try SignalsFile(path: $0, lang: language) }
        // Checked before the server listens: a file from another graph stops it here.
        if let signalsFile { _ = try signalsFile.bind(try engine.rankingContext(), lang: language) }
        let app = try WebApp(
            engine: engine, workspace: store, weights: weightTable,
            weightsOrigin: weights.map(WeightsOrigin.of(path:)) ?? WeightsOrigin(), signals: signalsFile)
        try app.warmUp()
        let watcher = app.watchWorkspace()
        defer { watcher.cancel() }
        let users = try store.users()
        var logger = Logger(label: "relmap")
        logger.logLevel = .warning
        let host = self.host
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        let application = app.application(host: host, port: port, logger: logger) { port in
            Console.error(
                language(
                    "relmap serve: \(engine.graph.entityCount) entities loaded in \(seconds) s; listening on http://\(host):\(port)/",
                    "relmap serve：\(seconds) 秒内载入 \(engine.graph.entityCount) 个主体；服务地址 http://\(host):\(port)/"))
            if users.isEmpty {
                Console.error(
                    language(
                        "no accounts yet: add one with `relmap users add --workspace \(workspace) --name NAME --role rm --rm RM01 --password-stdin`",
                        "尚无账号：请用 `relmap users add --workspace \(workspace) --name 用户名 --role rm --rm RM01 --password-stdin` 添加"))
            }
        }
        try await application.runService()
    }
}
