/// The closed vocabularies of the data contract: what an entity is, where it stands with the bank,
/// and how two entities are related. Each is stored as one byte per row in the graph's columns.

/// What an entity is.
public enum EntityKind: UInt8, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case company, person, institution

    public var name: String {
        switch self {
        case .company: "company"
        case .person: "person"
        case .institution: "institution"
        }
    }
    public var description: String { name }
    public init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
    }
}

/// Where an entity stands with the bank.
public enum EntityStatus: UInt8, CaseIterable, Sendable, Codable, CustomStringConvertible {
    /// Banks with us (本行客户).
    case client
    /// Not banked with us yet (潜在客户).
    case prospect
    /// A prospect known to bank elsewhere (他行客户).
    case otherBank
    /// Left the bank; often worth winning back.
    case former

    public var name: String {
        switch self {
        case .client: "client"
        case .prospect: "prospect"
        case .otherBank: "other_bank"
        case .former: "former"
        }
    }
    public var description: String { name }
    public init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
    }
    /// Candidates for expansion: anyone who does not bank with us now.
    public var isClient: Bool { self == .client }
}

/// How two entities are related. Directions follow the contract: `supplies` runs upstream to
/// downstream (source sells to target); `knows` is symmetric.
public enum RelationType: UInt8, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case supplies, owns, guarantees, refers, knows, worksAt, memberOf

    public var name: String {
        switch self {
        case .supplies: "supplies"
        case .owns: "owns"
        case .guarantees: "guarantees"
        case .refers: "refers"
        case .knows: "knows"
        case .worksAt: "works_at"
        case .memberOf: "member_of"
        }
    }
    public var description: String { name }
    public init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
    }
    /// Symmetric relations have no meaningful direction: A knows B is B knows A.
    public var isSymmetric: Bool { self == .knows }
}

/// The result of a referral (`refers` relations only).
public enum ReferralOutcome: UInt8, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case none, won, pending, lost

    public var name: String {
        switch self {
        case .none: ""
        case .won: "won"
        case .pending: "pending"
        case .lost: "lost"
        }
    }
    public var description: String { name }
    public init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.name == name && $0 != .none }) else { return nil }
        self = found
    }
}

/// A set of relation types, one bit each: how a view selects the part of the graph it walks
/// (the value chain, the social graph) without copying anything.
public struct RelationTypes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(_ type: RelationType) { rawValue = 1 << type.rawValue }
    public init(_ types: [RelationType]) { rawValue = types.reduce(0) { $0 | (1 << $1.rawValue) } }

    @inline(__always) public func contains(_ type: RelationType) -> Bool { rawValue & (1 << type.rawValue) != 0 }
    @inline(__always) public func contains(rawType: UInt8) -> Bool { rawValue & (1 << rawType) != 0 }

    public static let supplies = RelationTypes(.supplies)
    public static let owns = RelationTypes(.owns)
    public static let guarantees = RelationTypes(.guarantees)
    public static let refers = RelationTypes(.refers)
    public static let knows = RelationTypes(.knows)
    public static let worksAt = RelationTypes(.worksAt)
    public static let memberOf = RelationTypes(.memberOf)

    /// The value chain: who sells to whom.
    public static let valueChain: RelationTypes = .supplies
    /// Ties people and introducers use to open doors.
    public static let social: RelationTypes = [.knows, .worksAt, .refers, .memberOf]
    /// Group structure: equity and guarantees.
    public static let group: RelationTypes = [.owns, .guarantees]
    public static let all = RelationTypes(rawValue: 0x7F)

    public var types: [RelationType] { RelationType.allCases.filter { contains($0) } }
}
