import Foundation
import GRDB

@testable import RelmapWorkspace

/// A fresh folder per test, and workspaces in it at bcrypt's lowest cost so that tests stay fast.
struct TemporaryWorkspace {
    let folder: String
    var path: String { folder + "/workspace.sqlite" }
    static let password = "correct horse"

    init() throws {
        folder = NSTemporaryDirectory() + "relmap-ws-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func open(cost: UInt8 = 4) throws -> Workspace { try Workspace(path: path, bcryptCost: cost) }

    /// A workspace with an rm, a lead over two RMs and an admin, all with `password`.
    func populated() throws -> Workspace {
        let ws = try open()
        _ = try ws.addUser(name: "rm01", role: .rm, rm: "RM01", team: [], password: Self.password)
        _ = try ws.addUser(name: "lead", role: .lead, rm: nil, team: ["RM01", "RM02"], password: Self.password)
        _ = try ws.addUser(name: "admin", role: .admin, rm: nil, team: [], password: Self.password)
        return ws
    }
}

/// The error a throwing call threw, as a `WorkspaceError`, or nil.
func workspaceError(_ body: () throws -> Void) -> WorkspaceError? {
    do { try body() } catch let error as WorkspaceError { return error } catch { return nil }
    return nil
}
