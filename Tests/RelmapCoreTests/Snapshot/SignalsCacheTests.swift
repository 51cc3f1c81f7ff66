import Foundation
import Testing

@testable import RelmapCore

/// Signals kept beside a snapshot: read back only for the same graph and parameters, and the
/// answer is the same as computing them.
@Suite(.serialized) struct SignalsCacheTests {
    /// A compiled 5,000-entity world in a folder of its own.
    func compiledWorld(seed: UInt64 = 5) throws -> String {
        let folder = NSTemporaryDirectory() + "relmap-signals-" + UUID().uuidString
        _ = try WorldGenerator(entities: 5_000, seed: seed).write(to: folder)
        _ = try Snapshot.compile(folder)
        return folder
    }

    func engine(_ folder: String, decay: TieDecay? = nil) throws -> QueryEngine {
        let (loaded, event) = try GraphLoader.load(folder, snapshot: SnapshotPolicy())
        guard case .read = event else { throw RelmapError.unanswerable("expected the snapshot, got \(event)") }
        return QueryEngine(
            graph: loaded.graph, source: folder, aging: decay.map { TieAging(decay: $0, graph: loaded.graph) },
            chain: loaded.chainSource, signalsCache: loaded.signalsCache)
    }

    func readFromCache(_ answer: RankingAnswer) -> Bool { answer.timings.keys.contains { $0.contains("read from") } }

    func expectSameRows(_ a: RankingAnswer, _ b: RankingAnswer, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.rows.map(\.id) == b.rows.map(\.id), sourceLocation: sourceLocation)
        #expect(a.rows.map(\.score) == b.rows.map(\.score), sourceLocation: sourceLocation)
        #expect(a.rows.map(\.bridgeError) == b.rows.map(\.bridgeError), sourceLocation: sourceLocation)
        #expect(a.rows.map(\.signals.access) == b.rows.map(\.signals.access), sourceLocation: sourceLocation)
        #expect(a.notes == b.notes, sourceLocation: sourceLocation)
    }

    @Test func theWholeBankRankingIsKeptAndReadBackUnchanged() throws {
        let folder = try compiledWorld()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var query = ExpansionRanking.Query(top: 50)
        query.bridgeBudget = 0  // sampled, so the note and the error bounds travel too
        query.bridgeSamples = 2_000
        let first = try engine(folder).next(query)
        #expect(!readFromCache(first))
        let cache = try #require(try engine(folder).signalsCache)
        #expect(FileManager.default.fileExists(atPath: cache.wholeBankPath))
        #expect(FileManager.default.fileExists(atPath: cache.accessPath))
        let second = try engine(folder).next(query)
        #expect(readFromCache(second))
        expectSameRows(first, second)
        #expect(second.rows.allSatisfy { $0.bridgeError != nil })
        // Other parameters are another question: computed, not read.
        query.bridgeSamples = 1_000
        let other = try engine(folder).next(query)
        #expect(!readFromCache(other))
        // One RM's book is never answered from the whole-bank file.
        let rm = try #require(try engine(folder).clientsByRM().keys.sorted().first)
        query.seeds = .rm(rm)
        #expect(!readFromCache(try engine(folder).next(query)))
    }

    @Test func accessIsKeptPerDayOfAging() throws {
        let folder = try compiledWorld()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let day = Day(year: 2026, month: 3, day: 1)!
        let fresh = try QueryEngine.load(folder).engine
        let expected = try IntroductionAccess(fresh.graph, aging: TieAging(decay: TieDecay(asOf: day), graph: fresh.graph)).strength
        _ = try engine(folder, decay: TieDecay(asOf: day)).rankingContext()
        let cache = try #require(try engine(folder).signalsCache)
        #expect(cache.access(decay: TieDecay(asOf: day), graph: fresh.graph)?.strength == expected)
        // Another day ages the ties further: that file is not for it.
        let later = Day(year: 2026, month: 9, day: 1)!
        #expect(cache.access(decay: TieDecay(asOf: later), graph: fresh.graph) == nil)
        #expect(cache.access(decay: nil, graph: fresh.graph) == nil)
        let laterAccess = try engine(folder, decay: TieDecay(asOf: later)).rankingContext().access.strength
        #expect(laterAccess == IntroductionAccess(fresh.graph, aging: TieAging(decay: TieDecay(asOf: later), graph: fresh.graph)).strength)
        #expect(laterAccess != expected)
        #expect(cache.access(decay: TieDecay(asOf: later), graph: fresh.graph) != nil)
    }

    @Test func aDamagedOrForeignSignalsFileIsNeverUsed() throws {
        let folder = try compiledWorld(), other = try compiledWorld(seed: 6)
        defer { for f in [folder, other] { try? FileManager.default.removeItem(atPath: f) } }
        let query = ExpansionRanking.Query(top: 40)
        let truth = try engine(folder).next(query)
        let cache = try #require(try engine(folder).signalsCache)
        #expect(readFromCache(try engine(folder).next(query)))
        // A flipped byte in the middle of the ppr section.
        var bytes = try #require(FileManager.default.contents(atPath: cache.wholeBankPath))
        bytes[bytes.count / 3] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: cache.wholeBankPath))
        let afterDamage = try engine(folder).next(query)
        #expect(!readFromCache(afterDamage))
        expectSameRows(truth, afterDamage)
        // Another graph's file under this graph's name.
        _ = try engine(other).next(query)
        #expect(readFromCache(try engine(other).next(query)))
        let foreign = try #require(try engine(other).signalsCache)
        try FileManager.default.removeItem(atPath: cache.wholeBankPath)
        try FileManager.default.copyItem(atPath: foreign.wholeBankPath, toPath: cache.wholeBankPath)
        let afterForeign = try engine(folder).next(query)
        #expect(!readFromCache(afterForeign))
        expectSameRows(truth, afterForeign)
    }

    @Test func aMergedGraphNeverUsesTheBaseFilesSignals() throws {
        let folder = try compiledWorld()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let base = try engine(folder)
        _ = try base.next(ExpansionRanking.Query(top: 10))
        let merged = QueryEngine(merged: base.graph.merging(WorkspaceFacts(), revision: 1), source: folder, decay: nil, earlier: base)
        #expect(merged.signalsCache == nil)
        #expect(!readFromCache(try merged.next(ExpansionRanking.Query(top: 10))))
    }
}
