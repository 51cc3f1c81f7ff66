import Foundation

/// `relmap chain` and `GET /api/chain`: the warmest introduction paths to a target, or, when none
/// fits the hop limit, why not and the nearest entities the bank reaches. Its JSON is the list of
/// paths (`[]` when there is none), the shape `relmap chain --format json` has always printed.
public struct PathsAnswer: Answer {
    public struct Hop: Sendable, Codable, Equatable {
        public var from: String, fromName: String, to: String, toName: String, type: String, strength: Double
        /// True when walked against the relation's direction (e.g. from the referred to the referrer).
        public var reversed: Bool
        /// Days since the tie's last contact, when its type decays and a date is known
        /// (`TieDecay`); `strength` is then the decayed one.
        public var ageDays: Int? = nil
        enum CodingKeys: String, CodingKey {
            case from, to, type, strength, reversed
            case fromName = "from_name", toName = "to_name", ageDays = "age_days"
        }
    }
    public struct Path: Sendable, Codable, Equatable {
        public var rank: Int, cost: Double, strength: Double, hops: [Hop]
    }
    /// An entity near the target that the bank reaches, offered when no path fits.
    public struct Near: Sendable, Codable, Equatable {
        public var id: String, name: String, status: String, hopsFromBank: Int, hopsToTarget: Int?
    }
    /// Who a path starts from: the bank-side entity and its RM, whom to ask for the introduction.
    public struct Start: Sendable, Codable, Equatable {
        public var id: String, name: String, status: String, rm: String
    }

    public var target: EntityRef
    public var paths: [Path]
    public var starts: [Start]
    /// Why there is no path, when `paths` is empty.
    public var noPathReason: String?
    public var nearest: [Near]

    public var isFound: Bool { !paths.isEmpty }
    public var notes: [String] { noPathReason.map { [$0] } ?? [] }

    public init(
        _ graph: Graph, target: Int, result: WarmPathResult, maxHops: Int, types: RelationTypes,
        aging: TieAging? = nil, lang: Language
    ) {
        let e = graph.entities
        self.target = EntityRef(graph, target)
        paths = result.paths.enumerated().map { i, p in
            Path(
                rank: i + 1, cost: p.cost, strength: p.strength,
                hops: p.hops.map { h in
                    Hop(
                        from: e.id(h.from), fromName: e.name(h.from), to: e.id(h.to), toName: e.name(h.to),
                        type: h.type.name, strength: h.strength, reversed: h.reversed,
                        ageDays: aging.flatMap { a in a.decay.halfLives[h.type] == nil ? nil : a.decay.age(lastContact: a.lastContact[h.relation]) })
                })
        }
        starts = result.paths.map { p in
            let s = p.hops[0].from
            return Start(id: e.id(s), name: e.name(s), status: e.status(s).name, rm: e.rm(s))
        }
        nearest = result.nearest.map {
            Near(
                id: e.id($0.entity), name: e.name($0.entity), status: e.status($0.entity).name,
                hopsFromBank: $0.hopsFromBank, hopsToTarget: $0.hopsToTarget)
        }
        guard result.paths.isEmpty else {
            noPathReason = nil
            return
        }
        let who = "\(e.id(target)) \(e.name(target))"
        var reason = lang("no path to \(who) within \(maxHops) hop(s)", "\(maxHops) 跳以内没有通往 \(who) 的路径")
        if let needed = result.hopsNeeded {
            reason += lang(
                "; the shortest needs \(needed) hops: rerun with --max-hops \(needed)",
                "；最短路径需要 \(needed) 跳：请用 --max-hops \(needed) 重试")
        } else if types != .all {
            let names = types.types.map(\.name).joined(separator: ",")
            reason += lang(" and none at any length over \(names); try without --via", "，经由 \(names) 任何长度都没有；请去掉 --via 重试")
        } else {
            reason += lang(" and none at any length: nothing on the bank's side is connected to it", "，任何长度都没有：本行一方没有任何主体与其相连")
        }
        noPathReason = reason
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(paths)
    }

    public func text(_ format: OutputFormat, _ lang: Language) -> String {
        if paths.isEmpty {
            guard !nearest.isEmpty else { return "" }
            var t = TextTable(
                columns: ["id", lang("name", "名称"), lang("status", "状态"), lang("hops_from_bank", "距本行跳数"), lang("hops_to_target", "距目标跳数")],
                numeric: [lang("hops_from_bank", "距本行跳数"), lang("hops_to_target", "距目标跳数")])
            if format == .csv { t = TextTable(columns: ["id", "name", "status", "hops_from_bank", "hops_to_target"]) }
            for n in nearest {
                t.add([
                    n.id, n.name, format == .csv ? n.status : Words.status(named: n.status, lang), String(n.hopsFromBank),
                    n.hopsToTarget.map(String.init) ?? ""
                ])
            }
            if format == .csv { return t.text(.csv) }
            return lang(
                "Nearest entities to the target that the bank reaches within the limit:\n",
                "本行在跳数限制内能到达的、离目标最近的主体：\n") + t.text(format)
        }
        if format == .csv {
            var t = TextTable(columns: [
                "path", "path_strength", "path_cost", "hop", "from", "from_name", "to", "to_name", "type", "strength", "reversed"
            ])
            for p in paths {
                for (j, h) in p.hops.enumerated() {
                    t.add([
                        String(p.rank), Self.fmt(p.strength, 6), Self.fmt(p.cost, 6), String(j + 1), h.from, h.fromName,
                        h.to, h.toName, h.type, Self.fmt(h.strength, 4), h.reversed ? "true" : "false"
                    ])
                }
            }
            return t.text(.csv)
        }
        let head = ["#", lang("strength", "强度"), lang("hops", "跳数"), lang("start", "起点"), lang("path", "路径")]
        var t = TextTable(columns: head, numeric: Set(head.prefix(3)))
        for (p, start) in zip(paths, starts) {
            var chain = p.hops[0].fromName
            for h in p.hops {
                var label = "\(RelationType(name: h.type).map { Words.relation($0, lang) } ?? h.type) \(Self.fmt(h.strength, 2))"
                if let age = h.ageDays { label += " (\(Words.age(days: age, lang)))" }
                chain += h.reversed ? " <-\(label)- " : " -\(label)-> "
                chain += h.toName
            }
            let owner = start.rm.isEmpty ? "" : lang(", RM \(start.rm)", "，客户经理 \(start.rm)")
            t.add([
                String(p.rank), Self.fmt(p.strength, 3), String(p.hops.count),
                "\(start.id) (\(Words.status(named: start.status, lang))\(owner))", chain
            ])
        }
        return lang(
            "Warmest paths to \(target.id) \(target.name) (\(Words.status(named: target.status, lang))):\n",
            "通往 \(target.id) \(target.name)（\(Words.status(named: target.status, lang))）的最暖引荐路径：\n") + t.text(format)
    }

    static func fmt(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
}

/// An entity as answers name it: enough to show and to link.
public struct EntityRef: Sendable, Codable, Equatable, Hashable {
    public var id: String, name: String, kind: String, status: String, industry: String, region: String, rm: String
    public init(_ graph: Graph, _ i: Int) {
        let e = graph.entities
        id = e.id(i)
        name = e.name(i)
        kind = e.kinds[i].name
        status = e.status(i).name
        industry = e.industry(i)
        region = e.region(i)
        rm = e.rm(i)
    }
}
