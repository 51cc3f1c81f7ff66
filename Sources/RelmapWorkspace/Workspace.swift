import Foundation
import GRDB

/// The workspace file: one SQLite database (through GRDB, in WAL mode, foreign keys on) that keeps
/// what people do in Relmap, as opposed to the graph files, which Relmap only reads. It keeps
/// accounts, sign-in failures and sessions (`v1-accounts`) and what RMs record: activities, the
/// pipeline, recorded relations and entities, corrections (`v2-records`, `Records.swift`). Later
/// versions add tables by new migrations, and
/// a file made by an older version is migrated when it is opened. `Guides/Workspace.md` explains
/// the rules for people who run the server.
///
/// Decisions, and why:
/// - Passwords are bcrypt hashes at cost 12 (about 0.2 s per check on one core here: slow for a
///   guesser with a copied file, unnoticed by a person signing in). Tests use cost 4 through the
///   internal initialiser. A hash made at a lower cost is rehashed at the current cost the next
///   time its owner signs in.
/// - Only the SHA-256 of a session token is stored: a copied workspace file gives no live session.
/// - Sessions end after 12 hours without use and 7 days after sign-in, whichever comes first; the
///   server's restart keeps them (they are rows, not memory).
/// - Sign-in is limited per user name (5 failures in 15 minutes) and per client address (20 in 15
///   minutes): a guesser can neither hammer one account nor sweep many from one machine, while the
///   RMs of one branch behind one office address do not lock each other out with a few typos.
/// - The file is created readable by its owner only (it holds password hashes), and deleted rows
///   are overwritten (`secure_delete`) so that a removed user's hash does not linger in free pages.
///
/// Every method is synchronous and safe to call from any thread; `logIn`, `addUser` and
/// `setPassword` run bcrypt and block for about 0.2 s, so a server calls them off its event loops.
public final class Workspace: Sendable {
    public let path: String
    /// The database, for later issues that add their own tables (activities, pipeline).
    public let database: DatabasePool
    /// bcrypt's cost (log2 of its rounds) for new hashes.
    let bcryptCost: UInt8
    let decoy: DecoyHash
    /// bcrypt checks run so far (tests compare unknown names with wrong passwords by it).
    let passwordChecks = CheckCounter()

    /// The cost of new password hashes in production.
    public static let productionBcryptCost: UInt8 = 12
    public static let minimumPasswordLength = 8
    /// bcrypt reads at most 72 bytes of a password; longer ones are refused rather than cut.
    public static let maximumPasswordBytes = 72
    public static let maximumNameLength = 64
    public static let maximumRMIDLength = 200

    /// A session unused this long ends.
    public static let idleLifetime: TimeInterval = 12 * 3600
    /// A session ends this long after sign-in, however much it is used.
    public static let absoluteLifetime: TimeInterval = 7 * 24 * 3600
    /// A session's expiry is written forward at most this often, so that a page with many
    /// requests does not turn every read into a write.
    static let slideGranularity: TimeInterval = 60
    /// Failures older than this no longer count.
    public static let failureWindow: TimeInterval = 15 * 60
    public static let failuresPerName = 5
    public static let failuresPerAddress = 20

    /// SQLite's `application_id` of a Relmap workspace ("RLMP"), so that the file tells what it is
    /// and a database of another program is recognised and left alone.
    static let applicationID: Int32 = 0x524C_4D50

    /// The first 16 bytes of every SQLite 3 database.
    static let sqliteMagic = Data("SQLite format 3\u{0}".utf8)

    /// Opens the workspace at `path`, creating and migrating it if needed.
    /// - Throws: `WorkspaceError.notADatabase` or `.notAWorkspace` for a file of something else
    ///   (left untouched), `.newerSchema` for a workspace written by a newer Relmap (left
    ///   untouched), `.cannotOpen` when the file cannot be opened or created.
    public static func open(path: String) throws -> Workspace {
        try Workspace(path: path, bcryptCost: productionBcryptCost)
    }

    /// - Parameter bcryptCost: 4 to 31; tests pass 4 to stay fast.
    init(path: String, bcryptCost: UInt8) throws {
        precondition((4...31).contains(bcryptCost), "bcrypt cost must be 4 to 31")
        self.path = path
        self.bcryptCost = bcryptCost
        decoy = DecoyHash(cost: bcryptCost)
        try Self.refuseForeignFile(path)
        try Self.refuseNewerSchema(path)

        var config = Configuration()
        config.foreignKeysEnabled = true
        // The server and `relmap users` may write at the same moment; wait rather than fail.
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA secure_delete = ON; PRAGMA synchronous = FULL") }
        do {
            database = try DatabasePool(path: path, configuration: config)
            // A write is durable when the call returns, also if the machine loses power just
            // after: FULL syncs the WAL at every commit (NORMAL, GRDB's choice for WAL, may lose
            // the last commits on power loss). GRDB sets NORMAL on the writer after
            // prepareDatabase, so it is set again here, on the one writer connection.
            try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        } catch let error as DatabaseError {
            throw WorkspaceError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }

        let migrator = Self.migrator
        let (superseded, applied) = try database.read { db in
            (try migrator.hasBeenSuperseded(db), try migrator.appliedIdentifiers(db))
        }
        if superseded {
            throw WorkspaceError.newerSchema(path: path, unknown: applied.subtracting(migrator.migrations).sorted())
        }
        try migrator.migrate(database)
    }

    /// Checks what is at `path` before SQLite touches it: a folder cannot be opened; a file that
    /// is not SQLite, or is another program's SQLite database, is refused unchanged; a missing
    /// file is created empty, readable by its owner only, for SQLite to fill.
    private static func refuseForeignFile(_ path: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            if !FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) {
                let folder = (path as NSString).deletingLastPathComponent
                throw WorkspaceError.cannotOpen(path: path, reason: "cannot create the file in '\(folder.isEmpty ? "." : folder)'")
            }
            return
        }
        if isFolder.boolValue { throw WorkspaceError.cannotOpen(path: path, reason: "it is a folder") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw WorkspaceError.cannotOpen(path: path, reason: "cannot read the file (permissions?)")
        }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        try? handle.close()
        // SQLite treats an empty file as a new, empty database.
        if header.isEmpty { return }
        guard header.count == 100, header.prefix(16) == sqliteMagic else { throw WorkspaceError.notADatabase(path: path) }
        // The header's application_id, big-endian at offset 68.
        let id = header[68..<72].reduce(Int32(0)) { $0 << 8 | Int32($1) }
        if id == applicationID { return }
        if id != 0 { throw WorkspaceError.notAWorkspace(path: path) }
        // No application id: an empty database is fine; one with tables must be a Relmap
        // workspace (its accounts migration applied), else it belongs to something else.
        var config = Configuration()
        config.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            let isOurs: Bool = try queue.read { db in
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                if tables.isEmpty { return true }
                guard tables.contains("grdb_migrations") else { return false }
                return try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM grdb_migrations WHERE identifier = 'v1-accounts'") ?? false
            }
            try queue.close()
            if !isOurs { throw WorkspaceError.notAWorkspace(path: path) }
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT { throw WorkspaceError.notADatabase(path: path) }
            throw WorkspaceError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// Refuses a workspace written by a newer Relmap before the file is opened for writing: opening
    /// a pool writes to the file (GRDB makes sure a WAL exists), and a refused file must be left
    /// exactly as it was, bytes included. A missing or empty file has nothing to refuse.
    private static func refuseNewerSchema(_ path: String) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size > 0 else { return }
        var config = Configuration()
        config.readonly = true
        let migrator = Self.migrator
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            let unknown: [String]? = try queue.read { db in
                guard try db.tableExists("grdb_migrations"), try migrator.hasBeenSuperseded(db) else { return nil }
                return try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
            }
            try queue.close()
            if let unknown { throw WorkspaceError.newerSchema(path: path, unknown: unknown) }
        } catch let error as DatabaseError {
            throw WorkspaceError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// Every schema version, in order. Never edit a shipped migration: add the next one
    /// ("v3-..."). An opened file records which ran, so a newer file is recognised.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-accounts") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            // Times are seconds since 1970 (REAL): exact round trips and plain comparisons.
            try db.execute(
                sql: """
                    CREATE TABLE user (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL,
                        nameKey TEXT NOT NULL UNIQUE,
                        role TEXT NOT NULL CHECK (role IN ('rm', 'lead', 'admin')),
                        rm TEXT,
                        language TEXT CHECK (language IN ('zh', 'en')),
                        passwordHash TEXT NOT NULL,
                        createdAt REAL NOT NULL
                    );
                    CREATE TABLE userTeam (
                        userID INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        rm TEXT NOT NULL,
                        PRIMARY KEY (userID, rm)
                    );
                    CREATE TABLE session (
                        tokenHash TEXT PRIMARY KEY,
                        userID INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        csrfToken TEXT NOT NULL,
                        createdAt REAL NOT NULL,
                        expiresAt REAL NOT NULL
                    );
                    CREATE INDEX sessionByUser ON session(userID);
                    CREATE TABLE loginFailure (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        nameKey TEXT NOT NULL,
                        address TEXT NOT NULL,
                        at REAL NOT NULL
                    );
                    CREATE INDEX loginFailureByName ON loginFailure(nameKey, at);
                    CREATE INDEX loginFailureByAddress ON loginFailure(address, at);
                    """)
        }
        // Issue 12: activities, pipeline, recorded relations and entities, corrections.
        m.registerMigration("v2-records") { db in try createRecordTables(db) }
        return m
    }
}
