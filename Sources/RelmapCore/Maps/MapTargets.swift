/// Which entities on a map to mark as the best targets.
///
/// `rankByExpansion` marks them by the expansion ranking (`relmap next`, Guides/Ranking.md) seeded
/// by the map's own focus. `rankByClientTrade` is the plain alternative: yearly `supplies` volume
/// with entities that bank with us, ignoring introducers, size and cost to win.
public enum MapTargets {
    /// Ranks 1...`top` for the candidates on the map in the order of `ExpansionRanking`, seeded by
    /// the focus: a client's own chain, an RM's book, or all clients for an industry.
    public static func rankByExpansion(_ graph: Graph, focus: IndustryMap.Focus, candidates: [Int], top: Int) throws -> [Int: Int] {
        guard top > 0 else { return [:] }
        let seeds: ExpansionRanking.SeedSelection
        switch focus {
        case .entity(let v) where graph.entities.status(v) == .client: seeds = .clients([graph.entities.id(v)])
        case .rm(let rm): seeds = .rm(rm)
        default: seeds = .allClients
        }
        let onMap = Set(candidates)
        let result = try ExpansionRanking.rank(graph, .init(seeds: seeds, top: nil))
        var ranks: [Int: Int] = [:]
        for c in result.candidates {
            guard ranks.count < top, let v = graph.index(ofID: c.id), onMap.contains(v) else { continue }
            ranks[v] = ranks.count + 1
        }
        return ranks
    }

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
