import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Opens a snapshot: maps the file, checks the header and the section table, then builds each
/// Swift array with one bulk copy, checks the copy against its section's checksum, and checks
/// every offset, length, count, index and enum value before the graph is handed out. Nothing in
/// the file is trusted: a hostile file yields a `SnapshotProblem`, never an out-of-bounds read.
///
/// Each section's mapped pages are handed back once copied (`madvise(MADV_DONTNEED)`): without
/// that a command would hold the file twice, mapped and copied, at its peak (a 500 MB snapshot
/// of a million entities peaked at 1.07 GB). The checksum is taken of the copy, which is what
/// gets used.
struct SnapshotReader: @unchecked Sendable {
    struct Section {
        var elementSize: Int
        var offset: Int
        var length: Int
        var checksum: UInt64
    }

    /// The mapping, valid while `open`'s body runs (a reader is never kept past it; the work it
    /// hands to another thread is joined before the body returns, hence `@unchecked Sendable`).
    let base: UnsafeRawPointer
    let length: Int
    let sections: [UInt32: Section]
    /// The table checksum: it covers every section's checksum, so it names the file's content.
    let checksum: UInt64

    /// The meta section alone, checked (header, table and the meta checksum).
    static func open<R>(_ path: String, _ body: (SnapshotReader) throws -> R) throws -> R {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SnapshotProblem.notASnapshot }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & 0o170000) == 0o100000 else { throw SnapshotProblem.notASnapshot }
        let size = Int(info.st_size)
        guard size >= SnapshotLayout.headerBytes else { throw SnapshotProblem.notASnapshot }
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else {
            throw SnapshotProblem.notASnapshot
        }
        defer { munmap(map, size) }
        let reader = try SnapshotReader(base: UnsafeRawPointer(map), length: size)
        return try body(reader)
    }

    init(base: UnsafeRawPointer, length: Int) throws {
        self.base = base
        self.length = length
        let raw = UnsafeRawBufferPointer(start: base, count: length)
        guard SnapshotLayout.isLittleEndianHost, length >= SnapshotLayout.headerBytes,
            Array(raw[0..<8]) == SnapshotLayout.magic
        else { throw SnapshotProblem.notASnapshot }
        func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        let version = u32(8)
        guard version == SnapshotLayout.formatVersion else {
            throw SnapshotProblem.otherVersion(found: "format \(version)", expected: "format \(SnapshotLayout.formatVersion)")
        }
        let count = u32(12)
        let declared = u64(16)
        guard declared == UInt64(length) else {
            throw SnapshotProblem.truncated(expected: Int(clamping: declared), actual: length)
        }
        guard count >= 1, count <= SnapshotLayout.maxSections else {
            throw SnapshotProblem.malformed(part: "section table", detail: "\(count) sections")
        }
        let tableEnd = SnapshotLayout.headerBytes + Int(count) * SnapshotLayout.tableEntryBytes
        guard tableEnd <= length else { throw SnapshotProblem.truncated(expected: tableEnd, actual: length) }
        let checksum = SnapshotChecksum.hash(
            UnsafeRawBufferPointer(rebasing: raw[0..<24]),
            seed: SnapshotChecksum.hash(UnsafeRawBufferPointer(rebasing: raw[32..<tableEnd])))
        guard checksum == u64(24) else { throw SnapshotProblem.checksum(part: "header") }
        self.checksum = checksum
        var sections: [UInt32: Section] = [:]
        for k in 0..<Int(count) {
            let at = SnapshotLayout.headerBytes + k * SnapshotLayout.tableEntryBytes
            let tag = u32(at), elementSize = u32(at + 4), offset = u64(at + 8), bytes = u64(at + 16)
            let part = "section \(tag)"
            guard elementSize >= 1, elementSize <= 64, offset <= UInt64(length), bytes <= UInt64(length) - offset,
                bytes % UInt64(elementSize) == 0, offset >= UInt64(tableEnd)
            else {
                throw SnapshotProblem.malformed(part: part, detail: "offset \(offset), length \(bytes) outside a \(length)-byte file")
            }
            guard sections[tag] == nil else { throw SnapshotProblem.malformed(part: part, detail: "appears twice") }
            sections[tag] = Section(elementSize: Int(elementSize), offset: Int(offset), length: Int(bytes), checksum: u64(at + 24))
        }
        self.sections = sections
    }

    func bytes(_ tag: UInt32) throws -> UnsafeRawBufferPointer {
        guard let s = sections[tag] else {
            throw SnapshotProblem.malformed(part: "section \(tag)", detail: "missing")
        }
        return UnsafeRawBufferPointer(start: base + s.offset, count: s.length)
    }

    /// A section's bytes in the mapping, checked against its checksum (for the small ones read in
    /// place: the meta).
    func verifiedBytes(_ tag: UInt32) throws -> UnsafeRawBufferPointer {
        let raw = try bytes(tag)
        guard SnapshotChecksum.hash(raw) == sections[tag]!.checksum else { throw SnapshotProblem.checksum(part: "section \(tag)") }
        return raw
    }

    /// A flat array of exactly `count` elements of `T`, with one copy, checked against the
    /// section's checksum.
    func array<T>(_ tag: UInt32, count: Int, as: T.Type = T.self) throws -> [T] {
        let raw = try bytes(tag)
        let (expected, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        guard count >= 0, !overflow, let s = sections[tag], s.elementSize == MemoryLayout<T>.stride, raw.count == expected else {
            throw SnapshotProblem.malformed(part: "section \(tag)", detail: "\(raw.count) bytes, expected \(count) × \(MemoryLayout<T>.stride)")
        }
        let copy = [T](unsafeUninitializedCapacity: count) { out, made in
            if count > 0 {
                SnapshotReader.preferHugePages(UnsafeMutableRawPointer(out.baseAddress!), bytes: raw.count)
                memcpy(out.baseAddress!, raw.baseAddress!, raw.count)
            }
            made = count
        }
        release(raw)
        guard copy.withUnsafeBytes({ SnapshotChecksum.hash($0) }) == s.checksum else {
            throw SnapshotProblem.checksum(part: "section \(tag)")
        }
        return copy
    }

    /// Asks for transparent huge pages under a fresh copy of at least 4 MB, before it is written.
    /// Copying 550 MB into 4 KB pages took one page fault per page (about 140,000), which cost
    /// more than the copy itself; with 2 MB pages it is a few hundred. A system without them
    /// (or set to `never`) ignores the advice.
    static func preferHugePages(_ start: UnsafeMutableRawPointer, bytes: Int) {
        let huge = 2 << 20
        guard bytes >= 4 << 20 else { return }
        let first = (Int(bitPattern: start) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: start) + bytes) & ~(huge - 1)
        #if os(Linux)
            if end > first { _ = madvise(UnsafeMutableRawPointer(bitPattern: first), end - first, Int32(MADV_HUGEPAGE)) }
        #endif
    }

    /// Hands the whole pages of a copied section back to the system (they are file pages of a
    /// read-only private mapping: touching them again reads the file, so nothing is lost).
    private func release(_ raw: UnsafeRawBufferPointer) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard page > 0, let start = raw.baseAddress else { return }
        let first = (Int(bitPattern: start) + page - 1) / page * page
        let end = (Int(bitPattern: start) + raw.count) / page * page
        if end > first { _ = madvise(UnsafeMutableRawPointer(bitPattern: first), end - first, Int32(MADV_DONTNEED)) }
    }

    func array<T>(_ tag: SnapshotLayout.Tag, count: Int, as: T.Type = T.self) throws -> [T] {
        try array(tag.rawValue, count: count, as: T.self)
    }

    /// An array whose length is whatever the section holds (byte pools).
    func anyCount<T>(_ tag: UInt32, as: T.Type = T.self) throws -> [T] {
        let raw = try bytes(tag)
        return try array(tag, count: raw.count / MemoryLayout<T>.stride)
    }

    /// A string column of `count` rows: offsets start at 0, never decrease, end at the pool's size.
    func strings(_ offsetsTag: UInt32, _ bytesTag: UInt32, count: Int, part: String) throws -> StringColumn {
        let offsets: [UInt32] = try array(offsetsTag, count: count + 1)
        let pool: [UInt8] = try anyCount(bytesTag)
        let fine = offsets.withUnsafeBufferPointer { o -> Bool in
            guard o[0] == 0, Int(o[count]) == pool.count else { return false }
            var previous: UInt32 = 0
            for v in o {
                if v < previous { return false }
                previous = v
            }
            return true
        }
        guard fine else { throw SnapshotProblem.malformed(part: part, detail: "string offsets out of order or past the pool") }
        return StringColumn(bytes: pool, offsets: offsets)
    }

    func categorical(
        _ codes: SnapshotLayout.Tag, _ offsets: SnapshotLayout.Tag, _ pool: SnapshotLayout.Tag,
        count: Int, part: String
    ) throws -> CategoricalColumn {
        let values = try anyCount(offsets.rawValue, as: UInt32.self).count - 1
        guard values >= 1 else { throw SnapshotProblem.malformed(part: part, detail: "empty dictionary") }
        let dictionary = try strings(offsets.rawValue, pool.rawValue, count: values, part: part)
        let names = (0..<values).map { dictionary[$0] }
        guard names[0].isEmpty, Set(names).count == names.count else {
            throw SnapshotProblem.malformed(part: part, detail: "dictionary must start with \"\" and hold each value once")
        }
        let column: [UInt32] = try array(codes, count: count)
        guard column.allSatisfy({ Int($0) < values }) else {
            throw SnapshotProblem.malformed(part: part, detail: "a code past the dictionary's \(values) values")
        }
        return CategoricalColumn(codes: column, values: names)
    }

    /// One byte per row whose values must be a case of `E` (checked before the bytes become `E`s).
    func enums<E: RawRepresentable & CaseIterable>(_ tag: SnapshotLayout.Tag, count: Int, as: E.Type, part: String) throws -> [E]
    where E.RawValue == UInt8 {
        guard MemoryLayout<E>.size == 1, SnapshotReader.rawIsLayout(E.self) else {
            throw SnapshotProblem.otherVersion(found: "enum layout", expected: "one byte per case")
        }
        let raw = try bytes(tag.rawValue)
        guard raw.count == count else { throw SnapshotProblem.malformed(part: part, detail: "\(raw.count) rows, expected \(count)") }
        let limit = UInt8(E.allCases.count)
        guard raw.allSatisfy({ $0 < limit }) else { throw SnapshotProblem.malformed(part: part, detail: "a value past \(limit - 1)") }
        return try array(tag, count: count)
    }

    /// Whether each case is stored as its raw value, so that a byte copy of raw values is valid.
    static func rawIsLayout<E: RawRepresentable & CaseIterable>(_ type: E.Type) -> Bool where E.RawValue == UInt8 {
        E.allCases.allSatisfy { c in withUnsafeBytes(of: c) { $0.count == 1 && $0[0] == c.rawValue } }
    }

    func meta() throws -> SnapshotMeta { try meta(as: SnapshotMeta.self) }

    /// Section 1 decoded as `T` (a graph's meta, or a signals file's key).
    func meta<T: Decodable>(as: T.Type) throws -> T {
        let raw = try verifiedBytes(SnapshotLayout.Tag.meta.rawValue)
        do {
            return try JSONDecoder().decode(T.self, from: Data(raw))
        } catch {
            throw SnapshotProblem.malformed(part: "meta", detail: "not readable JSON")
        }
    }

    /// The whole graph, every part checked against `meta`'s counts and against each other.
    func graph(_ meta: SnapshotMeta) throws -> Graph {
        typealias T = SnapshotLayout.Tag
        let n = meta.entityCount, m = meta.relationCount
        guard n >= 0, m >= 0, n < Int(UInt32.max), m < Int(UInt32.max) else {
            throw SnapshotProblem.malformed(part: "meta", detail: "counts \(n), \(m)")
        }
        guard meta.entityExtraTypes.count == meta.entityExtra.count, meta.relationExtraTypes.count == meta.relationExtra.count else {
            throw SnapshotProblem.malformed(part: "meta", detail: "extra columns and their types differ in number")
        }
        // The entities are read on another core while this one reads the relations and the
        // adjacency: the copies and their checksums are most of an open.
        let entitiesRead = Background { () -> Result<Entities, Error> in
            Result { try self.entities(meta) }
        }
        let relations: Result<(Relations, [UInt32], [UInt32], [UInt32], [IDIndex.Slot]), Error> = Result {
            try self.relationsAndAdjacency(meta)
        }
        let e = try entitiesRead.value.get()
        let (r, outOffsets, inOffsets, inRelations, slots) = try relations.get()
        guard let index = IDIndex(stored: slots, rowCount: n) else {
            throw SnapshotProblem.malformed(part: "id index", detail: "not a valid table for \(n) ids")
        }
        return Graph(
            entities: e, relations: r, outOffsets: outOffsets, inOffsets: inOffsets,
            inRelations: inRelations, idIndex: index)
    }

    private func entities(_ meta: SnapshotMeta) throws -> Entities {
        typealias T = SnapshotLayout.Tag
        let n = meta.entityCount
        var e = Entities()
        e.ids = try strings(T.idOffsets.rawValue, T.idBytes.rawValue, count: n, part: "ids")
        e.names = try strings(T.nameOffsets.rawValue, T.nameBytes.rawValue, count: n, part: "names")
        e.kinds = try enums(.kinds, count: n, as: EntityKind.self, part: "kinds")
        e.statuses = try enums(.statuses, count: n, as: EntityStatus.self, part: "statuses")
        e.industries = try categorical(.industryCodes, .industryDictOffsets, .industryDictBytes, count: n, part: "industries")
        e.regions = try categorical(.regionCodes, .regionDictOffsets, .regionDictBytes, count: n, part: "regions")
        e.rms = try categorical(.rmCodes, .rmDictOffsets, .rmDictBytes, count: n, part: "rms")
        e.tiers = try array(T.tiers, count: n)
        e.stages = try array(T.stages, count: n)
        guard e.tiers.allSatisfy({ $0 <= 4 }), e.stages.allSatisfy({ $0 <= 6 }) else {
            throw SnapshotProblem.malformed(part: "tiers/stages", detail: "a tier past 4 or a stage past 6")
        }
        e.values = try array(T.values, count: n)
        e.sizes = try array(T.sizes, count: n)
        e.clientSince = try array(T.clientSince, count: n)
        e.extra = try meta.entityExtra.enumerated().map { k, name in
            let tag = SnapshotLayout.entityExtraBase + 2 * UInt32(k)
            return AttributeColumn(
                name: name, values: try strings(tag, tag + 1, count: n, part: "entity column \(name)"),
                type: meta.entityExtraTypes[k])
        }
        return e
    }

    /// The relations, the adjacency and the id table (its slots: the index is built by the caller).
    private func relationsAndAdjacency(
        _ meta: SnapshotMeta
    ) throws -> (Relations, [UInt32], [UInt32], [UInt32], [IDIndex.Slot]) {
        typealias T = SnapshotLayout.Tag
        let n = meta.entityCount, m = meta.relationCount
        var r = Relations()
        r.sources = try array(T.sources, count: m)
        r.targets = try array(T.targets, count: m)
        guard r.sources.allSatisfy({ Int($0) < n }), r.targets.allSatisfy({ Int($0) < n }) else {
            throw SnapshotProblem.malformed(part: "relations", detail: "an endpoint past the \(n) entities")
        }
        r.types = try enums(.types, count: m, as: RelationType.self, part: "relation types")
        r.weights = try array(T.weights, count: m)
        r.strengths = try array(T.strengths, count: m)
        r.dates = try array(T.dates, count: m)
        r.outcomes = try enums(.outcomes, count: m, as: ReferralOutcome.self, part: "outcomes")
        r.extra = try meta.relationExtra.enumerated().map { k, name in
            let tag = SnapshotLayout.relationExtraBase + 2 * UInt32(k)
            return AttributeColumn(
                name: name, values: try strings(tag, tag + 1, count: m, part: "relation column \(name)"),
                type: meta.relationExtraTypes[k])
        }

        let outOffsets: [UInt32] = try array(T.outOffsets, count: n + 1)
        let inOffsets: [UInt32] = try array(T.inOffsets, count: n + 1)
        let inRelations: [UInt32] = try array(T.inRelations, count: m)
        guard SnapshotReader.isCSR(outOffsets, total: m), SnapshotReader.isCSR(inOffsets, total: m) else {
            throw SnapshotProblem.malformed(part: "adjacency", detail: "offsets out of order or not ending at \(m)")
        }
        // Relations are sorted by source: the out-ranges must agree with the source column.
        let consistent = outOffsets.withUnsafeBufferPointer { o in
            r.sources.withUnsafeBufferPointer { s in
                (0..<n).allSatisfy { v in (Int(o[v])..<Int(o[v + 1])).allSatisfy { Int(s[$0]) == v } }
            }
        }
        guard consistent, inRelations.allSatisfy({ Int($0) < m }) else {
            throw SnapshotProblem.malformed(part: "adjacency", detail: "relation ranges disagree with the sources, or a relation past \(m)")
        }
        let slots: [IDIndex.Slot] = try array(T.idSlots, count: meta.idSlotCount)
        return (r, outOffsets, inOffsets, inRelations, slots)
    }

    static func isCSR(_ offsets: [UInt32], total: Int) -> Bool {
        offsets.withUnsafeBufferPointer { o in
            guard o.first == 0, Int(o.last!) == total else { return false }
            for k in 1..<o.count where o[k] < o[k - 1] { return false }
            return true
        }
    }
}
