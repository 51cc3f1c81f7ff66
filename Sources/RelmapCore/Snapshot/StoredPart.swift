import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Something derived from the graph alone (its value-chain projection, its tie strengths), in
/// hand or still in the graph's snapshot, read on first use: a command that never ranks (a map,
/// a chain question) does not copy the 183 MB a million entities' projection takes, and one that
/// ranks reads it instead of deriving it.
///
/// A snapshot replaced since the graph was read from it (another process rebuilt it) is not the
/// graph's any more: its table checksum differs, nothing is read, and the caller derives the
/// part. A part that fails its section checksums or its structure checks is never used either:
/// the caller derives it, and the snapshot is removed so that the next load writes a good one.
public final class StoredPart<Value: Sendable>: Sendable {
    private enum Origin: Sendable {
        case inHand
        case snapshot(path: String, checksum: UInt64, read: @Sendable (SnapshotReader) throws -> Value)
    }
    private let origin: Origin
    private let read = Mutex<Value??>(nil)

    public init(_ value: Value) {
        origin = .inHand
        read.withLock { $0 = .some(value) }
    }

    /// - Parameter read: reads and checks the part; throws `SnapshotProblem` when it is damaged.
    init(snapshot path: String, checksum: UInt64, read: @escaping @Sendable (SnapshotReader) throws -> Value) {
        origin = .snapshot(path: path, checksum: checksum, read: read)
    }

    /// The part; nil when the snapshot no longer holds this graph's, or is damaged.
    public var value: Value? {
        read.withLock { state in
            if let done = state { return done }
            guard case .snapshot(let path, let checksum, let readPart) = origin else { return nil }
            var damaged = false
            let loaded = try? SnapshotReader.open(path) { reader -> Value? in
                guard reader.checksum == checksum else { return nil }
                do {
                    return try readPart(reader)
                } catch {
                    damaged = true
                    throw error
                }
            }
            // The very file the graph was read from, with a part that fails its checksum or its
            // structure: never used, and removed, so that the next load rebuilds it.
            if damaged { unlink(path) }
            state = .some(loaded ?? nil)
            return loaded ?? nil
        }
    }
}

/// The graph's value-chain projection (sections 80 to 87).
public typealias ChainSource = StoredPart<ValueChainProjection>

extension StoredPart where Value == ValueChainProjection {
    /// The projection; nil when the snapshot no longer holds this graph's, or is damaged.
    public var projection: ValueChainProjection? { value }

    convenience init(snapshot path: String, checksum: UInt64, entityCount n: Int) {
        self.init(snapshot: path, checksum: checksum) { try $0.chain(entityCount: n) }
    }
}

/// Every relation's tie strength as given or defaulted, before any aging (section 90).
public typealias TieStrengthSource = StoredPart<[Double]>
