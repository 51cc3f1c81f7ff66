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

/// Exit codes are decided in one place: every bad input file is bad data (1), bad usage is 2.
@Suite struct ExitCodeTests {
    @Test func badWeightsFileIsBadDataLikeEveryOtherFile() throws {
        let dir = try RelmapProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try RelmapProcess.write("ppr: 0.3\npotental: 0.2\n", to: dir + "/w.yaml")
        let typo = try RelmapProcess.run(["next", "Graphs/battery-chain", "--weights", dir + "/w.yaml"])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("potental") && typo.stderr.contains("did you mean potential"))
        let missing = try RelmapProcess.run(["next", "Graphs/battery-chain", "--weights", dir + "/none.yaml"])
        #expect(missing.status == 1)
        let usage = try RelmapProcess.run(["next", "Graphs/battery-chain", "--top", "0"])
        #expect(usage.status == 2)
    }

    @Test func outputSpeaksTheChosenLanguage() throws {
        let zh = try RelmapProcess.run(["next", "Graphs/battery-chain", "--rm", "RM01", "--top", "3", "--lang", "zh"])
        #expect(zh.status == 0 && zh.stdout.contains("象限") && zh.stdout.contains("客户经理 RM01 名下客户"))
        let en = try RelmapProcess.run(["next", "Graphs/battery-chain", "--rm", "RM01", "--top", "3", "--lang", "en"])
        #expect(en.status == 0 && en.stdout.contains("quadrant") && !en.stdout.contains("象限"))
        let unknown = try RelmapProcess.run(["chain", "Graphs/battery-chain", "--to", "没有这家公司", "--lang", "zh"])
        #expect(unknown.status == 1 && unknown.stderr.contains("没有编号或名称为"))
    }
}
