import Foundation
import Testing

@testable import RelmapCore

@Suite struct OwnershipLayerTests {
    @Test func theGeneratedRegisterIsConsistentAndHasDepthAndCrossHoldings() throws {
        let dir = NSTemporaryDirectory() + "relmap-own-" + UUID().uuidString
        _ = try WorldGenerator(entities: 20_000, seed: 3).write(to: dir)
        let g = try GraphLoader.load(dir).graph
        let net = OwnershipNetwork(graph: g)
        // Consistent by construction: no oversubscription, no closed cycle, no loop of control.
        #expect(net.issues.isEmpty, "\(net.issues.prefix(3))")
        let control = ControlStructure(net)
        #expect(control.issues.isEmpty)
        // Groups under persons, chains up to 6 deep below the holding company, relative control.
        let groups = OwnershipGroups(net, control: control)
        #expect(groups.groups.count > 50)
        #expect(groups.groups.contains { g.entities.kind($0.controller) == .person })
        let deepest = (0..<g.entityCount).map { control.chain(of: $0).count - 1 }.max() ?? 0
        #expect(deepest >= 5 && deepest <= 8, "deepest control chain \(deepest)")
        #expect(control.kind.contains(.relative))
        // Some cross-holdings, each with an outside holder, solved to a finite share.
        let crossed = (0..<g.entityCount).filter { net.inCycle[$0] }
        #expect(!crossed.isEmpty)
        let solution = IntegratedOwnership.solve(net, from: crossed[0], .owners)
        #expect(solution.converged && solution.selfShare > 0 && solution.selfShare < 1)
    }
}
