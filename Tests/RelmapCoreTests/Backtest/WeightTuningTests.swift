import Foundation
import Testing

@testable import RelmapCore

@Suite struct WeightTuningTests {
    /// A generated world, whose wins follow the chain by construction (ClientHistory): tune must
    /// report out of time, never worse on its own objective in sample than where it started, and
    /// write a file that decodes back to the same weights.
    @Test func fitsOnTheTrainingWindowAndReportsOutOfTime() throws {
        let dir = NSTemporaryDirectory() + "relmap-tune-" + UUID().uuidString
        _ = try WorldGenerator(entities: 3000, seed: 11).write(to: dir)
        let g = try GraphLoader.load(dir).graph
        var query = WeightTuning.Query(train: Day(year: 2021, month: 1, day: 1)!, test: Day(year: 2023, month: 1, day: 1)!, k: 50)
        query.fitNegatives = 400  // exercise the thinning
        query.minimumWinsPerIndustry = 2  // a 3,000-entity world has a few dozen wins over some 40 segments
        let result = try WeightTuning.tune(g, query)
        #expect(!result.industries.isEmpty, "train \(result.trainWins) test \(result.testWins)")
        for i in result.industries {
            #expect(i.trainWins >= 2 && i.testWins >= 2 && i.candidates > i.testWins)
            #expect(i.tuned.hits <= Double(min(50, i.testWins)) && i.standard.recall <= 1)
        }
        #expect(zip(result.industries, result.industries.dropFirst()).allSatisfy { $0.testWins >= $1.testWins })
        #expect(result.trainWins > 0 && result.testWins > 0)
        #expect(result.testTuned.asOf == "2023-01-01" && result.testTuned.until == nil)
        #expect(result.testDefault.weights == RankingWeights())
        #expect(result.weights.validationErrors().isEmpty)
        let w = result.weights
        #expect(abs(w.ppr + w.bridge + w.coverage + w.access + w.potential - 1) < 0.01)
        let file = result.weightsFile(.en, tunedOn: Day(year: 2026, month: 12, day: 2)!)
        #expect(file.contains("# Weights written by relmap tune on 2026-12-02"))
        #expect(file.contains("Out of time"))
        #expect(file.contains("In sample, for reference only"))
        // The YAML lines are plain `key: value`; the same values as JSON decode to the weights.
        let pairs = file.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains(": ") }.map { line -> String in
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return "\"\(parts[0])\": " + (Double(parts[1]) != nil ? parts[1] : "\"\(parts[1])\"")
        }
        let decoded = try JSONDecoder().decode(RankingWeights.self, from: Data(("{" + pairs.joined(separator: ",") + "}").utf8))
        #expect(decoded == result.weights)
        #expect(result.table().contains("relmap, tuned weights") && result.markdown(.zh).contains("调优"))
    }

    @Test func trainMustComeBeforeTest() throws {
        let g = try TempGraph(entities: "id,name,status,client_since\nC,甲,client,2020-01-01\n", relations: "source,target,type\n").load()
        #expect(throws: RelmapError.self) {
            try WeightTuning.tune(g, .init(train: Day(year: 2024, month: 1, day: 1)!, test: Day(year: 2023, month: 1, day: 1)!))
        }
    }

    /// When one transform separates the wins and the default does not, the fit finds it.
    @Test func transformsMatterOnlyInCombination() {
        // Single signals rank the same under every monotone transform.
        let values: [Double] = [0, 1, 2, 10, 1000]
        for t in SignalTransform.allCases {
            let v = t.apply(Array(0..<5), n: 5) { values[$0] }
            #expect(v == v.sorted() && v[0] == 0 && abs(v[4] - 1) < 1e-12 || t == .percentile, "\(t) \(v)")
        }
        let share = SignalTransform.share.apply(Array(0..<5), n: 5) { values[$0] }
        #expect(share[3] == 0.01)
        let log = SignalTransform.log.apply(Array(0..<5), n: 5) { values[$0] }
        #expect(abs(log[2] - Foundation.log1p(2.0 / 10) / Foundation.log1p(1000.0 / 10)) < 1e-12)  // median of positives: 10
    }
}
