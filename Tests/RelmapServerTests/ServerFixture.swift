import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RelmapCore
import RelmapServer
import RelmapWorkspace
import Testing

/// One web app over the battery-chain sample (plus an entity whose name is an HTML attack) and a
/// workspace with an RM, a lead and an admin, shared by the router tests: hashing passwords is
/// slow on purpose, so accounts are made once.
struct ServerFixture: Sendable {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let password = "correct horse battery"
    static let hostileName = "<script>alert(1)</script>锂电有限公司"

    let folder: String
    let workspacePath: String
    let app: WebApp

    static let shared: ServerFixture = {
        do { return try ServerFixture() } catch { fatalError("server fixture: \(error)") }
    }()

    /// A second app and workspace for the tests that record: their writes change the graph, and
    /// the read-only tests above must not see them.
    static let recording: ServerFixture = {
        do { return try ServerFixture() } catch { fatalError("server fixture: \(error)") }
    }()

    static let workPages: ServerFixture = {
        do { return try ServerFixture() } catch { fatalError("server fixture: \(error)") }
    }()

    init() throws {
        folder = NSTemporaryDirectory() + "relmap-server-" + UUID().uuidString
        let graph = folder + "/graph"
        try FileManager.default.createDirectory(atPath: graph, withIntermediateDirectories: true)
        let sample = Self.root.appendingPathComponent("Graphs/battery-chain")
        var entities = try String(contentsOf: sample.appendingPathComponent("entities.csv"), encoding: .utf8)
        entities += "XSS01,\"\(Self.hostileName)\",company,prospect,电芯,江苏,,,,1000000,,,,\n"
        var relations = try String(contentsOf: sample.appendingPathComponent("relations.csv"), encoding: .utf8)
        relations += "XSS01,CEL03,supplies,5000000,,2024-01-01,,\n"
        try Data(entities.utf8).write(to: URL(fileURLWithPath: graph + "/entities.csv"))
        try Data(relations.utf8).write(to: URL(fileURLWithPath: graph + "/relations.csv"))
        workspacePath = folder + "/workspace.sqlite"
        let workspace = try Workspace.open(path: workspacePath)
        _ = try workspace.addUser(name: "rm01", role: .rm, rm: "RM01", team: [], password: Self.password)
        _ = try workspace.addUser(name: "rm02", role: .rm, rm: "RM02", team: [], password: Self.password)
        _ = try workspace.addUser(name: "lead", role: .lead, rm: nil, team: ["RM01", "RM02"], password: Self.password)
        _ = try workspace.addUser(name: "admin", role: .admin, rm: nil, team: [], password: Self.password)
        let engine = try QueryEngine.load(graph).engine
        app = try WebApp(engine: engine, workspace: workspace)
        try app.warmUp()
    }
}

/// A signed-in client: the session cookie, sent with every request.
struct Browser {
    let client: any TestClientProtocol
    var cookie = ""
    var csrf = ""
    var language = "zh"

    init(_ client: any TestClientProtocol) { self.client = client }

    mutating func signIn(_ user: String, password: String = ServerFixture.password) async throws -> TestResponse {
        let body = #"{"user":"\#(user)","password":"\#(password)"}"#
        let response = try await client.execute(
            uri: "/api/login", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: body))
        if let set = response.headers[.setCookie], let pair = set.split(separator: ";").first { cookie = String(pair) }
        if response.status == .ok, let doc = try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] {
            csrf = doc["csrf"] as? String ?? ""
        }
        return response
    }

    func get(_ uri: String, accept: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.cookie: cookie]
        headers[.acceptLanguage] = accept ?? language
        return try await client.execute(uri: uri, method: .get, headers: headers)
    }

    func post(_ uri: String, form: String) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: form))
    }

    /// A JSON write as the API takes it: session cookie, JSON body, the session's CSRF token.
    func send(_ method: HTTPRequest.Method, _ uri: String, _ body: String, csrf: String? = nil) async throws -> (
        status: HTTPResponse.Status, value: [String: Any]
    ) {
        var headers: HTTPFields = [.cookie: cookie, .contentType: "application/json"]
        headers[HTTPField.Name("X-CSRF-Token")!] = csrf ?? self.csrf
        headers[.acceptLanguage] = language
        let r = try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: body))
        return (r.status, (try? JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [String: Any]) ?? ["raw": r.text])
    }

    func json(_ uri: String) async throws -> (status: HTTPResponse.Status, value: Any?) {
        let r = try await get(uri)
        return (r.status, try? JSONSerialization.jsonObject(with: Data(buffer: r.body)))
    }
}

func testApp() -> some ApplicationProtocol {
    Application(router: ServerFixture.shared.app.router())
}

/// The work pages' own app: their writes must not race the API tests' "nothing changed" checks.
func workPagesApp() -> some ApplicationProtocol {
    Application(router: ServerFixture.workPages.app.router())
}

func recordingApp() -> some ApplicationProtocol {
    Application(router: ServerFixture.recording.app.router())
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
