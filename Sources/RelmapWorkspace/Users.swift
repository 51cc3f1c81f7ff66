import Foundation
import GRDB
import HummingbirdBcrypt

/// Adding, listing, removing and re-passwording users, and the rules every account follows.
extension Workspace {
    /// Adds a user.
    ///
    /// Role rules: an `rm` needs `rm` (their id in the graph's rm column) and has no team; a `lead`
    /// needs a team, an `rm` of their own, or both; an `admin` needs neither, may name an `rm`
    /// ("my book" then opens on it) and has no team (they see every book anyway).
    /// - Throws: `WorkspaceError` for a bad name, password, role combination or RM id, or a name
    ///   taken already (names ignore letter case).
    /// - Complexity: one bcrypt hash (2^cost rounds) and an indexed insert.
    public func addUser(name: String, role: Role, rm: String?, team: [String], password: String) throws -> User {
        let name = try Self.validName(name)
        let (rm, team) = try Self.validBooks(role: role, rm: rm, team: team)
        try Self.checkPassword(password)
        let hash = Bcrypt.hash(password, cost: bcryptCost)
        return try database.write { db in
            let key = Self.nameKey(name)
            if try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM user WHERE nameKey = ?", arguments: [key]) == true {
                throw WorkspaceError.duplicateUser(name)
            }
            try db.execute(
                sql: "INSERT INTO user (name, nameKey, role, rm, passwordHash, createdAt) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [name, key, role.rawValue, rm, hash, Date().timeIntervalSince1970])
            let id = db.lastInsertedRowID
            for (position, member) in team.enumerated() {
                try db.execute(sql: "INSERT INTO userTeam (userID, position, rm) VALUES (?, ?, ?)", arguments: [id, position, member])
            }
            return User(id: id, name: name, role: role, rm: rm, team: team, language: nil)
        }
    }

    /// Every user, by name.
    /// - Complexity: O(u log u + t) for u users and t team rows.
    public func users() throws -> [User] {
        try database.read { db in
            let teams = try Self.teams(db, userID: nil)
            return try Row.fetchAll(db, sql: "SELECT * FROM user ORDER BY nameKey").map { try self.user($0, team: teams[$0["id"]] ?? []) }
        }
    }

    /// The user with this name (letter case and spaces at the ends ignored), nil if none.
    public func user(named name: String) throws -> User? {
        try database.read { db in try self.fetchUser(db, named: name) }
    }

    /// Removes a user and ends their sessions.
    ///
    /// Removing the last admin is refused: with no admin, nobody can manage users from the web
    /// pages, and the mistake is easy to make while tidying. Whoever holds the file can still add
    /// another admin with `relmap users add` first. (A workspace is free to have no admin at all
    /// before the first is added.)
    /// - Throws: `WorkspaceError.unknownUser`, `.lastAdmin`.
    public func removeUser(named name: String) throws {
        try database.write { db in
            let user = try self.existingUser(db, named: name)
            if user.role == .admin, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user WHERE role = 'admin'") == 1 {
                throw WorkspaceError.lastAdmin(user.name)
            }
            // The foreign keys cascade too; saying it here keeps the rule visible.
            try db.execute(sql: "DELETE FROM session WHERE userID = ?", arguments: [user.id])
            try db.execute(sql: "DELETE FROM user WHERE id = ?", arguments: [user.id])
        }
    }

    /// Sets a new password and ends every session of the user, so that whoever had the old
    /// password, or a stolen cookie, is signed out.
    /// - Throws: `WorkspaceError.unknownUser` or a password rule.
    public func setPassword(named name: String, password: String) throws {
        try Self.checkPassword(password)
        let hash = Bcrypt.hash(password, cost: bcryptCost)
        try database.write { db in
            let user = try self.existingUser(db, named: name)
            try db.execute(sql: "UPDATE user SET passwordHash = ? WHERE id = ?", arguments: [hash, user.id])
            try db.execute(sql: "DELETE FROM session WHERE userID = ?", arguments: [user.id])
        }
    }

    /// Sets the language pages use for this user; nil returns to the browser's `Accept-Language`.
    /// - Throws: `WorkspaceError.unsupportedLanguage` for anything but "zh" or "en".
    public func setLanguage(userID: Int64, language: String?) throws {
        if let language, !["zh", "en"].contains(language) { throw WorkspaceError.unsupportedLanguage(language) }
        try database.write { db in
            try db.execute(sql: "UPDATE user SET language = ? WHERE id = ?", arguments: [language, userID])
        }
    }

    // MARK: Rules

    /// Checks a new account's name, role and books without touching any file, so that a front end
    /// can refuse a bad request before it asks for a password. `addUser` checks the same again.
    /// - Throws: the `WorkspaceError` `addUser` would throw for these values.
    public static func checkAccount(name: String, role: Role, rm: String?, team: [String]) throws {
        _ = try validName(name)
        _ = try validBooks(role: role, rm: rm, team: team)
    }

    /// A name as stored: trimmed and in Unicode NFC (so that one name typed two ways is one user);
    /// 1 to 64 characters, with no control characters and no invisible formatting characters
    /// (zero-width spaces, direction overrides), which would let two names look alike.
    static func validName(_ name: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        guard !trimmed.isEmpty, trimmed.count <= maximumNameLength,
            !trimmed.unicodeScalars.contains(where: { [.control, .format].contains($0.properties.generalCategory) })
        else { throw WorkspaceError.invalidName(name) }
        return trimmed
    }

    /// The unique key of a name: NFC, trimmed, lowercased, so "RM01" and "rm01" are one user.
    static func nameKey(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping.lowercased()
    }

    /// At least 8 characters; at most 72 bytes of UTF-8, the most bcrypt reads (longer would be
    /// cut silently); no control characters (a NUL would end it early inside bcrypt's C code, and
    /// a line break cannot be typed into `--password-stdin`).
    /// - Throws: `.weakPassword`, `.passwordTooLong` or `.passwordHasControlCharacter`.
    public static func checkPassword(_ password: String) throws {
        guard password.count >= minimumPasswordLength else { throw WorkspaceError.weakPassword }
        guard password.utf8.count <= maximumPasswordBytes else { throw WorkspaceError.passwordTooLong }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw WorkspaceError.passwordHasControlCharacter
        }
    }

    /// The role rules (see `addUser`), with RM ids trimmed, checked and the team's duplicates
    /// dropped in order.
    static func validBooks(role: Role, rm: String?, team: [String]) throws -> (String?, [String]) {
        func valid(_ id: String) throws -> String {
            let t = id.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !t.isEmpty, t.count <= maximumRMIDLength, !t.contains(","),
                !t.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else { throw WorkspaceError.invalidRMID(id) }
            return t
        }
        let rm = try rm.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : try valid($0) }
        var members: [String] = []
        for id in team {
            let v = try valid(id)
            if !members.contains(v) { members.append(v) }
        }
        switch role {
        case .rm:
            if rm == nil { throw WorkspaceError.roleNeedsBook(.rm) }
            if !members.isEmpty { throw WorkspaceError.teamNotAllowed(.rm) }
        case .lead:
            if rm == nil && members.isEmpty { throw WorkspaceError.roleNeedsBook(.lead) }
        case .admin:
            if !members.isEmpty { throw WorkspaceError.teamNotAllowed(.admin) }
        }
        return (rm, members)
    }

    // MARK: Rows

    func fetchUser(_ db: Database, named name: String) throws -> User? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM user WHERE nameKey = ?", arguments: [Self.nameKey(name)]) else { return nil }
        return try user(row, team: Self.teams(db, userID: row["id"])[row["id"]] ?? [])
    }

    func existingUser(_ db: Database, named name: String) throws -> User {
        guard let user = try fetchUser(db, named: name) else { throw WorkspaceError.unknownUser(name) }
        return user
    }

    /// Team members by user id, in the order they were given; of one user, or of all (nil).
    static func teams(_ db: Database, userID: Int64?) throws -> [Int64: [String]] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT userID, rm FROM userTeam WHERE ?1 IS NULL OR userID = ?1 ORDER BY userID, position",
            arguments: [userID])
        var teams: [Int64: [String]] = [:]
        for row in rows { teams[row["userID"], default: []].append(row["rm"]) }
        return teams
    }

    /// A user from a `user` row (any query that selects its columns).
    func user(_ row: Row, team: [String]) throws -> User {
        let roleName: String = row["role"]
        guard let role = Role(rawValue: roleName) else {
            throw WorkspaceError.damaged(path: path, reason: "user '\(row["name"] as String)' has the unknown role '\(roleName)'")
        }
        return User(id: row["id"], name: row["name"], role: role, rm: row["rm"], team: team, language: row["language"])
    }
}
