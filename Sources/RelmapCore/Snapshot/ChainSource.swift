import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A graph's value-chain projection, in hand or still in the graph's snapshot. Read on first use:
/// a command that never ranks (a map, a chain question) does not copy the 183 MB a million
/// entities' projection takes, and one that ranks reads it instead of deriving it.
///
/// A snapshot replaced since the graph was read from it (another process rebuilt it) is not the
/// graph's any more: its table checksum differs, nothing is read, and the ranking derives the
/// projection. A projection that fails its section checksums or its structure checks is never
/// used either: the ranking derives it, and the snapshot is removed so that the next load writes a
/// good one.
public final class ChainSource: Sendable {
    private enum Origin: Sendable {
        case inHand
        case snapshot(path: String, checksum: UInt64, entityCount: Int)
    }
    private let origin: Origin
    private let read = Mutex<ValueChainProjection??>(nil)

    public init(_ projection: ValueChainProjection) {
        origin = .inHand
        read.withLock { $0 = .some(projection) }
    }

    init(snapshot path: String, checksum: UInt64, entityCount: Int) {
        origin = .snapshot(path: path, checksum: checksum, entityCount: entityCount)
    }

    /// The projection; nil when the snapshot no longer holds this graph's, or is damaged.
    public var projection: ValueChainProjection? {
        read.withLock { state in
            if let done = state { return done }
            guard case .snapshot(let path, let checksum, let n) = origin else { return nil }
            var damaged = false
            let loaded = try? SnapshotReader.open(path) { reader -> ValueChainProjection? in
                guard reader.checksum == checksum else { return nil }
                do {
                    return try reader.chain(entityCount: n)
                } catch {
                    damaged = true
                    throw error
                }
            }
            // The very file the graph was read from, with a projection that fails its checksum or
            // its structure: never used, and removed, so that the next load rebuilds it.
            if damaged { unlink(path) }
            state = .some(loaded ?? nil)
            return loaded ?? nil
        }
    }
}
