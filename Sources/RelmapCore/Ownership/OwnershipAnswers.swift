import Foundation

/// Options shared by the ownership questions.
public struct OwnershipOptions: Sendable {
    /// Owners or holdings below this integrated share are not listed (they still count).
    public var minShare = 0.05
    /// Relative control needs at least this direct share (30 %, the listed-company rule).
    public var controlFloor = ControlStructure.defaultFloor
    /// Natural persons at or above this integrated share are beneficial owners (25 %).
    public var uboThreshold = BeneficialOwners.defaultThreshold
    /// Chains listed per owner or holding.
    public var chainsPerEntity = 3

    public init() {}
}

/// One link of a control chain, as answers show it.
public struct ControlLinkRow: Codable, Sendable, Equatable {
    public var id: String, name: String
    public var controller: String, controllerName: String
    /// The controller's direct share.
    public var share: Double
    /// `majority` or `relative`.
    public var kind: String

    enum CodingKeys: String, CodingKey {
        case id, name, controller, share, kind
        case controllerName = "controller_name"
    }
}

/// `relmap owners`: who owns an entity, directly and through every chain, who controls it at the
/// top, and its beneficial owners.
public struct OwnersAnswer: Answer, Codable {
    public struct UBO: Codable, Sendable, Equatable {
        public var id: String, name: String, share: Double
        /// Holds at least the threshold; is the actual controller.
        public var byShare: Bool, byControl: Bool
        public var paths: [[String]]
        enum CodingKeys: String, CodingKey {
            case id, name, share, paths
            case byShare = "by_share", byControl = "by_control"
        }
    }
    public struct Owner: Codable, Sendable, Equatable {
        public var id: String, name: String, kind: String
        /// Integrated ownership, U[owner][id].
        public var share: Double
        /// The direct share, 0 when held only indirectly.
        public var direct: Double
        /// The strongest simple chains, owner first; each with its product in `pathShares`.
        public var paths: [[String]]
        public var pathShares: [Double]
        enum CodingKeys: String, CodingKey {
            case id, name, kind, share, direct, paths
            case pathShares = "path_shares"
        }
    }

    public var id: String, name: String
    /// The top of the control chain; nil when nobody controls the entity (or control loops).
    public var controller: String?
    public var controllerName: String?
    /// From the entity up: who controls whom, with what share.
    public var controlChain: [ControlLinkRow]
    public var controlLoops: Bool
    public var ubos: [UBO]
    /// Owners at or above `minShare`, largest first.
    public var owners: [Owner]
    /// Owners below `minShare`, not listed.
    public var hiddenOwners: Int
    /// What the entity holds of itself round cross-holdings, and directly (treasury shares).
    public var selfShare: Double
    public var converged: Bool
    public var minShare: Double
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case id, name, controller, ubos, owners, converged, notes
        case controllerName = "controller_name", controlChain = "control_chain", controlLoops = "control_loops"
        case hiddenOwners = "hidden_owners", selfShare = "self_share", minShare = "min_share"
    }

    /// As synthesised, except that `controller` and `controller_name` are written as null when
    /// nobody controls the entity, not left out (the shape the issue and the web page read).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(controller, forKey: .controller)
        try c.encode(controllerName, forKey: .controllerName)
        try c.encode(controlChain, forKey: .controlChain)
        try c.encode(controlLoops, forKey: .controlLoops)
        try c.encode(ubos, forKey: .ubos)
        try c.encode(owners, forKey: .owners)
        try c.encode(hiddenOwners, forKey: .hiddenOwners)
        try c.encode(selfShare, forKey: .selfShare)
        try c.encode(converged, forKey: .converged)
        try c.encode(minShare, forKey: .minShare)
        try c.encode(notes, forKey: .notes)
    }
}

/// `relmap holdings`: what an entity owns, directly and through every chain, and what it controls.
public struct HoldingsAnswer: Answer, Codable {
    public struct Holding: Codable, Sendable, Equatable {
        public var id: String, name: String, status: String, rm: String
        public var share: Double, direct: Double
        /// Whether the entity controls it (directly or through entities it controls).
        public var controlled: Bool
        public var paths: [[String]]
        public var pathShares: [Double]
        enum CodingKeys: String, CodingKey {
            case id, name, status, rm, share, direct, controlled, paths
            case pathShares = "path_shares"
        }
    }
    public var id: String, name: String
    public var holdings: [Holding]
    public var hiddenHoldings: Int
    /// Every entity it controls, whatever the share, in control order (nearest first).
    public var controls: [String]
    public var selfShare: Double
    public var converged: Bool
    public var minShare: Double
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case id, name, holdings, controls, converged, notes
        case hiddenHoldings = "hidden_holdings", selfShare = "self_share", minShare = "min_share"
    }
}

/// `relmap groups`: every group, largest first. Encodes as a JSON array.
public struct GroupsAnswer: Answer, Codable {
    public struct Row: Codable, Sendable, Equatable {
        public var controller: String, controllerName: String, controllerKind: String
        public var members: [String]
        public var clients: [String]
        /// The RM of each client (客户归属), by client id.
        public var clientRMs: [String: String]
        public var value: Double
        /// Members that do not bank with us.
        public var uncovered: [String]
        enum CodingKeys: String, CodingKey {
            case controller, members, clients, value, uncovered
            case controllerName = "controller_name", controllerKind = "controller_kind", clientRMs = "client_rms"
        }
    }
    public var groups: [Row]
    /// Ownership warnings; not part of the JSON array.
    public var notes: [String] = []

    public init(groups: [Row]) { self.groups = groups }
    public init(from decoder: Decoder) throws { groups = try decoder.singleValueContainer().decode([Row].self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(groups)
    }
}

/// The ownership questions, each returning an answer value.
public enum OwnershipQuery {
    /// Who owns `entity`. - Complexity: that of `IntegratedOwnership.solve` and `chains` upward.
    public static func owners(
        _ net: OwnershipNetwork, of entity: Int, _ options: OwnershipOptions = .init(),
        _ lang: Language = .en
    ) -> OwnersAnswer {
        let e = net.graph.entities
        let solution = IntegratedOwnership.solve(net, from: entity, .owners)
        let (links, loops) = ControlStructure.chain(net, of: entity, floor: options.controlFloor)
        let top = loops ? nil : links.last?.controller
        let listed = solution.shares.filter { $0.value >= options.minShare - OwnershipNetwork.tolerance }
        let ubos = BeneficialOwners.find(net, owners: solution, ultimate: top, threshold: options.uboThreshold)
        let floor = min(options.minShare, options.uboThreshold) / 100
        let chains = IntegratedOwnership.chains(net, from: entity, .owners, floor: min(floor, 1e-4), perEntity: options.chainsPerEntity)
        func ids(_ c: OwnershipChain) -> [String] { c.entities.map { e.id($0) } }
        let owners = listed.sorted { ($0.value, e.id($1.key)) > ($1.value, e.id($0.key)) }.map { v, share in
            OwnersAnswer.Owner(
                id: e.id(v), name: e.name(v), kind: e.kind(v).name, share: share,
                direct: net.directShare(of: v, in: entity),
                paths: (chains[v] ?? []).map(ids), pathShares: (chains[v] ?? []).map(\.share))
        }
        var notes: [String] = []
        if !solution.converged {
            notes.append(
                lang(
                    "a cross-holding did not settle in \(IntegratedOwnership.sweepLimit) sweeps: shares are lower bounds",
                    "交叉持股在 \(IntegratedOwnership.sweepLimit) 轮迭代内未收敛: 比例为下限"))
        }
        if loops { notes.append(lang("the control chain loops: there is no actual controller", "控制链成环: 无实际控制人")) }
        if let treasury = net.selfHeld[entity] {
            notes.append(lang("holds \(lang.percent(treasury)) of itself directly (treasury shares)", "直接持有自身 \(lang.percent(treasury)) (库存股)"))
        }
        return OwnersAnswer(
            id: e.id(entity), name: e.name(entity), controller: top.map { e.id($0) }, controllerName: top.map { e.name($0) },
            controlChain: links.map {
                ControlLinkRow(
                    id: e.id($0.entity), name: e.name($0.entity), controller: e.id($0.controller),
                    controllerName: e.name($0.controller), share: $0.share, kind: $0.kind.name)
            },
            controlLoops: loops,
            ubos: ubos.map {
                OwnersAnswer.UBO(
                    id: e.id($0.entity), name: e.name($0.entity), share: $0.share, byShare: $0.byShare,
                    byControl: $0.byControl, paths: (chains[$0.entity] ?? []).map(ids))
            },
            owners: owners, hiddenOwners: solution.shares.count - listed.count,
            selfShare: solution.selfShare + (net.selfHeld[entity] ?? 0), converged: solution.converged,
            minShare: options.minShare, notes: notes)
    }

    /// What `entity` owns and controls. - Complexity: that of `IntegratedOwnership.solve` and
    /// `chains` downward, plus O(holders) per entity reached for control.
    public static func holdings(
        _ net: OwnershipNetwork, of entity: Int, _ options: OwnershipOptions = .init(),
        _ lang: Language = .en
    ) -> HoldingsAnswer {
        let e = net.graph.entities
        let solution = IntegratedOwnership.solve(net, from: entity, .holdings)
        let controlled = controlledBy(net, entity, floor: options.controlFloor)
        let controlledSet = Set(controlled)
        let listed = solution.shares.filter { $0.value >= options.minShare - OwnershipNetwork.tolerance || controlledSet.contains($0.key) }
        let chains = IntegratedOwnership.chains(
            net, from: entity, .holdings, floor: min(options.minShare / 100, 1e-4),
            perEntity: options.chainsPerEntity)
        let rows = listed.sorted { ($0.value, e.id($1.key)) > ($1.value, e.id($0.key)) }.map { v, share in
            HoldingsAnswer.Holding(
                id: e.id(v), name: e.name(v), status: e.status(v).name, rm: e.rm(v), share: share,
                direct: net.directShare(of: entity, in: v), controlled: controlledSet.contains(v),
                paths: (chains[v] ?? []).map { $0.entities.map { e.id($0) } }, pathShares: (chains[v] ?? []).map(\.share))
        }
        var notes: [String] = []
        if !solution.converged {
            notes.append(
                lang(
                    "a cross-holding did not settle in \(IntegratedOwnership.sweepLimit) sweeps: shares are lower bounds",
                    "交叉持股在 \(IntegratedOwnership.sweepLimit) 轮迭代内未收敛: 比例为下限"))
        }
        return HoldingsAnswer(
            id: e.id(entity), name: e.name(entity), holdings: rows, hiddenHoldings: solution.shares.count - listed.count,
            controls: controlled.map { e.id($0) }, selfShare: solution.selfShare + (net.selfHeld[entity] ?? 0),
            converged: solution.converged, minShare: options.minShare, notes: notes)
    }

    /// Every entity `entity` controls, nearest first: a breadth-first walk down its holdings that
    /// keeps an entity when its direct controller is `entity` or one already kept (a controller
    /// holds shares directly, so the walk down holdings finds every controlled entity).
    /// - Complexity: O(sum of holders over the entities reached).
    public static func controlledBy(_ net: OwnershipNetwork, _ entity: Int, floor: Double = ControlStructure.defaultFloor) -> [Int] {
        var kept: Set<Int> = [entity]
        var order: [Int] = []
        var queue = [entity], head = 0
        while head < queue.count {
            let v = queue[head]
            head += 1
            for e in Int(net.downOffsets[v])..<Int(net.downOffsets[v + 1]) {
                let w = Int(net.downHeld[e])
                guard !kept.contains(w), case let (c?, _) = ControlStructure.direct(net, of: w, floor: floor), c == v else { continue }
                kept.insert(w)
                order.append(w)
                queue.append(w)
            }
        }
        return order
    }

    /// Every group with at least `minMembers` members, largest first; with `rm`, only groups where
    /// that RM has a client.
    /// - Complexity: O(n + k) for control, O(g log g) to sort the groups.
    public static func groups(_ groups: OwnershipGroups, _ graph: Graph, rm: String? = nil, minMembers: Int = 2) -> GroupsAnswer {
        let e = graph.entities
        let rows = groups.groups.filter { g in
            g.members.count >= minMembers && (rm == nil || g.clients.contains { e.rm($0) == rm })
        }.map { g in
            GroupsAnswer.Row(
                controller: e.id(g.controller), controllerName: e.name(g.controller), controllerKind: e.kind(g.controller).name,
                members: g.members.map { e.id($0) }, clients: g.clients.map { e.id($0) },
                clientRMs: Dictionary(g.clients.map { (e.id($0), e.rm($0)) }, uniquingKeysWith: { a, _ in a }),
                value: g.value, uncovered: g.uncovered.map { e.id($0) })
        }
        return GroupsAnswer(groups: rows)
    }
}
