import Foundation
import Testing

/// `relmap log`, `pipeline`, `record` and `workspace backup|check`, run as an RM's script would,
/// on Graphs/battery-chain.
@Suite struct RecordCommandsTests {
    let folder: String
    var ws: String { folder + "/ws.sqlite" }
    static let graph = "Graphs/battery-chain"
    init() throws {
        folder = try RelmapProcess.temporaryFolder()
        for (name, rm) in [("wangfang", "RM01"), ("zhaolei", "RM02")] {
            let added = try RelmapProcess.run(
                [
                    "users", "add", "--workspace", folder + "/ws.sqlite", "--name", name, "--role", "rm", "--rm", rm,
                    "--password-stdin"
                ], input: Data("long enough pw\n".utf8))
            #expect(added.status == 0, "\(added.stderr)")
        }
    }

    func relmap(_ command: String, _ arguments: [String], user: String = "wangfang", lang: String = "en") throws -> RelmapProcess {
        try RelmapProcess.run([command, Self.graph, "--workspace", ws, "--user", user, "--lang", lang] + arguments)
    }

    func pipelineJSON(user: String = "wangfang") throws -> [[String: Any]] {
        let listed = try relmap("pipeline", ["--format", "json"], user: user)
        #expect(listed.status == 0, "\(listed.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
    }

    @Test func logOneActivityByIdOrName() throws {
        let logged = try relmap(
            "log", ["--target", "CEL02", "--kind", "visit", "--date", "2026-11-30", "--people", "P001,P002", "--outcome", "met the CFO"])
        #expect(logged.status == 0, "\(logged.stderr)")
        #expect(logged.stdout.contains("logged activity 1: visit CEL02 on 2026-11-30 in book RM01"))
        let byName = try relmap("log", ["--target", "四川蜀能储电科技有限公司", "--kind", "call", "--date", "2026-12-01"], lang: "zh")
        #expect(byName.status == 0, "\(byName.stderr)")
        #expect(byName.stdout.contains("已记录活动 2"))
    }

    @Test func badInputIsRefusedWithItsFieldAndExitCode() throws {
        let unknown = try relmap("log", ["--target", "NOPE-1", "--kind", "visit", "--date", "2026-11-30"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("NOPE-1"))
        let future = try relmap("log", ["--target", "CEL02", "--kind", "visit", "--date", "2099-01-01"])
        #expect(future.status == 2)
        #expect(future.stderr.contains("date: 2099-01-01 is in the future"))
        let notADate = try relmap("log", ["--target", "CEL02", "--kind", "visit", "--date", "2026-02-30"])
        #expect(notADate.status == 2)
        let stage7 = try relmap("pipeline", ["--set", "CEL02", "--stage", "7", "--status", "approaching"], lang: "zh")
        #expect(stage7.status == 2)
        #expect(stage7.stderr.contains("stage：7 不是关系阶段"))
        let ghost = try relmap("pipeline", [], user: "ghost")
        #expect(ghost.status == 1)
        #expect(ghost.stderr.contains("no user named 'ghost'"))
        #expect(try pipelineJSON().isEmpty)
    }

    @Test func aBatchFileNamesEveryBadRowAndWritesNothingUnlessAllAreGood() throws {
        let file = folder + "/visits.csv"
        try RelmapProcess.write(
            """
            target,kind,date,outcome,note,people
            CEL02,visit,2026-11-28,signed NDA,,P001;P002
            NOPE-9,call,2026-11-29,,,
            CEL02,dinner,2026-11-29,,,
            CEL02,call,2026-11-31,,,
            CEL02,call,2026-11-29,,,P001;CEL02

            """, to: file)
        let bad = try relmap("log", ["--from", file])
        #expect(bad.status == 1)
        for (line, field) in [(3, ""), (4, "kind"), (5, "date"), (6, "people")] {
            #expect(bad.stderr.contains("\(file):\(line): \(field)"), "line \(line) not reported: \(bad.stderr)")
        }
        #expect(bad.stderr.contains("nothing was logged"))
        #expect(!bad.stderr.contains("\(file):2:"))
        let check = try RelmapProcess.run(["workspace", "check", ws, "--lang", "en"])
        #expect(check.status == 0)

        try RelmapProcess.write(
            "target,kind,date,outcome,note,people\nCEL02,visit,2026-11-28,,\"two\nlines\",P001\nCEL01,call,2026-11-29,,,\n", to: file)
        let good = try relmap("log", ["--from", file])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("logged 2 activities"))
    }

    @Test func pipelineSetListAndAVersionConflict() throws {
        let created = try relmap(
            "pipeline", ["--set", "CEL02", "--stage", "2", "--status", "approaching", "--next-step", "visit the plant", "--due", "2027-01-15"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("stage 2, approaching, version 1"))
        let moved = try relmap("pipeline", ["--set", "CEL02", "--stage", "3", "--status", "approaching", "--version", "1"])
        #expect(moved.status == 0, "\(moved.stderr)")
        let stale = try relmap("pipeline", ["--set", "CEL02", "--stage", "4", "--status", "won", "--version", "1"])
        #expect(stale.status == 1)
        #expect(stale.stderr.contains("saved this pipeline row first (version 2"))
        let rows = try pipelineJSON()
        #expect(rows.count == 1)
        #expect(rows.first?["stage"] as? Int == 3 && rows.first?["version"] as? Int == 2 && rows.first?["target"] as? String == "CEL02")
        // Another RM's book is neither listed nor readable.
        #expect(try pipelineJSON(user: "zhaolei").isEmpty)
        let other = try relmap("pipeline", ["--rm", "RM01"], user: "zhaolei")
        #expect(other.status == 1)
        let csv = try relmap("pipeline", ["--format", "csv"])
        #expect(csv.stdout.hasPrefix("rm,target,name,stage,status"))
    }

    @Test func recordARelationANewPersonAndCorrections() throws {
        let person = try relmap("record", ["--new-person", "李总"])
        #expect(person.status == 0, "\(person.stderr)")
        let id = person.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id == "ws-1")
        let role = try relmap("record", ["--source", id, "--target", "CEL02", "--type", "works_at", "--role", "CFO", "--strength", "0.6"])
        #expect(role.status == 0, "\(role.stderr)")
        let referral = try relmap("record", ["--source", "P001", "--target", "CEL02", "--type", "refers", "--outcome", "won", "--date", "2026-11-20"])
        #expect(referral.status == 0, "\(referral.stderr)")
        let badOutcome = try relmap("record", ["--source", "P001", "--target", "P002", "--type", "knows", "--outcome", "won"])
        #expect(badOutcome.status == 2)
        #expect(badOutcome.stderr.contains("outcome: only a referral"))
        let wrong = try relmap("record", ["--wrong-relation", "P001,CEL02,refers", "--note", "introduced by someone else"])
        #expect(wrong.status == 0, "\(wrong.stderr)")
        let noWhy = try relmap("record", ["--wrong-entity", "CEL02"])
        #expect(noWhy.status == 2)
        #expect(noWhy.stderr.contains("note: is empty"))
        let both = try relmap("record", ["--wrong-entity", "CEL02", "--new-person", "x"])
        #expect(both.status == 2)
    }

    @Test func backupAndCheck() throws {
        #expect(try relmap("log", ["--target", "CEL02", "--kind", "visit", "--date", "2026-11-30"]).status == 0)
        let copy = folder + "/copy.sqlite"
        let backup = try RelmapProcess.run(["workspace", "backup", ws, "--out", copy, "--lang", "en"])
        #expect(backup.status == 0, "\(backup.stderr)")
        let again = try RelmapProcess.run(["workspace", "backup", ws, "--out", copy, "--lang", "zh"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("已存在"))
        let sound = try RelmapProcess.run(["workspace", "check", copy, "--lang", "en"])
        #expect(sound.status == 0)
        #expect(sound.stdout.contains("sound"))
        // Break a foreign key by hand, as only an edit with foreign keys off can.
        let edit = Process()
        edit.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        edit.arguments = [copy, "INSERT INTO activityPerson (activityID, position, person) VALUES (999, 0, 'P001');"]
        try edit.run()
        edit.waitUntilExit()
        let broken = try RelmapProcess.run(["workspace", "check", copy, "--lang", "en"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("activityPerson row") && broken.stderr.contains("1 problem(s)"))
    }
}
