import Foundation

/// The relation table: one row per relation, one column per attribute. In a built `Graph` the rows
/// are sorted by source entity, so the relations leaving entity `v` are one contiguous range.
public struct Relations: Sendable {
    public internal(set) var sources: [UInt32] = []
    public internal(set) var targets: [UInt32] = []
    public internal(set) var types: [RelationType] = []
    /// The type's magnitude: trade volume for `supplies`, equity share for `owns`, amount for
    /// `guarantees`; NaN when not given.
    public internal(set) var weights: [Double] = []
    /// Tie strength in (0, 1] as given, at full double precision (a Float gave 0.8 back as
    /// 0.800000011920929, and an export wrote single precision); NaN when not given (see
    /// `TieStrength` for defaults).
    public internal(set) var strengths: [Double] = []
    /// Start or referral date; `Relations.noDate` when not given.
    public internal(set) var dates: [Int32] = []
    public internal(set) var outcomes: [ReferralOutcome] = []
    /// Columns the contract does not define (`role`, mining evidence...), kept and exported.
    public internal(set) var extra: [AttributeColumn] = []

    public static let noDate = Int32.min

    public init() {}

    public var count: Int { types.count }
    public var indices: Range<Int> { 0..<count }

    public func source(_ r: Int) -> Int { Int(sources[r]) }
    public func target(_ r: Int) -> Int { Int(targets[r]) }
    public func type(_ r: Int) -> RelationType { types[r] }
    public func weight(_ r: Int) -> Double? { weights[r].isNaN ? nil : weights[r] }
    public func strength(_ r: Int) -> Double? { strengths[r].isNaN ? nil : strengths[r] }
    public func date(_ r: Int) -> Day? { dates[r] == Relations.noDate ? nil : Day(daysSince1970: dates[r]) }
    public func outcome(_ r: Int) -> ReferralOutcome { outcomes[r] }
    public func attribute(_ name: String, of r: Int) -> String? {
        extra.first(where: { $0.name == name })?.values[r]
    }

    mutating func append(
        source: UInt32, target: UInt32, type: RelationType, weight: Double,
        strength: Double, date: Int32, outcome: ReferralOutcome
    ) {
        sources.append(source)
        targets.append(target)
        types.append(type)
        weights.append(weight)
        strengths.append(strength)
        dates.append(date)
        outcomes.append(outcome)
    }

    mutating func appendExtra(_ attributes: [(String, String)]) {
        let row = count
        for (name, _) in attributes where !extra.contains(where: { $0.name == name }) {
            var column = StringColumn()
            for _ in 0..<(row - 1) { column.append("") }
            extra.append(AttributeColumn(name: name, values: column))
        }
        for k in extra.indices where extra[k].values.count < row {
            extra[k].values.append(attributes.first(where: { $0.0 == extra[k].name })?.1 ?? "")
        }
    }

    /// Rows reordered by `order` (new row r is old row order[r]). Each column is an independent
    /// random gather, so the columns are gathered on all cores at once.
    func permuted(_ order: [UInt32]) -> Relations {
        struct Gather: ColumnBuilder {
            let base: Relations, order: [UInt32]
            func build<T>(_ column: KeyPath<Relations, [T]>) -> [T] {
                let source = base[keyPath: column], m = order.count
                return [T](unsafeUninitializedCapacity: m) { out, count in
                    order.withUnsafeBufferPointer { ord in
                        source.withUnsafeBufferPointer { src in
                            for r in 0..<m { (out.baseAddress! + r).initialize(to: src[Int(ord[r])]) }
                        }
                    }
                    count = m
                }
            }
        }
        var out = Relations.buildColumns(Gather(base: self, order: order))
        out.extra = extra.map { $0.permuted(order) }
        return out
    }

    /// The rows of `parts`, one after another. Each column is joined on its own thread: a loader's
    /// pieces of a 5M-relation file are 150 MB of fresh memory to fault in and copy. Extra
    /// columns are the caller's to join.
    static func joined(_ parts: [Relations]) -> Relations {
        struct Join: ColumnBuilder {
            let parts: [Relations]
            func build<T>(_ column: KeyPath<Relations, [T]>) -> [T] {
                var out: [T] = []
                out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
                for part in parts { out += part[keyPath: column] }
                return out
            }
        }
        return buildColumns(Join(parts: parts))
    }

    /// The seven fixed columns, each made by `builder` on its own thread.
    private static func buildColumns(_ builder: some ColumnBuilder) -> Relations {
        let s = Slot<[UInt32]>(), t = Slot<[UInt32]>(), w = Slot<[Double]>(), st = Slot<[Double]>()
        let d = Slot<[Int32]>(), ty = Slot<[RelationType]>(), o = Slot<[ReferralOutcome]>()
        DispatchQueue.concurrentPerform(iterations: 7) { column in
            switch column {
            case 0: s.value = builder.build(\.sources)
            case 1: t.value = builder.build(\.targets)
            case 2: w.value = builder.build(\.weights)
            case 3: st.value = builder.build(\.strengths)
            case 4: d.value = builder.build(\.dates)
            case 5: ty.value = builder.build(\.types)
            default: o.value = builder.build(\.outcomes)
            }
        }
        var out = Relations()
        out.sources = s.value!
        out.targets = t.value!
        out.weights = w.value!
        out.strengths = st.value!
        out.dates = d.value!
        out.types = ty.value!
        out.outcomes = o.value!
        return out
    }

    public var memoryBytes: Int {
        (sources.capacity + targets.capacity) * 4 + types.capacity + weights.capacity * 8
            + strengths.capacity * 8 + dates.capacity * 4 + outcomes.capacity
            + extra.reduce(0) { $0 + $1.values.memoryBytes }
    }
}

/// One relation as plain values, endpoints named by entity id.
public struct RelationRecord: Sendable {
    public var source: String
    public var target: String
    public var type: RelationType
    public var weight: Double?
    public var strength: Double?
    public var date: Day?
    public var outcome: ReferralOutcome
    public var attributes: [(String, String)]

    public init(
        source: String, target: String, type: RelationType, weight: Double? = nil,
        strength: Double? = nil, date: Day? = nil, outcome: ReferralOutcome = .none,
        attributes: [(String, String)] = []
    ) {
        self.source = source
        self.target = target
        self.type = type
        self.weight = weight
        self.strength = strength
        self.date = date
        self.outcome = outcome
        self.attributes = attributes
    }
}

/// Makes one fixed column of a `Relations` from the column's key path (`Relations.buildColumns`).
private protocol ColumnBuilder: Sendable {
    func build<T>(_ column: KeyPath<Relations, [T]>) -> [T]
}

/// A result written by exactly one concurrent worker and read after all have finished.
final class Slot<Value>: @unchecked Sendable {
    var value: Value?
}
