/// A relationship graph in compressed sparse rows, both directions.
///
/// Entities are dense indices `0..<entityCount`. Relations are stored once, sorted by source, with
/// one column per attribute (`relations`); the relations leaving `v` are the index range
/// `outgoing(v)`, and the relations arriving at `v` are listed by `incoming(v)` through a reverse
/// index. No object per node or edge: a million entities and five million relations are a handful
/// of flat arrays.
public struct Graph: Sendable {
    public let entities: Entities
    public let relations: Relations
    /// `outOffsets[v]..<outOffsets[v+1]` are the relations with source `v`.
    let outOffsets: [UInt32]
    /// `inOffsets[v]..<inOffsets[v+1]` index `inRelations`, the relations with target `v`.
    let inOffsets: [UInt32]
    let inRelations: [UInt32]
    let idIndex: IDIndex

    public var entityCount: Int { entities.count }
    public var relationCount: Int { relations.count }

    init(
        entities: Entities, relations: Relations, outOffsets: [UInt32], inOffsets: [UInt32],
        inRelations: [UInt32], idIndex: IDIndex
    ) {
        self.entities = entities
        self.relations = relations
        self.outOffsets = outOffsets
        self.inOffsets = inOffsets
        self.inRelations = inRelations
        self.idIndex = idIndex
    }

    /// The dense index of the entity with this id, if any. O(length of id).
    public func index(ofID id: String) -> Int? {
        var id = id
        return id.withUTF8 { idIndex.find($0, in: entities.ids) }.map(Int.init)
    }

    /// Relation indices whose source is `v`.
    @inline(__always)
    public func outgoing(_ v: Int) -> Range<Int> { Int(outOffsets[v])..<Int(outOffsets[v + 1]) }

    /// Relation indices whose target is `v`.
    @inline(__always)
    public func incoming(_ v: Int) -> ArraySlice<UInt32> { inRelations[Int(inOffsets[v])..<Int(inOffsets[v + 1])] }

    public func outDegree(_ v: Int) -> Int { Int(outOffsets[v + 1] - outOffsets[v]) }
    public func inDegree(_ v: Int) -> Int { Int(inOffsets[v + 1] - inOffsets[v]) }

    /// Which way a walk may follow a relation.
    public enum Direction: Sendable {
        /// From source to target only.
        case forward
        /// From target to source only.
        case backward
        /// Either way: the relation is taken as undirected.
        case both
    }

    /// Calls `body(neighbor, relation)` for every relation of a selected type at `v`.
    /// - Complexity: O(degree of v).
    @inlinable
    public func forEachNeighbor(
        of v: Int, types: RelationTypes = .all, direction: Direction = .both,
        _ body: (_ neighbor: Int, _ relation: Int) throws -> Void
    ) rethrows {
        if direction != .backward {
            for r in outgoing(v) where types.contains(rawType: relations.types[r].rawValue) {
                try body(Int(relations.targets[r]), r)
            }
        }
        if direction != .forward {
            for r32 in incoming(v) {
                let r = Int(r32)
                if types.contains(rawType: relations.types[r].rawValue) {
                    try body(Int(relations.sources[r]), r)
                }
            }
        }
    }

    /// A view of the graph restricted to some relation types; shares the storage, copies nothing.
    public func view(_ types: RelationTypes, direction: Direction = .both) -> GraphView {
        GraphView(graph: self, types: types, direction: direction)
    }

    /// Approximate heap bytes held by the graph, split into relation-side and entity-side storage.
    public var memoryBytes: (relations: Int, entities: Int) {
        let adjacency = (outOffsets.capacity + inOffsets.capacity + inRelations.capacity) * 4
        return (relations.memoryBytes + adjacency, entities.memoryBytes + idIndex.memoryBytes)
    }
}

/// The graph restricted to a set of relation types and a walking direction: the value chain
/// (`supplies`), the social graph (`knows`, `works_at`, `refers`, `member_of`), and so on.
public struct GraphView: Sendable {
    public let graph: Graph
    public let types: RelationTypes
    public let direction: Graph.Direction

    @inlinable
    public func forEachNeighbor(of v: Int, _ body: (_ neighbor: Int, _ relation: Int) throws -> Void) rethrows {
        try graph.forEachNeighbor(of: v, types: types, direction: direction, body)
    }

    /// Neighbours of `v` in this view, with repeats when several relations join the same pair.
    public func neighbors(of v: Int) -> [Int] {
        var out: [Int] = []
        forEachNeighbor(of: v) { n, _ in out.append(n) }
        return out
    }

    /// Whether `v` has at least one relation in this view.
    public func hasRelations(_ v: Int) -> Bool {
        var found = false
        forEachNeighbor(of: v) { _, _ in found = true }
        return found
    }
}
