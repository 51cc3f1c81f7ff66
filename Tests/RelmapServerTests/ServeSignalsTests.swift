import Foundation
import Hummingbird
import HummingbirdTesting
import RelmapCore
import RelmapServer
import RelmapWorkspace
import Testing

/// `relmap serve --signals`: the whole-bank ranking takes ppr and coverage from the file, a book
/// is computed here, and once the workspace's records change the graph the file no longer fits,
/// the answer is computed here and says so (never an error page, never the file's stale rows).
@Suite(.serialized) struct ServeSignalsTests {
    let folder = NSTemporaryDirectory() + "relmap-serve-signals-" + UUID().uuidString
    let signalsPath: String
    let app: WebApp

    init() throws {
        let graph = folder + "/graph"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ServerFixture.root.appendingPathComponent("Graphs/battery-chain").path, toPath: graph)
        let engine = try QueryEngine.load(graph).engine
        signalsPath = folder + "/signals.csv"
        try Self.writeOwnSignals(engine, to: signalsPath)
        let workspace = try Workspace.open(path: folder + "/workspace.sqlite")
        _ = try workspace.addUser(name: "admin", role: .admin, rm: nil, team: [], password: ServerFixture.password)
        _ = try workspace.addUser(name: "rm01", role: .rm, rm: "RM01", team: [], password: ServerFixture.password)
        app = try WebApp(engine: engine, workspace: workspace, signals: try SignalsFile(path: signalsPath))
        try app.warmUp()
    }

    /// The file the Spark job would write for this graph, from Relmap's own signals.
    static func writeOwnSignals(_ engine: QueryEngine, to path: String) throws {
        let (csv, meta) = SignalsFile.ownSignals(try engine.rankingContext())
        try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
        try Data(meta.utf8).write(to: URL(fileURLWithPath: (path as NSString).deletingPathExtension + ".json"))
    }

    @Test func theFileServesTheWholeBankUntilRecordsChangeTheGraph() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await Application(router: app.router()).test(.router) { client in
            var admin = Browser(client), rm01 = Browser(client)
            admin.language = "en"
            rm01.language = "en"
            _ = try await admin.signIn("admin")
            _ = try await rm01.signIn("rm01")
            let whole = try await admin.get("/")
            #expect(whole.status == .ok)
            #expect(whole.text.contains("ppr and coverage are read from \(signalsPath)"))
            let book = try await rm01.get("/")
            #expect(book.status == .ok)
            #expect(book.text.contains("for these seeds they are computed here"))

            // A new company recorded by an RM: one more entity than the file knows.
            let made = try await rm01.send(.post, "/api/entities", #"{"name":"新材料测试有限公司","kind":"company","industry":"电芯"}"#)
            #expect(made.status == .created)
            await app.catchUp()
            let after = try await admin.get("/")
            #expect(after.status == .ok)
            #expect(after.text.contains("the signals file does not match the graph with the workspace"))
            #expect(!after.text.contains("ppr and coverage are read from"))
            let api = try await admin.json("/api/next?top=5")
            #expect(api.status == .ok && (api.value as? [[String: Any]])?.count == 5)
        }
    }
}
