import Foundation

/// Fits the composite's weights and signal transforms to the bank's own history, and reports them
/// out of time: chosen on the ranking of `train` (D1) against the wins between D1 and D2, judged on
/// the ranking of D2 against the wins after D2, beside the default weights on the same day. The
/// figures it was chosen on are in-sample and are labelled so; the result is the out-of-time one.
///
/// The objective is average precision over all candidates (every win counts, not only those near
/// the cut-off, which a small book needs). The search is coordinate ascent from the default: each
/// round tries every transform of each signal (`SignalTransform`) and a ladder of values for each
/// weight (weights stay non-negative and are rescaled to sum to 1), keeping a change only when it
/// raises the objective by more than 1e-4 (no chasing noise), until a round changes nothing (at
/// most 6 rounds). The quadrant thresholds do not move the order and are not fitted.
///
/// For speed the fit scores every win and at most `fitNegatives` non-wins (an even, deterministic
/// thinning); every reported figure uses all candidates.
public enum WeightTuning {
    public struct Query: Sendable {
        public var train: Day
        public var test: Day
        public var k = 100
        public var start = RankingWeights()
        public var fitNegatives = 50_000
        /// An industry is reported on its own only with at least this many wins in the training
        /// window and after the test day: fewer, and one win more or less moves its figures more
        /// than the weights do (Guides/Backtest.md, small books).
        public var minimumWinsPerIndustry = 30
        public var language = Language.en
        public init(train: Day, test: Day, k: Int = 100) {
            self.train = train
            self.test = test
            self.k = k
        }
    }

    /// - Throws: `RelmapError.usage` when D1 is not before D2; what `Backtest.prepare` throws for
    ///   either day.
    /// - Complexity: two `ExpansionRanking.signals`, then O(r · 42 · f log f) for r rounds over f fit
    ///   candidates, then two evaluations on all candidates.
    public static func tune(_ graph: Graph, _ query: Query) throws -> TuneResult {
        let text = BacktestText(query.language)
        guard query.train < query.test else { throw RelmapError.usage(text.trainTestOrder(query.train, query.test)) }
        var clock = DispatchTime.now().uptimeNanoseconds
        var timings: [String: Double] = [:]
        func lap(_ stage: String) {
            let now = DispatchTime.now().uptimeNanoseconds
            timings[stage] = Double(now - clock) / 1e9
            clock = now
        }
        var trainQuery = Backtest.Query(asOf: query.train, until: query.test, k: query.k, weights: query.start)
        trainQuery.language = query.language
        var testQuery = Backtest.Query(asOf: query.test, k: query.k, weights: query.start)
        testQuery.language = query.language
        let train = try Backtest.prepare(graph, trainQuery)
        lap("training day: as-of graph and signals")
        let test = try Backtest.prepare(graph, testQuery)
        lap("test day: as-of graph and signals")

        let (weights, trace) = fit(train, start: query.start, fitNegatives: query.fitNegatives)
        lap("fit")
        let inSampleTuned = Backtest.evaluateComposite(train, weights: weights, k: query.k)
        let inSampleDefault = Backtest.evaluateComposite(train, weights: query.start, k: query.k)
        let tuned = Backtest.evaluate(test, weights: weights, k: query.k, language: query.language)
        let standard = Backtest.evaluate(test, weights: query.start, k: query.k, language: query.language)
        let industries = byIndustry(
            train: train, test: test, tuned: weights, standard: query.start, k: query.k,
            minimum: query.minimumWinsPerIndustry)
        lap("evaluation")
        return TuneResult(
            train: query.train.description, test: query.test.description, k: query.k,
            weights: weights, startWeights: query.start,
            test_: tuned, testDefault: standard,
            inSample: inSampleTuned, inSampleDefault: inSampleDefault,
            trainWins: train.wins, testWins: test.wins, industries: industries,
            minimumWinsPerIndustry: query.minimumWinsPerIndustry, steps: trace, timings: timings)
    }

    /// The out-of-time result of tuned and default weights within each industry that has enough
    /// wins in both windows, most wins first: the same weights, judged on that industry's
    /// candidates and wins only.
    /// - Complexity: O(c log c) over the test day's candidates.
    static func byIndustry(
        train: Backtest.Prepared, test: Backtest.Prepared, tuned: RankingWeights, standard: RankingWeights,
        k: Int, minimum: Int
    ) -> [TuneResult.Industry] {
        func winsByIndustry(_ p: Backtest.Prepared) -> [String: Int] {
            let e = p.asOf.graph.entities
            var out: [String: Int] = [:]
            for (row, c) in p.table.candidates.enumerated() where p.won[row] { out[e.industry(c), default: 0] += 1 }
            return out
        }
        let trainWins = winsByIndustry(train), testWins = winsByIndustry(test)
        let chosen = testWins.filter { !$0.key.isEmpty && $0.value >= minimum && (trainWins[$0.key] ?? 0) >= minimum }
        guard !chosen.isEmpty else { return [] }
        let e = test.asOf.graph.entities, cs = test.table.candidates
        let tunedScaled = test.table.scaled(tuned), standardScaled = test.table.scaled(standard)
        let tunedScores = cs.map { tunedScaled.composite($0, tuned) }, standardScores = cs.map { standardScaled.composite($0, standard) }
        return chosen.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.compactMap { industry, wins in
            let rows = cs.indices.filter { e.industry(cs[$0]) == industry }
            guard rows.count > wins else { return nil }
            let won = rows.map { test.won[$0] }
            return TuneResult.Industry(
                name: industry, candidates: rows.count, trainWins: trainWins[industry] ?? 0, testWins: wins,
                tuned: RankingMetrics.evaluate(scores: rows.map { tunedScores[$0] }, won: won, k: k),
                standard: RankingMetrics.evaluate(scores: rows.map { standardScores[$0] }, won: won, k: k))
        }
    }

    /// Coordinate ascent on the training day's average precision. Returns the weights and the
    /// accepted steps, in words.
    static func fit(_ p: Backtest.Prepared, start: RankingWeights, fitNegatives: Int) -> (RankingWeights, [String]) {
        // The candidates the fit scores: every win, and an even thinning of the rest.
        let negatives = p.won.indices.filter { !p.won[$0] }
        let stride = max(1, (negatives.count + fitNegatives - 1) / max(1, fitNegatives))
        let rows = (p.won.indices.filter { p.won[$0] } + Swift.stride(from: 0, to: negatives.count, by: stride).map { negatives[$0] }).sorted()
        let won = rows.map { p.won[$0] }
        let cs = rows.map { p.table.candidates[$0] }
        // Every signal under every transform, on the fit rows, computed once.
        var scaledBy: [SignalTransform: ScaledSignals] = [:]
        for t in SignalTransform.allCases {
            var w = RankingWeights()
            w.transforms = .init(ppr: t, bridge: t, coverage: t, potential: t)
            scaledBy[t] = p.table.scaled(w)
        }
        func objective(_ w: RankingWeights) -> Double {
            let total = max(w.ppr + w.bridge + w.coverage + w.access + w.potential, 1e-12)
            let ppr = scaledBy[w.transforms.ppr]!.ppr, bridge = scaledBy[w.transforms.bridge]!.bridge
            let coverage = scaledBy[w.transforms.coverage]!.coverage, potential = scaledBy[w.transforms.potential]!.potential
            let access = p.table.access.strength
            let scores = cs.map { c in
                (w.ppr * ppr[c] + w.bridge * bridge[c] + w.coverage * coverage[c] + w.access * access[c] + w.potential * potential[c]) / total
            }
            return RankingMetrics.evaluate(scores: scores, won: won, k: 1).averagePrecision
        }
        var best = start, bestValue = objective(start)
        var trace: [String] = [String(format: "start: average precision %.4f on the training window (fit sample)", bestValue)]
        let transformKeys: [(String, WritableKeyPath<RankingWeights.Transforms, SignalTransform>)] =
            [("ppr", \.ppr), ("bridge", \.bridge), ("coverage", \.coverage), ("potential", \.potential)]
        let weightKeys: [(String, WritableKeyPath<RankingWeights, Double>)] =
            [("ppr", \.ppr), ("bridge", \.bridge), ("coverage", \.coverage), ("access", \.access), ("potential", \.potential)]
        for _ in 0..<6 {
            var changed = false
            for (name, key) in transformKeys {
                for t in SignalTransform.allCases where t != best.transforms[keyPath: key] {
                    var w = best
                    w.transforms[keyPath: key] = t
                    let v = objective(w)
                    if v > bestValue + 1e-4 {
                        best = w
                        bestValue = v
                        changed = true
                        trace.append(String(format: "\(name)_transform = \(t.rawValue): %.4f", v))
                    }
                }
            }
            for (name, key) in weightKeys {
                let current = best[keyPath: key]
                let ladder = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8] + [current * 0.5, current * 2]
                for value in ladder where abs(value - current) > 1e-9 {
                    var w = best
                    w[keyPath: key] = value
                    guard w.ppr + w.bridge + w.coverage + w.access + w.potential > 0 else { continue }
                    let v = objective(w)
                    if v > bestValue + 1e-4 {
                        best = w
                        bestValue = v
                        changed = true
                        trace.append(String(format: "\(name) = %.3f: %.4f", value, v))
                    }
                }
            }
            if !changed { break }
        }
        // Weights as shares of 1, rounded for a file a person reads.
        let total = best.ppr + best.bridge + best.coverage + best.access + best.potential
        for (_, key) in weightKeys { best[keyPath: key] = (best[keyPath: key] / total * 1000).rounded() / 1000 }
        // A signal the fit switched off keeps the default transform: its transform chose nothing.
        let defaults = RankingWeights.Transforms()
        for (name, key) in transformKeys where best[keyPath: weightKeys.first { $0.0 == name }!.1] == 0 {
            best.transforms[keyPath: key] = defaults[keyPath: key]
        }
        return (best, trace)
    }
}

extension RankingWeights.Transforms {
    public init(ppr: SignalTransform, bridge: SignalTransform, coverage: SignalTransform, potential: SignalTransform) {
        self.ppr = ppr
        self.bridge = bridge
        self.coverage = coverage
        self.potential = potential
    }
}
