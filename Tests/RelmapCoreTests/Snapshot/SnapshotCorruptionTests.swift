import Foundation
import Testing

@testable import RelmapCore

/// Damaged, truncated, hostile, stale and foreign snapshots are refused before use, and the
/// loader answers from the files (and writes a good snapshot again).
@Suite struct SnapshotCorruptionTests {
    let always = SnapshotPolicy(minimumRelations: 0)

    /// A graph folder with a fresh snapshot; returns the folder, the snapshot path, its bytes and
    /// the graph as loaded from the files.
    func prepared() throws -> (folder: String, snapshot: String, bytes: [UInt8], graph: Graph) {
        let g = try TempGraph(entities: sampleEntities, relations: sampleRelations)
        let (loaded, _) = try GraphLoader.load(g.path, snapshot: always)
        let path = Snapshot.path(of: g.path)
        return (g.path, path, try readBytes(path), loaded.graph)
    }

    /// The damaged file is refused by the reader, and the loader rebuilds from the files.
    func expectRefusedAndRebuilt(
        _ damaged: [UInt8], _ p: (folder: String, snapshot: String, bytes: [UInt8], graph: Graph),
        _ what: String, structural: Bool = false, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try writeBytes(damaged, p.snapshot)
        do {
            _ = try Snapshot.read(p.snapshot, graph: p.folder)
            Issue.record("\(what): the damaged snapshot was used", sourceLocation: sourceLocation)
        } catch let problem as SnapshotProblem {
            #expect(!problem.message(.en).isEmpty && !problem.message(.zh).isEmpty, sourceLocation: sourceLocation)
            if structural, case .malformed = problem {
            } else if structural {
                Issue.record("\(what): expected a structural refusal, got \(problem)", sourceLocation: sourceLocation)
            }
        }
        let (loaded, event) = try GraphLoader.load(p.folder, snapshot: always)
        guard case .rebuilt = event else {
            Issue.record("\(what): expected a rebuild, got \(event)", sourceLocation: sourceLocation)
            return
        }
        expectSameGraph(p.graph, loaded.graph, sourceLocation: sourceLocation)
        #expect(try readBytes(p.snapshot) == p.bytes, "\(what): the rebuilt snapshot differs", sourceLocation: sourceLocation)
    }

    @Test func aFlippedByteInAnySectionOrTheHeaderIsCaught() throws {
        let p = try prepared()
        let sections = SnapshotSections(p.bytes)
        var positions = [0, 9, 13, 17, 25, 33, sections.entries.last!.entryAt + 20]
        // The projection's and the tie strengths' sections are read and checked when a question
        // needs them (below).
        let lazy = sections.entries.filter { $0.tag >= 80 && $0.tag < 100 }
        let projection = lazy.filter { $0.tag < SnapshotLayout.Tag.tieStrengths.rawValue }
        for s in sections.entries where s.length > 0 && !lazy.contains(where: { $0.tag == s.tag }) {
            positions += [s.offset, s.offset + s.length / 2, s.offset + s.length - 1]
        }
        for at in positions {
            var damaged = p.bytes
            damaged[at] ^= 0x5A
            try expectRefusedAndRebuilt(damaged, p, "byte \(at)")
        }
        #expect(projection.count == 8)
        for s in projection where s.length > 0 {
            for at in [s.offset, s.offset + s.length - 1] {
                var damaged = p.bytes
                damaged[at] ^= 0x5A
                try expectProjectionRefusedAndRebuilt(damaged, p, "projection byte \(at)")
            }
        }
        let strengths = try #require(lazy.first { $0.tag == SnapshotLayout.Tag.tieStrengths.rawValue })
        for at in [strengths.offset, strengths.offset + strengths.length / 2, strengths.offset + strengths.length - 1] {
            var damaged = p.bytes
            damaged[at] ^= 0x5A
            try expectProjectionRefusedAndRebuilt(damaged, p, "tie strength byte \(at)", part: { $0.tieStrengths?.value != nil })
        }
    }

    /// A damaged part read on first use (the projection, the tie strengths) passes the open (it is
    /// not read yet), is refused when a question reads it, is never used, and its snapshot is
    /// removed so that the next load writes a good one.
    func expectProjectionRefusedAndRebuilt(
        _ damaged: [UInt8], _ p: (folder: String, snapshot: String, bytes: [UInt8], graph: Graph),
        _ what: String, part: (LoadedGraph) -> Bool = { $0.chainSource?.projection != nil },
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try writeBytes(damaged, p.snapshot)
        let opened = try Snapshot.read(p.snapshot, graph: p.folder)
        expectSameGraph(p.graph, opened.graph, sourceLocation: sourceLocation)
        #expect(!part(opened), "\(what): the damaged part was used", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: p.snapshot), "\(what): the snapshot was kept", sourceLocation: sourceLocation)
        let (_, event) = try GraphLoader.load(p.folder, snapshot: always)
        #expect(event == .written(path: p.snapshot), "\(what): \(event)", sourceLocation: sourceLocation)
        #expect(try readBytes(p.snapshot) == p.bytes, "\(what): the rewritten snapshot differs", sourceLocation: sourceLocation)
    }

    @Test func truncatedAtEverySectionBoundaryAndRandomPoints() throws {
        let p = try prepared()
        var cuts = Set([0, 7, 31, 32, p.bytes.count - 1])
        for s in SnapshotSections(p.bytes).entries {
            cuts.insert(s.offset)
            cuts.insert(s.offset + s.length)
        }
        var random = SplitMix64(seed: 57)  // seeded: a failure can be replayed
        for _ in 0..<8 { cuts.insert(Int.random(in: 0..<p.bytes.count, using: &random)) }
        cuts.remove(p.bytes.count)
        for cut in cuts.sorted() {
            try expectRefusedAndRebuilt(Array(p.bytes[0..<cut]), p, "cut at \(cut)")
        }
        // Padding is as wrong as truncation.
        try expectRefusedAndRebuilt(p.bytes + [0, 0, 0, 0], p, "padded")
    }

    /// `bytes` with `values` written into section `tag` at `index`, and every checksum recomputed:
    /// a file that is hostile rather than damaged.
    func patched(_ bytes: [UInt8], _ tag: SnapshotLayout.Tag, at index: Int, _ values: [UInt8]) -> [UInt8] {
        let at = SnapshotSections(bytes).entries.first { $0.tag == tag.rawValue }!.offset + index
        var b = bytes
        for (i, v) in values.enumerated() { b[at + i] = v }
        return SnapshotSections.resealed(b)
    }

    /// Files whose checksums were recomputed after the change: only the structural checks stand
    /// between them and an out-of-bounds read.
    @Test func hostileSectionsWithValidChecksumsAreRefused() throws {
        let p = try prepared()
        let patched = { (tag: SnapshotLayout.Tag, index: Int, values: [UInt8]) in self.patched(p.bytes, tag, at: index, values) }
        let cases: [(String, [UInt8])] = [
            ("relation source past the entities", patched(.sources, 0, [0xFF, 0xFF, 0, 0])),
            ("relation target past the entities", patched(.targets, 4, [200, 0, 0, 0])),
            ("out offsets not monotone", patched(.outOffsets, 4, [0xFF, 0xFF, 0xFF, 0x0F])),
            ("in offsets not starting at 0", patched(.inOffsets, 0, [1, 0, 0, 0])),
            ("in relation past the relations", patched(.inRelations, 0, [99, 0, 0, 0])),
            ("id offsets past the pool", patched(.idOffsets, 8, [0xFF, 0xFF, 0, 0])),
            ("kind past the vocabulary", patched(.kinds, 0, [7])),
            ("relation type past the vocabulary", patched(.types, 1, [0xEE])),
            ("outcome past the vocabulary", patched(.outcomes, 0, [4])),
            ("industry code past the dictionary", patched(.industryCodes, 0, [77, 0, 0, 0])),
            ("tier past 4", patched(.tiers, 0, [9])),
            (
                "id slot row past the entities",
                { () -> [UInt8] in
                    // Find an occupied slot (row != UInt32.max) and point it past the table.
                    var b = p.bytes
                    let start = SnapshotSections(p.bytes).entries.first { $0.tag == SnapshotLayout.Tag.idSlots.rawValue }!.offset
                    var at = start
                    while b[at + 8..<at + 12].allSatisfy({ $0 == 0xFF }) { at += 16 }
                    b[at + 8] = 0xF0
                    b[at + 9] = 0xFF
                    b[at + 10] = 0xFF
                    b[at + 11] = 0x7F
                    return SnapshotSections.resealed(b)
                }()
            )
        ]
        for (what, bytes) in cases { try expectRefusedAndRebuilt(bytes, p, what, structural: true) }
    }

    /// The projection and the tie strengths are copied only when a question reads them: a hostile
    /// one (valid checksums, invalid structure) passes the open, is refused when read, is never used, and its snapshot
    /// is removed so that the next load writes a good one.
    @Test func aHostileProjectionIsRefusedWhenReadAndItsSnapshotRebuilt() throws {
        let p = try prepared()
        let patched = { (tag: SnapshotLayout.Tag, index: Int, values: [UInt8]) in self.patched(p.bytes, tag, at: index, values) }
        let cases: [(String, [UInt8])] = [
            ("chain neighbour past the nodes", patched(.chainTargets, 0, [0xFF, 0xFF, 0, 0])),
            ("chain node of entity not the inverse", patched(.chainNodeOfEntity, 0, [3, 0, 0, 0])),
            ("chain row offsets not monotone", patched(.chainOffsets, 4, [0xFF, 0xFF, 0xFF, 0x0F])),
            ("chain component ranges not starting at 0", patched(.chainComponentStarts, 0, [1, 0, 0, 0])),
            ("chain volume not a number", patched(.chainWeights, 0, [0, 0, 0, 0, 0, 0, 0xF8, 0x7F])),
            ("chain coupling negative", patched(.chainCouplings, 0, [0, 0, 0, 0, 0, 0, 0xF0, 0xBF]))
        ]
        for (what, bytes) in cases { try expectProjectionRefusedAndRebuilt(bytes, p, what) }
        // A tie strength outside (0, 1] would make a negative or undefined cost for the paths.
        let strengths: [(String, [UInt8])] = [
            ("tie strength above 1", patched(.tieStrengths, 0, [0, 0, 0, 0, 0, 0, 0, 0x40])),
            ("tie strength 0", patched(.tieStrengths, 8, [0, 0, 0, 0, 0, 0, 0, 0])),
            ("tie strength not a number", patched(.tieStrengths, 0, [0, 0, 0, 0, 0, 0, 0xF8, 0x7F]))
        ]
        for (what, bytes) in strengths {
            try expectProjectionRefusedAndRebuilt(bytes, p, what, part: { $0.tieStrengths?.value != nil })
        }
    }

    @Test func anotherFormatVersionOrBuildIsRefusedAndRebuilt() throws {
        let p = try prepared()
        var version = p.bytes
        version[8] = UInt8(SnapshotLayout.formatVersion + 1)
        try writeBytes(version, p.snapshot)
        #expect(
            throws: SnapshotProblem.otherVersion(
                found: "format \(SnapshotLayout.formatVersion + 1)",
                expected: "format \(SnapshotLayout.formatVersion)")
        ) {
            _ = try Snapshot.read(p.snapshot, graph: p.folder)
        }
        try expectRefusedAndRebuilt(version, p, "format version")
        // Same format, another build: the meta section names the build (resealed, so only the build check can catch it).
        let text = String(decoding: p.bytes, as: UTF8.self)
        #expect(text.contains("relmap-core 0.1.0"))
        let marker = Array("relmap-core 0.1.0".utf8)
        var build = p.bytes
        let at = (0...(build.count - marker.count)).first { Array(build[$0..<($0 + marker.count)]) == marker }!
        build[at + 12] = UInt8(ascii: "9")
        try expectRefusedAndRebuilt(SnapshotSections.resealed(build), p, "build")
    }

    @Test func anInputChangedInPlaceMakesTheSnapshotStale() throws {
        let p = try prepared()
        let entities = p.folder + "/entities.csv"
        let before = try #require(try FileManager.default.attributesOfItem(atPath: entities)[.modificationDate] as? Date)
        var text = try readBytes(entities)
        let at = text.firstIndex(of: UInt8(ascii: "A"))!  // "Acme": same size, other content
        text[at] = UInt8(ascii: "B")
        try writeBytes(text, entities)
        // Same size and, put back, the same modification time: only the content hash can tell.
        try FileManager.default.setAttributes([.modificationDate: before], ofItemAtPath: entities)
        #expect(throws: SnapshotProblem.self) { _ = try Snapshot.read(p.snapshot, graph: p.folder) }
        let (loaded, event) = try GraphLoader.load(p.folder, snapshot: always)
        guard case .rebuilt(_, .stale) = event else {
            Issue.record("expected stale, got \(event)")
            return
        }
        #expect(loaded.graph.entities.names[loaded.graph.index(ofID: "P1")!].hasPrefix("Bcme"))
        let (again, used) = try GraphLoader.load(p.folder, snapshot: always)
        #expect(used == .read(path: p.snapshot))
        #expect(again.graph.entities.names[again.graph.index(ofID: "P1")!].hasPrefix("Bcme"))
    }

    @Test func aLeftoverTemporaryFileIsNeverRead() throws {
        let g = try TempGraph(entities: sampleEntities, relations: sampleRelations)
        let path = Snapshot.path(of: g.path)
        // A writer killed before its rename leaves `.graph.snapshot.PID.N.tmp`: here even a whole,
        // valid snapshot under that name, which must still not be read.
        let (loaded, _) = try GraphLoader.load(g.path, snapshot: always)
        let whole = try readBytes(path)
        try FileManager.default.removeItem(atPath: path)
        let leftover = SnapshotWriter.temporaryName(for: path)
        try writeBytes(Array(whole[0..<(whole.count / 2)]), leftover)
        let (again, event) = try GraphLoader.load(g.path, snapshot: always)
        #expect(event == .written(path: path))
        expectSameGraph(loaded.graph, again.graph)
        #expect(try readBytes(path) == whole)
        #expect(FileManager.default.fileExists(atPath: leftover))
    }

    @Test func garbageUnderTheSnapshotNameIsRefused() throws {
        let p = try prepared()
        try expectRefusedAndRebuilt(Array("not a snapshot at all".utf8), p, "garbage")
        try expectRefusedAndRebuilt([], p, "empty")
    }
}
