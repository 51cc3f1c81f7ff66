import Foundation
import Testing

/// `relmap backtest` and `relmap tune` end to end on the battery-chain sample.
@Suite struct BacktestCommandTests {
    static let folder = "Graphs/battery-chain"

    @Test func backtestPrintsEveryMethodInEachFormat() throws {
        let json = try RelmapProcess.run(["backtest", Self.folder, "--as-of", "2023-01-01", "--k", "10", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(doc["as_of"] as? String == "2023-01-01" && doc["k"] as? Int == 10)
        #expect(doc["won_after"] as? Int == 13 && doc["candidates"] as? Int == 70)
        let methods = try #require(doc["methods"] as? [String: [String: Double]])
        #expect(Set(methods.keys) == ["relmap", "ppr", "bridge", "coverage", "access", "potential", "degree", "size", "random"])
        let table = try RelmapProcess.run(["backtest", Self.folder, "--as-of", "2023-01-01", "--lang", "zh"])
        #expect(table.stderr.contains("说明："), "notes go to standard error")
        #expect(table.status == 0 && table.stdout.contains("平均精确率") && table.stdout.contains("随机期望"), "\(table.stdout)")
        let md = try RelmapProcess.run(["backtest", Self.folder, "--as-of", "2023-01-01", "--format", "md"])
        #expect(md.status == 0 && md.stdout.hasPrefix("## Backtest") && md.stdout.contains("|---|"))
    }

    @Test func daysWithoutAnswerAndBadOptionsExplainThemselves() throws {
        let early = try RelmapProcess.run(["backtest", Self.folder, "--as-of", "2000-01-01"])
        #expect(early.status == 1 && early.stderr.contains("before every record"), "\(early.stderr)")
        let late = try RelmapProcess.run(["backtest", Self.folder, "--as-of", "2026-01-01"])
        #expect(late.status == 1 && late.stderr.contains("nobody became a client after 2026-01-01"), "\(late.stderr)")
        let bad = try RelmapProcess.run(["backtest", Self.folder, "--as-of", "last year"])
        #expect(bad.status == 2 && bad.stderr.contains("'last year' is not a date"), "\(bad.stderr)")
        let undated = try RelmapProcess.run(["backtest", "Graphs/coffee-roasters", "--as-of", "2024-01-01"])
        #expect(undated.status == 1 && undated.stderr.contains("no entity has a client_since"), "\(undated.stderr)")
        let order = try RelmapProcess.run(["tune", Self.folder, "--train-as-of", "2024-01-01", "--test-as-of", "2023-01-01", "--out", "/tmp/x.yaml"])
        #expect(order.status == 2 && order.stderr.contains("must be before"), "\(order.stderr)")
    }

    /// The weights file tune writes is one `next --weights` and `backtest --weights` read.
    @Test func tuneWritesAWeightsFileNextReads() throws {
        let dir = try RelmapProcess.temporaryFolder()
        let weights = dir + "/weights.yaml"
        let tune = try RelmapProcess.run([
            "tune", Self.folder, "--train-as-of", "2023-01-01", "--test-as-of", "2024-01-01",
            "--k", "10", "--out", weights
        ])
        #expect(tune.status == 0, "\(tune.stderr)")
        #expect(tune.stdout.contains("Out of time") && tune.stdout.contains("relmap, tuned weights"), "\(tune.stdout)")
        #expect(tune.stdout.contains("By industry: no industry has at least 30 wins"), "a small book states the minimum")
        let file = try String(contentsOfFile: weights, encoding: .utf8)
        #expect(file.contains("# Weights written by relmap tune") && file.contains("ppr_transform:"))
        let next = try RelmapProcess.run(["next", Self.folder, "--weights", weights, "--top", "3"])
        #expect(next.status == 0, "\(next.stderr)")
        let again = try RelmapProcess.run(["backtest", Self.folder, "--as-of", "2024-01-01", "--k", "10", "--weights", weights, "--format", "json"])
        #expect(again.status == 0, "\(again.stderr)")
        let badTransform = dir + "/bad.yaml"
        try RelmapProcess.write("ppr: 1\nppr_transform: cube\n", to: badTransform)
        let bad = try RelmapProcess.run(["next", Self.folder, "--weights", badTransform])
        #expect(bad.status == 1 && bad.stderr.contains("percentile, log or share"), "\(bad.stderr)")
    }
}
