/// The graph a question sees: the base files with the workspace's records laid over them.
public struct MergedGraph: Sendable {
    public let graph: Graph
    /// The latest contact per relation of `graph` (days since 1970; `Relations.noDate` when
    /// neither the relation's date nor any logged activity dates it): what `TieDecay` ages.
    public let lastContact: [Int32]
    /// Every logged contact per relation (days since 1970, ascending), for the relations some
    /// activity touched: the rhythm `Dormancy` compares a silence with.
    public let contacts: [Int: [Int32]]
    /// Records that could not be merged (an id in neither graph nor workspace...), one line each,
    /// in English and Chinese.
    public let skipped: [String]
    /// Relations and entities left out because someone marked them wrong.
    public let suppressedRelations: Int
    public let suppressedEntities: Int
    /// Recorded relations added, and recorded relations that updated one of the files'.
    public let addedRelations: Int
    public let updatedRelations: Int
    /// Targets that became clients through a `won` pipeline row.
    public let wonTargets: Int
    /// The workspace revision this graph includes (0 without a workspace).
    public let revision: Int64

    public init(
        graph: Graph, lastContact: [Int32], contacts: [Int: [Int32]] = [:], skipped: [String] = [], suppressedRelations: Int = 0,
        suppressedEntities: Int = 0, addedRelations: Int = 0, updatedRelations: Int = 0,
        wonTargets: Int = 0, revision: Int64 = 0
    ) {
        self.graph = graph
        self.lastContact = lastContact
        self.contacts = contacts
        self.skipped = skipped
        self.suppressedRelations = suppressedRelations
        self.suppressedEntities = suppressedEntities
        self.addedRelations = addedRelations
        self.updatedRelations = updatedRelations
        self.wonTargets = wonTargets
        self.revision = revision
    }
}

/// Names of the columns the merge adds, so that an export says where a row came from.
public enum RecordColumns {
    /// `rm_note` on entities and relations an RM recorded; `files+rm_note` on a relation of the
    /// files a record updated; "" on the files' own rows.
    public static let origin = "origin"
    /// The user name of whoever recorded the row.
    public static let recordedBy = "recorded_by"
    public static let recordedOn = "recorded_on"
    public static let rmNote = "rm_note"
}

extension Graph {
    /// The base graph with `facts` laid over it, in this order:
    /// 1. entities marked wrong leave, with every relation they take part in;
    /// 2. recorded entities join (status `prospect`, no owning RM: they are not anyone's client);
    /// 3. pipeline rows, oldest change first: `won` makes the target a `client` owned by that RM
    ///    (kept as it is when another RM owns it already: reported in `skipped`), with
    ///    `client_since` the day of the win when the files have none; every row sets the target's
    ///    relationship `stage`;
    /// 4. relations marked wrong leave;
    /// 5. recorded relations join; one that repeats a relation of the files (same ends and type,
    ///    `knows` either way round) updates it instead (a later date, the record's outcome and
    ///    strength), so that a referral the files call pending and an RM recorded as won is one
    ///    won referral, not two;
    /// 6. each logged activity dates every tie between the entities it met together (its target and
    ///    the people) as contacted on its day (`lastContact`).
    ///
    /// Records are applied in record order, so a later record about the same thing wins.
    /// - Complexity: O(n + m + records): the columns are copied and the adjacency rebuilt; no file
    ///   is read again (about a second for a million entities and four million relations).
    public func merging(_ facts: WorkspaceFacts, revision: Int64 = 0, language: Language = .en) -> MergedGraph {
        guard !facts.isEmpty else {
            return MergedGraph(graph: self, lastContact: relations.dates, revision: revision)
        }
        var skipped: [String] = []
        let lang = language
        func skip(_ p: Provenance, _ en: String, _ zh: String) {
            skipped.append(
                lang(
                    "record \(p.recordID) by \(p.user) (\(p.recordedOn)): \(en)",
                    "\(p.user) 于 \(p.recordedOn) 的记录 \(p.recordID)：\(zh)"))
        }

        // 1. Entities marked wrong.
        var dropEntity = [Bool](repeating: false, count: entityCount)
        var droppedEntities = 0
        for s in facts.suppressions {
            guard case .entity(let id) = s.subject else { continue }
            if let v = index(ofID: id) {
                if !dropEntity[v] { droppedEntities += 1 }
                dropEntity[v] = true
            }
        }

        // Entities kept, then the recorded ones; `newIndex` maps old rows to new (or nil).
        var entities = self.entities
        var relations = self.relations
        var newIndex: [UInt32]? = nil
        if droppedEntities > 0 {
            let keep = (0..<entityCount).filter { !dropEntity[$0] }.map(UInt32.init)
            var map = [UInt32](repeating: UInt32.max, count: entityCount)
            for (new, old) in keep.enumerated() { map[Int(old)] = UInt32(new) }
            entities = entities.permuted(keep)
            newIndex = map
        }
        let baseEntityCount = entities.count
        var addedIDs: [String: Int] = [:]
        var anyRecordedEntity = false
        for r in facts.entities {
            var id = r.id
            let clash = id.withUTF8 { idIndex.find($0, in: self.entities.ids) } != nil || addedIDs[r.id] != nil
            if clash {
                skip(r.provenance, "entity id \(r.id) exists already; not added", "主体编号 \(r.id) 已存在，未添加")
                continue
            }
            addedIDs[r.id] = entities.count
            anyRecordedEntity = true
            entities.append(
                EntityRecord(
                    id: r.id, name: r.name, kind: r.kind, status: .prospect, industry: r.industry,
                    attributes: [
                        (RecordColumns.origin, RecordColumns.rmNote),
                        (RecordColumns.recordedBy, r.provenance.user),
                        (RecordColumns.recordedOn, r.provenance.recordedOn.description)
                    ]))
        }
        if anyRecordedEntity {
            // Rows of the files carry "" in the columns the records added.
            for k in entities.extra.indices where entities.extra[k].values.count < entities.count {
                var column = StringColumn()
                for _ in 0..<baseEntityCount { column.append("") }
                column.append(contentsOf: entities.extra[k].values)
                entities.extra[k].values = column
            }
        }
        let index: IDIndex = (droppedEntities > 0 || anyRecordedEntity) ? IDIndex.build(entities.ids).0 : idIndex
        func find(_ id: String) -> Int? {
            var id = id
            return id.withUTF8 { index.find($0, in: entities.ids) }.map(Int.init)
        }

        // 3. Pipeline: won targets become clients of their RM; every row sets the stage.
        var won = 0
        for p in facts.pipeline.sorted(by: { ($0.changedOn, $0.provenance.recordID) < ($1.changedOn, $1.provenance.recordID) }) {
            guard let v = find(p.target) else {
                skip(p.provenance, "pipeline target \(p.target) is not in the graph", "营销进展的目标 \(p.target) 不在图中")
                continue
            }
            if (1...6).contains(p.stage) { entities.stages[v] = UInt8(p.stage) }
            guard p.status == .won else { continue }
            let owner = entities.rm(v)
            if entities.statuses[v] == .client && !owner.isEmpty && owner != p.provenance.rm {
                skip(
                    p.provenance, "\(p.target) is a client of \(owner) already; the win in \(p.provenance.rm)'s pipeline does not change its owner",
                    "\(p.target) 已是 \(owner) 的客户；\(p.provenance.rm) 营销进展中的赢得不改变其归属")
                continue
            }
            if entities.statuses[v] != .client { won += 1 }
            entities.statuses[v] = .client
            entities.rms.set(v, p.provenance.rm)
            if entities.clientSince[v] == Relations.noDate { entities.clientSince[v] = p.changedOn.daysSince1970 }
        }

        // 1 and 4. Relations that leave: those of dropped entities, and those marked wrong,
        // found through the adjacency (a hash of five million relations would cost seconds).
        var dropRelation: [Bool]? = nil
        func drop(_ r: Int) {
            if dropRelation == nil { dropRelation = [Bool](repeating: false, count: relationCount) }
            dropRelation![r] = true
        }
        for v in 0..<entityCount where dropEntity[v] { forEachNeighbor(of: v) { _, r in drop(r) } }
        for s in facts.suppressions {
            guard case .relation(let source, let target, let type) = s.subject else { continue }
            let matches = self.index(ofID: source).flatMap { a in self.index(ofID: target).map { b in baseRelations(a, b, type) } } ?? []
            if matches.isEmpty {
                skip(
                    s.provenance, "the relation \(source) → \(target) (\(type.name)) marked wrong is not in the files",
                    "标记为错误的关系 \(source) → \(target)（\(type.name)）不在数据文件中")
            }
            for r in matches { drop(r) }
        }
        var droppedRelations = 0
        // Where each relation of the files is in the merged table (-1: left out); nil: same place.
        var mergedRow: [Int32]? = nil
        if let dropRelation {
            var keep: [UInt32] = []
            keep.reserveCapacity(relationCount)
            var map = [Int32](repeating: -1, count: relationCount)
            for r in 0..<relationCount where !dropRelation[r] {
                map[r] = Int32(keep.count)
                keep.append(UInt32(r))
            }
            droppedRelations = relationCount - keep.count
            relations = relations.permuted(keep)
            mergedRow = map
            if let newIndex {
                for r in relations.indices {
                    relations.sources[r] = newIndex[Int(relations.sources[r])]
                    relations.targets[r] = newIndex[Int(relations.targets[r])]
                }
            }
        }

        // 5. Recorded relations: update a relation of the files, or join as a new row.
        /// The merged row of the relation `rec` repeats: one of the files (found through the base
        /// adjacency), or one an earlier record added.
        var added: [RelationKey: Int] = [:]
        func existing(_ rec: RecordedRelationFact, _ s: Int, _ t: Int) -> Int? {
            if let r = added[RelationKey(s, t, rec.type)] { return r }
            guard let a = self.index(ofID: rec.source), let b = self.index(ofID: rec.target) else { return nil }
            for r in baseRelations(a, b, rec.type) {
                let row = mergedRow.map { Int($0[r]) } ?? r
                if row >= 0 { return row }
            }
            return nil
        }
        let baseRelationCount = relations.count
        var origin: [Int: String] = [:], recordedBy: [Int: String] = [:], recordedOn: [Int: String] = [:]
        var roles: [String] = []
        var roleUpdates: [Int: String] = [:]
        var recordedContact: [RelationKey: Int32] = [:]
        var updated = 0, addedCount = 0
        for rec in facts.relations {
            guard let s = find(rec.source), let t = find(rec.target) else {
                let missing = find(rec.source) == nil ? rec.source : rec.target
                skip(
                    rec.provenance,
                    "\(missing) is not in the graph (marked wrong, or gone from the files); the relation \(rec.source) → \(rec.target) is left out",
                    "\(missing) 不在图中（已标记为错误，或已不在数据文件中）；关系 \(rec.source) → \(rec.target) 未计入")
                continue
            }
            let date = rec.date?.daysSince1970 ?? Relations.noDate
            if let r = existing(rec, s, t) {
                // The files' date stays (a referral's day, when a tie began); a later recorded one
                // is a contact.
                if relations.dates[r] == Relations.noDate {
                    relations.dates[r] = date
                } else if date != Relations.noDate && date > relations.dates[r] {
                    let key = RelationKey(s, t, rec.type)
                    recordedContact[key] = max(recordedContact[key] ?? date, date)
                }
                if rec.outcome != .none { relations.outcomes[r] = rec.outcome }
                if let st = rec.strength { relations.strengths[r] = st }
                if let w = rec.weight { relations.weights[r] = w }
                if r < baseRelationCount && origin[r] == nil { updated += 1 }
                origin[r] = r < baseRelationCount ? "files+" + RecordColumns.rmNote : RecordColumns.rmNote
                recordedBy[r] = rec.provenance.user
                recordedOn[r] = rec.provenance.recordedOn.description
                if !rec.role.isEmpty { roleUpdates[r] = rec.role }
                continue
            }
            relations.append(
                source: UInt32(s), target: UInt32(t), type: rec.type, weight: rec.weight ?? .nan,
                strength: rec.strength ?? .nan, date: date, outcome: rec.outcome)
            let row = relations.count - 1
            added[RelationKey(s, t, rec.type)] = row
            origin[row] = RecordColumns.rmNote
            recordedBy[row] = rec.provenance.user
            recordedOn[row] = rec.provenance.recordedOn.description
            roles.append(rec.role)
            addedCount += 1
        }
        if addedCount > 0 || updated > 0 || !roleUpdates.isEmpty || !origin.isEmpty {
            relations.extendExtra(baseCount: baseRelationCount, roles: roles, roleUpdates: roleUpdates)
            relations.setExtra(RecordColumns.origin, origin)
            relations.setExtra(RecordColumns.recordedBy, recordedBy)
            relations.setExtra(RecordColumns.recordedOn, recordedOn)
        }
        if addedCount > 0 && !GraphBuilder.isOrderedBySource(relations.sources) {
            relations = relations.permuted(GraphBuilder.stableOrderBySource(relations.sources, entityCount: entities.count))
        }
        let adjacency = GraphBuilder.Adjacency(sources: relations.sources, targets: relations.targets, entityCount: entities.count)
        let graph = Graph(
            entities: entities, relations: relations, outOffsets: adjacency.outOffsets,
            inOffsets: adjacency.inOffsets, inRelations: adjacency.inRelations, idIndex: index)

        // 6. Contacts: every tie between two entities met together on the activity's day.
        var lastContact = relations.dates
        var contacts: [Int: [Int32]] = [:]
        for (key, day) in recordedContact {
            for r in graph.relations(between: key.a, key.b, key.type) {
                lastContact[r] = max(lastContact[r], day)
                contacts[r, default: []].append(day)
            }
        }
        for c in facts.contacts {
            var met: [Int] = []
            for id in [c.target] + c.people {
                if let v = find(id) {
                    if !met.contains(v) { met.append(v) }
                } else {
                    skip(
                        c.provenance, "\(id), met on \(c.date), is not in the graph; the contact is not counted for it",
                        "\(c.date) 会面的 \(id) 不在图中；这次接触不计入其关系")
                }
            }
            let day = c.date.daysSince1970
            for (k, a) in met.enumerated() {
                for b in met[(k + 1)...] {
                    graph.forEachNeighbor(of: a) { n, r in
                        guard n == b else { return }
                        if lastContact[r] == Relations.noDate || lastContact[r] < day { lastContact[r] = day }
                        contacts[r, default: []].append(day)
                    }
                }
            }
        }
        for r in contacts.keys { contacts[r] = Array(Set(contacts[r]!)).sorted() }
        return MergedGraph(
            graph: graph, lastContact: lastContact, contacts: contacts, skipped: skipped, suppressedRelations: droppedRelations,
            suppressedEntities: droppedEntities, addedRelations: addedCount, updatedRelations: updated,
            wonTargets: won, revision: revision)
    }
}

extension Graph {
    /// The relations of `type` from `a` to `b` (either way round for `knows`, as `RelationKey`
    /// counts them). O(degree of a).
    func relations(between a: Int, _ b: Int, _ type: RelationType) -> [Int] {
        var out: [Int] = []
        for r in outgoing(a) where relations.types[r] == type && Int(relations.targets[r]) == b { out.append(r) }
        if type == .knows {
            for r32 in incoming(a) where relations.types[Int(r32)] == type && Int(relations.sources[Int(r32)]) == b { out.append(Int(r32)) }
        }
        return out
    }

    fileprivate func baseRelations(_ a: Int, _ b: Int, _ type: RelationType) -> [Int] { relations(between: a, b, type) }
}

extension Relations {
    /// Lengthens every extra column to the table's rows (new rows ""; the `role` column takes the
    /// records' roles), adding a `role` column when a record names one and the files had none;
    /// `roleUpdates` sets the role of rows of the files that a record updated.
    mutating func extendExtra(baseCount: Int, roles: [String], roleUpdates: [Int: String]) {
        let needsRole = roles.contains { !$0.isEmpty } || !roleUpdates.isEmpty
        if needsRole && !extra.contains(where: { $0.name.lowercased() == "role" }) {
            extra.append(AttributeColumn(name: "role", values: StringColumn(repeatElement("", count: baseCount))))
        }
        for k in extra.indices {
            let isRole = extra[k].name.lowercased() == "role"
            for (r, role) in roleUpdates where isRole && r < extra[k].values.count { extra[k].values.set(r, role) }
            for i in 0..<(count - extra[k].values.count) { extra[k].values.append(isRole && i < roles.count ? roles[i] : "") }
        }
    }

    /// Sets the extra column `name` to `values` on the rows it names and "" elsewhere, keeping
    /// what a column of that name already held on the other rows (a graph exported with its
    /// records and read again). O(rows) without a `String` per row.
    mutating func setExtra(_ name: String, _ values: [Int: String]) {
        let old = extra.firstIndex(where: { $0.name == name }).map { extra[$0].values }
        var column = StringColumn()
        column.reserve(strings: count, bytes: (old?.bytes.count ?? 0) + values.values.reduce(0) { $0 + $1.utf8.count })
        let named = values.keys.sorted()
        var next = 0
        for r in 0..<count {
            if next < named.count && named[next] == r {
                column.append(values[r]!)
                next += 1
            } else if let old, r < old.count, !old.isEmpty(r) {
                old.withBytes(r) { column.append(bytes: $0) }
            } else {
                column.appendEmpty()
            }
        }
        if let k = extra.firstIndex(where: { $0.name == name }) {
            extra[k].values = column
        } else {
            extra.append(AttributeColumn(name: name, values: column))
        }
    }
}

extension Entities {
    /// Rows reordered (or filtered) by `order`: new row r is old row order[r].
    func permuted(_ order: [UInt32]) -> Entities {
        func gather<T>(_ column: [T]) -> [T] { order.map { column[Int($0)] } }
        var out = Entities()
        out.ids = ids.permuted(order)
        out.names = names.permuted(order)
        out.kinds = gather(kinds)
        out.statuses = gather(statuses)
        out.industries = industries.permuted(order)
        out.regions = regions.permuted(order)
        out.rms = rms.permuted(order)
        out.tiers = gather(tiers)
        out.stages = gather(stages)
        out.values = gather(values)
        out.sizes = gather(sizes)
        out.clientSince = gather(clientSince)
        out.extra = extra.map { $0.permuted(order) }
        return out
    }
}

/// A relation named by its ends and type; `knows` ignores the order of its ends, as the loader's
/// duplicate rule does.
struct RelationKey: Hashable {
    let a: Int, b: Int, type: RelationType
    init(_ source: Int, _ target: Int, _ type: RelationType) {
        if type == .knows && target < source { (a, b) = (target, source) } else { (a, b) = (source, target) }
        self.type = type
    }
}
