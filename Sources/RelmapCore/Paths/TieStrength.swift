/// How warm a tie is, in (0, 1]: the chance, roughly, that asking along this relation gets you
/// a hearing. A relation's own `strength` always wins; when it is missing, the default below is
/// derived from the relation's type and weight. The table is repeated in `Guides/Paths.md`.
///
/// | type | default strength |
/// |---|---|
/// | `refers` | won 0.9, pending 0.6, lost 0.3, no outcome 0.5 |
/// | `knows` | 0.6 |
/// | `works_at` | 0.9 when `role` names a chairman, CEO, general manager, CFO or owner; else 0.6 |
/// | `supplies` | by the share of the supplier's sales: >= 30 % 0.85, >= 10 % 0.6, less 0.4; no volume 0.5 |
/// | `owns` | 0.9 from the company's controller (majority, or relative: the largest holder alone at 30 % or more, see `ControlStructure`); else by the equity share: >= 50 % 0.9, >= 20 % 0.7, less 0.4; no share 0.5 |
/// | `guarantees` | 0.85 |
/// | `member_of` | 0.3 |
public enum TieStrength {
    public static let wonReferral = 0.9
    public static let pendingReferral = 0.6
    public static let lostReferral = 0.3
    public static let referralWithoutOutcome = 0.5
    public static let acquaintance = 0.6
    public static let executive = 0.9
    public static let staff = 0.6
    public static let guarantee = 0.85
    /// An `owns` relation from the company's controller: the parent decides for its subsidiary.
    public static let controller = 0.9
    public static let membership = 0.3
    /// Used for `supplies` and `owns` when the relation carries no volume or share.
    public static let unknownMagnitude = 0.5

    /// Roles (case-insensitive substrings) that decide for a company: their word opens the door.
    public static let decisionRoles = [
        "chairman", "chair", "ceo", "cfo", "president", "general manager", "gm", "owner", "founder",
        "finance director", "treasurer", "董事长", "总经理", "总裁", "财务总监", "财务负责人",
        "首席财务官", "法人", "法定代表人", "实际控制人", "创始人", "老板", "总监"
    ]

    /// Whether a `works_at` role names someone who decides for the company.
    public static func isDecisionRole(_ role: String) -> Bool {
        let r = role.lowercased()
        guard !r.isEmpty else { return false }
        // Short English keys ("gm", "cfo", "chair") match whole words only, so "programmer" is not a GM;
        // Chinese titles match as substrings (董事长兼总经理).
        let words = Set(r.split(whereSeparator: { !$0.isLetter }).map(String.init))
        for key in decisionRoles {
            if key.allSatisfy(\.isASCII) && (key.count <= 3 || key == "chair") {
                if words.contains(key) { return true }
            } else if r.contains(key) {
                return true
            }
        }
        return false
    }

    /// The default strength of a `supplies` relation from the share of the supplier's sales it
    /// carries: a supplier that sells a third of its output to one customer depends on it and
    /// will take its call.
    public static func supplyStrength(share: Double?) -> Double {
        guard let share, share.isFinite else { return unknownMagnitude }
        if share >= 0.3 { return 0.85 }
        if share >= 0.1 { return 0.6 }
        return 0.4
    }

    /// The default strength of an `owns` relation from the equity share (0...1): a controlling
    /// parent decides for its subsidiary.
    public static func ownershipStrength(share: Double?) -> Double {
        guard let share, share.isFinite else { return unknownMagnitude }
        if share >= 0.5 { return 0.9 }
        if share >= 0.2 { return 0.7 }
        return 0.4
    }

    public static func referralStrength(_ outcome: ReferralOutcome) -> Double {
        switch outcome {
        case .won: wonReferral
        case .pending: pendingReferral
        case .lost: lostReferral
        case .none: referralWithoutOutcome
        }
    }

    /// The strength of every relation of `graph` whose type is in `types`, given or defaulted,
    /// indexed by relation; 0 for the other relations (a search over `types` never walks them).
    /// - Complexity: O(m) time and O(n + m) space: one pass sums each supplier's sales (when
    ///   `supplies` is asked for), one pass assigns strengths.
    /// With `aging`, each strength is multiplied by its tie's decay factor (`TieDecay`).
    public static func strengths(of graph: Graph, types: RelationTypes = .all, aging: TieAging? = nil) -> [Double] {
        let rel = graph.relations
        let m = rel.count
        var salesOut = [Double](repeating: 0, count: graph.entityCount)
        if types.contains(.supplies) {
            for r in 0..<m where rel.types[r] == .supplies {
                let w = rel.weights[r]
                if !w.isNaN { salesOut[Int(rel.sources[r])] += w }
            }
        }
        let roles = rel.extra.first(where: { $0.name.lowercased() == "role" })?.values
        // A world holds a million works_at rows but a few dozen distinct roles: judge each once.
        var roleCache: [String: Bool] = [:]
        func decides(_ r: Int) -> Bool {
            guard let roles, !roles.isEmpty(r) else { return false }
            let role = roles[r]
            if let known = roleCache[role] { return known }
            let verdict = isDecisionRole(role)
            roleCache[role] = verdict
            return verdict
        }
        // A relative controller (30 % and the largest holder) decides as a majority one does.
        let controls = types.contains(.owns) ? ControlStructure.controllingRelations(of: graph) : []
        var out = [Double](repeating: 0, count: m)
        for r in 0..<m where types.contains(rawType: rel.types[r].rawValue) {
            let given = rel.strengths[r]
            if !given.isNaN {
                // Stored as read (double precision): the same cost networkx computes from the file.
                out[r] = given
                continue
            }
            let w = rel.weights[r]
            switch rel.types[r] {
            case .refers: out[r] = referralStrength(rel.outcomes[r])
            case .knows: out[r] = acquaintance
            case .worksAt:
                out[r] = decides(r) ? executive : staff
            case .supplies:
                let total = salesOut[Int(rel.sources[r])]
                out[r] = supplyStrength(share: w.isNaN || total <= 0 ? nil : w / total)
            case .owns: out[r] = controls[r] ? controller : ownershipStrength(share: w.isNaN ? nil : w)
            case .guarantees: out[r] = guarantee
            case .memberOf: out[r] = membership
            }
        }
        if let aging {
            precondition(aging.lastContact.count == m, "TieAging made for another graph")
            for r in 0..<m where out[r] > 0 { out[r] *= aging.factor(r, type: rel.types[r]) }
        }
        return out
    }
}
