/// The entity table: one row per entity, one column per field of the data contract. Rows are
/// addressed by dense indices `0..<count`, the same indices the graph's adjacency uses.
public struct Entities: Sendable {
    public internal(set) var ids = StringColumn()
    public internal(set) var names = StringColumn()
    public internal(set) var kinds: [EntityKind] = []
    public internal(set) var statuses: [EntityStatus] = []
    public internal(set) var industries = CategoricalColumn()
    public internal(set) var regions = CategoricalColumn()
    /// The RM who owns the entity (客户归属); "" when none.
    public internal(set) var rms = CategoricalColumn()
    /// 1 (strategic) to 4; 0 when unknown.
    public internal(set) var tiers: [UInt8] = []
    /// Relationship stage 1 to 6; 0 when unknown.
    public internal(set) var stages: [UInt8] = []
    /// Yearly value to the bank; NaN when unknown.
    public internal(set) var values: [Double] = []
    /// Yearly revenue or another size measure; NaN when unknown.
    public internal(set) var sizes: [Double] = []
    /// The day the entity became a client (account opening, 开户日期), as days since 1970;
    /// `Relations.noDate` when not given. Only clients and former clients carry one.
    public internal(set) var clientSince: [Int32] = []
    /// Columns the contract does not define, kept in file order and written back on export.
    public internal(set) var extra: [AttributeColumn] = []

    public init() {}

    public var count: Int { kinds.count }
    public var indices: Range<Int> { 0..<count }

    public func id(_ i: Int) -> String { ids[i] }
    public func name(_ i: Int) -> String { names[i] }
    public func kind(_ i: Int) -> EntityKind { kinds[i] }
    public func status(_ i: Int) -> EntityStatus { statuses[i] }
    public func industry(_ i: Int) -> String { industries[i] }
    public func region(_ i: Int) -> String { regions[i] }
    public func rm(_ i: Int) -> String { rms[i] }
    public func tier(_ i: Int) -> Int? { tiers[i] == 0 ? nil : Int(tiers[i]) }
    public func stage(_ i: Int) -> Int? { stages[i] == 0 ? nil : Int(stages[i]) }
    public func value(_ i: Int) -> Double? { values[i].isNaN ? nil : values[i] }
    public func size(_ i: Int) -> Double? { sizes[i].isNaN ? nil : sizes[i] }
    public func clientSince(_ i: Int) -> Day? {
        clientSince[i] == Relations.noDate ? nil : Day(daysSince1970: clientSince[i])
    }

    /// The value of an extra column for row `i`, or nil when the column does not exist.
    public func attribute(_ name: String, of i: Int) -> String? {
        extra.first(where: { $0.name == name })?.values[i]
    }

    /// Every entity with the given status, in index order.
    public func indices(withStatus status: EntityStatus) -> [Int] {
        indices.filter { statuses[$0] == status }
    }

    /// Appends every row of `other` (the fixed columns; a loader joins the extra columns itself).
    mutating func append(contentsOf other: Entities) {
        ids.append(contentsOf: other.ids)
        names.append(contentsOf: other.names)
        kinds += other.kinds
        statuses += other.statuses
        industries.append(contentsOf: other.industries)
        regions.append(contentsOf: other.regions)
        rms.append(contentsOf: other.rms)
        tiers += other.tiers
        stages += other.stages
        values += other.values
        sizes += other.sizes
        clientSince += other.clientSince
    }

    /// Appends one row; extra attributes not seen before become new columns (earlier rows "").
    public mutating func append(_ e: EntityRecord) {
        ids.append(e.id)
        names.append(e.name)
        kinds.append(e.kind)
        statuses.append(e.status)
        industries.append(e.industry)
        regions.append(e.region)
        rms.append(e.rm)
        tiers.append(UInt8(e.tier ?? 0))
        stages.append(UInt8(e.stage ?? 0))
        values.append(e.value ?? .nan)
        sizes.append(e.size ?? .nan)
        clientSince.append(e.clientSince?.daysSince1970 ?? Relations.noDate)
        appendExtra(e.attributes, rowCount: count)
    }

    mutating func appendExtra(_ attributes: [(String, String)], rowCount: Int) {
        for (name, _) in attributes where !extra.contains(where: { $0.name == name }) {
            var column = StringColumn()
            for _ in 0..<(rowCount - 1) { column.append("") }
            extra.append(AttributeColumn(name: name, values: column))
        }
        for k in extra.indices {
            let v = attributes.first(where: { $0.0 == extra[k].name })?.1 ?? ""
            extra[k].values.append(v)
        }
    }

    /// Approximate heap bytes held by the table.
    public var memoryBytes: Int {
        ids.memoryBytes + names.memoryBytes + kinds.capacity + statuses.capacity
            + industries.memoryBytes + regions.memoryBytes + rms.memoryBytes
            + tiers.capacity + stages.capacity + (values.capacity + sizes.capacity) * 8 + clientSince.capacity * 4
            + extra.reduce(0) { $0 + $1.values.memoryBytes }
    }
}

/// One entity as plain values: how code (tests, importers, the generator) describes an entity
/// before it enters the columns.
public struct EntityRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    public var kind: EntityKind
    public var status: EntityStatus
    public var industry: String
    public var region: String
    public var tier: Int?
    public var rm: String
    public var value: Double?
    public var size: Double?
    public var stage: Int?
    /// The day it became a client; only for clients and former clients.
    public var clientSince: Day?
    /// Extra columns, in order.
    public var attributes: [(String, String)]

    public init(
        id: String, name: String, kind: EntityKind = .company, status: EntityStatus = .prospect,
        industry: String = "", region: String = "", tier: Int? = nil, rm: String = "",
        value: Double? = nil, size: Double? = nil, stage: Int? = nil, clientSince: Day? = nil,
        attributes: [(String, String)] = []
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.status = status
        self.industry = industry
        self.region = region
        self.tier = tier
        self.rm = rm
        self.value = value
        self.size = size
        self.stage = stage
        self.clientSince = clientSince
        self.attributes = attributes
    }

    public static func == (a: EntityRecord, b: EntityRecord) -> Bool {
        a.id == b.id && a.name == b.name && a.kind == b.kind && a.status == b.status
            && a.industry == b.industry && a.region == b.region && a.tier == b.tier && a.rm == b.rm
            && a.value == b.value && a.size == b.size && a.stage == b.stage && a.clientSince == b.clientSince
            && a.attributes.map(\.0) == b.attributes.map(\.0) && a.attributes.map(\.1) == b.attributes.map(\.1)
    }
}
