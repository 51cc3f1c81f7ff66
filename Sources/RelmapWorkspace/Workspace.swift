import Crypto
import Foundation
import GRDB
import HummingbirdBcrypt

/// The workspace file: one SQLite database (through GRDB, in WAL mode with foreign keys on) that
/// keeps what people do in Relmap, as opposed to the graph files, which Relmap only reads. This
/// first version keeps accounts and sessions; later versions add tables by new migrations, and a
/// file made by an older version migrates when it is opened.
///
/// Decisions, and why:
/// - Passwords are bcrypt hashes (cost 12: about a quarter second per check, slow for a guesser,
///   unnoticed by a person).
/// - Only the SHA-256 of a session token is stored: a copied workspace file gives no live session.
/// - Sessions end after 12 hours without use and 7 days after sign-in, whichever comes first; a
///   restart of the server keeps them.
/// - Sign-in is limited per user name (5 failures in 15 minutes) and per address (20 in 15
///   minutes), so a guesser can neither hammer one account nor sweep many from one machine.
public final class Workspace: Sendable {
    public let path: String
    public let database: DatabasePool
    let bcryptCost: UInt8

    static let idleLifetime: TimeInterval = 12 * 3600
    static let absoluteLifetime: TimeInterval = 7 * 24 * 3600
    static let failureWindow: TimeInterval = 15 * 60
    static let failuresPerName = 5
    static let failuresPerAddress = 20

    /// Opens (creating and migrating if needed) the workspace at `path`.
    /// - Throws: `WorkspaceError` for a file that is not SQLite (left untouched), a workspace made
    ///   by a newer version, or one that cannot be opened.
    public static func open(path: String) throws -> Workspace { try Workspace(path: path, bcryptCost: 12) }

    init(path: String, bcryptCost: UInt8) throws {
        self.path = path
        self.bcryptCost = bcryptCost
        // A file that is not SQLite is refused before SQLite touches it.
        if let handle = FileHandle(forReadingAtPath: path) {
            let head = handle.readData(ofLength: 16)
            try? handle.close()
            if !head.isEmpty && head != Data("SQLite format 3\u{0}".utf8) { throw WorkspaceError.notADatabase(path: path) }
        }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        do { database = try DatabasePool(path: path, configuration: config) } catch {
            throw WorkspaceError.cannotOpen(path: path, reason: "\(error)")
        }
        let migrator = Self.migrator
        let known = Set(migrator.migrations)
        let applied = try database.read { db in try migrator.appliedIdentifiers(db) }
        let unknown = applied.subtracting(known)
        if !unknown.isEmpty { throw WorkspaceError.newerSchema(path: path, unknown: unknown.sorted()) }
        try migrator.migrate(database)
    }

    /// Every schema version, in order. Never edit a shipped migration: add the next one.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-accounts") { db in
            try db.create(table: "user") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique(onConflict: .abort).collate(.nocase)
                t.column("role", .text).notNull()
                t.column("rm", .text)
                t.column("team", .text).notNull().defaults(to: "")
                t.column("language", .text)
                t.column("passwordHash", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "session") { t in
                t.primaryKey("tokenHash", .text)
                t.column("userID", .integer).notNull().indexed().references("user", onDelete: .cascade)
                t.column("csrfToken", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
            }
            try db.create(table: "loginFailure") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().indexed()
                t.column("address", .text).notNull().indexed()
                t.column("at", .datetime).notNull()
            }
        }
        return m
    }

    // MARK: Users

    public func addUser(name: String, role: Role, rm: String?, team: [String], password: String) throws -> User {
        let name = try Self.validName(name)
        guard password.count >= 8 else { throw WorkspaceError.weakPassword }
        let rm = rm.flatMap { $0.isEmpty ? nil : $0 }
        let team = team.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if role == .rm && rm == nil { throw WorkspaceError.roleNeedsBook(.rm) }
        if role == .lead && rm == nil && team.isEmpty { throw WorkspaceError.roleNeedsBook(.lead) }
        let hash = Bcrypt.hash(password, cost: bcryptCost)
        return try database.write { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM user WHERE name = ?", arguments: [name]) != nil {
                throw WorkspaceError.duplicateUser(name)
            }
            try db.execute(sql: "INSERT INTO user (name, role, rm, team, passwordHash, createdAt) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [name, role.rawValue, rm, team.joined(separator: ","), hash, Date()])
            return User(id: db.lastInsertedRowID, name: name, role: role, rm: rm, team: team, language: nil)
        }
    }

    public func users() throws -> [User] {
        try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM user ORDER BY name").map(Self.user) }
    }

    public func user(named name: String) throws -> User? {
        try database.read { db in try Row.fetchOne(db, sql: "SELECT * FROM user WHERE name = ?", arguments: [name]).map(Self.user) }
    }

    /// Removes a user and ends their sessions. - Throws: for an unknown user, or the last admin.
    public func removeUser(named name: String) throws {
        try database.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE name = ?", arguments: [name]) else {
                throw WorkspaceError.unknownUser(name)
            }
            let user = Self.user(row)
            if user.role == .admin, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user WHERE role = 'admin'") == 1 {
                throw WorkspaceError.lastAdmin(user.name)
            }
            try db.execute(sql: "DELETE FROM user WHERE id = ?", arguments: [user.id])
        }
    }

    /// Sets a new password and ends every session of the user (a stolen session dies with it).
    public func setPassword(named name: String, password: String) throws {
        guard password.count >= 8 else { throw WorkspaceError.weakPassword }
        let hash = Bcrypt.hash(password, cost: bcryptCost)
        try database.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM user WHERE name = ?", arguments: [name]) else {
                throw WorkspaceError.unknownUser(name)
            }
            try db.execute(sql: "UPDATE user SET passwordHash = ? WHERE id = ?", arguments: [hash, id])
            try db.execute(sql: "DELETE FROM session WHERE userID = ?", arguments: [id])
        }
    }

    public func setLanguage(userID: Int64, language: String?) throws {
        try database.write { db in try db.execute(sql: "UPDATE user SET language = ? WHERE id = ?", arguments: [language, userID]) }
    }

    // MARK: Sign-in

    /// Checks a password, within the sign-in limits. A failure is recorded; a success clears the
    /// name's failures.
    public func logIn(name: String, password: String, address: String, now: Date = Date()) throws -> LoginResult {
        let since = now.addingTimeInterval(-Self.failureWindow)
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
        let lockedFor: Int? = try database.read { db in
            let byName = try Date.fetchAll(db, sql: "SELECT at FROM loginFailure WHERE name = ? AND at > ? ORDER BY at", arguments: [key, since])
            let byAddress = try Date.fetchAll(db, sql: "SELECT at FROM loginFailure WHERE address = ? AND at > ? ORDER BY at", arguments: [address, since])
            var until: Date?
            if byName.count >= Self.failuresPerName { until = byName[byName.count - Self.failuresPerName].addingTimeInterval(Self.failureWindow) }
            if byAddress.count >= Self.failuresPerAddress {
                let a = byAddress[byAddress.count - Self.failuresPerAddress].addingTimeInterval(Self.failureWindow)
                until = max(until ?? a, a)
            }
            return until.map { max(1, Int($0.timeIntervalSince(now).rounded(.up))) }
        }
        if let lockedFor { return .locked(retryAfterSeconds: lockedFor) }
        let row = try database.read { db in try Row.fetchOne(db, sql: "SELECT * FROM user WHERE name = ?", arguments: [key]) }
        // An unknown name costs the same bcrypt check as a wrong password: timing tells nothing.
        let hash: String = row?["passwordHash"] ?? Self.decoyHash
        let matches = Bcrypt.verify(password, hash: hash)
        if let row, matches {
            try database.write { db in try db.execute(sql: "DELETE FROM loginFailure WHERE name = ?", arguments: [key]) }
            return .success(Self.user(row))
        }
        try database.write { db in
            try db.execute(sql: "INSERT INTO loginFailure (name, address, at) VALUES (?, ?, ?)", arguments: [key, address, now])
            try db.execute(sql: "DELETE FROM loginFailure WHERE at < ?", arguments: [now.addingTimeInterval(-2 * Self.failureWindow)])
        }
        return .wrongCredentials
    }

    static let decoyHash = Bcrypt.hash("relmap decoy password", cost: 12)

    // MARK: Sessions

    public func createSession(for user: User, now: Date = Date()) throws -> Session {
        let token = Self.randomToken(), csrf = Self.randomToken()
        let expires = now.addingTimeInterval(Self.idleLifetime)
        try database.write { db in
            try db.execute(sql: "INSERT INTO session (tokenHash, userID, csrfToken, createdAt, expiresAt) VALUES (?, ?, ?, ?, ?)",
                           arguments: [Self.digest(token), user.id, csrf, now, expires])
            try db.execute(sql: "DELETE FROM session WHERE expiresAt < ?", arguments: [now])
        }
        return Session(token: token, csrfToken: csrf, userID: user.id, expires: expires)
    }

    /// The live session for a cookie's token and its user; nil when unknown or expired. Use
    /// slides the idle expiry forward (at most once a minute, to spare the file), never past the
    /// absolute lifetime.
    public func session(token: String, now: Date = Date()) throws -> (Session, User)? {
        let hash = Self.digest(token)
        guard let row = try database.read({ db in
            try Row.fetchOne(db, sql: """
                SELECT s.csrfToken, s.createdAt, s.expiresAt, u.* FROM session s JOIN user u ON u.id = s.userID WHERE s.tokenHash = ?
                """, arguments: [hash])
        }) else { return nil }
        let created: Date = row["createdAt"], expires: Date = row["expiresAt"]
        guard expires > now, now.timeIntervalSince(created) < Self.absoluteLifetime else {
            try database.write { db in try db.execute(sql: "DELETE FROM session WHERE tokenHash = ?", arguments: [hash]) }
            return nil
        }
        var newExpiry = expires
        let slid = min(now.addingTimeInterval(Self.idleLifetime), created.addingTimeInterval(Self.absoluteLifetime))
        if slid.timeIntervalSince(expires) > 60 {
            newExpiry = slid
            try database.write { db in try db.execute(sql: "UPDATE session SET expiresAt = ? WHERE tokenHash = ?", arguments: [slid, hash]) }
        }
        let user = Self.user(row)
        return (Session(token: token, csrfToken: row["csrfToken"], userID: user.id, expires: newExpiry), user)
    }

    public func endSession(token: String) throws {
        try database.write { db in try db.execute(sql: "DELETE FROM session WHERE tokenHash = ?", arguments: [Self.digest(token)]) }
    }

    // MARK: Helpers

    static func user(_ row: Row) -> User {
        let team: String = row["team"] ?? ""
        return User(id: row["id"], name: row["name"], role: Role(rawValue: row["role"]) ?? .rm, rm: row["rm"],
                    team: team.split(separator: ",").map(String.init), language: row["language"])
    }

    static func validName(_ name: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 64, trimmed == name,
              !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "," }) else {
            throw WorkspaceError.invalidName(name)
        }
        return trimmed.lowercased()
    }

    static func randomToken() -> String {
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
