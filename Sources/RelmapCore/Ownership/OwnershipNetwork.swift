/// The `owns` relations of a graph as a weighted network of holders and holdings, checked and
/// indexed both ways, ready for integrated ownership, control and groups.
///
/// `W[a][b]` is the share of `b` that `a` holds directly (`owns` relation from `a` to `b`, weight in
/// (0, 1]). What cannot be a share is left out and reported in `issues`: a missing share, a share of
/// 0 or above 1, a company holding itself. Two problems keep their relations but change how shares
/// are computed, and are reported too: owners of one company that add up to more than 100 % (the
/// shares are scaled down to 100 % for integrated ownership; control reads them as given), and a
/// cycle of companies that own each other entirely with no outside holder (there `(I − W)` is
/// singular and no share exists: the relations inside the cycle are left out of integrated
/// ownership, and each member reports the cycle).
///
/// Strongly connected components of the network (cross-holdings) are found once, with a
/// topological order of the components, so that each query solves only the components it
/// reaches, in dependency order.
public struct OwnershipNetwork: Sendable {
    public let graph: Graph
    /// Holder -> holdings: `downOffsets[a]..<downOffsets[a+1]` index `downHeld`, `downShare`...
    let downOffsets: [UInt32]
    let downHeld: [UInt32]
    /// The share as given (control reads it).
    let downShare: [Double]
    /// The share integrated ownership uses: scaled when the holders of the company add up to more
    /// than 100 %, 0 inside a cycle with no outside holder.
    let downSolveShare: [Double]
    let downRelation: [UInt32]
    /// Held -> holders, the same edges the other way.
    let upOffsets: [UInt32]
    let upHolder: [UInt32]
    let upShare: [Double]
    let upSolveShare: [Double]
    let upRelation: [UInt32]
    /// Component of each entity (cross-holdings form one component). Components are numbered so
    /// that a company's holdings are in components numbered no higher than its own.
    let component: [UInt32]
    /// Entities in a component of more than one entity (a cross-holding), else false.
    let inCycle: [Bool]
    /// Self-holdings (treasury shares) by entity, reported apart from owners.
    public let selfHeld: [Int: Double]
    /// What was wrong with the `owns` relations, in relation order.
    public let issues: [OwnershipIssue]

    public var entityCount: Int { graph.entityCount }
    /// The number of holdings kept (valid `owns` relations).
    public var holdingCount: Int { downHeld.count }

    /// Reads and checks every `owns` relation of `graph`.
    /// - Complexity: O(n + m) time and O(n + k) memory for n entities, m relations and k `owns`
    ///   relations: one pass over each entity's relations, one Tarjan pass over the holdings.
    public init(graph: Graph) {
        self.graph = graph
        let n = graph.entityCount
        let rel = graph.relations
        var issues: [OwnershipIssue] = []
        var selfHeld: [Int: Double] = [:]

        // Which owns relations are shares at all: the plain case inline, problems named apart.
        func usable(_ r: Int, _ s: Int, _ t: Int, _ w: Double) -> Bool {
            if w > 0 && w <= 1 && s != t { return true }
            if w.isNaN {
                issues.append(.init(.missingShare, entities: [s, t], relations: [r]))
                return false
            }
            if w <= 0 {
                issues.append(.init(.zeroShare, entities: [s, t], relations: [r], value: w))
                return false
            }
            if w > 1 {
                issues.append(.init(.shareAboveOne, entities: [s, t], relations: [r], value: w))
                return false
            }
            issues.append(.init(.selfHolding, entities: [s], relations: [r], value: w))
            selfHeld[s, default: 0] += w
            return false
        }

        // Holder -> holdings, in the graph's order (relations are sorted by source, so the
        // holdings come grouped by holder).
        var downOffsets = [UInt32](repeating: 0, count: n + 1)
        var downHeld: [UInt32] = [], downShare: [Double] = [], downRelation: [UInt32] = []
        var heldSum = [Double](repeating: 0, count: n)
        let owns = RelationType.owns
        rel.types.withUnsafeBufferPointer { types in
            for r in 0..<types.count where types[r] == owns {
                let s = Int(rel.sources[r]), t = Int(rel.targets[r]), w = rel.weights[r]
                guard usable(r, s, t, w) else { continue }
                downOffsets[s + 1] += 1
                downHeld.append(UInt32(t))
                downShare.append(w)
                downRelation.append(UInt32(r))
                heldSum[t] += w
            }
        }
        for v in 0..<n { downOffsets[v + 1] += downOffsets[v] }

        // Oversubscribed companies: every holder's line is named.
        var scale = [Double](repeating: 1, count: n)
        let k = downHeld.count
        var overs: [Int: [Int]] = [:]
        for e in 0..<k where heldSum[Int(downHeld[e])] > 1 + OwnershipNetwork.tolerance {
            overs[Int(downHeld[e]), default: []].append(Int(downRelation[e]))
        }
        for (b, relations) in overs.sorted(by: { $0.key < $1.key }) {
            scale[b] = 1 / heldSum[b]
            issues.append(.init(.oversubscribed, entities: [b], relations: relations.sorted(), value: heldSum[b]))
        }
        var downSolveShare = [Double](repeating: 0, count: k)
        for e in 0..<k { downSolveShare[e] = downShare[e] * scale[Int(downHeld[e])] }

        // Components of the holding network (Tarjan, iterative).
        let (component, sizes) = OwnershipNetwork.components(n: n, offsets: downOffsets, targets: downHeld)
        var inCycle = [Bool](repeating: false, count: n)
        for v in 0..<n where sizes[Int(component[v])] > 1 { inCycle[v] = true }

        // Cycles with no outside holder: every member is held 100 % from inside the cycle.
        var insideSum = [Double](repeating: 0, count: n)
        var anyCycle = false
        for a in 0..<n where inCycle[a] {
            anyCycle = true
            for e in Int(downOffsets[a])..<Int(downOffsets[a + 1]) where component[Int(downHeld[e])] == component[a] {
                insideSum[Int(downHeld[e])] += downSolveShare[e]
            }
        }
        if anyCycle {
            var open = [Bool](repeating: false, count: sizes.count)
            var members: [UInt32: [Int]] = [:]
            for v in 0..<n where inCycle[v] {
                members[component[v], default: []].append(v)
                if insideSum[v] < 1 - OwnershipNetwork.tolerance { open[Int(component[v])] = true }
            }
            for (c, vs) in members.sorted(by: { $0.value[0] < $1.value[0] }) where !open[Int(c)] {
                var relations: [Int] = []
                for a in vs {
                    for e in Int(downOffsets[a])..<Int(downOffsets[a + 1]) where component[Int(downHeld[e])] == c {
                        downSolveShare[e] = 0
                        relations.append(Int(downRelation[e]))
                    }
                }
                issues.append(.init(.closedCycle, entities: vs, relations: relations.sorted()))
            }
        }

        // Held -> holders: a counting sort of the holdings by held entity.
        var upOffsets = [UInt32](repeating: 0, count: n + 1)
        for e in 0..<k { upOffsets[Int(downHeld[e]) + 1] += 1 }
        for v in 0..<n { upOffsets[v + 1] += upOffsets[v] }
        var cursor = upOffsets
        var upHolder = [UInt32](repeating: 0, count: k), upShare = [Double](repeating: 0, count: k)
        var upSolveShare = [Double](repeating: 0, count: k), upRelation = [UInt32](repeating: 0, count: k)
        for a in 0..<n {
            for e in Int(downOffsets[a])..<Int(downOffsets[a + 1]) {
                let b = Int(downHeld[e]), slot = Int(cursor[b])
                cursor[b] += 1
                upHolder[slot] = UInt32(a)
                upShare[slot] = downShare[e]
                upSolveShare[slot] = downSolveShare[e]
                upRelation[slot] = downRelation[e]
            }
        }

        self.downOffsets = downOffsets
        self.downHeld = downHeld
        self.downShare = downShare
        self.downSolveShare = downSolveShare
        self.downRelation = downRelation
        self.upOffsets = upOffsets
        self.upHolder = upHolder
        self.upShare = upShare
        self.upSolveShare = upSolveShare
        self.upRelation = upRelation
        self.component = component
        self.inCycle = inCycle
        self.selfHeld = selfHeld
        self.issues = issues.sorted { ($0.relations.first ?? -1, $0.kind.rawValue) < ($1.relations.first ?? -1, $1.kind.rawValue) }
    }

    /// Shares are compared with this slack: 0.3 + 0.7 read from a file may add up to 1.0000000000000002.
    static let tolerance = 1e-9

    /// Direct holdings of `a`: (held entity, share as given, relation).
    public func holdings(of a: Int) -> [(entity: Int, share: Double, relation: Int)] {
        (Int(downOffsets[a])..<Int(downOffsets[a + 1])).map { (Int(downHeld[$0]), downShare[$0], Int(downRelation[$0])) }
    }

    /// Direct holders of `b`: (holder, share as given, relation).
    public func holders(of b: Int) -> [(entity: Int, share: Double, relation: Int)] {
        (Int(upOffsets[b])..<Int(upOffsets[b + 1])).map { (Int(upHolder[$0]), upShare[$0], Int(upRelation[$0])) }
    }

    /// The direct share of `b` that `a` holds (as given), 0 when none.
    public func directShare(of a: Int, in b: Int) -> Double {
        var s = 0.0
        for e in Int(upOffsets[b])..<Int(upOffsets[b + 1]) where Int(upHolder[e]) == a { s += upShare[e] }
        return s
    }

    /// Strongly connected components by Tarjan's algorithm without recursion (a chain of holdings
    /// can be as long as the data makes it). Components come out sinks first: every edge goes from
    /// a component to one numbered no higher.
    /// - Complexity: O(n + k).
    static func components(n: Int, offsets: [UInt32], targets: [UInt32]) -> (component: [UInt32], sizes: [Int]) {
        let unvisited = UInt32.max
        var index = [UInt32](repeating: unvisited, count: n)
        var low = [UInt32](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var component = [UInt32](repeating: 0, count: n)
        var sizes: [Int] = []
        var stack: [UInt32] = []
        var frames: [(v: Int, next: Int)] = []
        var counter: UInt32 = 0
        for root in 0..<n where index[root] == unvisited {
            // An entity with no holdings and not yet seen is a component of its own: skip the
            // frame machinery for the million entities outside the ownership layer.
            if offsets[root] == offsets[root + 1] {
                index[root] = counter
                counter += 1
                component[root] = UInt32(sizes.count)
                sizes.append(1)
                continue
            }
            frames.append((root, Int(offsets[root])))
            index[root] = counter
            low[root] = counter
            counter += 1
            stack.append(UInt32(root))
            onStack[root] = true
            while let top = frames.last {
                let v = top.v
                if top.next < Int(offsets[v + 1]) {
                    frames[frames.count - 1].next += 1
                    let w = Int(targets[top.next])
                    if index[w] == unvisited {
                        index[w] = counter
                        low[w] = counter
                        counter += 1
                        stack.append(UInt32(w))
                        onStack[w] = true
                        frames.append((w, Int(offsets[w])))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last { low[parent.v] = min(low[parent.v], low[v]) }
                if low[v] == index[v] {
                    let c = UInt32(sizes.count)
                    var size = 0
                    while true {
                        let w = Int(stack.removeLast())
                        onStack[w] = false
                        component[w] = c
                        size += 1
                        if w == v { break }
                    }
                    sizes.append(size)
                }
            }
        }
        return (component, sizes)
    }
}

/// One problem with the `owns` relations, naming the entities and relations involved.
public struct OwnershipIssue: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// An `owns` relation without a share: left out of shares and control.
        case missingShare = "missing_share"
        /// A share of 0: left out.
        case zeroShare = "zero_share"
        /// A share above 1 (a graph built in code; files are refused earlier): left out.
        case shareAboveOne = "share_above_one"
        /// An entity holding itself (treasury shares): reported apart, not as an owner.
        case selfHolding = "self_holding"
        /// Direct holders adding up to more than 100 %: integrated shares scaled to 100 %.
        case oversubscribed
        /// Entities owning each other entirely with no outside holder: no share exists.
        case closedCycle = "closed_cycle"
        /// Entities each controlling the next round a loop: none of them has an ultimate controller.
        case controlCycle = "control_cycle"
    }

    public var kind: Kind
    public var entities: [Int]
    public var relations: [Int]
    /// The share or the sum concerned.
    public var value: Double?

    public init(_ kind: Kind, entities: [Int], relations: [Int], value: Double? = nil) {
        self.kind = kind
        self.entities = entities
        self.relations = relations
        self.value = value
    }

    /// Errors make shares wrong or impossible; warnings are handled and said.
    public var severity: Diagnostic.Severity {
        switch kind {
        case .shareAboveOne, .closedCycle, .controlCycle: .error
        case .missingShare, .zeroShare, .selfHolding, .oversubscribed: .warning
        }
    }
}
