import Foundation
import GRDB
import RelmapCore
import Testing

@testable import RelmapWorkspace

/// Online backup (a consistent copy while a writer runs, never over an existing file), `check()`
/// (integrity and foreign keys), and durable writes.
@Suite struct WorkspaceMaintenanceTests {
    let bench: RecordBench
    init() throws { bench = try RecordBench() }

    @Test func aBackupWhileAWriterRunsIsAConsistentWorkspace() async throws {
        let ws = bench.ws, user = bench.rm01, exists = bench.exists, visit = bench.visit("C1", people: ["P1", "P2"])
        let copies = (0..<4).map { bench.tmp.folder + "/backup-\($0).sqlite" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for _ in 0..<150 { _ = try ws.logActivity(visit, by: user, exists: exists) }
            }
            group.addTask {
                for copy in copies {
                    try ws.backup(to: copy)
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            try await group.waitForAll()
        }
        var sizes: [Int] = []
        for copy in copies {
            #expect(!FileManager.default.fileExists(atPath: copy + "-wal"), "the backup is one file")
            let permissions = try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? Int
            #expect(permissions == 0o600)
            let restored = try Workspace(path: copy, bcryptCost: 4)
            #expect(try restored.check().isEmpty)
            // Every activity in the copy is whole (both people) and the revision counted exactly them.
            let activities = try restored.activities(target: nil, for: bench.admin)
            #expect(activities.allSatisfy { $0.people == ["P1", "P2"] })
            #expect(try restored.revision() == Int64(activities.count))
            #expect(try restored.users().count == 5)
            sizes.append(activities.count)
        }
        #expect(sizes == sizes.sorted())
        #expect(try ws.revision() == 150)
    }

    @Test func aBackupNeverOverwrites() throws {
        let existing = bench.tmp.folder + "/old.sqlite"
        try Data("the only good copy".utf8).write(to: URL(fileURLWithPath: existing))
        #expect(workspaceError { try bench.ws.backup(to: existing) } == .backupDestinationExists(path: existing))
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "the only good copy")
        #expect(workspaceError { try bench.ws.backup(to: bench.tmp.path) } == .backupDestinationExists(path: bench.tmp.path))
        let missing = bench.tmp.folder + "/no/such/folder/b.sqlite"
        guard case .cannotOpen(let path, _) = workspaceError({ try bench.ws.backup(to: missing) }) else {
            Issue.record("a backup into a missing folder did not fail")
            return
        }
        #expect(path == missing)
    }

    @Test func checkFindsABrokenForeignKey() throws {
        _ = try bench.ws.logActivity(bench.visit("C1", people: ["P1"]), by: bench.rm01, exists: bench.exists)
        #expect(try bench.ws.check().isEmpty)
        // Only a hand edit with foreign keys off can do this.
        try bench.ws.database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(
                sql: """
                    INSERT INTO activity (rm, userID, userName, target, kind, date, outcome, note, recordedAt)
                    VALUES ('RM01', 4242, 'ghost', 'C1', 'call', '2026-11-01', '', '', 0)
                    """)
            try db.execute(sql: "INSERT INTO activityPerson (activityID, position, person) VALUES (9999, 0, 'P1')")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let problems = try bench.ws.check()
        #expect(problems.count == 2)
        #expect(problems.contains { $0.contains("activity row") && $0.contains("userID refers to a user row that does not exist") })
        #expect(problems.contains { $0.contains("activityPerson row") && $0.contains("activityID") })
        #expect(try bench.ws.check(chinese: true).allSatisfy { $0.contains("外键失效") })
    }

    @Test func writesAreSyncedAtEveryCommit() throws {
        let synchronous = try bench.ws.database.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(synchronous == 2, "FULL")
        let mode = try bench.ws.database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }
}
