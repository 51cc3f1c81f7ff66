import Foundation
import GRDB
import RelmapCore

// CONTRACT (issue 12). The types and method signatures below are what the server, the command line
// and the graph merge program against. Bodies marked `fatalError("contract")` are implemented by the
// workspace-records branch; signatures change only by agreement (tell the coordinator).

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

    public init(source: String, target: String, type: RelationType, date: Day? = nil, outcome: ReferralOutcome = .none,
                strength: Double? = nil, weight: Double? = nil, role: String = "", note: String = "") {
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

/// Rules every write follows:
/// - The record belongs to the acting user's book: `user.rm` (an admin or lead without an rm id
///   cannot record; `WorkspaceError.noBook`). Reads: `user.scope` decides (an RM their own book,
///   a lead the team's, an admin everything).
/// - Every field is checked before anything is written (a date that is not a date, stage outside
///   1...6, a note over `maximumNoteLength`, an unknown entity): `WorkspaceError.invalidRecord`
///   naming the field; nothing is changed.
/// - Every write is one transaction; when the call returns, the record is durable (WAL,
///   synchronous=FULL for these tables' writes).
/// - `revision` grows by one with every committed write, so a reader (the server) can tell that
///   its merged graph is stale, also when another process (`relmap log`) wrote.
extension Workspace {
    public static let maximumNoteLength = 4000
    public static let maximumOutcomeLength = 500

    public func logActivity(_ draft: ActivityDraft, by user: User, exists: EntityExists) throws -> Activity { fatalError("contract") }
    /// What `user` may read, newest first; `target` nil for all.
    public func activities(target: String?, for user: User) throws -> [Activity] { fatalError("contract") }

    /// Creates or changes the row for (user.rm, target). A new row with `update.version` != nil, or
    /// an existing one whose version differs, throws `.staleVersion(current:)`.
    public func updatePipeline(_ update: PipelineUpdate, by user: User, exists: EntityExists) throws -> PipelineEntry { fatalError("contract") }
    /// The rows of `rm`'s book (nil: every book `user` may read), by stage then due date.
    public func pipeline(rm: String?, for user: User) throws -> [PipelineEntry] { fatalError("contract") }
    public func pipelineHistory(target: String, rm: String?, for user: User) throws -> [PipelineChange] { fatalError("contract") }

    public func recordRelation(_ draft: RelationDraft, by user: User, exists: EntityExists) throws -> RecordedRelation { fatalError("contract") }
    public func recordedRelations(involving entity: String?, for user: User) throws -> [RecordedRelation] { fatalError("contract") }
    /// Returns the new entity's id (`ws-N`).
    public func recordEntity(_ draft: EntityDraft, by user: User) throws -> RecordedEntity { fatalError("contract") }

    public func recordCorrection(_ draft: CorrectionDraft, by user: User, exists: EntityExists) throws -> Correction { fatalError("contract") }
    public func corrections(involving entity: String?, for user: User) throws -> [Correction] { fatalError("contract") }

    /// Every record of every book, as the graph merge takes it.
    public func facts() throws -> WorkspaceFacts { fatalError("contract") }
    /// Grows with every committed record write (any process).
    public func revision() throws -> Int64 { fatalError("contract") }

    /// A consistent copy while others read and write (SQLite's online backup).
    public func backup(to path: String) throws { fatalError("contract") }
    /// integrity_check and foreign_key_check; empty when the file is sound.
    public func check() throws -> [String] { fatalError("contract") }
}
