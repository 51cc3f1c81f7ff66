import Foundation
import Testing

/// `relmap serve` as an RM meets it: the real binary on 127.0.0.1, a real headless Chromium driven
/// through WebDriver (Debian's chromium-driver). Signs in, opens the book, opens a target,
/// downloads its map, switches language, signs out. Screenshots go to a temporary folder, or to
/// Samples/web/ with RELMAP_SAMPLES=1 (how the committed ones were made).
@Suite(.serialized) struct ServeBrowserTests {
    static let driver: String? = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test(
        .enabled(if: driver != nil || ProcessInfo.processInfo.environment["CI"] != nil, "needs chromium-driver"),
        .timeLimit(.minutes(3)))
    func anRMSignsInAndWorksInBothLanguages() async throws {
        let dir = try RelmapProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let workspace = dir + "/workspace.sqlite"
        let add = try RelmapProcess.run(
            ["users", "add", "--workspace", workspace, "--name", "rm01", "--role", "rm", "--rm", "RM01", "--password-stdin"],
            input: Data("browser test pass\n".utf8))
        #expect(add.status == 0, "\(add.stderr)")
        let lead = try RelmapProcess.run(
            ["users", "add", "--workspace", workspace, "--name", "lead1", "--role", "lead", "--team", "RM01,RM02", "--password-stdin"],
            input: Data("browser lead pass\n".utf8))
        #expect(lead.status == 0, "\(lead.stderr)")

        let server = try Server.start(["serve", "Graphs/battery-chain", "--workspace", workspace, "--port", "0", "--lang", "en"])
        defer { server.stop() }
        let driverPath = try #require(Self.driver, "CI must install chromium-driver (see .ci/run)")
        let chrome = try WebDriver.start(driverPath)
        defer { chrome.stop() }
        let shots =
            ProcessInfo.processInfo.environment["RELMAP_SAMPLES"] != nil
            ? RelmapProcess.root.appendingPathComponent("Samples/web").path : dir
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)

        let base = "http://127.0.0.1:\(server.port)"
        try await chrome.open(base + "/")
        #expect(try await chrome.url().contains("/login"))  // no session: the sign-in form
        try await chrome.type("#user", "rm01")
        try await chrome.type("#password", "browser test pass")
        try await chrome.screenshot(to: shots + "/login.png")
        try await chrome.click("#sign-in")
        let book = try await chrome.text("body")
        #expect(book.contains("下一步拜访谁"))  // a Chinese browser gets Chinese
        #expect(try await chrome.count("#targets > li.target") == 20)
        try await chrome.screenshot(to: shots + "/book-zh.png")

        try await chrome.click("#targets > li.target a.target-link")
        let entity = try await chrome.text("body")
        #expect(entity.contains("最暖的引荐路径") && entity.contains("产业地图"))
        try await chrome.screenshot(to: shots + "/entity-zh.png")
        // The RM logs a visit and wins the target, restarts nothing, and sees it become a client.
        let targetURL = try await chrome.url()
        try await chrome.type("#log-activity textarea[name=note]", "拜访财务总监，意向明确")
        try await chrome.click("#log-activity button[type=submit]")
        #expect(try await chrome.text("#activities").contains("拜访财务总监"))
        _ = try await chrome.evaluate("(document.querySelector('#move-stage select[name=status]').value = 'won')")
        _ = try await chrome.evaluate("(document.querySelector('#move-stage select[name=stage]').value = '3')")
        try await chrome.click("#move-stage button[type=submit]")
        #expect(try await chrome.text("h1").contains("本行客户"))
        #expect(try await chrome.text("#pipeline-row").contains("已赢得"))
        try await chrome.screenshot(to: shots + "/entity-work-zh.png")
        try await chrome.open(base + "/pipeline")
        #expect(try await chrome.text("body").contains("已赢得"))
        try await chrome.screenshot(to: shots + "/pipeline-zh.png")
        try await chrome.open(targetURL)
        // The map download: the link answers a PNG to the signed-in browser.
        let href = try await chrome.attribute("#map-png", "href")
        let status = try await chrome.evaluate("fetch(args[0]).then(r => r.status + ' ' + r.headers.get('content-type'))", href)
        #expect(status == "200 image/png")

        try await chrome.click("#switch-language")
        let english = try await chrome.text("body")
        // Won a moment ago: a client now, so its page shows our work with it, not ways in.
        #expect(english.contains("Our work with it") && english.contains("client") && !english.contains("Warmest ways in"))
        try await chrome.screenshot(to: shots + "/entity-en.png")
        try await chrome.open(base + "/")
        #expect(try await chrome.text("body").contains("Who to approach next"))
        try await chrome.screenshot(to: shots + "/book-en.png")
        try await chrome.open(base + "/referrals")
        try await chrome.screenshot(to: shots + "/referrals-en.png")

        try await chrome.click("#sign-out")
        #expect(try await chrome.url().contains("/login"))
        try await chrome.open(base + "/")
        #expect(try await chrome.url().contains("/login"))  // the session is gone

        // A lead asks whether the ranking finds the clients the team later won: the form, the
        // table and the chart drawn on the server, in the browser's language.
        try await chrome.type("#user", "lead1")
        try await chrome.type("#password", "browser lead pass")
        try await chrome.click("#sign-in")
        try await chrome.click("a[href='/backtest']")
        _ = try await chrome.evaluate("(document.querySelector('#backtest-form input[name=as_of]').value = '2023-01-01')")
        _ = try await chrome.evaluate("(document.querySelector('#backtest-form input[name=k]').value = '10')")
        try await chrome.click("#backtest-form button[type=submit]")
        #expect(try await chrome.url().contains("as_of=2023-01-01"))
        // The browser kept English from the RM's switch above: switch back, the answer stays.
        if try await chrome.text("h1").contains("Does the ranking find") { try await chrome.click("#switch-language") }
        #expect(try await chrome.text("h1").contains("排序能找到后来成交的客户吗"))
        #expect(try await chrome.count("#backtest tbody tr") == 9)
        #expect(try await chrome.count("#precision-chart svg polyline") == 9)
        try await chrome.screenshot(to: shots + "/backtest-zh.png")
    }
}

/// `relmap serve` in the background, stopped by the test: it prints its port once listening.
struct Server {
    let process: Process
    let port: Int

    /// Collects what the server prints, read on its own thread so that neither side blocks.
    final class Output: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func append(_ data: Data) {
            lock.lock()
            text += String(decoding: data, as: UTF8.self)
            lock.unlock()
        }
        var value: String {
            lock.lock()
            defer { lock.unlock() }
            return text
        }
    }

    static func start(_ arguments: [String]) throws -> Server {
        let p = Process()
        p.executableURL = RelmapProcess.executable
        p.arguments = arguments
        p.currentDirectoryURL = RelmapProcess.root
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        let output = Output()
        err.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
        try p.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && p.isRunning {
            let seen = output.value
            if let range = seen.range(of: #"http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression),
                let port = Int(seen[range].split(separator: ":").last!.dropLast())
            {
                return Server(process: p, port: port)
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        if p.isRunning { p.terminate() }
        throw WebDriver.Failure("relmap serve did not start within 60 s: \(output.value)")
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

/// The few WebDriver calls the test needs, over HTTP to chromedriver on 127.0.0.1.
final class WebDriver: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }
    let process: Process
    let base: String
    var session = ""

    init(process: Process, base: String) {
        self.process = process
        self.base = base
    }

    static func start(_ path: String) throws -> WebDriver {
        let port = Int.random(in: 20_000...40_000)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return WebDriver(process: p, base: "http://127.0.0.1:\(port)")
    }

    func stop() {
        if !session.isEmpty {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            p.arguments = ["-s", "--max-time", "10", "-X", "DELETE", base + "/session/" + session]
            p.standardOutput = FileHandle.nullDevice
            try? p.run()
            p.waitUntilExit()
        }
        // SIGKILL: chromedriver was seen to ignore SIGTERM, and the wait would never end.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// One WebDriver command, sent with curl: plain, bounded in time, and independent of the
    /// test runner's threads (FoundationNetworking's URLSession was seen never to deliver
    /// chromedriver's answer here, which made a retry loop start browser after browser).
    @discardableResult
    func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        for attempt in 0..<50 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            var args = ["-s", "--max-time", "90", "-X", method, base + path]
            if let body {
                args += [
                    "-H", "Content-Type: application/json", "--data-binary",
                    String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
                ]
            }
            p.arguments = args
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            // Exit 7: chromedriver is not listening yet. Only then try again, and never for a
            // new session (each attempt would start a browser).
            if p.terminationStatus == 7 && attempt < 49 {
                try await Task.sleep(for: .milliseconds(200))
                continue
            }
            guard p.terminationStatus == 0 else { throw Failure("\(method) \(path): curl exit \(p.terminationStatus)") }
            let doc = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            let value = doc?["value"]
            if let v = value as? [String: Any], let error = v["error"] as? String {
                throw Failure("\(method) \(path): \(error): \(v["message"] ?? "")")
            }
            return value
        }
        throw Failure("chromedriver did not answer")
    }

    private func ensureSession() async throws {
        guard session.isEmpty else { return }
        let caps: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": [
                        "binary": "/usr/bin/chromium",
                        // --no-sandbox: CI runs as root; zh-CN: the browser of a Chinese RM.
                        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1400", "--lang=zh-CN"],
                        "prefs": ["intl.accept_languages": "zh-CN,zh"]
                    ]
                ]
            ]
        ]
        let value = try await call("POST", "/session", caps) as? [String: Any]
        session = try #require(value?["sessionId"] as? String)
    }

    func open(_ url: String) async throws {
        try await ensureSession()
        try await call("POST", "/session/\(session)/url", ["url": url])
    }

    func url() async throws -> String { try await call("GET", "/session/\(session)/url") as? String ?? "" }

    private func element(_ css: String) async throws -> String {
        let v = try await call("POST", "/session/\(session)/element", ["using": "css selector", "value": css]) as? [String: Any]
        return try #require(v?.values.first as? String, "no element \(css)")
    }

    func count(_ css: String) async throws -> Int {
        (try await call("POST", "/session/\(session)/elements", ["using": "css selector", "value": css]) as? [Any])?.count ?? 0
    }

    func type(_ css: String, _ text: String) async throws {
        try await call("POST", "/session/\(session)/element/\(try await element(css))/value", ["text": text])
    }

    func click(_ css: String) async throws {
        try await call("POST", "/session/\(session)/element/\(try await element(css))/click", [:])
    }

    func text(_ css: String) async throws -> String {
        try await call("GET", "/session/\(session)/element/\(try await element(css))/text") as? String ?? ""
    }

    func attribute(_ css: String, _ name: String) async throws -> String {
        try await call("GET", "/session/\(session)/element/\(try await element(css))/property/\(name)") as? String ?? ""
    }

    /// The value of an async JavaScript expression in the page, as text; `args` are `arguments[i]`.
    func evaluate(_ expression: String, _ args: Any...) async throws -> String {
        let script = """
            const args = arguments, done = arguments[arguments.length - 1];
            (async () => \(expression))().then(v => done(String(v)), e => done('error: ' + e));
            """
        return try await call("POST", "/session/\(session)/execute/async", ["script": script, "args": args]) as? String ?? ""
    }

    func screenshot(to path: String) async throws {
        let b64 = try #require(try await call("GET", "/session/\(session)/screenshot") as? String)
        try #require(Data(base64Encoded: b64)).write(to: URL(fileURLWithPath: path))
    }
}
