/// Entity id -> dense index, as an open-addressing hash table over the id column's UTF-8 pool.
///
/// A `[String: UInt32]` would hold a second copy of every id as a `String`; this table holds only
/// one `UInt32` slot per bucket and compares candidate ids byte for byte in the pool, so looking up
/// an id read from a file needs no `String` at all.
struct IDIndex: Sendable {
    private var slots: [UInt32]
    private var mask: Int
    static let empty = UInt32.max

    init(capacityFor count: Int) {
        var capacity = 16
        while capacity < count * 2 { capacity <<= 1 }
        slots = [UInt32](repeating: IDIndex.empty, count: capacity)
        mask = capacity - 1
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

    /// Inserts `row` under `key`; returns the existing row instead when the key is present.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, row: UInt32, in ids: StringColumn) -> UInt32? {
        var slot = Int(truncatingIfNeeded: IDIndex.hash(key)) & mask
        while true {
            let occupant = slots[slot]
            if occupant == IDIndex.empty {
                slots[slot] = row
                return nil
            }
            if ids.withBytes(Int(occupant), { IDIndex.equal($0, key) }) { return occupant }
            slot = (slot + 1) & mask
        }
    }

    func find(_ key: UnsafeBufferPointer<UInt8>, in ids: StringColumn) -> UInt32? {
        var slot = Int(truncatingIfNeeded: IDIndex.hash(key)) & mask
        return slots.withUnsafeBufferPointer { table in
            ids.bytes.withUnsafeBufferPointer { pool in
                ids.offsets.withUnsafeBufferPointer { offsets in
                    while true {
                        let occupant = table[slot]
                        if occupant == IDIndex.empty { return nil }
                        let start = Int(offsets[Int(occupant)]), end = Int(offsets[Int(occupant) + 1])
                        if end - start == key.count,
                           key.count == 0 || memcmp(pool.baseAddress! + start, key.baseAddress!, key.count) == 0 {
                            return occupant
                        }
                        slot = (slot + 1) & mask
                    }
                }
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

    var memoryBytes: Int { slots.capacity * 4 }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
