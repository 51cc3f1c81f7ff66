/// Who controls whom, and who is at the top: the actual controller (实际控制人).
///
/// An entity's direct controller is the holder of more than 50 % of it directly (majority
/// control). Where nobody holds a majority, the largest direct holder controls it relatively when
/// its share reaches `floor` (30 % by default, the rule for listed companies in China) and no other
/// holder holds as much. Control passes up: A controls C when A controls B and B controls C,
/// whatever A's integrated share of C. The ultimate controller is the top of that chain; an entity
/// nobody controls has none. Shares are read as given (not scaled for oversubscription).
public struct ControlStructure: Sendable {
    public enum Kind: UInt8, Sendable, Codable {
        case none, majority, relative

        public var name: String {
            switch self {
            case .none: "none"
            case .majority: "majority"
            case .relative: "relative"
            }
        }
    }

    /// The default floor for relative control.
    public static let defaultFloor = 0.3

    public let floor: Double
    /// Direct controller of each entity, -1 when none.
    public let controller: [Int32]
    public let kind: [Kind]
    /// Top of each entity's control chain, -1 when nobody controls it or the chain loops.
    public let ultimate: [Int32]
    /// Loops of control (A controls B controls A), each listed once, as `controlCycle` issues.
    public let issues: [OwnershipIssue]

    /// Direct and ultimate controllers of every entity.
    /// - Complexity: O(n + k): each entity's holders once, each chain followed once.
    public init(_ net: OwnershipNetwork, floor: Double = ControlStructure.defaultFloor) {
        self.floor = floor
        let n = net.entityCount
        var controller = [Int32](repeating: -1, count: n)
        var kind = [Kind](repeating: .none, count: n)
        for b in 0..<n where net.upOffsets[b] != net.upOffsets[b + 1] {
            let (c, k) = ControlStructure.direct(net, of: b, floor: floor)
            controller[b] = Int32(c ?? -1)
            kind[b] = k
        }
        // Ultimate controllers: follow each chain once; entities on a loop have none.
        let unknown: Int32 = -2, visiting: Int32 = -3
        var ultimate = [Int32](repeating: unknown, count: n)
        var issues: [OwnershipIssue] = []
        var path: [Int] = []
        for start in 0..<n where ultimate[start] == unknown {
            guard controller[start] >= 0 else {
                ultimate[start] = -1
                continue
            }
            var v = start
            var top: Int32 = -1
            while true {
                if ultimate[v] == visiting {
                    // A loop: from v round to v.
                    let from = path.firstIndex(of: v)!
                    let loop = Array(path[from...])
                    let relations = loop.map { w in
                        net.holders(of: w).first { $0.entity == Int(controller[w]) }?.relation ?? -1
                    }
                    issues.append(OwnershipIssue(.controlCycle, entities: loop, relations: relations.filter { $0 >= 0 }))
                    top = -1
                    break
                }
                if ultimate[v] != unknown {
                    top = ultimate[v] == -1 && controller[v] < 0 ? Int32(v) : ultimate[v]
                    break
                }
                let c = controller[v]
                if c < 0 {
                    top = Int32(v)
                    break
                }
                ultimate[v] = visiting
                path.append(v)
                v = Int(c)
            }
            for w in path { ultimate[w] = top }
            path.removeAll(keepingCapacity: true)
        }
        // An uncontrolled entity is nobody's ultimate controller of itself.
        for v in 0..<n where controller[v] < 0 { ultimate[v] = -1 }
        self.controller = controller
        self.kind = kind
        self.ultimate = ultimate
        self.issues = issues
    }

    /// The direct controller of `b` and how it controls, from `b`'s holders only.
    /// - Complexity: O(holders of b).
    public static func direct(_ net: OwnershipNetwork, of b: Int, floor: Double = defaultFloor) -> (Int?, Kind) {
        let lo = Int(net.upOffsets[b]), hi = Int(net.upOffsets[b + 1])
        guard lo < hi else { return (nil, .none) }
        // Several lines for the same holder add up: a holder's total is summed over the lines
        // after its first (holders of one company are few, so the quadratic scan is the cheap way).
        var best = -1, bestShare = 0.0, second = 0.0
        for e in lo..<hi {
            let h = net.upHolder[e]
            if (lo..<e).contains(where: { net.upHolder[$0] == h }) { continue }
            var share = net.upShare[e]
            for f in (e + 1)..<hi where net.upHolder[f] == h { share += net.upShare[f] }
            if share > bestShare {
                second = bestShare
                best = Int(h)
                bestShare = share
            } else {
                second = max(second, share)
            }
        }
        guard best >= 0, bestShare > second else { return (nil, .none) }
        if bestShare > 0.5 + OwnershipNetwork.tolerance { return (best, .majority) }
        if bestShare >= floor - OwnershipNetwork.tolerance { return (best, .relative) }
        return (nil, .none)
    }

    /// The control chain of `v`: `v`, its controller, that one's controller... up to the top (or
    /// until the chain loops).
    public func chain(of v: Int) -> [Int] {
        var out = [v]
        var seen: Set<Int> = [v]
        var x = v
        while controller[x] >= 0 {
            x = Int(controller[x])
            guard seen.insert(x).inserted else { break }
            out.append(x)
        }
        return out
    }

    /// The ultimate controller of `v`, nil when nobody controls it (or its chain loops).
    public func ultimateController(of v: Int) -> Int? { ultimate[v] >= 0 ? Int(ultimate[v]) : nil }

    /// The top of the group `v` belongs to: its ultimate controller, or `v` itself when it controls
    /// others and nobody controls it; nil when `v` is in no group.
    public func groupTop(of v: Int, controls: (Int) -> Bool) -> Int? {
        if let u = ultimateController(of: v) { return u }
        return controller[v] < 0 && controls(v) ? v : nil
    }
}

extension ControlStructure {
    /// One link of a control chain: `entity` is controlled by `controller` holding `share` directly.
    public struct Link: Sendable, Equatable {
        public var entity: Int
        public var controller: Int
        public var share: Double
        public var kind: Kind
    }

    /// The control chain of `v` from its holders alone, without computing control for the whole
    /// graph: the links from `v` up to its ultimate controller, and whether the chain loops (then
    /// there is no ultimate controller).
    /// - Complexity: O(sum of the holders of the entities on the chain).
    public static func chain(_ net: OwnershipNetwork, of v: Int, floor: Double = defaultFloor) -> (links: [Link], loops: Bool) {
        var links: [Link] = []
        var seen: Set<Int> = [v]
        var x = v
        while case let (c?, kind) = direct(net, of: x, floor: floor) {
            links.append(Link(entity: x, controller: c, share: net.directShare(of: c, in: x), kind: kind))
            guard seen.insert(c).inserted else { return (links, true) }
            x = c
        }
        return (links, false)
    }
}

extension ControlStructure {
    /// For each relation of `graph`, whether it is an `owns` relation from a company's direct
    /// controller (majority, or the largest holder alone at `floor` or more): the ties
    /// `TieStrength` rates as a parent deciding for its subsidiary. Without building the network.
    /// - Complexity: O(n + m).
    public static func controllingRelations(of graph: Graph, floor: Double = defaultFloor) -> [Bool] {
        let rel = graph.relations
        var out = [Bool](repeating: false, count: rel.count)
        var byHolder: [(holder: Int, share: Double)] = []
        for t in 0..<graph.entityCount {
            byHolder.removeAll(keepingCapacity: true)
            for r32 in graph.incoming(t) {
                let r = Int(r32), w = rel.weights[r], s = Int(rel.sources[r])
                guard rel.types[r] == .owns, w > 0, w <= 1, s != t else { continue }
                if let k = byHolder.firstIndex(where: { $0.holder == s }) { byHolder[k].share += w } else { byHolder.append((s, w)) }
            }
            guard !byHolder.isEmpty else { continue }
            var best = byHolder[0], second = 0.0
            for h in byHolder.dropFirst() {
                if h.share > best.share {
                    second = best.share
                    best = h
                } else {
                    second = max(second, h.share)
                }
            }
            guard best.share > second,
                best.share > 0.5 + OwnershipNetwork.tolerance || best.share >= floor - OwnershipNetwork.tolerance
            else { continue }
            for r32 in graph.incoming(t) where rel.types[Int(r32)] == .owns && Int(rel.sources[Int(r32)]) == best.holder { out[Int(r32)] = true }
        }
        return out
    }
}
