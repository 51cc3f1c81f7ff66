import Foundation
import GRDB
import HummingbirdBcrypt

/// Sign-in, limited per user name and per client address.
extension Workspace {
    /// Checks a name and password within the sign-in limits.
    ///
    /// Each attempt is first written down as a failure, in the same transaction that counts the
    /// failures before it, and only then is the password checked; a success deletes the name's
    /// failures. So concurrent guesses cannot slip past the limit while bcrypt runs: at most
    /// `failuresPerName` checks run for one name in a window, however many arrive at once.
    ///
    /// An unknown name is checked against a decoy hash of the same cost, so it answers
    /// `.wrongCredentials` after the same work as a wrong password, and counts as a failure.
    /// A locked name or address is refused without a check and without extending the lock.
    ///
    /// Blocks for one bcrypt check (about 0.2 s at cost 12).
    /// - Parameters:
    ///   - address: the client's address (the server's remote address), for the per-address limit.
    ///   - now: the clock, a parameter so that tests can move it.
    public func logIn(name: String, password: String, address: String, now: Date = Date()) throws -> LoginResult {
        // Long inputs are cut before they are stored: the limits need a key, not the whole text.
        let key = String(Self.nameKey(name).prefix(Self.maximumNameLength * 2))
        let address = String(address.prefix(128))
        let t = now.timeIntervalSince1970
        let since = t - Self.failureWindow

        enum Step { case locked(Int), check(user: User?, hash: String?) }
        let step: Step = try database.write { db in
            // Rows that can no longer count are dropped here, so the table stays small.
            try db.execute(sql: "DELETE FROM loginFailure WHERE at <= ?", arguments: [since])
            let retry = [
                try Self.lockedUntil(db, column: "nameKey", value: key, limit: Self.failuresPerName, since: since),
                try Self.lockedUntil(db, column: "address", value: address, limit: Self.failuresPerAddress, since: since),
            ].compactMap { $0 }.max()
            if let retry { return .locked(max(1, Int((retry - t).rounded(.up)))) }
            try db.execute(sql: "INSERT INTO loginFailure (nameKey, address, at) VALUES (?, ?, ?)", arguments: [key, address, t])
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE nameKey = ?", arguments: [key]) else {
                return .check(user: nil, hash: nil)
            }
            return .check(user: try self.user(row, team: Self.teams(db, userID: row["id"])[row["id"]] ?? []), hash: row["passwordHash"])
        }
        let user: User?, hash: String?
        switch step {
        case .locked(let seconds): return .locked(retryAfterSeconds: seconds)
        case .check(let u, let h): (user, hash) = (u, h)
        }

        passwordChecks.increment()
        let matches = Bcrypt.verify(password, hash: hash ?? decoy.value)
        guard let user, let hash, matches else { return .wrongCredentials }

        // A hash made at a lower cost (an older setting) is remade at today's, now that the
        // password is known.
        let rehash = (Secrets.bcryptCost(of: hash) ?? 0) < bcryptCost ? Bcrypt.hash(password, cost: bcryptCost) : nil
        try database.write { db in
            try db.execute(sql: "DELETE FROM loginFailure WHERE nameKey = ?", arguments: [key])
            if let rehash {
                try db.execute(sql: "UPDATE user SET passwordHash = ? WHERE id = ? AND passwordHash = ?", arguments: [rehash, user.id, hash])
            }
        }
        return .success(user)
    }

    /// When the lock on `value` ends (seconds since 1970), nil when it is not locked: locked once
    /// `limit` failures fall in the window, until the oldest of the last `limit` leaves it.
    private static func lockedUntil(_ db: Database, column: String, value: String, limit: Int, since: TimeInterval) throws -> TimeInterval? {
        let times = try TimeInterval.fetchAll(db, sql: "SELECT at FROM loginFailure WHERE \(column) = ? AND at > ? ORDER BY at DESC LIMIT ?",
                                              arguments: [value, since, limit])
        guard times.count >= limit, let oldest = times.last else { return nil }
        return oldest + failureWindow
    }
}
