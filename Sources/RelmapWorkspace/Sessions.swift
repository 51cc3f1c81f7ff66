import Foundation
import GRDB

/// Sessions: rows in the workspace, so that a restart of the server signs nobody out, keyed by
/// the SHA-256 of their token, so that a copied workspace file signs nobody in.
extension Workspace {
    /// Starts a session for a user who has just signed in. Expired sessions of anyone are dropped
    /// on the way, so the table holds only live ones (and those not yet looked at since expiry).
    /// - Complexity: O(s) for s stored sessions (one scan drops the expired), then one insert.
    public func createSession(for user: User, now: Date = Date()) throws -> Session {
        let token = Secrets.randomToken(), csrf = Secrets.randomToken()
        let t = now.timeIntervalSince1970
        let expires = t + Self.idleLifetime
        try database.write { db in
            try db.execute(sql: "DELETE FROM session WHERE expiresAt <= ? OR createdAt <= ?", arguments: [t, t - Self.absoluteLifetime])
            try db.execute(
                sql: "INSERT INTO session (tokenHash, userID, csrfToken, createdAt, expiresAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [Secrets.digest(token), user.id, csrf, t, expires])
        }
        return Session(token: token, csrfToken: csrf, userID: user.id, expires: Date(timeIntervalSince1970: expires))
    }

    /// The live session for a cookie's token, with its user as the workspace has it now (a changed
    /// team applies at once); nil when the token is unknown, expired, or its user was removed.
    ///
    /// Use slides the idle expiry forward to `now + idleLifetime`, never past `absoluteLifetime`
    /// after sign-in. The new expiry is written at most once a minute, to spare the file.
    /// - Complexity: one indexed lookup; a write at most once a minute per session.
    public func session(token: String, now: Date = Date()) throws -> (Session, User)? {
        // A real token has 43 characters; anything far longer is not one, and is not hashed.
        guard !token.isEmpty, token.utf8.count <= 256 else { return nil }
        let hash = Secrets.digest(token)
        let t = now.timeIntervalSince1970
        let found: (Row, [String])? = try database.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT s.csrfToken AS sessionCSRF, s.createdAt AS sessionCreated, s.expiresAt AS sessionExpires, u.*
                        FROM session s JOIN user u ON u.id = s.userID WHERE s.tokenHash = ?
                        """, arguments: [hash])
            else { return nil }
            return (row, try Self.teams(db, userID: row["id"])[row["id"]] ?? [])
        }
        guard let (row, team) = found else { return nil }
        let created: TimeInterval = row["sessionCreated"], expires: TimeInterval = row["sessionExpires"]
        let deadline = created + Self.absoluteLifetime
        guard t < expires, t < deadline else {
            try database.write { db in try db.execute(sql: "DELETE FROM session WHERE tokenHash = ?", arguments: [hash]) }
            return nil
        }
        var newExpiry = expires
        let slid = min(t + Self.idleLifetime, deadline)
        if slid - expires >= Self.slideGranularity {
            newExpiry = slid
            try database.write { db in
                try db.execute(sql: "UPDATE session SET expiresAt = ? WHERE tokenHash = ? AND expiresAt < ?", arguments: [slid, hash, slid])
            }
        }
        let user = try self.user(row, team: team)
        let session = Session(token: token, csrfToken: row["sessionCSRF"], userID: user.id, expires: Date(timeIntervalSince1970: newExpiry))
        return (session, user)
    }

    /// Ends one session (sign out). Unknown tokens are ignored: signing out twice is no error.
    public func endSession(token: String) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM session WHERE tokenHash = ?", arguments: [Secrets.digest(token)])
        }
    }

    /// Ends every session of one user (after a password change elsewhere, or "sign out everywhere").
    public func endSessions(userID: Int64) throws {
        try database.write { db in try db.execute(sql: "DELETE FROM session WHERE userID = ?", arguments: [userID]) }
    }
}
