/// Wins found in the first k places of one method's order, for every k up to a limit: the line a
/// lead reads to see where a method stops finding wins (an RM works through 20 targets, a campaign
/// through 200), which one figure at one k cannot show.
///
/// Ties are split as `RankingMetrics` splits them at place k: a group of tied candidates that
/// straddles place k contributes its wins in proportion to the places it fills, the expected hits of
/// breaking the tie at random. So `hits[k - 1]` equals `RankingMetrics.evaluate(..., k: k).hits`.
public struct HitsCurve: Sendable, Equatable, Codable {
    public var method: String
    /// `hits[k - 1]`: (expected) wins among the first k, for k = 1 ... limit (at most the candidates).
    public var hits: [Double]

    public init(method: String, hits: [Double]) {
        self.method = method
        self.hits = hits
    }

    /// Precision at every k: hits / k.
    public var precision: [Double] { hits.enumerated().map { $1 / Double($0 + 1) } }

    /// The curve of `scores` (higher first) against `won`, both indexed by candidate.
    /// - Complexity: O(c log c) for c candidates (one sort), then O(limit).
    public static func of(_ method: String, scores: [Double], won: [Bool], limit: Int) -> HitsCurve {
        precondition(scores.count == won.count)
        let cut = min(limit, scores.count)
        guard cut > 0 else { return HitsCurve(method: method, hits: []) }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var hits = [Double](repeating: 0, count: cut)
        var before = 0.0, i = 0
        while i < cut {
            var j = i, groupWins = 0
            while j < order.count && scores[order[j]] == scores[order[i]] {
                if won[order[j]] { groupWins += 1 }
                j += 1
            }
            // Inside a tie every place holds the same share of its wins.
            let share = Double(groupWins) / Double(j - i)
            for place in i..<min(j, cut) { hits[place] = before + share * Double(place - i + 1) }
            before += Double(groupWins)
            i = j
        }
        return HitsCurve(method: method, hits: hits)
    }

    /// A random order's expectation: k · w / c at every k.
    public static func random(candidates c: Int, wins w: Int, limit: Int) -> HitsCurve {
        let cut = min(limit, c)
        return HitsCurve(method: "random", hits: (0..<max(0, cut)).map { Double($0 + 1) * Double(w) / Double(c) })
    }
}

extension Backtest {
    /// Every method's hits curve up to `limit` places, in `methods` order (random last).
    /// - Complexity: O(c log c) per method, two methods at a time.
    public static func curves(_ p: Prepared, weights: RankingWeights, limit: Int) -> [HitsCurve] {
        let methods = scores(p, weights: weights), won = p.won
        let curves = methods.concurrentMap { HitsCurve.of($0.name, scores: $0.scores, won: won, limit: limit) }
        return curves + [HitsCurve.random(candidates: won.count, wins: p.wins, limit: limit)]
    }
}
