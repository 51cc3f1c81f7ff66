import Foundation
import GRDB
import Testing

@testable import RelmapWorkspace

/// Sessions: stored hashed, sliding for 12 hours of idleness, ending 7 days after sign-in.
@Suite struct SessionTests {
    let tmp: TemporaryWorkspace
    init() throws { tmp = try TemporaryWorkspace() }
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func signedIn(_ ws: Workspace, _ name: String = "rm01") throws -> (Session, User) {
        let user = try #require(try ws.user(named: name))
        return (try ws.createSession(for: user, now: t0), user)
    }

    @Test func tokensAre32RandomBytesInBase64URL() throws {
        let ws = try tmp.populated()
        let (a, _) = try signedIn(ws), (b, _) = try signedIn(ws)
        for token in [a.token, a.csrfToken, b.token, b.csrfToken] {
            #expect(token.count == 43)
            #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        }
        #expect(Set([a.token, a.csrfToken, b.token, b.csrfToken]).count == 4)
    }

    @Test func theFileHoldsOnlyTheTokensSHA256() throws {
        let ws = try tmp.populated()
        let (session, user) = try signedIn(ws)
        let stored = try ws.database.read { db in try String.fetchAll(db, sql: "SELECT tokenHash FROM session") }
        #expect(stored == [Secrets.digest(session.token)])
        #expect(stored[0].count == 64)
        try ws.database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        for file in try FileManager.default.contentsOfDirectory(atPath: tmp.folder) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: tmp.folder + "/" + file))
            #expect(bytes.range(of: Data(session.token.utf8)) == nil, "the raw token is in \(file)")
        }
        // The digest itself is no cookie.
        #expect(try ws.session(token: stored[0], now: t0) == nil)
        #expect(try ws.session(token: session.token, now: t0)?.1 == user)
    }

    @Test func anUnusedSessionEndsAfterTwelveHoursAndIsDeleted() throws {
        let ws = try tmp.populated()
        let (session, _) = try signedIn(ws)
        #expect(session.expires == t0.addingTimeInterval(Workspace.idleLifetime))
        #expect(try ws.session(token: session.token, now: t0.addingTimeInterval(Workspace.idleLifetime - 1)) != nil)
        let (fresh, _) = try signedIn(ws)
        #expect(try ws.session(token: fresh.token, now: t0.addingTimeInterval(Workspace.idleLifetime)) == nil)
        let left = try ws.database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM session WHERE tokenHash = ?", arguments: [Secrets.digest(fresh.token)])
        }
        #expect(left == 0)
    }

    @Test func useSlidesTheExpiryButNeverPastSevenDays() throws {
        let ws = try tmp.populated()
        let (session, _) = try signedIn(ws)
        // Used every 11 hours, it lives on; each use moves the end to 12 hours later.
        var now = t0
        while now.timeIntervalSince(t0) + 11 * 3600 < Workspace.absoluteLifetime {
            now = now.addingTimeInterval(11 * 3600)
            let found = try #require(try ws.session(token: session.token, now: now), "ended at \(now.timeIntervalSince(t0) / 3600) h")
            #expect(found.0.expires == min(now.addingTimeInterval(Workspace.idleLifetime), t0.addingTimeInterval(Workspace.absoluteLifetime)))
        }
        #expect(try ws.session(token: session.token, now: t0.addingTimeInterval(Workspace.absoluteLifetime)) == nil)
    }

    @Test func aSecondUseWithinAMinuteDoesNotWrite() throws {
        let ws = try tmp.populated()
        let (session, _) = try signedIn(ws)
        let first = try #require(try ws.session(token: session.token, now: t0.addingTimeInterval(3600)))
        let second = try #require(try ws.session(token: session.token, now: t0.addingTimeInterval(3630)))
        #expect(second.0.expires == first.0.expires)
        #expect(first.0.expires == t0.addingTimeInterval(3600 + Workspace.idleLifetime))
    }

    @Test func signingOutEndsOnlyThatSession() throws {
        let ws = try tmp.populated()
        let (a, _) = try signedIn(ws), (b, _) = try signedIn(ws)
        try ws.endSession(token: a.token)
        try ws.endSession(token: a.token)  // twice is fine
        #expect(try ws.session(token: a.token, now: t0) == nil)
        #expect(try ws.session(token: b.token, now: t0) != nil)
        try ws.endSessions(userID: b.userID)
        #expect(try ws.session(token: b.token, now: t0) == nil)
    }

    @Test func unknownEmptyAndOversizedTokensFindNothing() throws {
        let ws = try tmp.populated()
        _ = try signedIn(ws)
        for token in ["", "nope", String(repeating: "A", count: 100_000), "' OR 1=1 --"] {
            #expect(try ws.session(token: token, now: t0) == nil)
        }
    }

    @Test func aSessionSeesTheUsersAccountAsItIsNow() throws {
        let ws = try tmp.populated()
        let (session, user) = try signedIn(ws)
        try ws.setLanguage(userID: user.id, language: "en")
        #expect(try ws.session(token: session.token, now: t0)?.1.language == "en")
    }

    @Test func theCSRFTokenIsComparedWholly() throws {
        let ws = try tmp.populated()
        let (session, _) = try signedIn(ws)
        #expect(session.acceptsCSRF(session.csrfToken))
        #expect(!session.acceptsCSRF(nil))
        #expect(!session.acceptsCSRF(""))
        #expect(!session.acceptsCSRF(String(session.csrfToken.dropLast())))
        #expect(!session.acceptsCSRF(session.csrfToken + "x"))
        #expect(!session.acceptsCSRF(session.token))
        #expect(Secrets.constantTimeEquals("abc", "abc"))
        #expect(!Secrets.constantTimeEquals("abc", "abd"))
        #expect(!Secrets.constantTimeEquals("abc", "ab"))
        #expect(!Secrets.constantTimeEquals("", "a"))
    }
}
