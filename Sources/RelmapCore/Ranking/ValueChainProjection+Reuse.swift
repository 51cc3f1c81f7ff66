extension ValueChainProjection {
    /// Whether two graphs have the same projection, so that one's can serve the other: the same
    /// number of entities and the same `supplies` relations (ends and volumes) in the same order.
    /// The projection reads nothing else (not statuses, names or any other relation type), so
    /// this is exact, not a guess. It is what lets the server keep the projection when the
    /// workspace's records change only activities, stages, wins or social ties.
    /// - Complexity: O(m), a comparison per relation: milliseconds where the projection takes
    ///   most of a second.
    static func sameProjection(_ a: Graph, _ b: Graph) -> Bool {
        guard a.entityCount == b.entityCount else { return false }
        let ra = a.relations, rb = b.relations
        var i = 0, j = 0
        while true {
            while i < ra.count && ra.types[i] != .supplies { i += 1 }
            while j < rb.count && rb.types[j] != .supplies { j += 1 }
            guard i < ra.count, j < rb.count else { return i == ra.count && j == rb.count }
            // NaN (no volume) equals NaN here: both fall back to the same median.
            guard ra.sources[i] == rb.sources[j], ra.targets[i] == rb.targets[j],
                ra.weights[i] == rb.weights[j] || (ra.weights[i].isNaN && rb.weights[j].isNaN)
            else { return false }
            i += 1
            j += 1
        }
    }
}
