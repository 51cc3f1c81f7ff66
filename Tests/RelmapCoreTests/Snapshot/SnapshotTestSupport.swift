import Foundation
import Testing

@testable import RelmapCore

/// Every column, the adjacency and every id lookup of two graphs agree (NaNs compared by bits).
func expectSameGraph(_ a: Graph, _ b: Graph, sourceLocation: SourceLocation = #_sourceLocation) {
    let e = a.entities, f = b.entities
    #expect(e.ids == f.ids && e.names == f.names && e.kinds == f.kinds && e.statuses == f.statuses, sourceLocation: sourceLocation)
    #expect(e.industries == f.industries && e.regions == f.regions && e.rms == f.rms, sourceLocation: sourceLocation)
    #expect(e.tiers == f.tiers && e.stages == f.stages && e.clientSince == f.clientSince, sourceLocation: sourceLocation)
    #expect(
        e.values.map(\.bitPattern) == f.values.map(\.bitPattern) && e.sizes.map(\.bitPattern) == f.sizes.map(\.bitPattern),
        sourceLocation: sourceLocation)
    #expect(e.extra == f.extra, sourceLocation: sourceLocation)
    let r = a.relations, s = b.relations
    #expect(
        r.sources == s.sources && r.targets == s.targets && r.types == s.types && r.dates == s.dates && r.outcomes == s.outcomes,
        sourceLocation: sourceLocation)
    #expect(
        r.weights.map(\.bitPattern) == s.weights.map(\.bitPattern) && r.strengths.map(\.bitPattern) == s.strengths.map(\.bitPattern),
        sourceLocation: sourceLocation)
    #expect(r.extra == s.extra, sourceLocation: sourceLocation)
    #expect(a.outOffsets == b.outOffsets && a.inOffsets == b.inOffsets && a.inRelations == b.inRelations, sourceLocation: sourceLocation)
    #expect(e.indices.allSatisfy { b.index(ofID: e.ids[$0]) == $0 }, sourceLocation: sourceLocation)
    #expect(b.index(ofID: "no-such-id-\(UUID().uuidString)") == nil, sourceLocation: sourceLocation)
}

/// A copy of a graph folder in a temporary folder, so that tests write snapshots beside it freely.
func temporaryCopy(of folder: String) throws -> String {
    let to = NSTemporaryDirectory() + "relmap-snap-" + UUID().uuidString
    try FileManager.default.copyItem(atPath: folder, toPath: to)
    return to
}

/// The repository's Graphs/ folder, found from this file's path.
func repositoryGraph(_ name: String, file: String = #filePath) -> String {
    var url = URL(fileURLWithPath: file)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Graphs/\(name)").path
}

/// A snapshot's section table as written: (tag, offset, length) in file order.
struct SnapshotSections {
    var entries: [(tag: UInt32, entryAt: Int, offset: Int, length: Int)] = []

    init(_ bytes: [UInt8]) {
        func u32(_ at: Int) -> UInt32 { bytes[at..<(at + 4)].reversed().reduce(0) { $0 << 8 | UInt32($1) } }
        func u64(_ at: Int) -> Int { Int(bytes[at..<(at + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }) }
        for k in 0..<Int(u32(12)) {
            let at = 32 + 32 * k
            entries.append((u32(at), at, u64(at + 8), u64(at + 16)))
        }
    }

    /// Recomputes every section checksum and the table checksum: a file that is hostile rather
    /// than damaged, which only the structural checks can catch.
    static func resealed(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        func put(_ v: UInt64, at: Int) { for i in 0..<8 { out[at + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(i))) } }
        let table = SnapshotSections(bytes)
        for s in table.entries {
            put(
                out.withUnsafeBytes { SnapshotChecksum.hash(UnsafeRawBufferPointer(rebasing: $0[s.offset..<(s.offset + s.length)])) },
                at: s.entryAt + 24)
        }
        let tableEnd = 32 + 32 * table.entries.count
        put(
            out.withUnsafeBytes { raw in
                SnapshotChecksum.hash(
                    UnsafeRawBufferPointer(rebasing: raw[0..<24]),
                    seed: SnapshotChecksum.hash(UnsafeRawBufferPointer(rebasing: raw[32..<tableEnd])))
            }, at: 24)
        return out
    }
}

func readBytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
func writeBytes(_ bytes: [UInt8], _ path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
