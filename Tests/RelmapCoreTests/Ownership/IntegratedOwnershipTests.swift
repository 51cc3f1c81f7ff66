import Foundation
import Testing

@testable import RelmapCore

/// A fixture written by Scripts/ownership_reference.py: a small world and numpy's dense answer.
struct OwnershipFixture: Decodable {
    struct Entity: Decodable {
        var id: String
        var kind: String
    }
    var name: String
    var entities: [Entity]
    var owns: [[OwnsCell]]
    var U: [String: [String: Double]]
    var diagonal: [String: Double]
    var controller: [String: [String]]
    var ultimate: [String: String]

    enum OwnsCell: Decodable {
        case id(String), share(Double)
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) { self = .id(s) } else { self = .share(try c.decode(Double.self)) }
        }
        var id: String { if case .id(let s) = self { s } else { "" } }
        var share: Double { if case .share(let x) = self { x } else { .nan } }
    }

    static let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("ownership")

    static func all() throws -> [OwnershipFixture] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        return try files.map { try JSONDecoder().decode(OwnershipFixture.self, from: Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }
            .map { String($0.dropLast(5)) }.sorted()
    }

    static func named(_ name: String) throws -> OwnershipFixture {
        try JSONDecoder().decode(OwnershipFixture.self, from: Data(contentsOf: folder.appendingPathComponent(name + ".json")))
    }

    func graph() throws -> Graph {
        var b = GraphBuilder()
        for e in entities { try b.addEntity(EntityRecord(id: e.id, name: "name " + e.id, kind: e.kind == "person" ? .person : .company)) }
        for o in owns { try b.addRelation(RelationRecord(source: o[0].id, target: o[1].id, type: .owns, weight: o[2].share)) }
        return b.build()
    }
}

@Suite struct IntegratedOwnershipTests {
    @Test(arguments: OwnershipFixture.names)
    func columnsAndRowsMatchNumpy(_ name: String) throws {
        let f = try OwnershipFixture.named(name)
        let g = try f.graph()
        let net = OwnershipNetwork(graph: g)
        #expect(net.issues.isEmpty, "\(name): \(net.issues)")
        var checked = 0
        for e in f.entities {
            let v = g.index(ofID: e.id)!
            // Column: who owns v.
            let owners = IntegratedOwnership.solve(net, from: v, .owners)
            #expect(owners.converged)
            var expected: [String: Double] = [:]
            for (a, row) in f.U { if let x = row[e.id] { expected[a] = x } }
            let got = Dictionary(uniqueKeysWithValues: owners.shares.map { (g.entities.id($0.key), $0.value) })
            #expect(Set(got.keys) == Set(expected.keys), "\(name) owners of \(e.id)")
            for (a, x) in expected { #expect(abs((got[a] ?? -1) - x) <= 1e-9, "\(name): U[\(a)][\(e.id)] \(got[a] ?? -1) vs \(x)") }
            #expect(abs(owners.selfShare - (f.diagonal[e.id] ?? 0)) <= 1e-9, "\(name): diagonal of \(e.id)")
            // Row: what v owns.
            let holdings = IntegratedOwnership.solve(net, from: v, .holdings)
            let row = f.U[e.id] ?? [:]
            let gotRow = Dictionary(uniqueKeysWithValues: holdings.shares.map { (g.entities.id($0.key), $0.value) })
            #expect(Set(gotRow.keys) == Set(row.keys), "\(name) holdings of \(e.id)")
            for (b, x) in row { #expect(abs((gotRow[b] ?? -1) - x) <= 1e-9, "\(name): U[\(e.id)][\(b)]") }
            #expect(abs(holdings.selfShare - (f.diagonal[e.id] ?? 0)) <= 1e-9)
            checked += expected.count + row.count
        }
        #expect(checked > 0)
    }

    @Test(arguments: OwnershipFixture.names)
    func controlMatchesTheReference(_ name: String) throws {
        let f = try OwnershipFixture.named(name)
        let g = try f.graph()
        let net = OwnershipNetwork(graph: g)
        let control = ControlStructure(net)
        for e in f.entities {
            let v = g.index(ofID: e.id)!
            let c = control.controller[v]
            if let want = f.controller[e.id] {
                #expect(c >= 0 && g.entities.id(Int(c)) == want[0], "\(name): controller of \(e.id)")
                #expect(control.kind[v].name == want[1], "\(name): control kind of \(e.id)")
            } else {
                #expect(c == -1, "\(name): \(e.id) should have no controller")
            }
            #expect(control.ultimateController(of: v).map { g.entities.id($0) } == f.ultimate[e.id], "\(name): ultimate of \(e.id)")
            // The chain from the holders alone agrees with the whole-graph structure.
            let (links, loops) = ControlStructure.chain(net, of: v)
            if !loops, let last = links.last { #expect(Int(control.ultimate[v]) == last.controller) }
        }
    }

    @Test func chainsExplainAnAcyclicShareExactly() throws {
        let g = try OwnershipFixture.named("diamond").graph()
        let net = OwnershipNetwork(graph: g)
        let d = g.index(ofID: "D")!, a = g.index(ofID: "A")!
        let solution = IntegratedOwnership.solve(net, from: d, .owners)
        let chains = IntegratedOwnership.chains(net, from: d, .owners, floor: 0)
        // A -> D directly (0.1), through B (0.6 x 0.3) and through C (0.4 x 0.45).
        let viaA = chains[a]!
        #expect(viaA.count == 3)
        #expect(abs(viaA.reduce(0) { $0 + $1.share } - solution.shares[a]!) < 1e-12)
        #expect(viaA[0].entities.map { g.entities.id($0) } == ["A", "C", "D"])
        #expect(viaA.allSatisfy { $0.entities.first == a && $0.entities.last == d })
    }

    @Test func aThinControlChainHasASmallCashFlowShare() throws {
        let g = try OwnershipFixture.named("thin").graph()
        let net = OwnershipNetwork(graph: g)
        let c = g.index(ofID: "C")!, p = g.index(ofID: "P")!, r = g.index(ofID: "R")!
        let owners = IntegratedOwnership.solve(net, from: c, .owners)
        #expect(abs(owners.shares[p]! - 0.51 * 0.51 * 0.51) < 1e-12)
        #expect(owners.shares[r]! > owners.shares[p]!)
        // P controls C through A and B although R has the larger cash-flow share.
        #expect(ControlStructure(net).ultimateController(of: c) == p)
        let ubos = BeneficialOwners.find(net, owners: owners, ultimate: p)
        #expect(ubos.map(\.entity) == [r, p])
        #expect(ubos[1].byControl && !ubos[1].byShare)
        #expect(ubos[0].byShare && !ubos[0].byControl)
    }
}
