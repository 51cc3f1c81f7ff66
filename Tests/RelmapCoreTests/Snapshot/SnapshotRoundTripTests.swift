import Foundation
import Testing

@testable import RelmapCore

@Suite struct SnapshotRoundTripTests {
    let always = SnapshotPolicy(minimumRelations: 0)

    @Test func batteryChainAnswersFromTheSnapshotExactlyAsFromTheFiles() throws {
        let folder = try temporaryCopy(of: repositoryGraph("battery-chain"))
        let (first, made) = try GraphLoader.load(folder, snapshot: always)
        #expect(made == .written(path: Snapshot.path(of: folder)))
        #expect(FileManager.default.fileExists(atPath: folder + "/.relmap/graph.snapshot"))
        let (second, used) = try GraphLoader.load(folder, snapshot: always)
        #expect(used == .read(path: Snapshot.path(of: folder)))
        expectSameGraph(first.graph, second.graph)
        #expect(second.encodings == first.encodings)
    }

    @Test func extraColumnsWarningsAndEncodingsSurvive() throws {
        let g = try TempGraph(entities: sampleEntities, relations: sampleRelations)
        let (files, _) = try GraphLoader.load(g.path, snapshot: always)
        let (snapshot, used) = try GraphLoader.load(g.path, snapshot: always)
        guard case .read = used else {
            Issue.record("expected a read, got \(used)")
            return
        }
        expectSameGraph(files.graph, snapshot.graph)
        #expect(!files.graph.entities.extra.isEmpty && !files.graph.relations.extra.isEmpty)
        #expect(snapshot.log.warningCount == files.log.warningCount)
        #expect(snapshot.log.warnings == files.log.warnings)
        #expect(snapshot.encodings == files.encodings)
    }

    @Test func generatedWorldOfTwentyThousand() throws {
        let folder = NSTemporaryDirectory() + "relmap-snapworld-" + UUID().uuidString
        _ = try WorldGenerator(entities: 20_000, seed: 11).write(to: folder)
        let (files, made) = try GraphLoader.load(folder, snapshot: SnapshotPolicy())
        #expect(files.graph.relationCount >= 50_000 ? made == .written(path: Snapshot.path(of: folder)) : made == .notWorthIt)
        let compiled = try Snapshot.compile(folder)
        #expect(compiled.bytes == (try FileManager.default.attributesOfItem(atPath: compiled.path)[.size] as? Int))
        let (snapshot, used) = try GraphLoader.load(folder, snapshot: SnapshotPolicy())
        #expect(used == .read(path: compiled.path))
        expectSameGraph(files.graph, snapshot.graph)
    }

    @Test func jsonFileKeepsItsSnapshotBesideIt() throws {
        let dir = NSTemporaryDirectory() + "relmap-snapjson-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/bank.json"
        try GraphExport.write(try smallChain(), format: .json, to: path)
        let (files, _) = try GraphLoader.load(path, snapshot: always)
        #expect(Snapshot.path(of: path) == dir + "/.relmap/bank.json.snapshot")
        let (snapshot, used) = try GraphLoader.load(path, snapshot: always)
        #expect(used == .read(path: dir + "/.relmap/bank.json.snapshot"))
        expectSameGraph(files.graph, snapshot.graph)
    }

    @Test func cacheFolderHoldsSnapshotsOfSeveralGraphsApart() throws {
        let cache = NSTemporaryDirectory() + "relmap-cache-" + UUID().uuidString
        let a = try TempGraph(entities: sampleEntities, relations: sampleRelations)
        let b = try temporaryCopy(of: repositoryGraph("battery-chain"))
        let policy = SnapshotPolicy(cacheFolder: cache, minimumRelations: 0)
        _ = try GraphLoader.load(a.path, snapshot: policy)
        _ = try GraphLoader.load(b, snapshot: policy)
        #expect(Snapshot.path(of: a.path, cacheFolder: cache) != Snapshot.path(of: b, cacheFolder: cache))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).count == 2)
        #expect(!FileManager.default.fileExists(atPath: b + "/.relmap"))
        let (again, used) = try GraphLoader.load(b, snapshot: policy)
        #expect(used == .read(path: Snapshot.path(of: b, cacheFolder: cache)))
        #expect(again.graph.entityCount == (try GraphLoader.load(b).graph.entityCount))
    }

    @Test func smallGraphsAreNotWorthASnapshotAndInvalidOnesGetNone() throws {
        let g = try TempGraph(entities: sampleEntities, relations: sampleRelations)
        let (_, event) = try GraphLoader.load(g.path, snapshot: SnapshotPolicy())
        #expect(event == .notWorthIt)
        #expect(!FileManager.default.fileExists(atPath: Snapshot.path(of: g.path)))
        let bad = try TempGraph(entities: "id,name\nA,x\nA,y\n", relations: "source,target,type\nA,B,supplies\n")
        #expect(throws: RelmapError.self) { try GraphLoader.load(bad.path, snapshot: always) }
        #expect(!FileManager.default.fileExists(atPath: Snapshot.path(of: bad.path)))
    }

    @Test func unwritableCacheIsReportedAndTheFilesStillAnswer() throws {
        let g = try TempGraph(entities: sampleEntities, relations: sampleRelations)
        // A cache "folder" under a regular file cannot be created, even by root.
        let blocker = g.path + "/not-a-folder"
        try writeBytes([1], blocker)
        let (loaded, event) = try GraphLoader.load(g.path, snapshot: SnapshotPolicy(cacheFolder: blocker + "/cache", minimumRelations: 0))
        guard case .unwritable = event else {
            Issue.record("expected unwritable, got \(event)")
            return
        }
        #expect(loaded.graph.entityCount == 4)
    }
}
