import Foundation
import GRDB
import RelmapCore

// What RMs record (issue 12). The types and method signatures below are what the server, the command
// line and the graph merge program against: change them only by agreement. Field rules are in
// RecordRules.swift, the tables in RecordsSchema.swift, backup and check in WorkspaceMaintenance.swift.

/// What kind of contact an activity was.
public enum ActivityKind: String, Codable, Sendable, CaseIterable {
    case visit, call, meeting, event
    case referralRequest = "referral_request"
}

/// An activity as a user submits it (form, API, `relmap log`). Dates are `YYYY-MM-DD`.
public struct ActivityDraft: Sendable, Equatable {
    public var target: String
    public var kind: ActivityKind
    public var date: Day
    public var outcome: String
    public var note: String
    /// Entity ids of the people met (persons of the graph or recorded entities).
    public var people: [String]

    public init(target: String, kind: ActivityKind, date: Day, outcome: String = "", note: String = "", people: [String] = []) {
        self.target = target
        self.kind = kind
        self.date = date
        self.outcome = outcome
        self.note = note
        self.people = people
    }
}

/// A stored activity. JSON keys: id, rm, user, target, kind, date, outcome, note, people, recorded_at.
public struct Activity: Sendable, Equatable, Codable {
    public var id: Int64
    /// The book it belongs to (the recording user's RM id).
    public var rm: String
    public var user: String
    public var target: String
    public var kind: ActivityKind
    public var date: Day
    public var outcome: String
    public var note: String
    public var people: [String]
    public var recordedAt: Date
}

public typealias PipelineStatus = PipelineFact.Status

/// A change to one pipeline row as submitted. `version` is the row's version as last read; nil
/// when the user believes the row is new. A stale version is refused (`WorkspaceError.staleVersion`).
public struct PipelineUpdate: Sendable, Equatable {
    public var target: String
    public var stage: Int
    public var status: PipelineStatus
    public var nextStep: String
    public var due: Day?
    public var version: Int?

    public init(target: String, stage: Int, status: PipelineStatus, nextStep: String = "", due: Day? = nil, version: Int? = nil) {
        self.target = target
        self.stage = stage
        self.status = status
        self.nextStep = nextStep
        self.due = due
        self.version = version
    }
}

/// One RM's pipeline row for one target. JSON keys: rm, target, stage, status, next_step, due,
/// version, updated_by, updated_at.
public struct PipelineEntry: Sendable, Equatable, Codable {
    public var rm: String
    public var target: String
    public var stage: Int
    public var status: PipelineStatus
    public var nextStep: String
    public var due: Day?
    /// 1 for a new row, +1 per change.
    public var version: Int
    public var updatedBy: String
    public var updatedAt: Date
}

/// One change of a pipeline row (the history keeps every one).
public struct PipelineChange: Sendable, Equatable, Codable {
    public var rm: String
    public var target: String
    public var stage: Int
    public var status: PipelineStatus
    public var nextStep: String
    public var due: Day?
    public var version: Int
    public var user: String
    public var at: Date
}

/// A relation as submitted (form, API `POST /api/relations`, `relmap record`). Types an RM may
/// record: refers, knows, works_at, supplies (a customer is a `supplies` the other way round),
/// owns, guarantees, member_of.
public struct RelationDraft: Sendable, Equatable {
    public var source: String
    public var target: String
    public var type: RelationType
    public var date: Day?
    public var outcome: ReferralOutcome
    public var strength: Double?
    public var weight: Double?
    public var role: String
    public var note: String

    public init(
        source: String, target: String, type: RelationType, date: Day? = nil, outcome: ReferralOutcome = .none,
        strength: Double? = nil, weight: Double? = nil, role: String = "", note: String = ""
    ) {
        self.source = source
        self.target = target
        self.type = type
        self.date = date
        self.outcome = outcome
        self.strength = strength
        self.weight = weight
        self.role = role
        self.note = note
    }
}

/// A stored recorded relation; `source_tag` is always `rm_note`.
public struct RecordedRelation: Sendable, Equatable, Codable {
    public var id: Int64
    public var rm: String
    public var user: String
    public var source: String
    public var target: String
    public var type: RelationType
    public var date: Day?
    public var outcome: ReferralOutcome
    public var strength: Double?
    public var weight: Double?
    public var role: String
    public var note: String
    public var recordedAt: Date
}

/// A new entity as submitted (a person met at an event who is in no base file).
public struct EntityDraft: Sendable, Equatable {
    public var name: String
    public var kind: EntityKind
    public var industry: String
    public var note: String

    public init(name: String, kind: EntityKind, industry: String = "", note: String = "") {
        self.name = name
        self.kind = kind
        self.industry = industry
        self.note = note
    }
}

/// A correction as submitted: a relation or an entity marked wrong, with why.
public struct CorrectionDraft: Sendable, Equatable {
    public var subject: Suppression.Subject
    public var note: String

    public init(subject: Suppression.Subject, note: String) {
        self.subject = subject
        self.note = note
    }
}

public struct Correction: Sendable, Equatable {
    public var id: Int64
    public var rm: String
    public var user: String
    public var subject: Suppression.Subject
    public var note: String
    public var recordedAt: Date
}

/// Which entity ids exist in the graph the records are about; the workspace refuses a record that
/// names an unknown one (`WorkspaceError.unknownEntity`). The server passes its graph, the command
/// line the graph it loaded. Recorded entities (`ws-...`) are known by the workspace itself.
public typealias EntityExists = @Sendable (String) -> Bool

/// Rules every record follows (tested one by one in `Tests/RelmapWorkspaceTests/Records*`):
///
/// - **Whose book.** A record belongs to the acting user's book, `user.rm`; a user without one (an
///   admin or a lead without an rm id) cannot record (`.noBook`). So an RM can write only to their
///   own book: there is no parameter that names another. Reads follow `user.scope`: an RM reads
///   their own book, a lead the team's books and their own, an admin all; asking for a book
///   outside the scope (`pipeline(rm:)`) is `.notPermitted`, a list simply leaves other books out.
/// - **Every field checked before anything is written** (`RecordRules`), each failure an
///   `.invalidRecord` naming the field in the API's words: ids trimmed, one line, at most 200
///   characters, and known (the graph's `exists`, or a recorded entity `ws-N` of this workspace,
///   else `.unknownEntity`); stage 1...6; notes at most `maximumNoteLength` characters (tabs and
///   line breaks allowed, no other control character); outcome and next step one line of at most
///   `maximumOutcomeLength`; role, names and industry one line of at most 200; strength in (0, 1];
///   weight 0 or more, finite; source ≠ target; an outcome only on `refers`, a role only on
///   `works_at`; the people met known, at most 50, not the target itself (repeats are dropped);
///   the date of an activity or relation not more than a day ahead (plans go in the pipeline's due
///   date) and none before 1900; a correction says why (a note).
/// - **All or nothing.** Every write is one transaction, and a failed check changes nothing: no
///   row, no revision.
/// - **Durable on return.** The file is in WAL mode with `synchronous = FULL`; a call returns after
///   its commit reached the disk. Nothing is buffered in memory.
/// - **Revision.** `revision()` grows by one with every committed record write (not with account
///   or session changes), so a reader (the server) can tell that its merged graph is stale, also
///   when another process (`relmap log`) wrote.
/// - **Pipeline versions.** A row (one per RM and target) starts at version 1 and grows by one with
///   every accepted change; each change is also appended to the history with who and when. A change
///   must carry the version it was based on: for an existing row a missing or different version is
///   `.staleVersion(current:)` (someone saved first; the current row is in the error); a version
///   for a row that does not exist is an `.invalidRecord` on `version` (there is no current row to
///   show, and it is a mistake, not a race: rows are never deleted). A save that changes nothing
///   is still a change (the history shows the RM confirmed the row that day).
/// - **Nothing deleted.** No method deletes a record; a wrong one is answered by a correction.
///   Removing a user keeps their records, signed with their name.
extension Workspace {
    public static let maximumNoteLength = 4000
    public static let maximumOutcomeLength = 500

    public func logActivity(_ draft: ActivityDraft, by user: User, exists: EntityExists) throws -> Activity {
        try logActivities([draft], by: user, exists: exists)[0]
    }

    /// Several activities in one transaction (`relmap log --from FILE.csv`): all are written, or
    /// none when any fails its checks.
    public func logActivities(_ drafts: [ActivityDraft], by user: User, exists: EntityExists) throws -> [Activity] {
        let rm = try book(of: user)
        let checked = try drafts.map(checkedActivity)
        let now = Self.storedNow()
        return try recordWrite { db in
            try checked.map { d in
                try RecordRules.requireKnown([d.target] + d.people, exists: exists, db)
                try db.execute(
                    sql: """
                        INSERT INTO activity (rm, userID, userName, target, kind, date, outcome, note, recordedAt)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        rm, user.id, user.name, d.target, d.kind.rawValue, d.date.description, d.outcome, d.note,
                        now.timeIntervalSince1970
                    ])
                let id = db.lastInsertedRowID
                for (position, person) in d.people.enumerated() {
                    try db.execute(
                        sql: "INSERT INTO activityPerson (activityID, position, person) VALUES (?, ?, ?)",
                        arguments: [id, position, person])
                }
                return Activity(
                    id: id, rm: rm, user: user.name, target: d.target, kind: d.kind, date: d.date,
                    outcome: d.outcome, note: d.note, people: d.people, recordedAt: now)
            }
        }
    }

    /// Runs every check `logActivity` runs, and writes nothing: a batch front end reports every
    /// bad row before it writes any.
    public func checkActivity(_ draft: ActivityDraft, by user: User, exists: EntityExists) throws {
        _ = try book(of: user)
        let d = try checkedActivity(draft)
        try database.read { db in try RecordRules.requireKnown([d.target] + d.people, exists: exists, db) }
    }

    /// What `user` may read, newest first; `target` nil for all.
    public func activities(target: String?, for user: User) throws -> [Activity] {
        guard let (scope, scopeArguments) = bookFilter(user) else { return [] }
        var sql = "SELECT * FROM activity WHERE \(scope)"
        var arguments = scopeArguments
        if let target {
            sql += " AND (target = ? OR id IN (SELECT activityID FROM activityPerson WHERE person = ?))"
            arguments += [target, target]
        }
        return try database.read { db in
            let rows = try Row.fetchAll(db, sql: sql + " ORDER BY date DESC, id DESC", arguments: arguments)
            let people = try Self.people(db, of: rows.map { $0["id"] as Int64 })
            return try rows.map { try activity($0, people: people[$0["id"]] ?? []) }
        }
    }

    /// Creates or changes the row for (user.rm, target). See the rules above for `version`: a
    /// stale one throws `.staleVersion(current:)`; one for a row that does not exist yet is an
    /// `.invalidRecord` on `version`.
    public func updatePipeline(_ update: PipelineUpdate, by user: User, exists: EntityExists) throws -> PipelineEntry {
        let rm = try book(of: user)
        let target = try RecordRules.entityID(update.target, field: "target")
        try RecordRules.stage(update.stage)
        let nextStep = try RecordRules.line(update.nextStep, field: "next_step", maximum: Self.maximumOutcomeLength)
        if let due = update.due { try RecordRules.plausibleDay(due, field: "due") }
        if let v = update.version, v < 1 {
            throw RecordRules.invalid(
                "version", "\(v) is not a version; give the version you last read (1 or more), or none for a new row",
                "\(v) 不是版本号；请填写您上次读取到的版本（1 或以上），新建时不填")
        }
        let now = Self.storedNow()
        return try recordWrite { db in
            try RecordRules.requireKnown([target], exists: exists, db)
            let current = try Row.fetchOne(db, sql: "SELECT * FROM pipeline WHERE rm = ? AND target = ?", arguments: [rm, target])
                .map(pipelineEntry)
            if let current, update.version != current.version { throw WorkspaceError.staleVersion(current: current) }
            if current == nil, let v = update.version {
                throw RecordRules.invalid(
                    "version",
                    "\(target) has no pipeline row in book \(rm) yet, so version \(v) cannot be current; leave version out to start the row",
                    "\(target) 在 \(rm) 名下还没有营销进展，版本 \(v) 不可能是当前版本；新建时请不要填写版本")
            }
            let entry = PipelineEntry(
                rm: rm, target: target, stage: update.stage, status: update.status, nextStep: nextStep,
                due: update.due, version: (current?.version ?? 0) + 1, updatedBy: user.name, updatedAt: now)
            let values: StatementArguments = [
                rm, target, entry.stage, entry.status.rawValue, nextStep, entry.due?.description,
                entry.version, user.id, user.name, now.timeIntervalSince1970
            ]
            try db.execute(
                sql: """
                    INSERT INTO pipeline (rm, target, stage, status, nextStep, due, version, updatedBy, updatedByName, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (rm, target) DO UPDATE SET stage = excluded.stage, status = excluded.status,
                        nextStep = excluded.nextStep, due = excluded.due, version = excluded.version,
                        updatedBy = excluded.updatedBy, updatedByName = excluded.updatedByName, updatedAt = excluded.updatedAt
                    """, arguments: values)
            try db.execute(
                sql: """
                    INSERT INTO pipelineChange (rm, target, stage, status, nextStep, due, version, userID, userName, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: values)
            return entry
        }
    }

    /// The rows of `rm`'s book (nil: every book `user` may read), by stage then due date (rows
    /// without a due date last), then target.
    /// - Throws: `.notPermitted` when `rm` is outside the user's books.
    public func pipeline(rm: String?, for user: User) throws -> [PipelineEntry] {
        guard let (scope, arguments) = try bookFilter(user, rm: rm) else { return [] }
        return try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM pipeline WHERE \(scope) ORDER BY stage, due IS NULL, due, target, rm",
                arguments: arguments
            ).map(pipelineEntry)
        }
    }

    /// Every change of the rows for `target` in `rm`'s book (nil: every book `user` may read),
    /// oldest first.
    public func pipelineHistory(target: String, rm: String?, for user: User) throws -> [PipelineChange] {
        guard let (scope, arguments) = try bookFilter(user, rm: rm) else { return [] }
        return try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM pipelineChange WHERE target = ? AND \(scope) ORDER BY id",
                arguments: [target] + arguments
            ).map(pipelineChange)
        }
    }

    public func recordRelation(_ draft: RelationDraft, by user: User, exists: EntityExists) throws -> RecordedRelation {
        let rm = try book(of: user)
        let source = try RecordRules.entityID(draft.source, field: "source")
        let target = try RecordRules.entityID(draft.target, field: "target")
        let role = try RecordRules.line(draft.role, field: "role", maximum: RecordRules.maximumShortLength)
        try RecordRules.relationShape(source: source, target: target, type: draft.type, outcome: draft.outcome, role: role)
        if let date = draft.date { try RecordRules.pastDay(date, field: "date") }
        try RecordRules.strength(draft.strength)
        try RecordRules.weight(draft.weight)
        let note = try RecordRules.note(draft.note)
        let now = Self.storedNow()
        return try recordWrite { db in
            try RecordRules.requireKnown([source, target], exists: exists, db)
            try db.execute(
                sql: """
                    INSERT INTO recordedRelation (rm, userID, userName, source, target, type, date, outcome, strength, weight, role, note, recordedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    rm, user.id, user.name, source, target, draft.type.name, draft.date?.description, draft.outcome.name,
                    draft.strength, draft.weight, role, note, now.timeIntervalSince1970
                ])
            return RecordedRelation(
                id: db.lastInsertedRowID, rm: rm, user: user.name, source: source, target: target, type: draft.type,
                date: draft.date, outcome: draft.outcome, strength: draft.strength, weight: draft.weight,
                role: role, note: note, recordedAt: now)
        }
    }

    /// The recorded relations `user` may read that touch `entity` (nil: all), newest first.
    public func recordedRelations(involving entity: String?, for user: User) throws -> [RecordedRelation] {
        guard let (scope, arguments) = bookFilter(user) else { return [] }
        let (sql, extra) = entity.map { (" AND (source = ? OR target = ?)", [$0, $0]) } ?? ("", [])
        return try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM recordedRelation WHERE \(scope)\(sql) ORDER BY id DESC",
                arguments: arguments + StatementArguments(extra)
            ).map(recordedRelation)
        }
    }

    /// Returns the new entity's id (`ws-N`).
    public func recordEntity(_ draft: EntityDraft, by user: User) throws -> RecordedEntity {
        let rm = try book(of: user)
        let name = try RecordRules.line(draft.name, field: "name", maximum: RecordRules.maximumShortLength, required: true)
        let industry = try RecordRules.line(draft.industry, field: "industry", maximum: RecordRules.maximumShortLength)
        let note = try RecordRules.note(draft.note)
        let now = Self.storedNow()
        return try recordWrite { db in
            try db.execute(
                sql: """
                    INSERT INTO recordedEntity (rm, userID, userName, name, kind, industry, note, recordedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [rm, user.id, user.name, name, draft.kind.name, industry, note, now.timeIntervalSince1970])
            let id = db.lastInsertedRowID
            return RecordedEntity(
                id: RecordRules.recordedEntityPrefix + String(id), name: name, kind: draft.kind, industry: industry,
                provenance: Provenance(recordID: id, rm: rm, user: user.name, recordedOn: Self.day(now)))
        }
    }

    public func recordCorrection(_ draft: CorrectionDraft, by user: User, exists: EntityExists) throws -> Correction {
        let rm = try book(of: user)
        let subject: Suppression.Subject
        let ids: [String]
        switch draft.subject {
        case .entity(let id):
            let id = try RecordRules.entityID(id, field: "entity")
            subject = .entity(id: id)
            ids = [id]
        case .relation(let source, let target, let type):
            let source = try RecordRules.entityID(source, field: "source"), target = try RecordRules.entityID(target, field: "target")
            try RecordRules.relationShape(source: source, target: target, type: type, outcome: .none, role: "")
            subject = .relation(source: source, target: target, type: type)
            ids = [source, target]
        }
        // The colleagues who see the correction need to know why, to judge it.
        let note = try RecordRules.note(draft.note, required: true)
        let now = Self.storedNow()
        return try recordWrite { db in
            try RecordRules.requireKnown(ids, exists: exists, db)
            var columns: (entity: String?, source: String?, target: String?, type: String?) = (nil, nil, nil, nil)
            switch subject {
            case .entity(let id): columns.entity = id
            case .relation(let s, let t, let type): columns = (nil, s, t, type.name)
            }
            try db.execute(
                sql: """
                    INSERT INTO correction (rm, userID, userName, entity, source, target, type, note, recordedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    rm, user.id, user.name, columns.entity, columns.source, columns.target, columns.type, note,
                    now.timeIntervalSince1970
                ])
            return Correction(id: db.lastInsertedRowID, rm: rm, user: user.name, subject: subject, note: note, recordedAt: now)
        }
    }

    /// The corrections `user` may read that name `entity` (as the entity or an end of the
    /// relation; nil: all), newest first.
    public func corrections(involving entity: String?, for user: User) throws -> [Correction] {
        guard let (scope, arguments) = bookFilter(user) else { return [] }
        let (sql, extra) = entity.map { (" AND (entity = ? OR source = ? OR target = ?)", [$0, $0, $0]) } ?? ("", [])
        return try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM correction WHERE \(scope)\(sql) ORDER BY id DESC",
                arguments: arguments + StatementArguments(extra)
            ).map(correction)
        }
    }

    /// Every record of every book, as the graph merge takes it (`Graph.merging`): bank-wide, like
    /// the base files; who may read a note stays the workspace's rule. In record order.
    public func facts() throws -> WorkspaceFacts {
        try database.read { db in
            var facts = WorkspaceFacts()
            facts.entities = try Row.fetchAll(db, sql: "SELECT * FROM recordedEntity ORDER BY id").map { row in
                let id: Int64 = row["id"]
                return RecordedEntity(
                    id: RecordRules.recordedEntityPrefix + String(id), name: row["name"],
                    kind: try self.parse(row["kind"], EntityKind.init(name:), "entity kind"),
                    industry: row["industry"], provenance: try self.provenance(row))
            }
            facts.relations = try Row.fetchAll(db, sql: "SELECT * FROM recordedRelation ORDER BY id").map { row in
                let r = try self.recordedRelation(row)
                return RecordedRelationFact(
                    source: r.source, target: r.target, type: r.type, date: r.date, outcome: r.outcome,
                    strength: r.strength, weight: r.weight, role: r.role, provenance: try self.provenance(row))
            }
            // The pipeline table holds the latest row per RM and target; its provenance is the
            // history row of that version (the change that made it what it is).
            facts.pipeline = try Row.fetchAll(
                db,
                sql: """
                    SELECT p.*, c.id AS changeID FROM pipeline p
                    JOIN pipelineChange c ON c.rm = p.rm AND c.target = p.target AND c.version = p.version
                    ORDER BY c.id
                    """
            ).map { row in
                let entry = try self.pipelineEntry(row)
                let on = Self.day(entry.updatedAt)
                return PipelineFact(
                    target: entry.target, stage: entry.stage, status: entry.status, changedOn: on,
                    provenance: Provenance(recordID: row["changeID"], rm: entry.rm, user: entry.updatedBy, recordedOn: on))
            }
            facts.suppressions = try Row.fetchAll(db, sql: "SELECT * FROM correction ORDER BY id").map { row in
                let c = try self.correction(row)
                return Suppression(subject: c.subject, note: c.note, provenance: try self.provenance(row))
            }
            let activities = try Row.fetchAll(db, sql: "SELECT * FROM activity ORDER BY id")
            let people = try Self.people(db, of: nil)
            facts.contacts = try activities.map { row in
                ContactFact(
                    target: row["target"], people: people[row["id"]] ?? [], date: try self.day(row["date"], "activity date"),
                    provenance: try self.provenance(row))
            }
            return facts
        }
    }

    /// Grows with every committed record write (any process).
    public func revision() throws -> Int64 {
        try database.read { db in try Int64.fetchOne(db, sql: "SELECT revision FROM recordRevision WHERE id = 1") ?? 0 }
    }
}

// MARK: Transactions, scope and rows

extension Workspace {
    /// One record write: `body` and the revision bump in one transaction.
    func recordWrite<T>(_ body: (Database) throws -> T) throws -> T {
        try database.write { db in
            let result = try body(db)
            try db.execute(sql: "UPDATE recordRevision SET revision = revision + 1 WHERE id = 1")
            return result
        }
    }

    /// The book a user records in.
    func book(of user: User) throws -> String {
        guard let rm = user.rm, !rm.isEmpty else { throw WorkspaceError.noBook(user.name) }
        return rm
    }

    /// An SQL condition on the `rm` column and its arguments for the books `user` may read; nil
    /// when there are none (nothing to read).
    func bookFilter(_ user: User) -> (String, StatementArguments)? {
        guard let books = user.scope.books else { return ("1", []) }
        if books.isEmpty { return nil }
        let sorted = books.sorted()
        return ("rm IN (" + sorted.map { _ in "?" }.joined(separator: ", ") + ")", StatementArguments(sorted))
    }

    /// The same for one named book (`rm`), refused when it is outside the user's books.
    func bookFilter(_ user: User, rm: String?) throws -> (String, StatementArguments)? {
        guard let rm else { return bookFilter(user) }
        guard user.scope.mayRank(rm: rm) else {
            throw WorkspaceError.notPermitted(user.scope.isAdmin ? rm : "book \(rm)")
        }
        return ("rm = ?", [rm])
    }

    private func checkedActivity(_ draft: ActivityDraft) throws -> ActivityDraft {
        var d = draft
        d.target = try RecordRules.entityID(draft.target, field: "target")
        try RecordRules.pastDay(draft.date, field: "date")
        d.outcome = try RecordRules.line(draft.outcome, field: "outcome", maximum: Self.maximumOutcomeLength)
        d.note = try RecordRules.note(draft.note)
        var people: [String] = []
        for id in draft.people {
            let p = try RecordRules.entityID(id, field: "people")
            if p == d.target {
                throw RecordRules.invalid(
                    "people", "\(p) is the target itself; list the people met at the target",
                    "\(p) 就是拜访对象本身；请填写在对方处见到的人")
            }
            if !people.contains(p) { people.append(p) }
        }
        if people.count > RecordRules.maximumPeople {
            throw RecordRules.invalid(
                "people", "\(people.count) people; at most \(RecordRules.maximumPeople) per activity",
                "共 \(people.count) 人；每次活动最多 \(RecordRules.maximumPeople) 人")
        }
        d.people = people
        return d
    }

    /// The people met, in the order given, by activity id (of these activities, or of all: nil).
    static func people(_ db: Database, of ids: [Int64]?) throws -> [Int64: [String]] {
        var people: [Int64: [String]] = [:]
        if let ids, ids.isEmpty { return people }
        let rows: [Row]
        if let ids {
            rows = try Row.fetchAll(
                db,
                sql:
                    "SELECT activityID, person FROM activityPerson WHERE activityID IN (SELECT value FROM json_each(?)) ORDER BY activityID, position",
                arguments: ["[" + ids.map(String.init).joined(separator: ",") + "]"])
        } else {
            rows = try Row.fetchAll(db, sql: "SELECT activityID, person FROM activityPerson ORDER BY activityID, position")
        }
        for row in rows { people[row["activityID"], default: []].append(row["person"]) }
        return people
    }

    /// Now, as it reads back from the file (seconds since 1970 in a REAL): what a write returns
    /// equals what a later read returns.
    static func storedNow() -> Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970) }

    static func day(_ moment: Date) -> Day {
        Day(daysSince1970: Int32((moment.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// A stored value back into its type; a value this version cannot read is `.damaged`.
    func parse<T>(_ text: String, _ make: (String) -> T?, _ what: String) throws -> T {
        guard let value = make(text) else { throw WorkspaceError.damaged(path: path, reason: "unknown \(what) '\(text)'") }
        return value
    }

    func day(_ text: String, _ what: String) throws -> Day { try parse(text, ValueParsing.parseDay, what) }

    func provenance(_ row: Row) throws -> Provenance {
        Provenance(
            recordID: row["id"], rm: row["rm"], user: row["userName"],
            recordedOn: Self.day(Date(timeIntervalSince1970: row["recordedAt"])))
    }

    func activity(_ row: Row, people: [String]) throws -> Activity {
        Activity(
            id: row["id"], rm: row["rm"], user: row["userName"], target: row["target"],
            kind: try parse(row["kind"], ActivityKind.init(rawValue:), "activity kind"), date: try day(row["date"], "activity date"),
            outcome: row["outcome"], note: row["note"], people: people, recordedAt: Date(timeIntervalSince1970: row["recordedAt"]))
    }

    func pipelineEntry(_ row: Row) throws -> PipelineEntry {
        PipelineEntry(
            rm: row["rm"], target: row["target"], stage: row["stage"],
            status: try parse(row["status"], PipelineStatus.init(rawValue:), "pipeline status"), nextStep: row["nextStep"],
            due: try (row["due"] as String?).map { try day($0, "due date") }, version: row["version"],
            updatedBy: row["updatedByName"], updatedAt: Date(timeIntervalSince1970: row["updatedAt"]))
    }

    func pipelineChange(_ row: Row) throws -> PipelineChange {
        PipelineChange(
            rm: row["rm"], target: row["target"], stage: row["stage"],
            status: try parse(row["status"], PipelineStatus.init(rawValue:), "pipeline status"), nextStep: row["nextStep"],
            due: try (row["due"] as String?).map { try day($0, "due date") }, version: row["version"],
            user: row["userName"], at: Date(timeIntervalSince1970: row["at"]))
    }

    func recordedRelation(_ row: Row) throws -> RecordedRelation {
        let outcome: String = row["outcome"]
        return RecordedRelation(
            id: row["id"], rm: row["rm"], user: row["userName"], source: row["source"], target: row["target"],
            type: try parse(row["type"], RelationType.init(name:), "relation type"),
            date: try (row["date"] as String?).map { try day($0, "relation date") },
            outcome: outcome.isEmpty ? .none : try parse(outcome, ReferralOutcome.init(name:), "referral outcome"),
            strength: row["strength"], weight: row["weight"], role: row["role"], note: row["note"],
            recordedAt: Date(timeIntervalSince1970: row["recordedAt"]))
    }

    func correction(_ row: Row) throws -> Correction {
        let subject: Suppression.Subject
        if let entity: String = row["entity"] {
            subject = .entity(id: entity)
        } else {
            subject = .relation(
                source: row["source"], target: row["target"],
                type: try parse(row["type"], RelationType.init(name:), "relation type"))
        }
        return Correction(
            id: row["id"], rm: row["rm"], user: row["userName"], subject: subject, note: row["note"],
            recordedAt: Date(timeIntervalSince1970: row["recordedAt"]))
    }
}
