import Foundation

/// The contract's words matched on raw bytes (no `String` per field on the hot path), and the
/// nearest id for an unknown one.
extension TableLoader {
    @inline(__always)
    static func fastKind(_ raw: UnsafeBufferPointer<UInt8>) -> EntityKind? {
        if equal(raw, "company") { return .company }
        if equal(raw, "person") { return .person }
        if equal(raw, "institution") { return .institution }
        return nil
    }

    @inline(__always)
    static func fastStatus(_ raw: UnsafeBufferPointer<UInt8>) -> EntityStatus? {
        if equal(raw, "prospect") { return .prospect }
        if equal(raw, "client") { return .client }
        if equal(raw, "other_bank") { return .otherBank }
        if equal(raw, "former") { return .former }
        return nil
    }

    /// The relation type from exact lowercase ASCII bytes, without making a `String`.
    @inline(__always)
    static func fastType(_ raw: UnsafeBufferPointer<UInt8>) -> RelationType? {
        guard let first = raw.first else { return nil }
        switch (first, raw.count) {
        case (0x73, 8): return equal(raw, "supplies") ? .supplies : nil
        case (0x6F, 4): return equal(raw, "owns") ? .owns : nil
        case (0x67, 10): return equal(raw, "guarantees") ? .guarantees : nil
        case (0x72, 6): return equal(raw, "refers") ? .refers : nil
        case (0x6B, 5): return equal(raw, "knows") ? .knows : nil
        case (0x77, 8): return equal(raw, "works_at") ? .worksAt : nil
        case (0x6D, 9): return equal(raw, "member_of") ? .memberOf : nil
        default: return nil
        }
    }

    static func equal(_ raw: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard raw.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<raw.count where raw[k] != w[k] { return false }
        return true
    }

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
