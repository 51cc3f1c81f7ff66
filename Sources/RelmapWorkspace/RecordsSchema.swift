import GRDB

/// The tables of migration `v2-records` (issue 12): what RMs record. Shipped migrations are never
/// edited; a later change is a new migration.
///
/// Decisions, and why:
/// - **Nothing is deleted.** No statement in Relmap deletes a record; a mistake is answered by a
///   correction (a record of its own). So the tables have no ON DELETE CASCADE among themselves.
/// - **Who recorded it survives the account.** Every record keeps the user's id *and* name. The id
///   references `user(id)` ON DELETE SET NULL: an RM who leaves the bank can still be removed
///   (RESTRICT would make `relmap users remove` fail for anyone who ever recorded something), and
///   their visits, referrals and pipeline stay, signed with the name they had. The id is kept
///   while the account exists, for joins and for `foreign_key_check`.
/// - **The book is the `rm` column**, a plain RM id as in the graph: reads filter on it, and a
///   user's book can be reassigned without touching the records.
/// - **Dates are TEXT `YYYY-MM-DD`** (checked by `date(x) IS x`, which SQLite only passes for a
///   real, normalised date), readable in `sqlite3` and in any backup, sortable as text. Moments
///   (recordedAt, updatedAt, at) are REAL seconds since 1970, as in `v1-accounts`.
/// - **`recordRevision`** is one row, bumped in the transaction of every record write, so any
///   reader (the server, another process) can tell in one read whether its merged graph is stale.
/// - The CHECK constraints repeat the rules `RecordRules` enforces first, so that a hand-edited or
///   foreign write cannot store a stage 7 either.
extension Workspace {
    static func createRecordTables(_ db: Database) throws {
        let day = { (column: String) in "date(\(column)) IS \(column)" }
        let who = """
            rm TEXT NOT NULL,
                userID INTEGER REFERENCES user(id) ON DELETE SET NULL,
                userName TEXT NOT NULL
            """
        try db.execute(
            sql: """
                CREATE TABLE recordRevision (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    revision INTEGER NOT NULL
                );
                INSERT INTO recordRevision (id, revision) VALUES (1, 0);

                CREATE TABLE activity (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    \(who),
                    target TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('visit', 'call', 'meeting', 'event', 'referral_request')),
                    date TEXT NOT NULL CHECK (\(day("date"))),
                    outcome TEXT NOT NULL,
                    note TEXT NOT NULL,
                    recordedAt REAL NOT NULL
                );
                CREATE INDEX activityByRM ON activity(rm, date);
                CREATE INDEX activityByTarget ON activity(target, date);

                CREATE TABLE activityPerson (
                    activityID INTEGER NOT NULL REFERENCES activity(id),
                    position INTEGER NOT NULL,
                    person TEXT NOT NULL,
                    PRIMARY KEY (activityID, position)
                );
                CREATE INDEX activityPersonByPerson ON activityPerson(person);

                CREATE TABLE pipeline (
                    rm TEXT NOT NULL,
                    target TEXT NOT NULL,
                    stage INTEGER NOT NULL CHECK (stage BETWEEN 1 AND 6),
                    status TEXT NOT NULL CHECK (status IN ('approaching', 'won', 'lost', 'paused')),
                    nextStep TEXT NOT NULL,
                    due TEXT CHECK (due IS NULL OR \(day("due"))),
                    version INTEGER NOT NULL CHECK (version >= 1),
                    updatedBy INTEGER REFERENCES user(id) ON DELETE SET NULL,
                    updatedByName TEXT NOT NULL,
                    updatedAt REAL NOT NULL,
                    PRIMARY KEY (rm, target)
                );
                CREATE INDEX pipelineByTarget ON pipeline(target);

                CREATE TABLE pipelineChange (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    \(who),
                    target TEXT NOT NULL,
                    stage INTEGER NOT NULL CHECK (stage BETWEEN 1 AND 6),
                    status TEXT NOT NULL CHECK (status IN ('approaching', 'won', 'lost', 'paused')),
                    nextStep TEXT NOT NULL,
                    due TEXT CHECK (due IS NULL OR \(day("due"))),
                    version INTEGER NOT NULL CHECK (version >= 1),
                    at REAL NOT NULL,
                    UNIQUE (rm, target, version)
                );
                CREATE INDEX pipelineChangeByTarget ON pipelineChange(target);

                CREATE TABLE recordedEntity (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    \(who),
                    name TEXT NOT NULL CHECK (name <> ''),
                    kind TEXT NOT NULL CHECK (kind IN ('company', 'person', 'institution')),
                    industry TEXT NOT NULL,
                    note TEXT NOT NULL,
                    recordedAt REAL NOT NULL
                );
                CREATE INDEX recordedEntityByRM ON recordedEntity(rm);

                CREATE TABLE recordedRelation (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    \(who),
                    source TEXT NOT NULL,
                    target TEXT NOT NULL,
                    type TEXT NOT NULL CHECK (type IN ('supplies', 'owns', 'guarantees', 'refers', 'knows', 'works_at', 'member_of')),
                    date TEXT CHECK (date IS NULL OR \(day("date"))),
                    outcome TEXT NOT NULL CHECK (outcome IN ('', 'won', 'pending', 'lost')),
                    strength REAL CHECK (strength IS NULL OR (strength > 0 AND strength <= 1)),
                    weight REAL CHECK (weight IS NULL OR weight >= 0),
                    role TEXT NOT NULL,
                    note TEXT NOT NULL,
                    sourceTag TEXT NOT NULL DEFAULT 'rm_note' CHECK (sourceTag = 'rm_note'),
                    recordedAt REAL NOT NULL,
                    CHECK (source <> target)
                );
                CREATE INDEX recordedRelationByRM ON recordedRelation(rm);
                CREATE INDEX recordedRelationBySource ON recordedRelation(source);
                CREATE INDEX recordedRelationByTarget ON recordedRelation(target);

                CREATE TABLE correction (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    \(who),
                    entity TEXT,
                    source TEXT,
                    target TEXT,
                    type TEXT CHECK (type IS NULL OR type IN ('supplies', 'owns', 'guarantees', 'refers', 'knows', 'works_at', 'member_of')),
                    note TEXT NOT NULL,
                    recordedAt REAL NOT NULL,
                    CHECK ((entity IS NOT NULL AND source IS NULL AND target IS NULL AND type IS NULL)
                        OR (entity IS NULL AND source IS NOT NULL AND target IS NOT NULL AND type IS NOT NULL))
                );
                CREATE INDEX correctionByRM ON correction(rm);
                CREATE INDEX correctionByEntity ON correction(entity);
                CREATE INDEX correctionBySource ON correction(source);
                CREATE INDEX correctionByTarget ON correction(target);
                """)
    }
}
