/// Which entities on a map to mark as the best targets.
///
/// Stand-in until the expansion ranking (issue 3) is on main: a target's score is its yearly
/// `supplies` volume, both directions, with entities that bank with us. That is the money our
/// clients already move to or from it, the core of chain marketing (顺链拓客), but it ignores
/// introducers, size and cost to win, which the full ranking weighs.
public enum MapTargets {
    /// Ranks 1...`top` for the non-clients among `candidates` with the most trade with clients;
    /// entities with no such trade are never ranked. Ties go to the earlier entity.
    /// - Complexity: O(sum of degrees of the candidates + c log c).
    public static func rankByClientTrade(_ graph: Graph, candidates: [Int], top: Int) -> [Int: Int] {
        guard top > 0 else { return [:] }
        let statuses = graph.entities.statuses, weights = graph.relations.weights
        var scored: [(entity: Int, score: Double)] = []
        for v in Set(candidates).sorted() where statuses[v] != .client {
            var score = 0.0
            graph.forEachNeighbor(of: v, types: .supplies, direction: .both) { n, r in
                if statuses[n] == .client, !weights[r].isNaN { score += weights[r] }
            }
            if score > 0 { scored.append((v, score)) }
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.entity < $1.entity }
        var ranks: [Int: Int] = [:]
        for (i, s) in scored.prefix(top).enumerated() { ranks[s.entity] = i + 1 }
        return ranks
    }
}
