/// Gives each distinct byte string a dense `Int32` id without creating a `String` per lookup.
///
/// The payment reader meets tens of millions of account/name fields but only thousands of distinct
/// ones; hashing the raw bytes into an open-addressed table keeps the hot loop free of
/// allocations. Keys live back to back in one arena.
/// - Complexity: O(key length) expected per `intern`; memory O(total distinct bytes).
struct ByteInterner: Sendable {
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

    /// Whether key `id` is `prefixLength` bytes already known to match, then 0x1F, `middle`,
    /// 0x1F and `last`: checks a side's name and bank once its account has matched.
    func matches(_ id: Int32, prefixLength: Int, _ middle: UnsafeBufferPointer<UInt8>, _ last: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = starts[Int(id)], e = starts[Int(id) + 1]
        guard e - s == prefixLength + 2 + middle.count + last.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            let m = s + prefixLength + 1, l = m + middle.count + 1
            return a[m - 1] == 0x1F && a[l - 1] == 0x1F
                && ByteInterner.same(a.baseAddress! + m, middle.baseAddress, middle.count)
                && ByteInterner.same(a.baseAddress! + l, last.baseAddress, last.count)
        }
    }
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
            ByteInterner.same(a.baseAddress! + s, key.baseAddress, key.count)
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

    /// Whether `count` bytes at `a` and `b` are equal, eight at a time: the keys are a few dozen
    /// bytes, too short for a call to memcmp to pay.
    @inline(__always)
    static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
        guard count > 0, let b else { return true }
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var i = 0
        while i + 8 <= count {
            if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < count {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
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
        while i < n {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
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
///
/// The table is split into 64 equal shards by the hashes' top bits, so that two readers' sets can
/// be compared shard by shard with each shard in cache (see `PaymentReader`); all shards grow
/// together. Open addressing over nonzero hashes (0 marks an empty slot), filled up to 3/4: a
/// probe sequence stays within a cache line or two, and the table is half the size it would be
/// at 1/2 (fresh memory is slow to fault in).
struct HashSet64: Sendable {
    static let shardCount = 64
    private var table: HugePageTable<UInt64>
    private var shardCounts: [Int]
    private var shardSize: Int  // a power of two

    init(capacity: Int = 1 << 16) {
        shardSize = HashSet64.shardSize(for: capacity)
        table = HugePageTable(zeroed: shardSize * HashSet64.shardCount)
        shardCounts = Array(repeating: 0, count: HashSet64.shardCount)
    }

    private static func shardSize(for capacity: Int) -> Int {
        var size = 16
        while size * 3 < 4 * (capacity / shardCount + 1) { size <<= 1 }
        return size
    }

    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let h = ByteInterner.hash(key)
        return h == 0 ? 1 : h
    }

    var count: Int { shardCounts.reduce(0, +) }

    /// Inserts the hash of `key`; false when it was already present.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        insert(hash: HashSet64.hash(key))
    }

    @inline(__always)
    mutating func insert(hash h: UInt64) -> Bool {
        if !isKnownUniquelyReferenced(&table) { table = table.copy() }
        let shard = Int(truncatingIfNeeded: h >> 58)
        let mask = shardSize - 1
        let t = table.base + shard * shardSize
        var slot = Int(truncatingIfNeeded: h >> 7) & mask
        while true {
            let v = t[slot]
            if v == 0 { break }
            if v == h { return false }
            slot = (slot + 1) & mask
        }
        t[slot] = h
        shardCounts[shard] += 1
        if shardCounts[shard] * 4 > shardSize * 3 { rehash(shardSize * 2) }
        return true
    }

    /// The value in the first slot `h` probes: read ahead of `insert` to start the memory access.
    @inline(__always)
    func firstSlot(_ h: UInt64) -> UInt64 {
        table.base[Int(truncatingIfNeeded: h >> 58) * shardSize + Int(truncatingIfNeeded: h >> 7) & (shardSize - 1)]
    }

    func contains(_ h: UInt64) -> Bool {
        let shard = Int(truncatingIfNeeded: h >> 58)
        let mask = shardSize - 1
        let t = table.base + shard * shardSize
        var slot = Int(truncatingIfNeeded: h >> 7) & mask
        while true {
            let v = t[slot]
            if v == 0 { return false }
            if v == h { return true }
            slot = (slot + 1) & mask
        }
    }

    /// Calls `body` with every hash of one shard.
    func forEach(inShard shard: Int, _ body: (UInt64) -> Void) {
        let t = table.base + shard * shardSize
        for k in 0..<shardSize where t[k] != 0 { body(t[k]) }
    }

    /// Makes room for `capacity` hashes in all.
    mutating func reserve(_ capacity: Int) {
        let size = HashSet64.shardSize(for: capacity)
        if size > shardSize { rehash(size) }
    }

    private mutating func rehash(_ size: Int) {
        let old = table, oldSize = shardSize
        shardSize = size
        table = HugePageTable(zeroed: size * HashSet64.shardCount)
        shardCounts = Array(repeating: 0, count: HashSet64.shardCount)
        for k in 0..<(oldSize * HashSet64.shardCount) where old.base[k] != 0 { _ = insert(hash: old.base[k]) }
    }
}

/// A map from 64-bit keys to dense `Int32` ids, open-addressed (a Swift `Dictionary` hashes each
/// key with SipHash, several times slower for the millions of lookups joining the reader's parts).
struct DenseIDMap: Sendable {
    private var keys: [UInt64]
    private var ids: [Int32]  // -1: empty slot
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        ids = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// The id of `key`, the next id (`count`) when new.
    mutating func id(_ key: UInt64) -> Int32 {
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        while ids[slot] >= 0 {
            if keys[slot] == key { return ids[slot] }
            slot = (slot + 1) & mask
        }
        let id = Int32(count)
        keys[slot] = key
        ids[slot] = id
        count += 1
        if count * 2 > ids.count { grow() }
        return id
    }

    private mutating func grow() {
        let oldKeys = keys, oldIDs = ids
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        ids = [Int32](repeating: -1, count: oldKeys.count * 2)
        mask = keys.count - 1
        for k in oldKeys.indices where oldIDs[k] >= 0 {
            var slot = Int(truncatingIfNeeded: (oldKeys[k] &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
            while ids[slot] >= 0 { slot = (slot + 1) & mask }
            keys[slot] = oldKeys[k]
            ids[slot] = oldIDs[k]
        }
    }
}
