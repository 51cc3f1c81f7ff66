/// The closed vocabularies of the data contract: what an entity is, where it stands with the bank,
/// and how two entities are related. Each is stored as one byte per row in the graph's columns.
///
/// Every word is spelled once, here: a case's `name` (what files and exports write) and the other
/// spellings people type (`aliases`: Chinese terms, singulars, hyphens). Parsing, the loader's
/// byte matching, "did you mean" and export all derive from these.
public protocol ContractVocabulary: CaseIterable, Hashable, Sendable where AllCases == [Self] {
    /// The contract's spelling.
    var name: String { get }
    /// Other accepted spellings, lower case, trimmed.
    static var aliases: [String: Self] { get }
}

extension ContractVocabulary {
    /// The contract's spellings, in case order (for "valid: ..." lists and suggestions).
    public static var names: [String] { allCases.map(\.name).filter { !$0.isEmpty } }

    /// A word as written: the contract's spelling, else an alias, case and surrounding spaces
    /// aside. - Complexity: O(1) (a few string compares and one hash).
    public static func parse(_ text: String) -> Self? {
        if let exact = allCases.first(where: { !$0.name.isEmpty && $0.name == text }) { return exact }
        let key = text.trimmingSpaces().lowercased()
        if let exact = allCases.first(where: { !$0.name.isEmpty && $0.name == key }) { return exact }
        return aliases[key]
    }

    /// The case whose contract spelling is exactly `raw` (ASCII bytes straight from a file), with
    /// no `String` made: the loader's hot path. Nil for anything else (then `parse` decides).
    @inline(__always)
    static func matching(_ raw: UnsafeBufferPointer<UInt8>) -> Self? {
        for c in allCases {
            let name = c.name.utf8
            guard !name.isEmpty, name.count == raw.count else { continue }
            if name.elementsEqual(raw) { return c }
        }
        return nil
    }
}

/// What an entity is.
public enum EntityKind: UInt8, ContractVocabulary, Codable, CustomStringConvertible {
    case company, person, institution

    public static let aliases: [String: EntityKind] = [
        "公司": .company, "企业": .company, "firm": .company,
        "个人": .person, "自然人": .person, "people": .person,
        "机构": .institution
    ]

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
public enum EntityStatus: UInt8, ContractVocabulary, Codable, CustomStringConvertible {
    /// Banks with us (本行客户).
    case client
    /// Not banked with us yet (潜在客户).
    case prospect
    /// A prospect known to bank elsewhere (他行客户).
    case otherBank
    /// Left the bank; often worth winning back.
    case former

    public static let aliases: [String: EntityStatus] = [
        "本行客户": .client, "客户": .client, "customer": .client,
        "潜在客户": .prospect,
        "other-bank": .otherBank, "otherbank": .otherBank, "他行客户": .otherBank,
        "former_client": .former, "流失客户": .former, "原客户": .former
    ]

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
public enum RelationType: UInt8, ContractVocabulary, Codable, CustomStringConvertible {
    case supplies, owns, guarantees, refers, knows, worksAt, memberOf

    public static let aliases: [String: RelationType] = [
        "supply": .supplies, "供应": .supplies, "供货": .supplies,
        "own": .owns, "持股": .owns, "控股": .owns,
        "guarantee": .guarantees, "担保": .guarantees,
        "refer": .refers, "referred": .refers, "推荐": .refers, "介绍": .refers,
        "know": .knows, "认识": .knows,
        "works-at": .worksAt, "worksat": .worksAt, "任职": .worksAt,
        "member-of": .memberOf, "memberof": .memberOf, "会员": .memberOf
    ]

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
public enum ReferralOutcome: UInt8, ContractVocabulary, Codable, CustomStringConvertible {
    case none, won, pending, lost

    public static let aliases: [String: ReferralOutcome] = [
        "win": .won, "成功": .won, "跟进中": .pending, "失败": .lost
    ]

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
