import Foundation
import Testing

/// Nothing an RM was told is saved may be lost: a real `relmap serve` takes a burst of writes from
/// several sessions at once, is killed with SIGKILL in the middle of it, and is started again on
/// the same workspace file. Every write answered 2xx must be there, whole (its people included),
/// and the file must pass `relmap workspace check`.
@Suite struct ServeKillTests {
    /// One HTTP call through curl (bounded in time): status and body.
    static func curl(_ args: [String]) -> (status: Int, body: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        p.arguments = ["-s", "--max-time", "10", "-w", "\n%{http_code}"] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return (0, "") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard let cut = text.lastIndex(of: "\n") else { return (0, text) }
        return (Int(text[text.index(after: cut)...]) ?? 0, String(text[..<cut]))
    }

    struct Session: Sendable {
        var jar: String
        var csrf: String
    }

    static func signIn(_ base: String, _ user: String, jar: String) throws -> Session {
        let r = curl([
            "-c", jar, "-H", "Content-Type: application/json", "-d", #"{"user":"\#(user)","password":"kill test password"}"#, base + "/api/login"
        ])
        let doc = try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any]
        return Session(jar: jar, csrf: doc?["csrf"] as? String ?? "")
    }

    @Test(.timeLimit(.minutes(3)))
    func everyAcknowledgedWriteSurvivesSIGKILL() async throws {
        let dir = try RelmapProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let workspace = dir + "/ws.sqlite"
        let users = ["rm01": "RM01", "rm02": "RM02", "rm03": "RM03", "rm04": "RM04"]
        for (name, rm) in users.sorted(by: { $0.key < $1.key }) {
            let add = try RelmapProcess.run(
                ["users", "add", "--workspace", workspace, "--name", name, "--role", "rm", "--rm", rm, "--password-stdin"],
                input: Data("kill test password\n".utf8))
            #expect(add.status == 0, "\(add.stderr)")
        }
        let first = try Server.start(["serve", "Graphs/battery-chain", "--workspace", workspace, "--port", "0"])
        let base = "http://127.0.0.1:\(first.port)"
        var sessions: [Session] = []
        for (k, name) in users.keys.sorted().enumerated() {
            sessions.append(try Self.signIn(base, name, jar: dir + "/jar\(k)"))
        }

        // Eight writers, two per session, each writing as fast as the server answers, until the
        // kill. They run on threads of their own: curl blocks, and blocked tasks would starve
        // Swift's few cooperative threads (two on two cores) and every other test with them.
        let acknowledged = Acknowledged()
        let signedIn = sessions
        let group = DispatchGroup()
        for w in 0..<8 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                let s = signedIn[w % signedIn.count]
                var n = 0
                while !acknowledged.stopped {
                    n += 1
                    let note = "w\(w)-\(n)"
                    let body = #"{"target":"MIN02","kind":"call","date":"2026-11-30","note":"\#(note)","people":["P001","P002"]}"#
                    let r = Self.curl([
                        "-b", s.jar, "-H", "Content-Type: application/json", "-H", "X-CSRF-Token: \(s.csrf)", "-d", body, base + "/api/activities"
                    ])
                    if (200..<300).contains(r.status) { acknowledged.add(note, user: w % signedIn.count) }
                    if r.status == 0 { break }  // the server is gone
                }
            }
        }
        try await Task.sleep(for: .milliseconds(1500))
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        acknowledged.stop()
        group.wait()
        let written = acknowledged.notes
        #expect(written.count >= 10, "the burst wrote too little before the kill to test anything: \(written.count)")

        let check = try RelmapProcess.run(["workspace", "check", workspace])
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")

        let second = try Server.start(["serve", "Graphs/battery-chain", "--workspace", workspace, "--port", "0"])
        defer { second.stop() }
        let base2 = "http://127.0.0.1:\(second.port)"
        var found: [Int: [String: Int]] = [:]
        for (k, name) in users.keys.sorted().enumerated() {
            let s = try Self.signIn(base2, name, jar: dir + "/again\(k)")
            let r = Self.curl(["-b", s.jar, base2 + "/api/activities?target=MIN02"])
            let rows = (try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [[String: Any]]) ?? []
            for row in rows {
                found[k, default: [:]][row["note"] as? String ?? ""] = (row["people"] as? [String])?.count ?? -1
            }
        }
        for (note, user) in written {
            #expect(found[user]?[note] == 2, "acknowledged write \(note) is missing or lost its people")
        }
        // Nothing half-written: every stored activity has both its people.
        #expect(found.values.flatMap(\.values).allSatisfy { $0 == 2 })
    }
}

/// Notes of acknowledged writes, and a stop flag, shared by the writer threads.
final class Acknowledged: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(String, Int)] = []
    private var isStopped = false
    var notes: [(String, Int)] {
        lock.lock()
        defer { lock.unlock() }
        return list
    }
    var stopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return isStopped
    }
    func add(_ note: String, user: Int) {
        lock.lock()
        list.append((note, user))
        lock.unlock()
    }
    func stop() {
        lock.lock()
        isStopped = true
        lock.unlock()
    }
}
