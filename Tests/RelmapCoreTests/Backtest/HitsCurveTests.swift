import Foundation
import Testing

@testable import RelmapCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct HitsCurveTests {
    /// Scores 5, 4, 4, 4, 1 with wins at the first and one of the tied three: the tie straddles
    /// places 2 to 4, so each of its places holds a third of its win.
    @Test func aTieSharesItsWinsEvenlyAcrossItsPlaces() {
        let curve = HitsCurve.of("m", scores: [5, 4, 4, 4, 1], won: [true, false, true, false, false], limit: 10)
        #expect(curve.hits.count == 5)
        let expected = [1, 1 + 1.0 / 3, 1 + 2.0 / 3, 2, 2]
        for (a, b) in zip(curve.hits, expected) { #expect(abs(a - b) < 1e-12) }
        #expect(abs(curve.precision[1] - (4.0 / 3) / 2) < 1e-12)
    }

    /// The curve is the hits column of `RankingMetrics` at every k, on orders with many ties.
    @Test func everyPointEqualsTheMetricsHitsAtThatK() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<20 {
            let c = 60
            let scores = (0..<c).map { _ in Double(rng.next() % 7) }
            var won = (0..<c).map { _ in rng.next() % 4 == 0 }
            won[0] = true
            won[1] = false
            let curve = HitsCurve.of("m", scores: scores, won: won, limit: 80)
            #expect(curve.hits.count == c)
            for k in 1...c {
                let m = RankingMetrics.evaluate(scores: scores, won: won, k: k)
                #expect(abs(curve.hits[k - 1] - m.hits) < 1e-9, "k = \(k)")
            }
        }
    }

    @Test func randomIsALineToTheShareOfWins() {
        let r = HitsCurve.random(candidates: 200, wins: 10, limit: 100)
        #expect(r.hits.count == 100 && abs(r.hits[99] - 5) < 1e-12)
        #expect(r.precision.allSatisfy { abs($0 - 0.05) < 1e-12 })
        #expect(RankingMetrics.random(candidates: 200, wins: 10, k: 100).hits == r.hits[99])
    }

    @Test func suggestedDayIsAYearBeforeTheLatestWinOrHalfwayThroughAShortHistory() throws {
        let long = try TempGraph(
            entities: "id,name,status,client_since\nA,a,client,2020-01-01\nB,b,client,2023-06-30\nC,c,prospect,\n",
            relations: "source,target,type\nA,C,supplies\n"
        ).load()
        #expect(Backtest.suggestedDay(long) == Day(year: 2022, month: 6, day: 30))
        let short = try TempGraph(
            entities: "id,name,status,client_since\nA,a,client,2023-01-01\nB,b,client,2023-03-02\n",
            relations: "source,target,type\nA,B,supplies\n"
        ).load()
        #expect(Backtest.suggestedDay(short) == Day(year: 2023, month: 1, day: 31))
        let none = try TempGraph(entities: "id,name,status\nA,a,client\nB,b,prospect\n", relations: "source,target,type\nA,B,supplies\n").load()
        #expect(Backtest.suggestedDay(none) == nil)
    }
}

@Suite struct PrecisionChartTests {
    func chart(_ lang: Language = .en) -> String {
        let won = [true, false, true, false, false, true, false, false]
        let curves = [
            HitsCurve.of("relmap", scores: [8, 7, 6, 5, 4, 3, 2, 1], won: won, limit: 8),
            HitsCurve.of("size", scores: [1, 2, 3, 4, 5, 6, 7, 8], won: won, limit: 8),
            HitsCurve.random(candidates: 8, wins: 3, limit: 8)
        ]
        return PrecisionChart(curves: curves, k: 4, language: lang).svg()
    }

    /// The SVG is well-formed XML (a browser shows nothing of a broken one), one line per method.
    @Test func isWellFormedWithOneLinePerMethodAndALegend() throws {
        for lang in [Language.en, .zh] {
            let svg = chart(lang)
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
            #expect(svg.components(separatedBy: "<polyline").count - 1 == 3)
            #expect(svg.contains("k = 4"))
        }
        #expect(chart(.zh).contains("命中率") && chart(.zh).contains("relmap（综合）"))
        #expect(chart(.en).contains("Precision at k"))
    }

    /// The legend reports each method's precision at k, read off its line.
    @Test func pointsFollowThePrecision() {
        let svg = chart()
        // The legend reports each method's precision at k = 4: relmap 2 of 4, size 1 of 4.
        #expect(svg.contains("relmap 50%") && svg.contains("size 25%"))
        #expect(PrecisionChart.niceCeiling(0.37) == 0.5 && PrecisionChart.niceCeiling(0.2) == 0.2 && PrecisionChart.niceCeiling(0.011) == 0.02)
    }
}
