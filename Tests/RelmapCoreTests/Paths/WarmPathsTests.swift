import Foundation
import Testing

@testable import RelmapCore

/// Fixtures written by Scripts/paths_reference.py (networkx `shortest_simple_paths`, same costs).
struct PathFixture {
    struct Query {
        var target: String
        var sources: [String]?
        var k: Int
        var maxHops: Int
        var via: RelationTypes
        var expected: [(cost: Double, nodes: [String])]
        var kthCost: Double?
    }
    var name: String
    var graph: Graph
    var queries: [Query]

    static var folder: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("paths")
    }

    static func small() throws -> [PathFixture] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("small-") && $0.hasSuffix(".json") }.sorted()
        return try files.map { try load($0) }
    }

    static func load(_ file: String) throws -> PathFixture {
        let data = try Data(contentsOf: folder.appendingPathComponent(file))
        let doc = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let g = doc["graph"] as! [String: Any]
        var b = GraphBuilder()
        for e in g["entities"] as! [[String: Any]] {
            try b.addEntity(
                EntityRecord(
                    id: e["id"] as! String, name: e["name"] as! String,
                    kind: EntityKind(name: e["kind"] as! String)!,
                    status: EntityStatus(name: e["status"] as! String)!))
        }
        for r in g["relations"] as! [[String: Any]] {
            var attributes: [(String, String)] = []
            if let role = r["role"] as? String { attributes.append(("role", role)) }
            try b.addRelation(
                RelationRecord(
                    source: r["source"] as! String, target: r["target"] as! String,
                    type: RelationType(name: r["type"] as! String)!,
                    weight: r["weight"] as? Double, strength: r["strength"] as? Double,
                    outcome: (r["outcome"] as? String).flatMap(ReferralOutcome.init(name:)) ?? .none,
                    attributes: attributes))
        }
        return PathFixture(name: file, graph: b.build(), queries: parseQueries(doc["queries"] as! [[String: Any]]))
    }

    static func parseQueries(_ raw: [[String: Any]]) -> [Query] {
        raw.map { q in
            Query(
                target: q["target"] as! String, sources: q["sources"] as? [String], k: q["k"] as! Int,
                maxHops: q["max_hops"] as! Int,
                via: RelationTypes((q["via"] as! [String]).map { RelationType(name: $0)! }),
                expected: (q["expected"] as! [[String: Any]]).map { ($0["cost"] as! Double, $0["nodes"] as! [String]) },
                kthCost: q["kth_cost"] as? Double)
        }
    }
}

/// Compares our paths with the reference: the same number, the same costs in order, the same
/// paths below the k-th cost, and paths at the k-th cost drawn from the reference's tied set.
func checkAgainstReference(_ fixture: PathFixture) {
    let finder = WarmPathFinder(graph: fixture.graph)
    let g = fixture.graph
    for (qi, q) in fixture.queries.enumerated() {
        let where_ = "\(fixture.name) query \(qi) target \(q.target)"
        guard let target = g.index(ofID: q.target),
            q.sources?.allSatisfy({ g.index(ofID: $0) != nil }) ?? true
        else {
            Issue.record("\(where_): the fixture names an entity the graph lacks; rerun Scripts/paths_reference.py")
            continue
        }
        let sources = q.sources.map { $0.map { g.index(ofID: $0)! } } ?? WarmPathFinder.bankSide(of: g)
        let result = finder.paths(to: target, from: sources, k: q.k, maxHops: q.maxHops, via: q.via)
        // The hop-bounded and the plain searches must agree path for path.
        let plain = finder.paths(to: target, from: sources, k: q.k, maxHops: q.maxHops, via: q.via, guideUpTo: 0)
        let guided = finder.paths(to: target, from: sources, k: q.k, maxHops: q.maxHops, via: q.via, guideUpTo: .max)
        #expect(plain.paths.map(\.entities) == guided.paths.map(\.entities), "\(where_): hop-bounded and plain searches differ")
        #expect(zip(plain.paths, guided.paths).allSatisfy { abs($0.cost - $1.cost) < 1e-12 })
        #expect(plain.hopsNeeded == guided.hopsNeeded && plain.nearest == guided.nearest)
        let wanted = min(q.k, q.expected.count)
        #expect(result.paths.count == wanted, "\(where_): \(result.paths.count) paths, want \(wanted)")
        guard result.paths.count == wanted else { continue }
        let expectedCosts = q.expected.prefix(wanted).map(\.cost)
        for (ours, theirs) in zip(result.paths.map(\.cost), expectedCosts) {
            #expect(abs(ours - theirs) < 1e-9, "\(where_): cost \(ours) vs \(theirs)")
        }
        let kth = q.kthCost ?? .infinity
        let ids = result.paths.map { $0.entities.map { g.entities.id($0) } }
        let below = Set(q.expected.filter { $0.cost < kth - 1e-9 }.map(\.nodes))
        let tied = Set(q.expected.filter { $0.cost >= kth - 1e-9 }.map(\.nodes))
        let oursBelow = Set(zip(ids, result.paths).filter { $0.1.cost < kth - 1e-9 }.map(\.0))
        #expect(oursBelow == below, "\(where_): paths below the k-th cost differ")
        for (nodes, p) in zip(ids, result.paths) where p.cost >= kth - 1e-9 {
            #expect(tied.contains(nodes), "\(where_): \(nodes) not among the tied reference paths")
        }
        // Every path is simple, within the hop limit, chained hop to hop, and starts on the bank side.
        for p in result.paths {
            #expect(Set(p.entities).count == p.entities.count, "\(where_): path not simple")
            #expect(p.hops.count <= q.maxHops)
            #expect(p.hops.last?.to == target)
            #expect(sources.contains(p.hops[0].from))
            #expect(abs(p.strength - p.hops.reduce(1.0) { $0 * $1.strength }) < 1e-12)
        }
        // Cheapest first, deterministic.
        #expect(zip(result.paths, result.paths.dropFirst()).allSatisfy { $0.cost <= $1.cost + 1e-12 })
        let again = finder.paths(to: target, from: sources, k: q.k, maxHops: q.maxHops, via: q.via)
        #expect(again.paths == result.paths, "\(where_): not deterministic")
    }
}

@Suite struct WarmPathsTests {
    @Test func matchesNetworkxOnSmallGraphs() throws {
        let fixtures = try PathFixture.small()
        #expect(fixtures.count >= 10)
        for f in fixtures { checkAgainstReference(f) }
    }

    static var batteryFixture: URL { PathFixture.folder.appendingPathComponent("battery-chain.json") }

    /// The hand-built sample (Graphs/battery-chain), loaded as a user would load it; the fixture
    /// is written by `python3 Scripts/paths_reference.py battery` (about half a minute).
    @Test func matchesNetworkxOnBatteryChain() throws {
        let data = try Data(contentsOf: Self.batteryFixture)
        let doc = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let root = repositoryRoot
        let folder = root.appendingPathComponent(doc["graph_folder"] as! String).path
        let graph = try GraphLoader.load(folder).graph
        let fixture = PathFixture(name: "battery-chain", graph: graph, queries: PathFixture.parseQueries(doc["queries"] as! [[String: Any]]))
        #expect(fixture.queries.count >= 10)
        checkAgainstReference(fixture)
    }

    /// A hand-checked case: the warm referral chain beats a cold membership shortcut.
    @Test func prefersWarmChainOverColdShortcut() throws {
        var b = GraphBuilder()
        for (id, status) in [("BANKC", EntityStatus.client), ("MID", .prospect), ("ASSOC", .prospect), ("T", .prospect)] {
            try b.addEntity(EntityRecord(id: id, name: id, kind: id == "ASSOC" ? .institution : .company, status: status))
        }
        try b.addRelation(RelationRecord(source: "BANKC", target: "MID", type: .refers, outcome: .won))  // 0.9
        try b.addRelation(RelationRecord(source: "MID", target: "T", type: .knows))  // 0.6
        try b.addRelation(RelationRecord(source: "BANKC", target: "ASSOC", type: .memberOf))  // 0.3
        try b.addRelation(RelationRecord(source: "T", target: "ASSOC", type: .memberOf))  // 0.3
        let g = b.build()
        let finder = WarmPathFinder(graph: g)
        let result = finder.paths(to: g.index(ofID: "T")!, from: WarmPathFinder.bankSide(of: g), k: 5, maxHops: 4)
        #expect(result.paths.count == 2)
        #expect(result.paths[0].entities.map { g.entities.id($0) } == ["BANKC", "MID", "T"])
        #expect(abs(result.paths[0].strength - 0.54) < 1e-9)
        #expect(abs(result.paths[1].strength - 0.09) < 1e-9)
        // "MID was introduced by BANKC" is walked with the relation, MID knows T too.
        #expect(result.paths[0].hops[0].reversed == false)
        #expect(result.paths[1].hops[1].reversed == true)
    }

    @Test func reportsNearestWhenHopLimitTooShort() throws {
        var b = GraphBuilder()
        let ids = ["C", "A", "B", "D", "T"]
        for id in ids { try b.addEntity(EntityRecord(id: id, name: id, status: id == "C" ? .client : .prospect)) }
        for (s, t) in [("C", "A"), ("A", "B"), ("B", "D"), ("D", "T")] {
            try b.addRelation(RelationRecord(source: s, target: t, type: .knows))
        }
        let g = b.build()
        let finder = WarmPathFinder(graph: g)
        let result = finder.paths(to: g.index(ofID: "T")!, from: WarmPathFinder.bankSide(of: g), k: 3, maxHops: 2)
        #expect(result.paths.isEmpty)
        #expect(result.hopsNeeded == 4)
        #expect(result.nearest.first.map { g.entities.id($0.entity) } == "B")
        #expect(result.nearest.first?.hopsToTarget == 2)
        let wider = finder.paths(to: g.index(ofID: "T")!, from: WarmPathFinder.bankSide(of: g), k: 3, maxHops: 4)
        #expect(wider.paths.count == 1)
        // A start with no relations at all: no path at any length, found without a search.
        var b2 = GraphBuilder()
        for id in ["LONE", "X", "T"] { try b2.addEntity(EntityRecord(id: id, name: id)) }
        try b2.addRelation(RelationRecord(source: "X", target: "T", type: .knows))
        let g2 = b2.build()
        let lone = WarmPathFinder(graph: g2).paths(to: g2.index(ofID: "T")!, from: [g2.index(ofID: "LONE")!], k: 3, maxHops: 4)
        #expect(lone.paths.isEmpty && lone.hopsNeeded == nil && lone.nearest.isEmpty)
    }

    @Test func defaultStrengths() throws {
        #expect(TieStrength.isDecisionRole("CFO"))
        #expect(TieStrength.isDecisionRole("董事长兼总经理"))
        #expect(TieStrength.isDecisionRole("Chairman of the board"))
        #expect(!TieStrength.isDecisionRole("programmer"))
        #expect(!TieStrength.isDecisionRole(""))
        var b = GraphBuilder()
        for id in ["S", "X", "Y"] { try b.addEntity(EntityRecord(id: id, name: id)) }
        try b.addRelation(RelationRecord(source: "S", target: "X", type: .supplies, weight: 8e6))
        try b.addRelation(RelationRecord(source: "S", target: "Y", type: .supplies, weight: 2e6 * 0.5))
        try b.addRelation(RelationRecord(source: "X", target: "Y", type: .owns, weight: 0.6))
        try b.addRelation(RelationRecord(source: "Y", target: "X", type: .owns, strength: 0.25))
        let g = b.build()
        let s = TieStrength.strengths(of: g)
        func strength(_ a: String, _ b: String, _ t: RelationType) -> Double {
            let r = g.outgoing(g.index(ofID: a)!).first { g.relations.target($0) == g.index(ofID: b)! && g.relations.type($0) == t }!
            return s[r]
        }
        #expect(strength("S", "X", .supplies) == 0.85)  // 8/9 of S's sales
        #expect(strength("S", "Y", .supplies) == 0.6)  // 1/9
        #expect(strength("X", "Y", .owns) == 0.9)  // controlling
        #expect(strength("Y", "X", .owns) == 0.25)  // given strength wins
    }
}

/// The hop-bounded searches (two-sided breadth-first bounds, nearest entities found from the
/// known region) against plain searches and a brute-force nearest list, on random sparse graphs
/// big enough for the bounds to cut and with hop limits short enough to leave targets unreached.
@Suite struct WarmPathsHopBoundsTests {
    /// What `nearest` and `hopsNeeded` mean, computed the slow obvious way: breadth-first from the
    /// bank (through neither sources nor the target) and from the target (not past a source).
    static func bruteNearest(_ g: Graph, target: Int, sources: [Int], maxHops: Int, limit: Int = 5) -> (Int?, [NearbyEntity]) {
        let n = g.entityCount
        let isSource = (0..<n).map { sources.contains($0) && $0 != target }
        func bfs(from starts: [Int], expand: (Int) -> Bool, enter: (Int) -> Bool) -> [Int] {
            var d = [Int](repeating: -1, count: n)
            var queue = starts
            for s in starts { d[s] = 0 }
            var head = 0
            while head < queue.count {
                let v = queue[head]
                head += 1
                guard expand(v) else { continue }
                g.forEachNeighbor(of: v) { u, _ in
                    if d[u] < 0 && enter(u) {
                        d[u] = d[v] + 1
                        queue.append(u)
                    }
                }
            }
            return d
        }
        let fromBank = bfs(from: (0..<n).filter { isSource[$0] }, expand: { _ in true }, enter: { $0 != target && !isSource[$0] })
        let toTarget = bfs(from: [target], expand: { !isSource[$0] }, enter: { _ in true })
        let needed = (0..<n).filter { isSource[$0] && toTarget[$0] >= 0 }.map { toTarget[$0] }.min()
        let near = (0..<n).filter { fromBank[$0] >= 1 && fromBank[$0] <= maxHops && toTarget[$0] >= 0 }
            .map { NearbyEntity(entity: $0, hopsFromBank: fromBank[$0], hopsToTarget: toTarget[$0]) }
            .sorted { ($0.hopsToTarget!, $0.hopsFromBank, $0.entity) < ($1.hopsToTarget!, $1.hopsFromBank, $1.entity) }
        return (needed, Array(near.prefix(limit)))
    }

    @Test func boundedSearchesAgreeWithPlainOnes() throws {
        var seeded = SeededGenerator(seed: 20260305)
        var noPathQueries = 0, pathQueries = 0
        for round in 0..<12 {
            let n = Int.random(in: 60...240, using: &seeded)
            var b = GraphBuilder()
            for i in 0..<n {
                try b.addEntity(EntityRecord(id: "N\(i)", name: "N\(i)", status: Int.random(in: 0..<25, using: &seeded) == 0 ? .client : .prospect))
            }
            // Sparse, with a few hubs and some separate pieces.
            let m = Int(Double(n) * Double.random(in: 1.0...2.2, using: &seeded))
            for _ in 0..<m {
                let a = Int.random(in: 0..<n, using: &seeded)
                let c = Int.random(in: 0..<10, using: &seeded) == 0 ? Int.random(in: 0..<4, using: &seeded) : Int.random(in: 0..<n, using: &seeded)
                guard a != c else { continue }
                let type = [RelationType.knows, .supplies, .refers, .memberOf, .owns][Int.random(in: 0..<5, using: &seeded)]
                try b.addRelation(
                    RelationRecord(
                        source: "N\(a)", target: "N\(c)", type: type,
                        strength: [0.3, 0.5, 0.6, 0.9, 1.0][Int.random(in: 0..<5, using: &seeded)]))
            }
            let g = b.build()
            let finder = WarmPathFinder(graph: g)
            for _ in 0..<15 {
                let target = Int.random(in: 0..<n, using: &seeded)
                let sources =
                    round % 3 == 0
                    ? WarmPathFinder.bankSide(of: g)
                    : (0..<Int.random(in: 1...3, using: &seeded)).map { _ in Int.random(in: 0..<n, using: &seeded) }
                let k = [1, 3, 10][Int.random(in: 0..<3, using: &seeded)]
                let maxHops = Int.random(in: 1...6, using: &seeded)
                let plain = finder.paths(to: target, from: sources, k: k, maxHops: maxHops, via: .all, guideUpTo: 0)
                let bounded = finder.paths(to: target, from: sources, k: k, maxHops: maxHops, via: .all, guideUpTo: .max)
                #expect(plain.paths == bounded.paths, "round \(round): target \(target) from \(sources) k \(k) hops \(maxHops)")
                if plain.paths.isEmpty && sources.contains(where: { $0 != target }) {
                    noPathQueries += 1
                    let (needed, nearest) = Self.bruteNearest(g, target: target, sources: sources, maxHops: maxHops)
                    for result in [plain, bounded] {
                        #expect(result.hopsNeeded == needed, "round \(round): target \(target) from \(sources) hops \(maxHops)")
                        #expect(result.nearest == nearest, "round \(round): target \(target) from \(sources) hops \(maxHops)")
                    }
                } else {
                    pathQueries += 1
                }
            }
        }
        #expect(noPathQueries >= 20 && pathQueries >= 20, "\(noPathQueries) without paths, \(pathQueries) with")
    }
}

/// SplitMix64: a seeded generator so the random graphs repeat run to run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
