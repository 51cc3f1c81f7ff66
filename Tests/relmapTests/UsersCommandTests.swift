import Foundation
import Testing

/// `relmap users`, run as an administrator would: passwords piped in, messages in both languages,
/// exit codes 0 / 1 (data) / 2 (usage).
@Suite struct UsersCommandTests {
    let folder: String
    var ws: String { folder + "/ws.sqlite" }
    init() throws { folder = try RelmapProcess.temporaryFolder() }

    func users(_ arguments: [String], password: String? = nil, lang: String = "en") throws -> RelmapProcess {
        try RelmapProcess.run(["users"] + arguments + ["--workspace", ws, "--lang", lang], input: password.map { Data(($0 + "\n").utf8) })
    }

    @Test func addListPasswdRemoveRoundTrip() throws {
        let secret = "s3cret pass phrase"
        let added = try users(["add", "--name", "wangfang", "--role", "rm", "--rm", "RM01", "--password-stdin"], password: secret)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("added rm 'wangfang' (rm RM01)"))
        let lead = try users(["add", "--name", "Li Lei", "--role", "lead", "--team", "RM01,RM02", "--password-stdin"], password: secret, lang: "zh")
        #expect(lead.status == 0, "\(lead.stderr)")
        #expect(lead.stdout.contains("已添加 lead 用户 'Li Lei'（团队 RM01,RM02）"))
        #expect(try users(["add", "--name", "root", "--role", "admin", "--password-stdin"], password: secret).status == 0)

        let table = try users(["list"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("wangfang") && table.stdout.contains("RM01,RM02"))
        let zhTable = try users(["list"], lang: "zh")
        #expect(zhTable.stdout.hasPrefix("用户名"))

        let json = try users(["list", "--format", "json"])
        #expect(json.status == 0)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(list.map { $0["name"] as? String } == ["Li Lei", "root", "wangfang"])
        #expect(list.first?["team"] as? [String] == ["RM01", "RM02"])
        for out in [table, json] {
            #expect(!out.stdout.contains("$2b$") && !out.stdout.contains(secret))
            #expect(!out.stderr.contains(secret))
        }

        let passwd = try users(["passwd", "--name", "wangfang", "--password-stdin"], password: "another long one")
        #expect(passwd.status == 0, "\(passwd.stderr)")
        #expect(!passwd.stdout.contains("another long one"))

        let removed = try users(["remove", "--name", "WangFang"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try users(["list", "--format", "json"]).stdout.contains("wangfang") == false)
    }

    @Test func dataProblemsExitOneInBothLanguages() throws {
        #expect(try users(["add", "--name", "a", "--role", "admin", "--password-stdin"], password: "long enough").status == 0)
        let duplicate = try users(["add", "--name", "A", "--role", "admin", "--password-stdin"], password: "long enough", lang: "zh")
        #expect(duplicate.status == 1)
        #expect(duplicate.stderr.contains("已存在"))
        let unknown = try users(["remove", "--name", "ghost"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no user named 'ghost'"))
        let last = try users(["remove", "--name", "a"])
        #expect(last.status == 1)
        #expect(last.stderr.contains("last admin"))
        #expect(try users(["passwd", "--name", "ghost", "--password-stdin"], password: "long enough").status == 1)
    }

    @Test func aFileThatIsNotAWorkspaceExitsOneAndStaysAsItWas() throws {
        let text = Data("id,name\n".utf8)
        try text.write(to: URL(fileURLWithPath: ws))
        for arguments in [["list"], ["add", "--name", "x", "--role", "admin", "--password-stdin"]] {
            let r = try users(arguments, password: "long enough")
            #expect(r.status == 1)
            #expect(r.stderr.contains(ws) && r.stderr.contains("not an SQLite database"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: ws)) == text)
    }

    @Test func listingAMissingFileDoesNotCreateIt() throws {
        let r = try users(["list"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no such workspace file"))
        #expect(!FileManager.default.fileExists(atPath: ws))
    }

    @Test func passwordsAreNeverTakenFromTheCommandLine() throws {
        let given = try users(["add", "--name", "x", "--role", "admin", "--password", "hunter2hunter2"])
        #expect(given.status == 2)
        #expect(given.stderr.contains("--password-stdin"))
        #expect(!given.stderr.contains("hunter2hunter2"))
        let missing = try users(["add", "--name", "x", "--role", "admin"])
        #expect(missing.status == 2)
        let empty = try users(["add", "--name", "x", "--role", "admin", "--password-stdin"])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("no password on standard input"))
        #expect(!FileManager.default.fileExists(atPath: ws))
    }

    @Test func usageProblemsExitTwo() throws {
        let weak = try users(["add", "--name", "x", "--role", "admin", "--password-stdin"], password: "short", lang: "zh")
        #expect(weak.status == 2)
        #expect(weak.stderr.contains("至少需要 8 个字符"))
        let noBook = try users(["add", "--name", "x", "--role", "rm", "--password-stdin"], password: "long enough")
        #expect(noBook.status == 2)
        #expect(noBook.stderr.contains("--rm ID"))
        // Checked before the password is read: nobody types one for an account that cannot exist.
        let early = try users(["add", "--name", "x", "--role", "rm", "--password-stdin"])
        #expect(early.status == 2)
        #expect(early.stderr.contains("--rm ID") && !early.stderr.contains("no password"))
        let badRole = try users(["add", "--name", "x", "--role", "boss", "--password-stdin"], password: "long enough")
        #expect(badRole.status == 2)
        let badName = try users(["add", "--name", "   ", "--role", "admin", "--password-stdin"], password: "long enough")
        #expect(badName.status == 2)
        // None of these made a workspace file.
        #expect(!FileManager.default.fileExists(atPath: ws))
    }
}
