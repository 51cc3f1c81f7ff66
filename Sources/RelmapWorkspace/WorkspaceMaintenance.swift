import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Creates `path` for writing only if nothing is there (O_EXCL: the check and the creation are one
/// step); the errno on failure.
private func createExclusively(_ path: String) -> Int32? {
    let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
    if fd < 0 { return errno }
    close(fd)
    return nil
}

/// Backing up and checking a workspace file while the server runs (`relmap workspace backup|check`).
extension Workspace {
    /// A consistent copy while others read and write: SQLite's online backup, from one read
    /// transaction, so the copy is the file as of one moment (every committed write before it,
    /// none after, never half of one). Writers are not blocked while it runs (WAL).
    ///
    /// The destination must not exist: a backup never overwrites (the existing file could be the
    /// only good copy). It is created readable by its owner only, as the workspace is (it holds
    /// password hashes), and is a complete workspace file: open it with `--workspace`.
    /// - Throws: `.backupDestinationExists`, `.cannotOpen` for a destination that cannot be
    ///   created; on any failure the partial destination is removed.
    public func backup(to destination: String) throws {
        // Created in one step with the check, so a file that appears meanwhile is not
        // overwritten either.
        if let code = createExclusively(destination) {
            if code == EEXIST { throw WorkspaceError.backupDestinationExists(path: destination) }
            throw WorkspaceError.cannotOpen(path: destination, reason: String(cString: strerror(code)))
        }
        do {
            let copy = try DatabaseQueue(path: destination)
            try database.backup(to: copy)
            // A single file, without a -wal beside it, so that it can be moved or mailed as it is.
            try copy.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
            try copy.close()
        } catch {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: destination + suffix) }
            if let error = error as? DatabaseError {
                throw WorkspaceError.cannotOpen(path: destination, reason: error.message ?? "\(error.resultCode)")
            }
            throw error
        }
    }

    /// SQLite's `integrity_check` (pages, indexes, CHECK and NOT NULL constraints) and
    /// `foreign_key_check` (a record whose user, or a person row whose activity, is missing: only
    /// possible by editing the file with foreign keys off). Empty when the file is sound; else one
    /// readable line per problem (SQLite's own integrity messages are in English).
    public func check(chinese: Bool = false) throws -> [String] {
        try database.read { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                let table: String = row[0], parent: String = row[2], key: Int64 = row[3]
                let rowid = (row[1] as Int64?).map(String.init) ?? "?"
                let column =
                    try Row.fetchAll(db, sql: "SELECT * FROM pragma_foreign_key_list(?)", arguments: [table])
                    .first { ($0["id"] as Int64) == key }.map { $0["from"] as String } ?? "?"
                problems.append(
                    chinese
                        ? "\(table) 表第 \(rowid) 行：\(column) 指向不存在的 \(parent) 记录（外键失效）"
                        : "\(table) row \(rowid): \(column) refers to a \(parent) row that does not exist (broken foreign key)")
            }
            return problems
        }
    }
}
