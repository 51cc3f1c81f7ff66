import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a graph as a snapshot file, atomically: into a temporary file in the same folder, fsync,
/// rename over the final name, fsync the folder. A writer killed at any point leaves at most a
/// temporary file, whose name the reader never opens; the final name always holds a whole file.
enum SnapshotWriter {
    /// One section still to be written: its bytes are read from the graph's own arrays.
    struct Pending {
        var tag: UInt32
        var elementSize: Int
        var byteCount: Int
        var withBytes: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void

        static func array<T>(_ tag: UInt32, _ a: [T]) -> Pending {
            Pending(
                tag: tag, elementSize: MemoryLayout<T>.stride, byteCount: a.count * MemoryLayout<T>.stride,
                withBytes: { body in try a.withUnsafeBytes(body) })
        }
        static func array<T>(_ tag: SnapshotLayout.Tag, _ a: [T]) -> Pending { array(tag.rawValue, a) }
    }

    /// Sorted keys: the same graph and inputs always give the same bytes.
    static var metaEncoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }

    static func sections(
        _ graph: Graph, chain: ValueChainProjection, tieStrengths: [Double], meta: SnapshotMeta
    ) throws -> [Pending] {
        typealias T = SnapshotLayout.Tag
        let e = graph.entities, r = graph.relations
        var out: [Pending] = [.array(T.meta, Array(try SnapshotWriter.metaEncoder.encode(meta)))]
        // The parts read on first use first: the graph's sections, checked at every open, end the file.
        out += [
            .array(T.chainEntityOfNode, chain.entityOfNode), .array(T.chainNodeOfEntity, chain.nodeOfEntity),
            .array(T.chainComponentStarts, chain.componentStarts), .array(T.chainOffsets, chain.offsets),
            .array(T.chainTargets, chain.targets), .array(T.chainWeights, chain.weights),
            .array(T.chainStrengths, chain.strengths), .array(T.chainCouplings, chain.couplings),
            .array(T.tieStrengths, tieStrengths)
        ]
        func strings(_ o: T, _ b: T, _ c: StringColumn) { out += [.array(o, c.offsets), .array(b, c.bytes)] }
        func categorical(_ codes: T, _ o: T, _ b: T, _ c: CategoricalColumn) {
            out.append(.array(codes, c.codes))
            strings(o, b, StringColumn(c.values))
        }
        strings(.idOffsets, .idBytes, e.ids)
        strings(.nameOffsets, .nameBytes, e.names)
        out += [.array(T.kinds, e.kinds), .array(T.statuses, e.statuses)]
        categorical(.industryCodes, .industryDictOffsets, .industryDictBytes, e.industries)
        categorical(.regionCodes, .regionDictOffsets, .regionDictBytes, e.regions)
        categorical(.rmCodes, .rmDictOffsets, .rmDictBytes, e.rms)
        out += [
            .array(T.tiers, e.tiers), .array(T.stages, e.stages), .array(T.values, e.values),
            .array(T.sizes, e.sizes), .array(T.clientSince, e.clientSince)
        ]
        out += [
            .array(T.sources, r.sources), .array(T.targets, r.targets), .array(T.types, r.types),
            .array(T.weights, r.weights), .array(T.strengths, r.strengths), .array(T.dates, r.dates),
            .array(T.outcomes, r.outcomes)
        ]
        out += [
            .array(T.outOffsets, graph.outOffsets), .array(T.inOffsets, graph.inOffsets),
            .array(T.inRelations, graph.inRelations), .array(T.idSlots, graph.idIndex.storedSlots)
        ]
        for (k, column) in e.extra.enumerated() {
            let tag = SnapshotLayout.entityExtraBase + 2 * UInt32(k)
            out += [.array(tag, column.values.offsets), .array(tag + 1, column.values.bytes)]
        }
        for (k, column) in r.extra.enumerated() {
            let tag = SnapshotLayout.relationExtraBase + 2 * UInt32(k)
            out += [.array(tag, column.values.offsets), .array(tag + 1, column.values.bytes)]
        }
        return out
    }

    /// Writes the snapshot to `path`; returns its size in bytes. Throws `RelmapError.io` when the
    /// folder cannot be written.
    @discardableResult
    static func write(
        _ graph: Graph, chain: ValueChainProjection, tieStrengths: [Double], meta: SnapshotMeta, to path: String
    ) throws -> (bytes: Int, checksum: UInt64) {
        precondition(chain.nodeCount == graph.entityCount, "the projection of another graph")
        precondition(tieStrengths.count == graph.relationCount, "the tie strengths of another graph")
        return try write(sections: try sections(graph, chain: chain, tieStrengths: tieStrengths, meta: meta), to: path)
    }

    /// Writes any sections in the snapshot layout (the graph's, or signals derived from it);
    /// returns the file's size and its table checksum, which names its content.
    /// - Parameter durable: fsync the file and its folder before and after the rename. A cache
    ///   that is only a copy of what can be computed again skips it: a file torn by a power cut
    ///   fails its checksums and is recomputed, and the fsyncs cost more than the write.
    static func write(sections pending: [Pending], to path: String, durable: Bool = true) throws -> (bytes: Int, checksum: UInt64) {
        guard SnapshotLayout.isLittleEndianHost else {
            throw RelmapError.io(path: path, reason: "snapshots are written on little-endian machines only")
        }
        // Layout: header, table, then each section on a 16-byte boundary.
        var offsets: [Int] = []
        var cursor = SnapshotLayout.headerBytes + pending.count * SnapshotLayout.tableEntryBytes
        for s in pending {
            cursor = (cursor + SnapshotLayout.alignment - 1) / SnapshotLayout.alignment * SnapshotLayout.alignment
            offsets.append(cursor)
            cursor += s.byteCount
        }
        let fileLength = cursor
        var header = [UInt8]()
        header.reserveCapacity(offsets[0])
        func put<I: FixedWidthInteger>(_ v: I) { withUnsafeBytes(of: v.littleEndian) { header.append(contentsOf: $0) } }
        header += SnapshotLayout.magic
        put(SnapshotLayout.formatVersion)
        put(UInt32(pending.count))
        put(UInt64(fileLength))
        put(UInt64(0))  // table checksum, filled below
        for (k, s) in pending.enumerated() {
            var checksum: UInt64 = 0
            try s.withBytes { checksum = SnapshotChecksum.hash($0) }
            put(s.tag)
            put(UInt32(s.elementSize))
            put(UInt64(offsets[k]))
            put(UInt64(s.byteCount))
            put(checksum)
        }
        let tableChecksum = header.withUnsafeBytes { raw in
            SnapshotChecksum.hash(
                UnsafeRawBufferPointer(rebasing: raw[0..<24]),
                seed: SnapshotChecksum.hash(UnsafeRawBufferPointer(rebasing: raw[32...])))
        }
        withUnsafeBytes(of: tableChecksum.littleEndian) { for i in 0..<8 { header[24 + i] = $0[i] } }

        let folder = (path as NSString).deletingLastPathComponent
        let temporary = SnapshotWriter.temporaryName(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RelmapError.io(path: folder, reason: String(cString: strerror(errno))) }
        var closed = false
        defer {
            if !closed {
                close(fd)
                unlink(temporary)
            }
        }
        var position = 0
        func writeAll(_ raw: UnsafeRawBufferPointer) throws {
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw RelmapError.io(path: temporary, reason: String(cString: strerror(errno))) }
                done += n
            }
            position += raw.count
        }
        let zeros = [UInt8](repeating: 0, count: SnapshotLayout.alignment)
        try header.withUnsafeBytes { try writeAll($0) }
        for (k, s) in pending.enumerated() {
            let pad = offsets[k] - position
            if pad > 0 { try zeros.withUnsafeBytes { try writeAll(UnsafeRawBufferPointer(rebasing: $0[0..<pad])) } }
            if s.byteCount > 0 { try s.withBytes { try writeAll($0) } }
        }
        guard !durable || fsync(fd) == 0 else { throw RelmapError.io(path: temporary, reason: String(cString: strerror(errno))) }
        close(fd)
        closed = true
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw RelmapError.io(path: path, reason: reason)
        }
        if durable {
            let dfd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY)
            if dfd >= 0 {
                _ = fsync(dfd)
                close(dfd)
            }
        }
        return (fileLength, tableChecksum)
    }

    /// `.NAME.PID.tmp` beside the snapshot: never the name a reader opens.
    static func temporaryName(for path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        return (folder as NSString).appendingPathComponent(".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
    }
}
