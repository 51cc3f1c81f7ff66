import Foundation
import Testing

@testable import RelmapCore

/// The value-chain projection a snapshot keeps: the same as deriving it, and reused by a merged
/// graph only when the records left the chain as it was.
@Suite struct SnapshotChainTests {
    func expectSameProjection(
        _ a: ValueChainProjection, _ b: ValueChainProjection,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(
            a.nodeCount == b.nodeCount && a.entityOfNode == b.entityOfNode && a.nodeOfEntity == b.nodeOfEntity,
            sourceLocation: sourceLocation)
        #expect(
            a.componentStarts == b.componentStarts && a.offsets == b.offsets && a.targets == b.targets,
            sourceLocation: sourceLocation)
        #expect(a.weights.map(\.bitPattern) == b.weights.map(\.bitPattern), sourceLocation: sourceLocation)
        #expect(a.strengths.map(\.bitPattern) == b.strengths.map(\.bitPattern), sourceLocation: sourceLocation)
        #expect(a.couplings.map(\.bitPattern) == b.couplings.map(\.bitPattern), sourceLocation: sourceLocation)
    }

    @Test func theStoredProjectionIsTheDerivedOne() throws {
        let folder = NSTemporaryDirectory() + "relmap-snapchain-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try WorldGenerator(entities: 5_000, seed: 3).write(to: folder)
        let compiled = try Snapshot.compile(folder)
        let (opened, used) = try GraphLoader.load(folder, snapshot: SnapshotPolicy())
        #expect(used == .read(path: compiled.path))
        let stored = try #require(opened.chain)
        expectSameProjection(stored, ValueChainProjection(opened.graph, threads: 1))
        #expect(stored.edgeCount > 1_000)
        // The ranking from the stored projection is the ranking from a derived one.
        let fromSnapshot = try QueryEngine(graph: opened.graph, source: folder, chain: ChainSource(stored)).next(ExpansionRanking.Query(top: 30))
        let derived = try QueryEngine(graph: opened.graph, source: folder).next(ExpansionRanking.Query(top: 30))
        #expect(fromSnapshot.rows.map(\.id) == derived.rows.map(\.id))
        #expect(fromSnapshot.rows.map(\.score) == derived.rows.map(\.score))
    }

    @Test func aMergeThatLeavesTheChainAloneKeepsTheProjection() throws {
        let graph = try smallChain()
        let base = QueryEngine(graph: graph, source: "test", chain: ChainSource(ValueChainProjection(graph)))
        let e = graph.entities
        let client = try #require(e.indices.first { e.statuses[$0] == .client })
        let prospect = try #require(e.indices.first { e.statuses[$0] == .prospect })
        // A social tie and a won target: the chain is the same graph of trade.
        var facts = WorkspaceFacts()
        let provenance = Provenance(recordID: 1, rm: "RM01", user: "rm01", recordedOn: Day(year: 2026, month: 1, day: 5)!)
        facts.relations.append(.init(source: e.ids[client], target: e.ids[prospect], type: .knows, provenance: provenance))
        let social = graph.merging(facts, revision: 1)
        #expect(ValueChainProjection.sameProjection(graph, social.graph))
        #expect(QueryEngine(merged: social, source: "test", decay: nil, earlier: base).givenChain != nil)
        // A recorded supply changes the chain: the projection is made again.
        facts.relations.append(.init(source: e.ids[prospect], target: e.ids[client], type: .supplies, weight: 3, provenance: provenance))
        let trade = graph.merging(facts, revision: 2)
        #expect(!ValueChainProjection.sameProjection(graph, trade.graph))
        #expect(QueryEngine(merged: trade, source: "test", decay: nil, earlier: base).givenChain == nil)
        // Without a projection to reuse there is nothing to keep.
        #expect(QueryEngine(merged: social, source: "test", decay: nil, earlier: QueryEngine(graph: graph, source: "test")).givenChain == nil)
    }

    @Test func aSnapshotReplacedAfterTheOpenIsNotReadForTheProjection() throws {
        let folder = NSTemporaryDirectory() + "relmap-snapchain-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try WorldGenerator(entities: 3_000, seed: 4).write(to: folder)
        _ = try Snapshot.compile(folder)
        let (opened, used) = try GraphLoader.load(folder, snapshot: SnapshotPolicy())
        guard case .read = used else {
            Issue.record("expected the snapshot, got \(used)")
            return
        }
        // Before anything ranks, another process changes the trade and rebuilds the snapshot.
        let relations = URL(fileURLWithPath: folder + "/relations.csv")
        var text = try String(contentsOf: relations, encoding: .utf8)
        text += "E0000001,E0000002,supplies,123456,,,,\n"
        try Data(text.utf8).write(to: relations)
        _ = try Snapshot.compile(folder)
        #expect(opened.chainSource?.projection == nil)
        // The ranking then derives the projection of the graph it holds, not the new file's.
        let engine = QueryEngine(graph: opened.graph, source: folder, chain: opened.chainSource)
        let derived = ValueChainProjection(opened.graph, threads: 1)
        #expect(try engine.rankingContext().chain.targets == derived.targets)
        #expect(try engine.rankingContext().chain.weights == derived.weights)
    }
}

/// The tie strengths a snapshot keeps (section 90): the derived ones, and the same warm paths
/// and access, aged or not, as a finder that derives them.
@Suite struct SnapshotTieStrengthTests {
    @Test func theStoredStrengthsAreTheDerivedOnesAndGiveTheSamePaths() throws {
        let folder = NSTemporaryDirectory() + "relmap-snapties-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try WorldGenerator(entities: 4_000, seed: 5).write(to: folder)
        _ = try Snapshot.compile(folder)
        let (opened, used) = try GraphLoader.load(folder, snapshot: SnapshotPolicy())
        guard case .read = used else {
            Issue.record("expected the snapshot, got \(used)")
            return
        }
        let g = opened.graph
        let stored = try #require(opened.tieStrengths?.value)
        #expect(stored.map(\.bitPattern) == TieStrength.strengths(of: g).map(\.bitPattern))
        // Aged a year on: the knows and refers ties have cooled, the rest keep their strength.
        let aging = TieAging(decay: TieDecay(asOf: Day(year: 2027, month: 6, day: 1)!), graph: g)
        let sources = WarmPathFinder.bankSide(of: g)
        let e = g.entities
        let targets = e.indices.filter { e.statuses[$0] == .prospect }.prefix(12)
        #expect(targets.count == 12)
        for a in [nil, aging] {
            let given = WarmPathFinder(graph: g, aging: a, strengths: stored)
            let derived = WarmPathFinder(graph: g, aging: a)
            for t in targets {
                let x = given.paths(to: t, from: sources), y = derived.paths(to: t, from: sources)
                #expect(x.paths == y.paths && x.hopsNeeded == y.hopsNeeded && x.nearest == y.nearest)
            }
            let access = IntroductionAccess(g, aging: a, strengths: stored)
            #expect(access.strength.map(\.bitPattern) == IntroductionAccess(g, aging: a).strength.map(\.bitPattern))
        }
        // With aging, a hop's strength is its base strength times its tie's decay.
        let finder = WarmPathFinder(graph: g, aging: aging, strengths: stored)
        let aged = TieStrength.strengths(of: g, aging: aging)
        #expect((0..<g.relationCount).allSatisfy { finder.strength($0) == aged[$0] })
    }
}
