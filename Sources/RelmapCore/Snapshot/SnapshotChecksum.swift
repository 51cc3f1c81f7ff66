/// The 64-bit checksum of a snapshot's sections and the content hash of its input files.
///
/// Why not CRC32 or swift-crypto: RelmapCore depends only on Yams, a CRC32 in plain Swift runs a
/// byte at a time (under 1 GB/s), and a cryptographic hash is not needed: the snapshot guards
/// against torn writes, bit rot and edited inputs, not against someone forging a file in the cache
/// (anyone who can write there can also write the inputs). This is an xxHash64-style hash (not
/// bit-compatible with xxHash): four independent 64-bit lanes of multiply-rotate over 32-byte
/// stripes, so the CPU keeps four multiplies in flight, several GB/s on one core; a single flipped
/// bit changes the result with probability 1 - 2^-64 for practical purposes.
public enum SnapshotChecksum {
    static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let p3: UInt64 = 0x1656_67B1_9E37_79F9
    static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63

    @inline(__always) static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }
    @inline(__always) static func round(_ acc: UInt64, _ w: UInt64) -> UInt64 { rotl(acc &+ w &* p2, 31) &* p1 }

    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let n = bytes.count
        var h: UInt64
        var i = 0
        if let base = bytes.baseAddress, n >= 32 {
            var a = seed &+ p1 &+ p2, b = seed &+ p2, c = seed, d = seed &- p1
            while i + 32 <= n {
                a = round(a, base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                b = round(b, base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
                c = round(c, base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self))
                d = round(d, base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))
                i += 32
            }
            h = rotl(a, 1) &+ rotl(b, 7) &+ rotl(c, 12) &+ rotl(d, 18)
            for lane in [a, b, c, d] { h = (h ^ round(0, lane)) &* p1 &+ p4 }
        } else {
            h = seed &+ p4
        }
        h = h &+ UInt64(n)
        if let base = bytes.baseAddress {
            while i + 8 <= n {
                h ^= round(0, base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                h = rotl(h, 27) &* p1 &+ p4
                i += 8
            }
            while i < n {
                h ^= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) &* p4
                h = rotl(h, 11) &* p1
                i += 1
            }
        }
        h ^= h >> 33
        h = h &* p2
        h ^= h >> 29
        h = h &* p3
        return h ^ (h >> 32)
    }

    public static func hash(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { hash($0) } }
}
