import Foundation
import GRDB
import Testing
@testable import RelmapWorkspace

/// Accounts, sign-in limits and sessions, one rule a test. A low bcrypt cost keeps them quick.
@Suite struct WorkspaceTests {
    let path = NSTemporaryDirectory() + "relmap-ws-" + UUID().uuidString + ".sqlite"

    func open() throws -> Workspace { try Workspace(path: path, bcryptCost: 4) }

    @Test func aNewFileIsCreatedMigratedAndReopenedWithItsUsersAndSessions() throws {
        let ws = try open()
        let user = try ws.addUser(name: "rm01", role: .rm, rm: "RM01", team: [], password: "long enough")
        let session = try ws.createSession(for: user)
        let again = try open()
        #expect(try again.users().map(\.name) == ["rm01"])
        #expect(try again.session(token: session.token)?.1 == user)
        let mode = try again.database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func wrongPasswordAndUnknownUserAnswerAlike() throws {
        let ws = try open()
        _ = try ws.addUser(name: "rm01", role: .rm, rm: "RM01", team: [], password: "long enough")
        #expect(try ws.logIn(name: "rm01", password: "nope nope", address: "a") == .wrongCredentials)
        #expect(try ws.logIn(name: "ghost", password: "nope nope", address: "a") == .wrongCredentials)
        if case .success(let u) = try ws.logIn(name: "RM01", password: "long enough", address: "a") { #expect(u.name == "rm01") }
        else { Issue.record("the right password was refused") }
    }

    @Test func failuresLockTheNameForAWindowThatExpires() throws {
        let ws = try open()
        _ = try ws.addUser(name: "rm01", role: .rm, rm: "RM01", team: [], password: "long enough")
        let t0 = Date()
        for k in 0..<Workspace.failuresPerName {
            #expect(try ws.logIn(name: "rm01", password: "bad", address: "a\(k)", now: t0) == .wrongCredentials)
        }
        guard case .locked(let seconds) = try ws.logIn(name: "rm01", password: "long enough", address: "fresh", now: t0) else {
            Issue.record("not locked"); return
        }
        #expect(seconds > 0 && seconds <= Int(Workspace.failureWindow) + 1)
        let later = t0.addingTimeInterval(Workspace.failureWindow + 1)
        if case .success = try ws.logIn(name: "rm01", password: "long enough", address: "fresh", now: later) {} else { Issue.record("lock did not expire") }
    }

    @Test func failuresFromOneAddressLockThatAddress() throws {
        let ws = try open()
        _ = try ws.addUser(name: "rm01", role: .rm, rm: "RM01", team: [], password: "long enough")
        let t0 = Date()
        for k in 0..<Workspace.failuresPerAddress { _ = try ws.logIn(name: "user\(k)", password: "bad", address: "10.0.0.9", now: t0) }
        guard case .locked = try ws.logIn(name: "rm01", password: "long enough", address: "10.0.0.9", now: t0) else { Issue.record("address not locked"); return }
        if case .success = try ws.logIn(name: "rm01", password: "long enough", address: "10.0.0.10", now: t0) {} else { Issue.record("another address was locked") }
    }

    @Test func sessionsExpireWhenIdleAndSlideWhenUsed() throws {
        let ws = try open()
        let user = try ws.addUser(name: "rm01", role: .rm, rm: "RM01", team: [], password: "long enough")
        let t0 = Date()
        let s = try ws.createSession(for: user, now: t0)
        let used = t0.addingTimeInterval(Workspace.idleLifetime - 60)
        #expect(try ws.session(token: s.token, now: used) != nil)
        #expect(try ws.session(token: s.token, now: used.addingTimeInterval(Workspace.idleLifetime - 60)) != nil)   // slid
        #expect(try ws.session(token: s.token, now: t0.addingTimeInterval(Workspace.absoluteLifetime + 1)) == nil)
        let idle = try ws.createSession(for: user, now: t0)
        #expect(try ws.session(token: idle.token, now: t0.addingTimeInterval(Workspace.idleLifetime + 1)) == nil)
    }

    @Test func onlyAHashOfTheTokenIsStored() throws {
        let ws = try open()
        let user = try ws.addUser(name: "rm01", role: .rm, rm: "RM01", team: [], password: "long enough")
        let s = try ws.createSession(for: user)
        let stored = try ws.database.read { db in try String.fetchAll(db, sql: "SELECT tokenHash FROM session") }
        #expect(stored == [Workspace.digest(s.token)] && !stored.contains(s.token))
        let hashes = try ws.database.read { db in try String.fetchAll(db, sql: "SELECT passwordHash FROM user") }
        #expect(hashes.allSatisfy { $0.hasPrefix("$2") && !$0.contains("long enough") })
    }

    @Test func removingAUserOrChangingThePasswordEndsTheirSessions() throws {
        let ws = try open()
        _ = try ws.addUser(name: "admin", role: .admin, rm: nil, team: [], password: "long enough")
        let a = try ws.addUser(name: "a", role: .rm, rm: "RM01", team: [], password: "long enough")
        let b = try ws.addUser(name: "b", role: .rm, rm: "RM02", team: [], password: "long enough")
        let sa = try ws.createSession(for: a), sb = try ws.createSession(for: b)
        try ws.setPassword(named: "a", password: "another one")
        #expect(try ws.session(token: sa.token) == nil)
        try ws.removeUser(named: "b")
        #expect(try ws.session(token: sb.token) == nil)
        #expect { try ws.removeUser(named: "admin") } throws: { ($0 as? WorkspaceError) == .lastAdmin("admin") }
    }

    @Test func badAccountsAreRefusedWithReasons() throws {
        let ws = try open()
        #expect { try ws.addUser(name: "x", role: .rm, rm: nil, team: [], password: "long enough") } throws: { ($0 as? WorkspaceError) == .roleNeedsBook(.rm) }
        #expect { try ws.addUser(name: "x", role: .lead, rm: nil, team: [], password: "long enough") } throws: { ($0 as? WorkspaceError) == .roleNeedsBook(.lead) }
        #expect { try ws.addUser(name: "x", role: .admin, rm: nil, team: [], password: "short") } throws: { ($0 as? WorkspaceError) == .weakPassword }
        #expect { try ws.addUser(name: " x", role: .admin, rm: nil, team: [], password: "long enough") } throws: { $0 is WorkspaceError }
        #expect { try ws.addUser(name: "a\u{1B}[2J", role: .admin, rm: nil, team: [], password: "long enough") } throws: { $0 is WorkspaceError }
        _ = try ws.addUser(name: "dup", role: .admin, rm: nil, team: [], password: "long enough")
        #expect { try ws.addUser(name: "DUP", role: .admin, rm: nil, team: [], password: "long enough") } throws: { ($0 as? WorkspaceError) == .duplicateUser("dup") }
    }

    @Test func aFileThatIsNotSQLiteIsLeftUntouched() throws {
        let junk = Data("id,name\nC1,not a database\n".utf8)
        try junk.write(to: URL(fileURLWithPath: path))
        #expect { try open() } throws: { ($0 as? WorkspaceError) == .notADatabase(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == junk)
    }

    @Test func aWorkspaceFromANewerVersionIsRefused() throws {
        _ = try open()
        let q = try DatabaseQueue(path: path)
        try q.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
        #expect { try open() } throws: { ($0 as? WorkspaceError) == .newerSchema(path: path, unknown: ["v99-future"]) }
    }

    @Test func scopesFollowTheRoles() {
        let rm = User(id: 1, name: "a", role: .rm, rm: "RM01", team: [], language: nil).scope
        #expect(rm.mayRank(rm: "RM01") && !rm.mayRank(rm: "RM02"))
        #expect(rm.maySeeDetails(ofClientOwnedBy: "RM01") && !rm.maySeeDetails(ofClientOwnedBy: "RM02"))
        #expect(rm.defaultRM == "RM01")
        let lead = User(id: 2, name: "b", role: .lead, rm: nil, team: ["RM02", "RM01"], language: nil).scope
        #expect(lead.mayRank(rm: "RM02") && !lead.mayRank(rm: "RM03") && lead.defaultRM == "RM01")
        #expect(lead.maySeeDetails(ofClientOwnedBy: "RM02") && !lead.maySeeDetails(ofClientOwnedBy: "RM03"))
        let admin = User(id: 3, name: "c", role: .admin, rm: nil, team: [], language: nil).scope
        #expect(admin.mayRank(rm: "RM99") && admin.maySeeDetails(ofClientOwnedBy: "RM99") && admin.defaultRM == nil)
    }
}
