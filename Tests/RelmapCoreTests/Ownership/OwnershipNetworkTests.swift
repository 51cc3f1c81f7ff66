import Foundation
import Testing

@testable import RelmapCore

@Suite struct OwnershipNetworkTests {
    /// A graph of companies (persons when the id starts with P) and owns relations.
    func graph(_ owns: [(String, String, Double?)], extra: [String] = []) throws -> Graph {
        var b = GraphBuilder()
        var ids: [String] = []
        for (a, c, _) in owns { for x in [a, c] where !ids.contains(x) { ids.append(x) } }
        for x in extra where !ids.contains(x) { ids.append(x) }
        for x in ids { try b.addEntity(EntityRecord(id: x, name: "name " + x, kind: x.hasPrefix("P") ? .person : .company)) }
        for (a, c, w) in owns { try b.addRelation(RelationRecord(source: a, target: c, type: .owns, weight: w)) }
        return b.build()
    }

    @Test func sharesThatCannotBeSharesAreLeftOutAndNamed() throws {
        let g = try graph([("A", "B", nil), ("A", "C", 0), ("A", "D", 1.5), ("E", "E", 0.1), ("A", "F", 0.4)])
        let net = OwnershipNetwork(graph: g)
        #expect(Set(net.issues.map(\.kind)) == [.missingShare, .zeroShare, .shareAboveOne, .selfHolding])
        #expect(net.holdingCount == 1)
        #expect(net.selfHeld[g.index(ofID: "E")!] == 0.1)
        let above = net.issues.first { $0.kind == .shareAboveOne }!
        #expect(above.severity == .error)
        let text = above.diagnostic(g, file: "relations.csv", lines: [above.relations[0]: 4]).description
        #expect(text.hasPrefix("relations.csv:4: weight: equity share above 100%"), "\(text)")
        #expect(text.contains("A owns D 150.00%"))
    }

    @Test func oversubscribedOwnersAreScaledForSharesAndEveryLineIsNamed() throws {
        let g = try graph([("X", "B", 0.7), ("Y", "B", 0.5), ("B", "C", 1.0)])
        let net = OwnershipNetwork(graph: g)
        #expect(net.issues.count == 1)
        let issue = net.issues[0]
        #expect(issue.kind == .oversubscribed && issue.severity == .warning)
        #expect(issue.relations.count == 2)
        #expect(abs(issue.value! - 1.2) < 1e-12)
        let x = g.index(ofID: "X")!, c = g.index(ofID: "C")!
        let owners = IntegratedOwnership.solve(net, from: c, .owners)
        #expect(abs(owners.shares[x]! - 0.7 / 1.2) < 1e-12)
        // Control reads the shares as given: X holds 70 % of B.
        #expect(ControlStructure(net).ultimateController(of: c) == x)
        let lines = [issue.relations[0]: 2, issue.relations[1]: 3]
        let text = issue.diagnostic(g, file: "r.csv", lines: lines, .zh).description
        #expect(text.contains("第 2 行") && text.contains("第 3 行") && text.contains("120.00%"), "\(text)")
    }

    @Test func aCycleWithNoOutsideHolderIsAnErrorAndEndsAtOnce() throws {
        // A and B own each other entirely; C hangs below. (I - W) is singular on {A, B}.
        let g = try graph([("A", "B", 1.0), ("B", "A", 1.0), ("B", "C", 0.6), ("P", "C", 0.4)])
        let net = OwnershipNetwork(graph: g)
        let closed = net.issues.filter { $0.kind == .closedCycle }
        #expect(closed.count == 1 && closed[0].severity == .error)
        #expect(Set(closed[0].entities.map { g.entities.id($0) }) == ["A", "B"])
        #expect(closed[0].relations.count == 2)
        let c = g.index(ofID: "C")!
        let owners = IntegratedOwnership.solve(net, from: c, .owners)
        #expect(owners.converged)
        #expect(abs(owners.shares[g.index(ofID: "B")!]! - 0.6) < 1e-12)
        // Control loops round A and B: nobody at the top.
        let control = ControlStructure(net)
        #expect(control.issues.map(\.kind) == [.controlCycle])
        #expect(control.ultimateController(of: c) == nil)
        #expect(ControlStructure.chain(net, of: c).loops)
    }

    @Test func aNearlyClosedCycleConvergesWithinTheBound() throws {
        // Each holds 99.9 % of the other; an outside holder has 0.1 % of each.
        let g = try graph([("A", "B", 0.999), ("B", "A", 0.999), ("P", "A", 0.001), ("P", "B", 0.001)])
        let net = OwnershipNetwork(graph: g)
        #expect(net.issues.isEmpty)
        let a = g.index(ofID: "A")!, b = g.index(ofID: "B")!, p = g.index(ofID: "P")!
        let owners = IntegratedOwnership.solve(net, from: a, .owners)
        #expect(owners.converged)
        // Closed form for the 2-cycle: U[B][A] = w / (1 - w²), U[A][A] = w² / (1 - w²).
        let w = 0.999
        #expect(abs(owners.shares[b]! - w / (1 - w * w)) < 1e-9)
        #expect(abs(owners.selfShare - w * w / (1 - w * w)) < 1e-9)
        #expect(abs(owners.shares[p]! - (0.001 + 0.001 * w) / (1 - w * w)) < 1e-9)
    }

    @Test func groupsCollectMembersClientsAndValue() throws {
        var b = GraphBuilder()
        try b.addEntity(EntityRecord(id: "P", name: "张三", kind: .person))
        try b.addEntity(EntityRecord(id: "H", name: "控股", status: .client, rm: "RM1", value: 100))
        try b.addEntity(EntityRecord(id: "S1", name: "子一", status: .client, rm: "RM2", value: 50))
        try b.addEntity(EntityRecord(id: "S2", name: "子二", status: .otherBank))
        try b.addEntity(EntityRecord(id: "S3", name: "孙", status: .prospect))
        try b.addEntity(EntityRecord(id: "O", name: "外", status: .client))
        for (s, t, w) in [("P", "H", 0.8), ("H", "S1", 0.6), ("H", "S2", 0.35), ("O", "S2", 0.2), ("S1", "S3", 1.0), ("O", "H", 0.2)] {
            try b.addRelation(RelationRecord(source: s, target: t, type: .owns, weight: w))
        }
        let g = b.build()
        let net = OwnershipNetwork(graph: g)
        let control = ControlStructure(net)
        let groups = OwnershipGroups(net, control: control)
        #expect(groups.groups.count == 1)
        let group = groups.groups[0]
        #expect(g.entities.id(group.controller) == "P")
        #expect(Set(group.members.map { g.entities.id($0) }) == ["H", "S1", "S2", "S3"])
        #expect(Set(group.clients.map { g.entities.id($0) }) == ["H", "S1"])
        #expect(group.value == 150)
        #expect(Set(group.uncovered.map { g.entities.id($0) }) == ["S2", "S3"])
        let answer = OwnershipQuery.groups(groups, g, rm: "RM2")
        #expect(answer.groups.first?.clientRMs == ["H": "RM1", "S1": "RM2"])
        #expect(OwnershipQuery.groups(groups, g, rm: "RM9").groups.isEmpty)
        // Holdings of H: it controls S1, S2 (relatively) and S3 through S1.
        let holdings = OwnershipQuery.holdings(net, of: g.index(ofID: "H")!)
        #expect(holdings.controls == ["S1", "S2", "S3"])
        #expect(abs(holdings.holdings.first { $0.id == "S3" }!.share - 0.6) < 1e-12)
        // Owners of S3: P controls it; P holds 0.8 x 0.6 = 48 % and is its beneficial owner.
        let owners = OwnershipQuery.owners(net, of: g.index(ofID: "S3")!)
        #expect(owners.controller == "P")
        #expect(owners.controlChain.map(\.controller) == ["S1", "H", "P"])
        #expect(owners.ubos.map(\.id) == ["P"])
        #expect(abs(owners.ubos[0].share - 0.48) < 1e-12)
        #expect(owners.ubos[0].paths == [["P", "H", "S1", "S3"]])
        let json = String(decoding: try JSONEncoder().encode(answer), as: UTF8.self)
        #expect(json.hasPrefix("[{"))
    }
}
