/// Collects entities and relations, then freezes them into a `Graph`: sorts relations by source,
/// merges duplicates (same endpoints and type; `knows` in either direction) by adding their
/// volumes, and builds the reverse index.
///
/// Importers, the generator and tests all build graphs through this one type, so a graph built
/// in code obeys the same rules as one read from a file.
public struct GraphBuilder: Sendable {
    public internal(set) var entities = Entities()
    var relations = Relations()
    /// Where each relation came from, for duplicate warnings: (file, line).
    var origins: [Int32] = []
    var originFiles: [String] = []
    private var idIndex = IDIndex(capacityFor: 16)
    /// Set by loaders that already hashed every id while reading, so `build` need not do it again.
    var prebuiltIndex: IDIndex?
    private var indexedCount = 0

    public init() {}

    public var entityCount: Int { entities.count }
    public var relationCount: Int { relations.count }

    /// Adds an entity. Throws when the id is empty or already present.
    public mutating func addEntity(_ e: EntityRecord) throws {
        guard !e.id.isEmpty else { throw RelmapError.usage("entity id must not be empty") }
        if index(ofID: e.id) != nil { throw RelmapError.usage("duplicate entity id \(e.id)") }
        entities.append(e)
    }

    /// The index of an entity already added.
    public mutating func index(ofID id: String) -> Int? {
        reindexIfNeeded()
        var id = id
        return id.withUTF8 { idIndex.find($0, in: entities.ids) }.map(Int.init)
    }

    private mutating func reindexIfNeeded() {
        guard indexedCount != entities.count else { return }
        if entities.count > 2 * max(indexedCount, 8) || indexedCount == 0 {
            idIndex = IDIndex(capacityFor: max(16, entities.count * 2))
            indexedCount = 0
        }
        for row in indexedCount..<entities.count {
            _ = entities.ids.withBytes(row) { idIndex.insert($0, row: UInt32(row), in: entities.ids) }
        }
        indexedCount = entities.count
    }

    /// Adds a relation between entities named by id. Throws when an endpoint is unknown or a value
    /// is out of range.
    public mutating func addRelation(_ r: RelationRecord) throws {
        guard let s = index(ofID: r.source) else { throw RelmapError.usage("unknown source entity \(r.source)") }
        guard let t = index(ofID: r.target) else { throw RelmapError.usage("unknown target entity \(r.target)") }
        if let w = r.weight, !(w.isFinite && w >= 0) { throw RelmapError.usage("weight must be a finite number >= 0") }
        if let st = r.strength, !(st > 0 && st <= 1) { throw RelmapError.usage("strength must be in (0, 1]") }
        addRelation(
            source: s, target: t, type: r.type, weight: r.weight ?? .nan,
            strength: r.strength ?? .nan,
            date: r.date?.daysSince1970 ?? Relations.noDate, outcome: r.outcome)
        if !r.attributes.isEmpty || !relations.extra.isEmpty { relations.appendExtra(r.attributes) }
    }

    /// Adds a relation between dense indices, values already validated (the loaders' fast path).
    mutating func addRelation(
        source: Int, target: Int, type: RelationType, weight: Double, strength: Double,
        date: Int32, outcome: ReferralOutcome, fileIndex: Int = 0, line: Int = 0
    ) {
        relations.append(
            source: UInt32(source), target: UInt32(target), type: type, weight: weight,
            strength: strength, date: date, outcome: outcome)
        origins.append(Int32(truncatingIfNeeded: line))
    }

    /// Appends the pieces a loader read in parallel, in order, with the line each relation came
    /// from (`Relations.joined` joins each column on its own thread).
    mutating func append(pieces: [(relations: Relations, lines: [Int32])]) {
        let extra = relations.extra
        relations = Relations.joined([relations] + pieces.map(\.relations))
        relations.extra = extra
        origins.reserveCapacity(relations.count)
        for piece in pieces { origins += piece.lines }
    }

    /// Installs extra relation columns read alongside the fast path (one value per relation).
    mutating func setRelationExtra(_ columns: [AttributeColumn]) {
        relations.extra = columns
    }

    /// Freezes the builder. Duplicate relations are merged, each reported as a warning in `log`
    /// (attributed to `relationsFile`).
    public consuming func build(log: inout DiagnosticLog, relationsFile: String = "relations") -> Graph {
        let n = entities.count
        var rel = relations
        // Every extra column must be as long as the table (records added without attributes).
        for k in rel.extra.indices {
            while rel.extra[k].values.count < rel.count { rel.extra[k].values.append("") }
        }
        // Exports are often grouped by source already (Relmap's own are; a generated world is
        // grouped by type and is not): then the
        // stable sort is the identity, and gathering every column (5M attribute strings too)
        // would only copy them.
        var order: [UInt32]?
        if !GraphBuilder.isOrderedBySource(rel.sources) {
            order = GraphBuilder.stableOrderBySource(rel.sources, entityCount: n)
            rel = rel.permuted(order!)
        }
        // The line a row came from, looked up only for the rows a warning names.
        let origins = origins
        let line = { (r: Int) -> Int32 in origins[order.map { Int($0[r]) } ?? r] }
        // The adjacency is built beside the duplicate check, for the rows as they are: a valid
        // graph rarely repeats a relation, and when it does the adjacency is built again.
        let (sources, targets) = (rel.sources, rel.targets)
        let speculative = Background { Adjacency(sources: sources, targets: targets, entityCount: n) }
        let keep = GraphBuilder.mergeDuplicates(&rel, line: line, entities: entities, log: &log, file: relationsFile)
        var adjacency = speculative.value
        if keep.count != rel.count {
            rel = rel.permuted(keep)
            adjacency = Adjacency(sources: rel.sources, targets: rel.targets, entityCount: n)
        }
        let index = prebuiltIndex ?? IDIndex.build(entities.ids).0
        return Graph(
            entities: entities, relations: rel, outOffsets: adjacency.outOffsets, inOffsets: adjacency.inOffsets,
            inRelations: adjacency.inRelations, idIndex: index)
    }

    /// Where each entity's relations are: rows by source (they are sorted by source), and a
    /// reverse index by target.
    struct Adjacency: Sendable {
        var outOffsets: [UInt32], inOffsets: [UInt32], inRelations: [UInt32]

        init(sources: [UInt32], targets: [UInt32], entityCount n: Int) {
            outOffsets = [UInt32](repeating: 0, count: n + 1)
            for s in sources { outOffsets[Int(s) + 1] += 1 }
            for v in 0..<n { outOffsets[v + 1] += outOffsets[v] }
            inOffsets = [UInt32](repeating: 0, count: n + 1)
            for t in targets { inOffsets[Int(t) + 1] += 1 }
            for v in 0..<n { inOffsets[v + 1] += inOffsets[v] }
            var cursor = inOffsets
            inRelations = [UInt32](repeating: 0, count: targets.count)
            for r in 0..<targets.count {
                let t = Int(targets[r])
                inRelations[Int(cursor[t])] = UInt32(r)
                cursor[t] += 1
            }
        }
    }

    /// Convenience for code and tests: builds and throws if anything was merged is not an error,
    /// so this never throws for duplicates; it returns the warnings alongside.
    public consuming func build() -> Graph {
        var log = DiagnosticLog()
        return build(log: &log)
    }

    /// A counting sort of relation rows by source: O(n + m), stable, so rows of one source keep
    /// their file order and output is deterministic.
    static func isOrderedBySource(_ sources: [UInt32]) -> Bool {
        sources.withUnsafeBufferPointer { s in
            var k = 1
            while k < s.count && s[k - 1] <= s[k] { k += 1 }
            return k >= s.count
        }
    }

    static func stableOrderBySource(_ sources: [UInt32], entityCount n: Int) -> [UInt32] {
        var start = [UInt32](repeating: 0, count: n + 1)
        for s in sources { start[Int(s) + 1] += 1 }
        for v in 0..<n { start[v + 1] += start[v] }
        var order = [UInt32](repeating: 0, count: sources.count)
        for (r, s) in sources.enumerated() {
            order[Int(start[Int(s)])] = UInt32(r)
            start[Int(s)] += 1
        }
        return order
    }

    /// Finds relations with the same endpoints and type (for `knows`, either direction), folds each
    /// into the first one seen, and returns the rows to keep. Weights add, the strongest strength
    /// and the earliest date win, a won referral outranks a pending or lost one, and extra
    /// attributes fill in where the first row had none.
    static func mergeDuplicates(
        _ rel: inout Relations, line: (Int) -> Int32, entities: Entities,
        log: inout DiagnosticLog, file: String, threads: Int = 2
    ) -> [UInt32] {
        let m = rel.count
        guard m > 1 else { return Array(0..<UInt32(m)) }
        let found = duplicates(rel, entityCount: entities.count, threads: threads)
        guard !found.isEmpty else { return Array(0..<UInt32(m)) }
        var removed = [Bool](repeating: false, count: m)
        for (first, repeated) in found {
            let (k, l) = (Int(first), Int(repeated))
            merge(into: k, from: l, &rel)
            removed[l] = true
            let a = Int(rel.sources[k]), b = Int(rel.targets[k])
            let firstLine = line(k), repeatedLine = line(l)
            log.warning(
                file, line: repeatedLine > 0 ? Int(repeatedLine) : nil, field: "source,target,type",
                "duplicate \(rel.types[k].name) relation \(entities.ids[a]) -> \(entities.ids[b])"
                    + (firstLine > 0 ? Diagnostic.firstCopy(line: Int(firstLine)) : ""),
                fix: "merged: volumes added, strongest strength and earliest date kept")
        }
        return (0..<UInt32(m)).filter { !removed[Int($0)] }
    }

    /// The repeated rows, each with the first row of its key, in the order they are reported: by
    /// low endpoint, then other endpoint, type and row.
    ///
    /// Key: (low endpoint, high endpoint or target, type); symmetric types use the unordered pair.
    /// Rows are grouped by their low endpoint with a counting sort, then each small group is checked
    /// pairwise by sorting on (other endpoint, type, row). Groups are independent: the list of
    /// groups is cut in one part per worker, each checked on its own core.
    static func duplicates(_ rel: Relations, entityCount n: Int, threads: Int) -> [(first: UInt32, repeated: UInt32)] {
        let m = rel.count
        let low = (0..<m).map { r in
            let s = rel.sources[r], t = rel.targets[r]
            return rel.types[r].isSymmetric ? min(s, t) : s
        }
        let grouped = stableOrderBySource(low, entityCount: n)
        var cuts = [0]
        for w in 1..<max(1, threads) {
            var i = max(cuts[w - 1], m * w / threads)
            while i > 0 && i < m && low[Int(grouped[i])] == low[Int(grouped[i - 1])] { i += 1 }
            cuts.append(i)
        }
        cuts.append(m)
        let parts = (0..<cuts.count - 1).map { cuts[$0]..<cuts[$0 + 1] }
        return Array(
            parts.concurrentMap { part -> [(first: UInt32, repeated: UInt32)] in
                var found: [(first: UInt32, repeated: UInt32)] = []
                var group: [(other: UInt32, type: UInt8, row: UInt32)] = []
                var i = part.lowerBound
                while i < part.upperBound {
                    let key = low[Int(grouped[i])]
                    var j = i
                    group.removeAll(keepingCapacity: true)
                    while j < part.upperBound && low[Int(grouped[j])] == key {
                        let r = Int(grouped[j])
                        let s = rel.sources[r], t = rel.targets[r]
                        let other = rel.types[r].isSymmetric ? max(s, t) : t
                        group.append((other, rel.types[r].rawValue, UInt32(r)))
                        j += 1
                    }
                    if group.count > 1 {
                        group.sort { ($0.other, $0.type, $0.row) < ($1.other, $1.type, $1.row) }
                        var k = 0
                        while k < group.count {
                            var l = k + 1
                            while l < group.count && group[l].other == group[k].other && group[l].type == group[k].type {
                                found.append((group[k].row, group[l].row))
                                l += 1
                            }
                            k = l
                        }
                    }
                    i = j
                }
                return found
            }.joined())
    }

    private static func merge(into a: Int, from b: Int, _ rel: inout Relations) {
        let wa = rel.weights[a], wb = rel.weights[b]
        rel.weights[a] = wa.isNaN ? wb : (wb.isNaN ? wa : wa + wb)
        let sa = rel.strengths[a], sb = rel.strengths[b]
        rel.strengths[a] = sa.isNaN ? sb : (sb.isNaN ? sa : max(sa, sb))
        let da = rel.dates[a], db = rel.dates[b]
        if da == Relations.noDate || (db != Relations.noDate && db < da) { rel.dates[a] = db }
        let rank: [ReferralOutcome: Int] = [.none: 0, .lost: 1, .pending: 2, .won: 3]
        if rank[rel.outcomes[b]]! > rank[rel.outcomes[a]]! { rel.outcomes[a] = rel.outcomes[b] }
        for k in rel.extra.indices where rel.extra[k].values.isEmpty(a) && !rel.extra[k].values.isEmpty(b) {
            rel.extra[k].values.set(a, rel.extra[k].values[b])
        }
    }
}
