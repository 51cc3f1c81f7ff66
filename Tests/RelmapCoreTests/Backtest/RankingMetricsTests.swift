import Foundation
import Testing

@testable import RelmapCore

/// Fixtures written by Scripts/backtest_reference.py (scikit-learn).
struct MetricsFixture: Decodable {
    struct Expected: Decodable {
        var hits: Double
        var auc: Double
        var average_precision: Double
    }
    struct Case: Decodable {
        var name: String
        var k: Int
        var scores: [Double]
        var won: [Int]
        var expected: Expected
    }
    struct Random: Decodable {
        var candidates: Int
        var wins: Int
        var average_precision: Double
    }
    var cases: [Case]
    var random: [Random]

    static func data(_ name: String) throws -> Data {
        let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        return try Data(contentsOf: root.appendingPathComponent("backtest/\(name).json"))
    }
}

@Suite struct RankingMetricsTests {
    @Test func matchesScikitLearnWithTies() throws {
        let fixture = try JSONDecoder().decode(MetricsFixture.self, from: MetricsFixture.data("metrics"))
        #expect(fixture.cases.count >= 5)
        for c in fixture.cases {
            let m = RankingMetrics.evaluate(scores: c.scores, won: c.won.map { $0 == 1 }, k: c.k)
            #expect(abs(m.auc - c.expected.auc) < 1e-12, "\(c.name) auc \(m.auc) sklearn \(c.expected.auc)")
            #expect(abs(m.averagePrecision - c.expected.average_precision) < 1e-12, "\(c.name) ap")
            #expect(abs(m.hits - c.expected.hits) < 1e-9, "\(c.name) hits \(m.hits) reference \(c.expected.hits)")
            let wins = Double(c.won.reduce(0, +))
            #expect(abs(m.precision - m.hits / Double(min(c.k, c.scores.count))) < 1e-12)
            #expect(abs(m.recall - m.hits / wins) < 1e-12)
        }
    }

    @Test func randomExpectationIsTheMeanOverEveryOrder() throws {
        let fixture = try JSONDecoder().decode(MetricsFixture.self, from: MetricsFixture.data("metrics"))
        for r in fixture.random {
            let m = RankingMetrics.random(candidates: r.candidates, wins: r.wins, k: 2)
            #expect(abs(m.averagePrecision - r.average_precision) < 1e-12, "\(r)")
            #expect(m.auc == 0.5)
            #expect(abs(m.hits - 2 * Double(r.wins) / Double(r.candidates)) < 1e-12)
        }
    }

    @Test func perfectAndReversedOrders() {
        let won = [true, true, false, false, false]
        let perfect = RankingMetrics.evaluate(scores: [5, 4, 3, 2, 1], won: won, k: 2)
        #expect(perfect.hits == 2 && perfect.auc == 1 && perfect.averagePrecision == 1 && perfect.recall == 1)
        let reversed = RankingMetrics.evaluate(scores: [1, 2, 3, 4, 5], won: won, k: 2)
        #expect(reversed.hits == 0 && reversed.auc == 0)
        // All tied: every order equally likely, so k·w/c hits and AUC 1/2.
        let tied = RankingMetrics.evaluate(scores: [1, 1, 1, 1, 1], won: won, k: 2)
        #expect(abs(tied.hits - 0.8) < 1e-12 && tied.auc == 0.5)
        // k beyond the list: precision over the whole list.
        let all = RankingMetrics.evaluate(scores: [5, 4, 3, 2, 1], won: won, k: 100)
        #expect(all.hits == 2 && abs(all.precision - 0.4) < 1e-12)
    }
}
