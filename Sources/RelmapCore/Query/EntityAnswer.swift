import Foundation

/// Which details of an entity a person may read: every name, kind, industry, region and owning
/// RM is open (so an RM can ask a colleague for an introduction); value, tier and stage of an
/// entity owned by an RM are open only to those the bank's rules allow. Front ends pass the
/// signed-in user's rule; the command line sees everything.
public struct Visibility: Sendable {
    public let maySeeDetails: @Sendable (_ owningRM: String) -> Bool
    public init(maySeeDetails: @escaping @Sendable (_ owningRM: String) -> Bool) { self.maySeeDetails = maySeeDetails }
    public static let everything = Visibility { _ in true }

    /// Whether the details of entity `i` are open: an entity without an owner has nothing to hide.
    func details(_ graph: Graph, _ i: Int) -> Bool {
        let rm = graph.entities.rm(i)
        return rm.isEmpty || maySeeDetails(rm)
    }
}

/// One entity as its page shows it: who it is, its relations, the clients whose value chains it
/// sits on, the warmest ways in. `GET /api/entities/{id}`.
public struct EntityAnswer: Answer {
    public struct Relation: Sendable, Codable, Equatable {
        /// `out` when this entity is the relation's source, `in` when it is the target.
        public var direction: String
        public var type: String
        public var other: EntityRef
        public var weight: Double?
        public var strength: Double?
        public var date: String?
        public var outcome: String?
    }
    /// A client on whose value chain the entity sits: directly (it trades with it) or through one
    /// shared supplier or customer.
    public struct ChainClient: Sendable, Codable, Equatable {
        public var client: EntityRef
        public var hops: Int
        /// Yearly trade on the tie (direct) or on the weaker link of the two (two hops).
        public var volume: Double
    }

    public var entity: EntityRef
    /// nil when hidden from this user (another RM's client) or unknown.
    public var value: Double?
    public var tier: Int?
    public var stage: Int?
    public var size: Double?
    /// The fields withheld from this user, so a page can say so rather than show blanks.
    public var hidden: [String]
    public var relations: [Relation]
    public var relationCount: Int
    public var chainClients: [ChainClient]
    public var warmestPaths: [PathsAnswer.Path]
    public var warmestStarts: [PathsAnswer.Start]

    public func text(_ format: OutputFormat, _ lang: Language) -> String {
        var t = TextTable(columns: [
            lang("direction", "方向"), lang("type", "类型"), "id", lang("name", "名称"), lang("status", "状态"), lang("weight", "金额/比例"), lang("date", "日期")
        ])
        for r in relations {
            t.add([
                r.direction, r.type, r.other.id, r.other.name, Words.status(named: r.other.status, lang), r.weight.map(NumberFormatting.plain) ?? "",
                r.date ?? ""
            ])
        }
        return "\(entity.id) \(entity.name)\n" + t.text(format)
    }
}

extension QueryEngine {
    /// The entity page's facts. - Throws: `RelmapError.lookup` with the nearest names when
    /// `idOrName` matches nothing.
    /// - Complexity: O(d²) for an entity of degree d on the chain (two hops), plus one warm-path
    ///   search.
    public func entity(
        _ idOrName: String, visibility: Visibility = .everything, relationLimit: Int = 60,
        lang: Language = .en
    ) throws -> EntityAnswer {
        let i = try resolver(lang).resolve(idOrName)
        let e = graph.entities, rel = graph.relations
        let open = visibility.details(graph, i)
        var relations: [EntityAnswer.Relation] = []
        var count = 0
        graph.forEachNeighbor(of: i) { other, r in
            count += 1
            guard relations.count < relationLimit else { return }
            relations.append(
                .init(
                    direction: rel.source(r) == i ? "out" : "in", type: rel.type(r).name, other: EntityRef(graph, other),
                    weight: rel.weight(r), strength: rel.strength(r), date: rel.date(r)?.description,
                    outcome: rel.outcome(r) == .none ? nil : rel.outcome(r).name))
        }
        // Larger trade first: what an RM looks at first on a busy company.
        relations.sort { ($0.weight ?? -1, $1.other.id) > ($1.weight ?? -1, $0.other.id) }

        // Clients on whose chain it sits, within two hops on supplies, with the tie's volume.
        var best: [Int: (hops: Int, volume: Double)] = [:]
        graph.forEachNeighbor(of: i, types: .supplies) { u, r in
            let w = rel.weight(r) ?? 0
            if e.status(u) == .client, u != i { best[u] = (1, (best[u]?.volume ?? 0) + w) }
            guard graph.outDegree(u) + graph.inDegree(u) <= 5_000 else { return }  // a hub's partners are not "on its chain"
            graph.forEachNeighbor(of: u, types: .supplies) { s, r2 in
                guard s != i, e.status(s) == .client, best[s]?.hops != 1 else { return }
                let link = min(w, rel.weight(r2) ?? 0)
                if link >= (best[s]?.volume ?? -1) { best[s] = (2, link) }
            }
        }
        let chainClients = best.sorted { ($0.value.hops, -$0.value.volume, e.id($0.key)) < ($1.value.hops, -$1.value.volume, e.id($1.key)) }
            .prefix(20).map { EntityAnswer.ChainClient(client: EntityRef(graph, $0.key), hops: $0.value.hops, volume: $0.value.volume) }

        let paths = e.status(i) == .client ? nil : try? chain(.init(target: e.id(i), k: 3, language: lang))
        return EntityAnswer(
            entity: EntityRef(graph, i),
            value: open ? e.value(i) : nil, tier: open ? e.tier(i) : nil, stage: open ? e.stage(i) : nil,
            size: e.size(i), hidden: open ? [] : ["value", "tier", "stage"],
            relations: relations, relationCount: count, chainClients: Array(chainClients),
            warmestPaths: paths?.paths ?? [], warmestStarts: paths?.starts ?? [])
    }

    /// An RM's book: their clients with tier, stage and value, largest value first.
    public func book(rm: String, lang: Language = .en) throws -> BookAnswer {
        try checkRM(rm, lang)
        let e = graph.entities
        let clients = clientsByRM()[rm] ?? []
        let rows = clients.map { BookAnswer.Client(entity: EntityRef(graph, $0), tier: e.tier($0), stage: e.stage($0), value: e.value($0)) }
            .sorted { ($0.value ?? -1, $1.entity.id) > ($1.value ?? -1, $0.entity.id) }
        return BookAnswer(rm: rm, clients: rows, totalValue: rows.reduce(0) { $0 + ($1.value ?? 0) })
    }
}

/// An RM's book (客户归属): the clients this RM owns.
public struct BookAnswer: Answer {
    public struct Client: Sendable, Codable, Equatable {
        public var entity: EntityRef
        public var tier: Int?
        public var stage: Int?
        public var value: Double?
    }
    public var rm: String
    public var clients: [Client]
    public var totalValue: Double

    public func text(_ format: OutputFormat, _ lang: Language) -> String {
        var t = TextTable(columns: ["id", lang("name", "名称"), lang("industry", "行业"), lang("tier", "层级"), lang("stage", "阶段"), lang("value", "价值")])
        for c in clients {
            t.add([
                c.entity.id, c.entity.name, c.entity.industry, c.tier.map(String.init) ?? "", c.stage.map(String.init) ?? "",
                c.value.map(lang.amount) ?? ""
            ])
        }
        return t.text(format)
    }
}
