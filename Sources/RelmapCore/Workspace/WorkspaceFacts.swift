/// What RMs recorded in the workspace, as plain values the graph core can merge: the workspace
/// file (SQLite, `RelmapWorkspace`) reads its tables into this, and `Graph.merging(_:)` lays it
/// over the base files. Kept free of the database so that the core, its tests and the command
/// line can use it without SQLite.
///
/// Everything here is bank-wide: the merged graph answers every RM, as the base files do. Who may
/// read a record's note is the workspace's rule, not the graph's.
public struct WorkspaceFacts: Sendable, Equatable {
    /// Entities the base files do not have (the new acquaintance met at a chamber dinner).
    public var entities: [RecordedEntity]
    /// Relations RMs learned (a referral, an acquaintance, a role, a supplier or customer).
    public var relations: [RecordedRelationFact]
    /// What the pipeline says about targets: won targets become clients of that RM.
    public var pipeline: [PipelineFact]
    /// Relations and entities marked wrong: left out of every answer, never deleted.
    public var suppressions: [Suppression]
    /// Logged activities: each is a contact between its target and the people met, which
    /// refreshes the tie between them (`TieDecay`).
    public var contacts: [ContactFact]

    public init(
        entities: [RecordedEntity] = [], relations: [RecordedRelationFact] = [],
        pipeline: [PipelineFact] = [], suppressions: [Suppression] = [], contacts: [ContactFact] = []
    ) {
        self.entities = entities
        self.relations = relations
        self.pipeline = pipeline
        self.suppressions = suppressions
        self.contacts = contacts
    }

    public var isEmpty: Bool {
        entities.isEmpty && relations.isEmpty && pipeline.isEmpty && suppressions.isEmpty && contacts.isEmpty
    }
}

/// Who recorded something, in which book, when. Every workspace record carries one.
public struct Provenance: Sendable, Equatable, Codable {
    /// The workspace record's id (unique within its table).
    public var recordID: Int64
    /// The book (RM id) the record belongs to.
    public var rm: String
    /// The user name of whoever recorded it.
    public var user: String
    /// The day it was recorded.
    public var recordedOn: Day

    public init(recordID: Int64, rm: String, user: String, recordedOn: Day) {
        self.recordID = recordID
        self.rm = rm
        self.user = user
        self.recordedOn = recordedOn
    }
}

public struct RecordedEntity: Sendable, Equatable {
    /// Made by the workspace (`ws-` and the record id), never one of the base files' ids.
    public var id: String
    public var name: String
    public var kind: EntityKind
    public var industry: String
    public var provenance: Provenance

    public init(id: String, name: String, kind: EntityKind, industry: String = "", provenance: Provenance) {
        self.id = id
        self.name = name
        self.kind = kind
        self.industry = industry
        self.provenance = provenance
    }
}

public struct RecordedRelationFact: Sendable, Equatable {
    /// source, target (entity ids), type, date, outcome, strength, weight; `role` (works_at) in
    /// the attributes.
    public var source: String
    public var target: String
    public var type: RelationType
    public var date: Day?
    public var outcome: ReferralOutcome
    public var strength: Double?
    public var weight: Double?
    public var role: String
    public var provenance: Provenance

    public init(
        source: String, target: String, type: RelationType, date: Day? = nil, outcome: ReferralOutcome = .none,
        strength: Double? = nil, weight: Double? = nil, role: String = "", provenance: Provenance
    ) {
        self.source = source
        self.target = target
        self.type = type
        self.date = date
        self.outcome = outcome
        self.strength = strength
        self.weight = weight
        self.role = role
        self.provenance = provenance
    }
}

/// The pipeline's latest row for one RM and target.
public struct PipelineFact: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case approaching, won, lost, paused
    }
    public var target: String
    /// Relationship stage 1 to 6 (`Guides/Workspace.md`).
    public var stage: Int
    public var status: Status
    /// The day of the row's latest change (for `won`: the day the target became a client).
    public var changedOn: Day
    public var provenance: Provenance

    public init(target: String, stage: Int, status: Status, changedOn: Day, provenance: Provenance) {
        self.target = target
        self.stage = stage
        self.status = status
        self.changedOn = changedOn
        self.provenance = provenance
    }
}

/// A relation or an entity marked wrong. A relation is named by its ends and type (every
/// relation of that type between the two, either direction for symmetric types); an entity by
/// its id (it and its relations leave the answers).
public struct Suppression: Sendable, Equatable {
    public enum Subject: Sendable, Equatable {
        case relation(source: String, target: String, type: RelationType)
        case entity(id: String)
    }
    public var subject: Subject
    public var note: String
    public var provenance: Provenance

    public init(subject: Subject, note: String, provenance: Provenance) {
        self.subject = subject
        self.note = note
        self.provenance = provenance
    }
}

/// One logged activity as a contact: on `date`, the RM met `target` and `people` together.
public struct ContactFact: Sendable, Equatable {
    public var target: String
    public var people: [String]
    public var date: Day
    public var provenance: Provenance

    public init(target: String, people: [String], date: Day, provenance: Provenance) {
        self.target = target
        self.people = people
        self.date = date
        self.provenance = provenance
    }
}
