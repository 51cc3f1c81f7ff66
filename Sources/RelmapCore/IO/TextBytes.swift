#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes of an input text: an array, or a file mapped read-only.
///
/// A million-entity graph is 330 MB of CSV. Reading it into an array has the kernel zero 330 MB of
/// fresh pages and copy the file into them, on one core, before the first byte is parsed (about
/// 0.2 s); a mapping shares the pages the file already sits in (the page cache), and the parsers,
/// which only read, fault them in as they go, on all cores.
public struct TextBytes: Sendable {
    private enum Storage: Sendable {
        case array([UInt8])
        case mapped(Mapping)
    }
    private let storage: Storage
    public let count: Int

    public init(_ bytes: [UInt8]) {
        storage = .array(bytes)
        count = bytes.count
    }

    /// Maps the regular file at `path`; nil when it cannot be mapped (it is empty, or not a
    /// regular file, or mmap fails), and the caller reads it instead.
    ///
    /// A mapped file must not shrink while it is read: reading past its new end is a bus error,
    /// as for every program that maps its input (a file that grows is read to its old end). The
    /// `relmap` command turns that signal into a message and exit status 1.
    public static func mapping(_ path: String) -> TextBytes? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0 else { return nil }
        let size = Int(info.st_size)
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { return nil }
        _ = madvise(base, size, MADV_SEQUENTIAL)
        return TextBytes(storage: .mapped(Mapping(base: UnsafeRawPointer(base), count: size)), count: size)
    }

    private init(storage: Storage, count: Int) {
        self.storage = storage
        self.count = count
    }

    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        switch storage {
        case .array(let bytes):
            return try bytes.withUnsafeBufferPointer(body)
        case .mapped(let mapping):
            return try body(UnsafeBufferPointer(start: mapping.base.assumingMemoryBound(to: UInt8.self), count: count))
        }
    }

    /// The bytes as an array (a copy when mapped).
    public var array: [UInt8] {
        switch storage {
        case .array(let bytes): return bytes
        case .mapped: return withUnsafeBufferPointer { Array($0) }
        }
    }
}

/// A read-only mapping, unmapped with its last owner.
private final class Mapping: Sendable {
    nonisolated(unsafe) let base: UnsafeRawPointer
    let count: Int

    init(base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), count) }
}
