/// Entity id -> dense index, as an open-addressing hash table over the id column's UTF-8 pool.
///
/// A `[String: UInt32]` would hold a second copy of every id as a `String`; this table holds only
/// one `UInt32` slot per bucket and compares candidate ids byte for byte in the pool, so looking up
/// an id read from a file needs no `String` at all.
struct IDIndex: Sendable {
    /// One bucket: the id's first eight bytes inline, so that most lookups of short ids (the
    /// common case: `C001`, `E0012345`) compare in the bucket and never touch the string pool;
    /// with a million ids the pool is far out of cache and each extra access is a cache miss.
    struct Slot {
        var prefix: UInt64
        var row: UInt32
        /// Low 16 bits: the id's length (capped); high 16 bits: a hash tag.
        var lengthAndTag: UInt32
    }
    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0
    static let empty = UInt32.max

    init(capacityFor count: Int) {
        var capacity = 16
        while capacity < count * 2 { capacity <<= 1 }
        slots = [Slot](repeating: Slot(prefix: 0, row: IDIndex.empty, lengthAndTag: 0), count: capacity)
        mask = capacity - 1
    }

    /// The table as stored in a snapshot, and back. `stored` returns nil unless the table is a
    /// power of two long, every row is below `rowCount`, and at least one bucket is empty
    /// (a full table would make a lookup of a missing id probe forever).
    var storedSlots: [Slot] { slots }
    init?(stored: [Slot], rowCount: Int) {
        guard stored.count >= 16, stored.count & (stored.count - 1) == 0 else { return nil }
        var used = 0
        for s in stored where s.row != IDIndex.empty {
            guard Int(s.row) < rowCount else { return nil }
            used += 1
        }
        guard used == rowCount, used < stored.count else { return nil }
        slots = stored
        mask = stored.count - 1
        count = used
    }

    /// Builds the index over every row of `ids`; returns the rows whose id repeats an earlier row,
    /// as (row, first row with that id).
    static func build(_ ids: StringColumn) -> (IDIndex, duplicates: [(row: Int, first: Int)]) {
        var index = IDIndex(capacityFor: ids.count)
        var duplicates: [(Int, Int)] = []
        for row in 0..<ids.count {
            let existing = ids.withBytes(row) { index.insert($0, row: UInt32(row), in: ids) }
            if let existing { duplicates.append((row, Int(existing))) }
        }
        return (index, duplicates)
    }

    @inline(__always)
    static func prefix(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = key.baseAddress else { return 0 }
        if key.count >= 8 { return UnsafeRawPointer(base).loadUnaligned(as: UInt64.self) }
        var w: UInt64 = 0
        for i in 0..<key.count { w |= UInt64(base[i]) << (8 * UInt64(i)) }
        return w
    }

    @inline(__always)
    static func lengthAndTag(_ key: UnsafeBufferPointer<UInt8>, _ hash: UInt64) -> UInt32 {
        UInt32(min(key.count, 0xFFFF)) | UInt32(truncatingIfNeeded: hash >> 48) << 16
    }

    /// Inserts `row` under `key`; returns the existing row instead when the key is present.
    /// Grows the table to keep it at most half full.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, row: UInt32, in ids: StringColumn) -> UInt32? {
        if (count + 1) * 2 > slots.count { grow(ids) }
        let h = IDIndex.hash(key)
        let p = IDIndex.prefix(key), lt = IDIndex.lengthAndTag(key, h)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[slot]
            if s.row == IDIndex.empty {
                slots[slot] = Slot(prefix: p, row: row, lengthAndTag: lt)
                count += 1
                return nil
            }
            if s.prefix == p && s.lengthAndTag == lt
                && (key.count <= 8 || ids.withBytes(Int(s.row), { IDIndex.equal($0, key) }))
            {
                return s.row
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow(_ ids: StringColumn) {
        let old = slots
        self = IDIndex(capacityFor: max(16, old.count))
        for s in old where s.row != IDIndex.empty {
            _ = ids.withBytes(Int(s.row)) { insert($0, row: s.row, in: ids) }
        }
    }

    func find(_ key: UnsafeBufferPointer<UInt8>, in ids: StringColumn) -> UInt32? {
        let h = IDIndex.hash(key)
        let p = IDIndex.prefix(key), lt = IDIndex.lengthAndTag(key, h)
        var slot = Int(truncatingIfNeeded: h) & mask
        return slots.withUnsafeBufferPointer { table in
            while true {
                let s = table[slot]
                if s.row == IDIndex.empty { return nil }
                if s.prefix == p && s.lengthAndTag == lt
                    && (key.count <= 8 || ids.withBytes(Int(s.row), { IDIndex.equal($0, key) }))
                {
                    return s.row
                }
                slot = (slot + 1) & mask
            }
        }
    }

    @inline(__always)
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    /// A fast 64-bit hash of a byte string: eight bytes at a time, multiply-xorshift mixing.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(key.count)
        guard let base = key.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= key.count {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < key.count {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < key.count {
                w |= UInt64(base[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ w) &* 0x94D0_49BB_1331_11EB
        }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }

    var memoryBytes: Int { slots.capacity * MemoryLayout<Slot>.stride }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
