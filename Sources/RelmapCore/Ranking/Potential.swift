/// What a candidate could be worth: its `size` (yearly revenue or another size measure) as a
/// percentile among the candidates, in [0, 1]. Sizes are heavy-tailed (a few giants, many small
/// firms), so the score is rank-based: the same as ranking log(size), and immune to one giant
/// squeezing everyone else towards zero.
///
/// A candidate whose size is unknown gets 0 (and its reasons say "size unknown"): the ranking
/// should not promise potential it cannot see.
public struct Potential: Sendable {
    /// Per entity: the size percentile of a candidate, 0 for everyone else.
    public let percentile: [Double]

    public init(percentile: [Double]) { self.percentile = percentile }

    /// Percentile of each listed entity's size among those with a known size: the share of
    /// candidates with a smaller size plus half of those with an equal one (mid-rank), so equal
    /// sizes score equally. Entities not in `candidates` get 0.
    /// - Complexity: O(c log c) for c candidates.
    public static func percentiles(sizes: [Double], candidates: [Int]) -> [Double] {
        var out = [Double](repeating: 0, count: sizes.count)
        let known = candidates.filter { sizes[$0].isFinite && sizes[$0] > 0 }.sorted { sizes[$0] < sizes[$1] }
        let total = Double(candidates.count)
        var i = 0
        while i < known.count {
            var j = i
            while j + 1 < known.count && sizes[known[j + 1]] == sizes[known[i]] { j += 1 }
            let unknownOrZero = Double(candidates.count - known.count)
            // Unknown sizes rank below every known size.
            let p = (unknownOrZero + Double(i) + Double(j - i + 1) / 2) / total
            for k in i...j { out[known[k]] = p }
            i = j + 1
        }
        return out
    }
}
