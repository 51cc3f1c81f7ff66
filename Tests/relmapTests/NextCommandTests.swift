import Foundation
import Testing

/// `relmap next` end to end on the battery-chain sample, as an RM runs it.
@Suite struct NextCommandTests {
    static let folder = "Graphs/battery-chain"

    @Test func ranksAnRMsBookAsJSONWithEverySignal() throws {
        let r = try RelmapProcess.run(["next", Self.folder, "--rm", "RM01", "--top", "5", "--explain", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 5)
        let scores = rows.compactMap { $0["score"] as? Double }
        #expect(scores.count == 5 && zip(scores, scores.dropFirst()).allSatisfy { $0 >= $1 })
        for row in rows {
            let signals = try #require(row["signals"] as? [String: Any])
            #expect(Set(signals.keys).isSuperset(of: ["ppr", "bridge", "coverage", "access", "potential"]))
            #expect(row["id"] is String && row["name"] is String && row["quadrant"] is String)
            #expect(!((row["reasons"] as? [String]) ?? []).isEmpty)
        }
    }

    @Test func badOptionsAndUnknownBooksExplainThemselves() throws {
        let samples = try RelmapProcess.run(["next", Self.folder, "--bridge-samples", "0"])
        #expect(samples.status == 2 && samples.stderr.contains("--bridge-samples must be at least 1"), "\(samples.stderr)")
        let unknown = try RelmapProcess.run(["next", Self.folder, "--rm", "NOBODY"])
        #expect(unknown.status == 1 && unknown.stderr.contains("unknown RM 'NOBODY'"), "\(unknown.stderr)")
    }
}
