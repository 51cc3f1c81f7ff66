import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fixed-size storage for a large open-addressed table, backed by transparent huge pages where
/// the system offers them.
///
/// The payment reader's id set and cell table take one lookup per row anywhere in hundreds of MB;
/// with 4 KB pages nearly every lookup also misses the TLB, which cost as much as the cache miss
/// itself. Tables under 4 MB use ordinary memory. Elements must be plain values (no references)
/// whose all-zero bit pattern is the empty slot: fresh mappings are zero already, so a table is
/// never written before use.
final class HugePageTable<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int
    private let mapping: UnsafeMutableRawPointer?
    private let mappedBytes: Int

    /// `count` elements, all bits zero.
    init(zeroed count: Int) {
        self.count = count
        let bytes = count * MemoryLayout<Element>.stride
        let huge = 2 << 20
        var mapping: UnsafeMutableRawPointer?
        var mappedBytes = 0
        if bytes >= 4 << 20 {
            // Over-map by one huge page so that the table can start on a 2 MB boundary.
            mappedBytes = bytes + huge
            if let p = mmap(nil, mappedBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED {
                mapping = p
            }
        }
        if let mapping {
            let aligned = (Int(bitPattern: mapping) + huge - 1) & ~(huge - 1)
            let start = UnsafeMutableRawPointer(bitPattern: aligned)!
            #if os(Linux)
                _ = madvise(start, bytes, Int32(MADV_HUGEPAGE))
            #endif
            base = start.bindMemory(to: Element.self, capacity: count)
        } else {
            let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes), alignment: MemoryLayout<Element>.alignment)
            raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
            base = raw.bindMemory(to: Element.self, capacity: count)
        }
        self.mapping = mapping
        self.mappedBytes = mappedBytes
    }

    func copy() -> HugePageTable {
        let other = HugePageTable(zeroed: count)
        UnsafeMutableRawPointer(other.base).copyMemory(from: base, byteCount: count * MemoryLayout<Element>.stride)
        return other
    }

    deinit {
        if let mapping { munmap(mapping, mappedBytes) } else { base.deallocate() }
    }
}
