/// How well one ordering of the candidates found the wins: hits, precision and recall in the top
/// k, ROC AUC and average precision over all candidates (Guides/Backtest.md says what each means).
///
/// Ties are scored as scikit-learn scores them: AUC counts a tied (win, non-win) pair as half
/// right (`roc_auc_score`), average precision steps once per distinct score
/// (`average_precision_score`). At the k-th place a tie is split evenly: the hits are the
/// expected hits of breaking the tie at random, so a method that scores many candidates the same
/// (degree, size with gaps) is neither helped nor hurt by the order of the file.
public struct RankingMetrics: Sendable, Codable, Equatable {
    /// Wins among the top k (expected, when a tie straddles place k).
    public var hits: Double
    /// hits / k.
    public var precision: Double
    /// hits / wins.
    public var recall: Double
    /// Probability that a random win is scored above a random non-win (ties half).
    public var auc: Double
    /// Mean over the wins of the precision at the score of each win.
    public var averagePrecision: Double

    enum CodingKeys: String, CodingKey {
        case hits, precision, recall, auc
        case averagePrecision = "average_precision"
    }

    public init(hits: Double, precision: Double, recall: Double, auc: Double, averagePrecision: Double) {
        self.hits = hits
        self.precision = precision
        self.recall = recall
        self.auc = auc
        self.averagePrecision = averagePrecision
    }

    /// The metrics of `scores` (higher first) against `won`, both indexed by candidate.
    /// Needs at least one win and one non-win (the caller checks).
    /// - Complexity: O(c log c) for c candidates (one sort).
    public static func evaluate(scores: [Double], won: [Bool], k: Int) -> RankingMetrics {
        precondition(scores.count == won.count && !scores.isEmpty)
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let positives = won.reduce(0) { $0 + ($1 ? 1 : 0) }
        let negatives = won.count - positives
        let cut = min(k, scores.count)
        var hits = 0.0, taken = 0
        var tp = 0, fp = 0, recallBefore = 0.0, ap = 0.0
        // Pairs (win above non-win), counted from the top: each non-win ranks below every win
        // scored above it; ties count half.
        var pairs = 0.0
        var i = 0
        while i < order.count {
            var j = i, groupWins = 0
            while j < order.count && scores[order[j]] == scores[order[i]] {
                if won[order[j]] { groupWins += 1 }
                j += 1
            }
            let size = j - i, groupLosses = size - groupWins
            if taken < cut {
                let room = cut - taken
                hits += room >= size ? Double(groupWins) : Double(groupWins) * Double(room) / Double(size)
                taken += min(room, size)
            }
            pairs += Double(groupLosses) * (Double(tp) + 0.5 * Double(groupWins))
            tp += groupWins
            fp += groupLosses
            if positives > 0 {
                let recall = Double(tp) / Double(positives)
                ap += (recall - recallBefore) * Double(tp) / Double(tp + fp)
                recallBefore = recall
            }
            i = j
        }
        return RankingMetrics(
            hits: hits, precision: cut > 0 ? hits / Double(cut) : 0,
            recall: positives > 0 ? hits / Double(positives) : 0,
            auc: positives > 0 && negatives > 0 ? pairs / (Double(positives) * Double(negatives)) : 0.5,
            averagePrecision: ap)
    }

    /// What a random order scores on average: k·w/c hits, AUC 1/2, and the exact expected
    /// average precision (1/c) Σᵢ (1 + (i − 1)(w − 1)/(c − 1)) / i for w wins among c candidates
    /// (a win at place i has, on average, (i − 1)(w − 1)/(c − 1) other wins above it).
    /// - Complexity: O(c).
    public static func random(candidates c: Int, wins w: Int, k: Int) -> RankingMetrics {
        let cut = min(k, c)
        let hits = Double(cut) * Double(w) / Double(c)
        var ap = 0.0
        let other = c > 1 ? Double(w - 1) / Double(c - 1) : 0
        for i in 1...max(1, c) { ap += (1 + Double(i - 1) * other) / Double(i) }
        return RankingMetrics(
            hits: hits, precision: cut > 0 ? hits / Double(cut) : 0, recall: w > 0 ? hits / Double(w) : 0,
            auc: 0.5, averagePrecision: ap / Double(max(1, c)))
    }
}
