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
    /// - Complexity: two indexed range reads of at most `failuresPerAddress` rows, one bcrypt check
    ///   (2^cost rounds), two small writes.
    public func logIn(name: String, password: String, address: String, now: Date = Date()) throws -> LoginResult {
        // Long inputs are cut before they are stored: the limits need a key, not the whole text.
        let key = String(Self.nameKey(name).prefix(Self.maximumNameLength * 2))
        let address = Self.addressKey(address)
        let t = now.timeIntervalSince1970
        let since = t - Self.failureWindow

        enum Step { case locked(Int), check(user: User?, hash: String?) }
        let step: Step = try database.write { db in
            // Rows that can no longer count are dropped here, so the table stays small.
            try db.execute(sql: "DELETE FROM loginFailure WHERE at <= ?", arguments: [since])
            let retry = [
                try Self.lockedUntil(db, column: "nameKey", value: key, limit: Self.failuresPerName, since: since),
                try Self.lockedUntil(db, column: "address", value: address, limit: Self.failuresPerAddress, since: since)
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

    /// The key the per-address limit counts by. An IPv6 client usually holds a whole /64 and can
    /// take a new address from it for every guess, so IPv6 addresses count by their /64; an
    /// IPv4-mapped IPv6 address counts as its IPv4 address. Anything else (a host name, a proxy's
    /// label) counts as written, cut to 128 characters.
    static func addressKey(_ address: String) -> String {
        var text = address.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("["), let end = text.firstIndex(of: "]") { text = String(text[text.index(after: text.startIndex)..<end]) }
        if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }
        var bytes = [UInt8](repeating: 0, count: 16)
        guard text.contains(":"), inet_pton(AF_INET6, text, &bytes) == 1 else { return String(address.prefix(128)) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return bytes[12..<16].map(String.init).joined(separator: ".")
        }
        let prefix = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return prefix.joined(separator: ":") + "::/64"
    }

    /// When the lock on `value` ends (seconds since 1970), nil when it is not locked: locked once
    /// `limit` failures fall in the window, until the oldest of the last `limit` leaves it.
    private static func lockedUntil(_ db: Database, column: String, value: String, limit: Int, since: TimeInterval) throws -> TimeInterval? {
        let times = try TimeInterval.fetchAll(
            db, sql: "SELECT at FROM loginFailure WHERE \(column) = ? AND at > ? ORDER BY at DESC LIMIT ?",
            arguments: [value, since, limit])
        guard times.count >= limit, let oldest = times.last else { return nil }
        return oldest + failureWindow
    }
}
