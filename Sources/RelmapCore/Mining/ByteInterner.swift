/// Gives each distinct byte string a dense `Int32` id without creating a `String` per lookup.
///
/// The payment reader meets tens of millions of account/name fields but only thousands of distinct
/// ones; hashing the raw bytes into an open-addressed table keeps the hot loop free of
/// allocations. Keys live back to back in one arena.
/// - Complexity: O(key length) expected per `intern`; memory O(total distinct bytes).
struct ByteInterner {
    private(set) var arena: [UInt8] = []
    private(set) var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    private var table: [Int32]
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        table = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { hashes.count }

    func bytes(_ id: Int32) -> ArraySlice<UInt8> { arena[starts[Int(id)]..<starts[Int(id) + 1]] }
    func string(_ id: Int32) -> String { String(decoding: bytes(id), as: UTF8.self) }

    /// The id of `key`, adding it when new.
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = ByteInterner.hash(key)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = table[slot]
            if id < 0 { break }
            if hashes[Int(id)] == h && equal(id, key) { return id }
            slot = (slot + 1) & mask
        }
        let id = Int32(hashes.count)
        hashes.append(h)
        arena.append(contentsOf: key)
        starts.append(arena.count)
        table[slot] = id
        if hashes.count * 2 > table.count { grow() }
        return id
    }

    /// The id of `key` if present.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = ByteInterner.hash(key)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = table[slot]
            if id < 0 { return nil }
            if hashes[Int(id)] == h && equal(id, key) { return id }
            slot = (slot + 1) & mask
        }
    }

    private func equal(_ id: Int32, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = starts[Int(id)], e = starts[Int(id) + 1]
        guard e - s == key.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            key.count == 0 || memcmp(a.baseAddress! + s, key.baseAddress!, key.count) == 0
        }
    }

    private mutating func grow() {
        let size = table.count * 2
        table = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (id, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(id)
        }
    }

    /// A fast 64-bit hash of bytes, eight at a time (multiply-xorshift mixing).
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        guard let base = key.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var i = 0
        let n = key.count
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n { tail |= UInt64(base[i]) << shift; shift += 8; i += 1 }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 29
        return h
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A set of 64-bit hashes of byte strings, for spotting repeated transaction ids among tens of
/// millions with one memory access per lookup. Two different ids share a hash with probability
/// about n^2 / 2^65 (3e-6 for 10M ids): accepted, since a false repeat only drops one row with a
/// warning naming its line.
struct HashSet64 {
    private var table: [UInt64]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        table = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// Inserts the hash of `key`; false when it was already present.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        var h = ByteInterner.hash(key)
        if h == 0 { h = 1 }
        var slot = Int(truncatingIfNeeded: h >> 7) & mask
        while true {
            let v = table[slot]
            if v == 0 { break }
            if v == h { return false }
            slot = (slot + 1) & mask
        }
        table[slot] = h
        count += 1
        if count * 2 > table.count {
            let old = table
            table = [UInt64](repeating: 0, count: old.count * 2)
            mask = table.count - 1
            for v in old where v != 0 {
                var s = Int(truncatingIfNeeded: v >> 7) & mask
                while table[s] != 0 { s = (s + 1) & mask }
                table[s] = v
            }
        }
        return true
    }
}
