import Foundation

/// The contract's words matched on raw bytes (no `String` per field on the hot path), and the
/// nearest id for an unknown one.
extension TableLoader {
    static func fastKind(_ raw: UnsafeBufferPointer<UInt8>) -> EntityKind? { EntityKind.matching(raw) }
    static func fastStatus(_ raw: UnsafeBufferPointer<UInt8>) -> EntityStatus? { EntityStatus.matching(raw) }
    static func fastType(_ raw: UnsafeBufferPointer<UInt8>) -> RelationType? { RelationType.matching(raw) }

    /// The id nearest to `id` by edit distance, for "did you mean" on an unknown endpoint.
    static func nearestID(_ id: String, _ ids: StringColumn) -> String? {
        let limit = max(1, id.count / 4)
        var best: (Int, Int)?
        for i in 0..<ids.count {
            let candidate = ids[i]
            if abs(candidate.utf8.count - id.utf8.count) > limit { continue }
            let d = Suggest.distance(id, candidate, limit: limit)
            if d <= limit && (best == nil || d < best!.1) { best = (i, d) }
        }
        return best.map { ids[$0.0] }
    }
}
