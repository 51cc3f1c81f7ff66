import Foundation
import Testing

/// `--today`, `--no-decay`, `--workspace` on the query commands, and `relmap report dormant`.
@Suite struct OverlayOptionsTests {
    let graph = "Graphs/battery-chain"

    @Test func chainSaysHowOldADecayedTieIs() throws {
        let aged = try RelmapProcess.run(["chain", graph, "--to", "FLT03", "--via", "refers", "--today", "2026-12-02", "--format", "json"])
        #expect(aged.status == 0)
        let hop = try #require(
            ((try JSONSerialization.jsonObject(with: Data(aged.stdout.utf8)) as? [[String: Any]])?.first?["hops"] as? [[String: Any]])?.first)
        // FLT02 referred FLT03 on 2025-10-15 (pending, 0.6): 413 days later, at a 365-day half-life.
        #expect(hop["age_days"] as? Int == 413)
        #expect(abs((hop["strength"] as? Double ?? 0) - 0.6 * exp2(-413.0 / 365)) < 1e-9)
        let table = try RelmapProcess.run(["chain", graph, "--to", "FLT03", "--via", "refers", "--today", "2026-12-02", "--lang", "en"])
        #expect(table.stdout.contains("last contact 14 months ago"))
        let fresh = try RelmapProcess.run(["chain", graph, "--to", "FLT03", "--via", "refers", "--no-decay", "--format", "json"])
        #expect(!fresh.stdout.contains("age_days") && fresh.stdout.contains("0.6"))
    }

    @Test func aBadDayIsAUsageError() throws {
        let r = try RelmapProcess.run(["chain", graph, "--to", "FLT03", "--today", "2026-13-40", "--lang", "en"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--today") && r.stderr.contains("YYYY-MM-DD"))
    }

    @Test func aMissingWorkspaceIsNamedNotCreated() throws {
        let path = NSTemporaryDirectory() + "relmap-no-such-\(UUID().uuidString).sqlite"
        let r = try RelmapProcess.run(["next", graph, "--workspace", path, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains(path))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func dormantListsQuietIntroducersOfABook() throws {
        let r = try RelmapProcess.run(["report", "dormant", graph, "--rm", "RM04", "--today", "2026-12-02", "--format", "csv"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("kind,id,name") == true)
        // DLR02 referred FLT01 (won) on 2023-11-02 and nothing since: 1126 silent days.
        #expect(lines.contains { $0.hasPrefix("introducer,DLR02,") && $0.contains(",1126,") })
        // A day before the first referral, nothing was silent yet.
        let early = try RelmapProcess.run(["report", "dormant", graph, "--rm", "RM04", "--today", "2023-11-03", "--format", "json"])
        #expect(!early.stdout.contains("DLR02"))
        let unknown = try RelmapProcess.run(["report", "dormant", graph, "--rm", "RM99", "--lang", "en"])
        #expect(unknown.status == 1 && unknown.stderr.contains("RM99"))
    }

    @Test func aNegativeCountIsNamed() throws {
        let r = try RelmapProcess.run(["next", graph, "--top", "-5", "--lang", "en"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--top -5") && r.stderr.contains("negative"))
        #expect(!r.stderr.contains("Missing value"))
    }

    @Test func aPastedLongNameIsShortenedInTheMessage() throws {
        let long = String(repeating: "宁德", count: 5000)
        let r = try RelmapProcess.run(["chain", graph, "--to", long, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.count < 2000)
        #expect(r.stderr.contains("(+9920)"))
    }
}
