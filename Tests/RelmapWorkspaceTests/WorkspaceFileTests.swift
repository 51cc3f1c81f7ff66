import Foundation
import GRDB
import Testing

@testable import RelmapWorkspace

/// The workspace file: created and migrated, reopened with what it holds, and anything that is not
/// a workspace of this version refused and left as it was.
@Suite struct WorkspaceFileTests {
    let tmp: TemporaryWorkspace
    init() throws { tmp = try TemporaryWorkspace() }

    @Test func aNewFileIsCreatedMigratedInWALWithForeignKeysAndOnlyItsOwnerCanReadIt() throws {
        let ws = try tmp.open()
        let (mode, keys, appID, migrations, tables) = try ws.database.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
                try Int32.fetchOne(db, sql: "PRAGMA application_id"), try Workspace.migrator.appliedIdentifiers(db),
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            )
        }
        #expect(mode == "wal")
        #expect(keys == 1)
        #expect(appID == Workspace.applicationID)
        #expect(migrations == ["v1-accounts", "v2-records"])
        #expect(Set(["user", "userTeam", "session", "loginFailure"]).isSubset(of: Set(tables)))
        let permissions = try FileManager.default.attributesOfItem(atPath: tmp.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func reopeningKeepsUsersAndSessions() throws {
        let ws = try tmp.populated()
        let user = try #require(try ws.user(named: "rm01"))
        let session = try ws.createSession(for: user)
        let again = try tmp.open()
        #expect(try again.users().map(\.name) == ["admin", "lead", "rm01"])
        #expect(try again.user(named: "lead")?.team == ["RM01", "RM02"])
        #expect(try again.session(token: session.token)?.1 == user)
    }

    @Test func aFileThatIsNotADatabaseIsRefusedAndLeftUntouched() throws {
        let text = Data("id,name\nC1,宁德时代\n".utf8)
        try text.write(to: URL(fileURLWithPath: tmp.path))
        let error = workspaceError { _ = try tmp.open() }
        #expect(error == .notADatabase(path: tmp.path))
        #expect(error?.description.contains(tmp.path) == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: tmp.path)) == text)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.folder) == ["workspace.sqlite"])
    }

    @Test func aShortFileIsNotADatabaseEither() throws {
        try Data("SQLite".utf8).write(to: URL(fileURLWithPath: tmp.path))
        #expect(workspaceError { _ = try tmp.open() } == .notADatabase(path: tmp.path))
    }

    @Test func anotherProgramsSQLiteDatabaseIsRefusedAndLeftUntouched() throws {
        let other = try DatabaseQueue(path: tmp.path)
        try other.write { db in try db.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)") }
        try other.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: tmp.path))
        #expect(workspaceError { _ = try tmp.open() } == .notAWorkspace(path: tmp.path))
        #expect(try Data(contentsOf: URL(fileURLWithPath: tmp.path)) == before)

        let tagged = tmp.folder + "/tagged.sqlite"
        let queue = try DatabaseQueue(path: tagged)
        try queue.write { db in try db.execute(sql: "PRAGMA application_id = 1234") }
        try queue.close()
        #expect(workspaceError { _ = try Workspace(path: tagged, bcryptCost: 4) } == .notAWorkspace(path: tagged))
    }

    @Test func aWorkspaceWrittenByANewerVersionIsRefused() throws {
        let ws = try tmp.populated()
        try ws.database.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v2-activities')")
        }
        try ws.database.close()
        let error = workspaceError { _ = try tmp.open() }
        #expect(error == .newerSchema(path: tmp.path, unknown: ["v2-activities"]))
        #expect(error?.message(chinese: true).contains("升级") == true)
    }

    @Test func aFolderOrAMissingFolderCannotBeOpened() throws {
        guard case .cannotOpen = workspaceError({ _ = try Workspace(path: tmp.folder, bcryptCost: 4) }) else {
            Issue.record("a folder was opened")
            return
        }
        let missing = tmp.folder + "/no/such/folder/ws.sqlite"
        guard case .cannotOpen(let path, _) = workspaceError({ _ = try Workspace(path: missing, bcryptCost: 4) }) else {
            Issue.record("a file in a missing folder was opened")
            return
        }
        #expect(path == missing)
    }

    @Test func theServerAndTheCommandLineCanUseOneFileAtOnce() async throws {
        let server = try tmp.populated(), cli = try tmp.open()
        let user = try #require(try server.user(named: "rm01"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for k in 0..<20 { _ = try cli.addUser(name: "u\(k)", role: .rm, rm: "RM\(k)", team: [], password: TemporaryWorkspace.password) }
            }
            group.addTask {
                for _ in 0..<20 {
                    let s = try server.createSession(for: user)
                    #expect(try server.session(token: s.token)?.1 == user)
                }
            }
            try await group.waitForAll()
        }
        #expect(try server.users().count == 23)
    }

    @Test func anEmptyFileBecomesAWorkspace() throws {
        #expect(FileManager.default.createFile(atPath: tmp.path, contents: Data()))
        _ = try tmp.populated()
        #expect(try tmp.open().users().count == 3)
    }

    @Test func everyErrorReadsInBothLanguages() {
        let errors: [WorkspaceError] = [
            .notADatabase(path: "w"), .notAWorkspace(path: "w"), .newerSchema(path: "w", unknown: ["v9"]),
            .cannotOpen(path: "w", reason: "r"), .damaged(path: "w", reason: "r"), .invalidName("n"), .weakPassword,
            .passwordTooLong, .passwordHasControlCharacter, .duplicateUser("n"), .unknownUser("n"),
            .roleNeedsBook(.rm), .roleNeedsBook(.lead), .teamNotAllowed(.rm), .invalidRMID("x"),
            .unsupportedLanguage("fr"), .lastAdmin("n"),
            .invalidField("stage", "7 is not a stage", "7 不是阶段"), .unknownEntity("X"), .noBook("n"), .notPermitted("book RM02"),
            .backupDestinationExists(path: "w"),
            .staleVersion(
                current: PipelineEntry(
                    rm: "RM01", target: "C1", stage: 3, status: .won, nextStep: "", due: nil, version: 2,
                    updatedBy: "rm02", updatedAt: Date()))
        ]
        for error in errors {
            let english = error.message(chinese: false), chinese = error.message(chinese: true)
            #expect(english != chinese)
            #expect(chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "no Chinese in \(error)")
            #expect(!english.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "Chinese in the English of \(error)")
            #expect(error.description == english + " / " + chinese)
        }
    }
}
