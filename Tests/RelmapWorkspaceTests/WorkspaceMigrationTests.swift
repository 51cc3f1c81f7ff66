import Foundation
import GRDB
import RelmapCore
import Testing

@testable import RelmapWorkspace

/// A workspace made by an earlier version is migrated when opened, keeping what it holds; one
/// made by a later version is refused untouched.
@Suite struct WorkspaceMigrationTests {
    let tmp: TemporaryWorkspace
    init() throws { tmp = try TemporaryWorkspace() }

    /// The v1 fixture (made by `relmap users add` before v2 existed) copied to a fresh file.
    func copyOfFixture(_ name: String) throws -> String {
        let fixture = try #require(Bundle.module.url(forResource: name, withExtension: "sqlite", subdirectory: "Fixtures"))
        try FileManager.default.copyItem(atPath: fixture.path, toPath: tmp.path)
        return tmp.path
    }

    @Test func aVersionOneWorkspaceMigratesKeepingUsersAndSessionsAndTakesRecords() throws {
        _ = try copyOfFixture("workspace-v1")
        let before = try DatabaseQueue(path: tmp.path).read { db in try Workspace.migrator.appliedIdentifiers(db) }
        #expect(before == ["v1-accounts"])
        let ws = try tmp.open()
        #expect(try ws.database.read { db in try Workspace.migrator.appliedIdentifiers(db) } == ["v1-accounts", "v2-records"])
        let rm = try #require(try ws.user(named: "wangfang"))
        #expect(rm.role == .rm && rm.rm == "RM01")
        #expect(try ws.user(named: "lilei")?.team == ["RM01", "RM02"])
        // The fixture's password still signs in.
        guard case .success(let signedIn) = try ws.logIn(name: "WangFang", password: "fixture pass 1", address: "127.0.0.1") else {
            Issue.record("the v1 password no longer signs in")
            return
        }
        #expect(signedIn.id == rm.id)
        #expect(
            try ws.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM session WHERE userID = ?", arguments: [rm.id]) } ?? 0 >= 1)
        let exists: EntityExists = { $0 == "C1" }
        let a = try ws.logActivity(ActivityDraft(target: "C1", kind: .call, date: Day(year: 2026, month: 11, day: 2)!), by: rm, exists: exists)
        #expect(try ws.activities(target: "C1", for: rm) == [a])
        #expect(try ws.revision() == 1)
        #expect(try ws.check().isEmpty)
    }

    @Test func aWorkspaceWithAnUnknownNewerMigrationIsRefusedUntouched() throws {
        let ws = try tmp.populated()
        try ws.database.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v3-someday')") }
        try ws.database.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: tmp.path))
        #expect(workspaceError { _ = try tmp.open() } == .newerSchema(path: tmp.path, unknown: ["v3-someday"]))
        #expect(try Data(contentsOf: URL(fileURLWithPath: tmp.path)) == before)
    }
}
