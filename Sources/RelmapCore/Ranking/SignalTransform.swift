import Foundation

/// How a raw signal is put on the [0, 1] scale the composite score averages (Guides/Ranking.md,
/// "Making signals comparable"; Guides/Backtest.md for how to choose).
///
/// - `percentile`: the mid-rank percentile among the candidates (0 stays 0). Immune to a giant
///   squeezing everyone else, but it flattens the head: the best candidate and the thousandth
///   differ by a thousandth, whatever their raw values.
/// - `log`: `log(1 + v/m) / log(1 + max/m)`, m the median positive value among the candidates.
///   Keeps orders of magnitude apart at the head and compresses the tail.
/// - `share`: `v / max`, the candidate's share of the best candidate's value (for `ppr`, its share
///   of the seed mass relative to the top). Linear: a candidate with half the mass scores half.
public enum SignalTransform: String, Sendable, Codable, CaseIterable {
    case percentile, log, share

    /// The transformed value of every entity in `candidates` (others 0), from non-negative values.
    /// - Complexity: O(c log c) for c candidates (a sort for `percentile` and for the median).
    public func apply(_ candidates: [Int], n: Int, _ value: (Int) -> Double) -> [Double] {
        switch self {
        case .percentile:
            return ExpansionRanking.percentile(candidates, n: n, value)
        case .share, .log:
            var out = [Double](repeating: 0, count: n)
            var top = 0.0
            var positive: [Double] = []
            for c in candidates {
                let v = value(c)
                guard v > 0 && v.isFinite else { continue }
                out[c] = v
                top = max(top, v)
                if self == .log { positive.append(v) }
            }
            guard top > 0 else { return out }
            if self == .share {
                for c in candidates { out[c] /= top }
                return out
            }
            positive.sort()
            let m = positive[positive.count / 2]
            let denominator = Foundation.log1p(top / m)
            for c in candidates where out[c] > 0 { out[c] = Foundation.log1p(out[c] / m) / denominator }
            return out
        }
    }
}

/// The five signals of every candidate before they are weighted (`ExpansionRanking.signals`).
public struct SignalTable: Sendable {
    public var seeds: [Int]
    /// Every company that is not a client, in index order (before filters).
    public var candidates: [Int]
    public var entityCount: Int
    /// Entity sizes (NaN when unknown).
    public var sizes: [Double]
    public var ppr: [Double]
    public var bridge: [Double]
    public var bridgeError: [Double]?
    public var coverage: ChainCoverage
    public var access: IntroductionAccess
    /// Size percentile among the candidates: the quadrant and the reasons use it whatever the
    /// transform of the `potential` term.
    public var potentialPercentile: [Double]
    public var notes: [String]
    public var timings: [String: Double]
    /// The L1 bound of `ppr` when the local push estimated it; nil when exact.
    public var pprErrorBound: Double? = nil

    /// Coverage as one number (`ChainCoverage.value`).
    public func coverageValue(_ c: Int) -> Double { coverage.value(c) }

    /// The signals on comparable scales, by the transforms `weights` names. Computed over all
    /// candidates, so that filters do not move scores.
    /// - Complexity: O(c log c) for c candidates; the chain signals are scaled side by side.
    public func scaled(_ weights: RankingWeights) -> ScaledSignals {
        let n = entityCount, all = candidates, ppr = ppr, bridge = bridge, sizes = sizes
        let t = weights.transforms
        let pprScale = Background { t.ppr.apply(all, n: n) { ppr[$0] } }
        let bridgeScale = Background { t.bridge.apply(all, n: n) { bridge[$0] } }
        let coverage = t.coverage.apply(all, n: n) { coverageValue($0) }
        let potential =
            t.potential == .percentile
            ? potentialPercentile
            : t.potential.apply(all, n: n) { sizes[$0].isFinite ? max(0, sizes[$0]) : 0 }
        return ScaledSignals(
            ppr: pprScale.value, bridge: bridgeScale.value, coverage: coverage,
            access: access.strength, potential: potential)
    }
}

/// The signals of each entity on [0, 1] scales; `composite` weighs them.
public struct ScaledSignals: Sendable {
    public var ppr, bridge, coverage, access, potential: [Double]

    /// The weighted mean of candidate `c`'s scaled signals: its score in `relmap next`.
    @inline(__always)
    public func composite(_ c: Int, _ w: RankingWeights) -> Double {
        let total = max(w.ppr + w.bridge + w.coverage + w.access + w.potential, 1e-12)
        return
            (w.ppr * ppr[c] + w.bridge * bridge[c] + w.coverage * coverage[c]
            + w.access * access[c] + w.potential * potential[c]) / total
    }
}
