import Foundation
import Testing

@Suite struct ChainAndReportCommandTests {
    static let entities = """
        id,name,kind,status,rm,value
        C1,宁德新能电池（江苏）有限公司,company,client,RM01,5000000
        C2,华锂材料股份有限公司,company,client,RM02,2000000
        P1,张伟,person,prospect,,
        P2,李娜,person,prospect,,
        T1,远航汽车(上海)有限责任公司,company,prospect,,
        T2,远航汽车销售有限公司,company,prospect,,
        A1,新能源汽车产业协会,institution,prospect,,
        X1,孤岛科技有限公司,company,prospect,,
        F1,远端物流有限公司,company,prospect,,
        F2,远端仓储有限公司,company,prospect,,

        """
    static let relations = """
        source,target,type,weight,strength,date,outcome,role
        C1,T1,supplies,30000000,,2023-01-01,,
        P1,C1,works_at,,,,,CFO
        P1,P2,knows,,0.8,,,
        P2,T1,works_at,,,,,董事长
        C2,T2,refers,,,2024-05-01,pending,
        C1,A1,member_of,,,,,
        T1,A1,member_of,,,,,
        C1,C2,refers,,,2021-03-01,won,
        C2,P1,refers,,,2022-03-01,won,
        X1,F1,knows,,,,,
        F1,F2,knows,,,,,
        T2,X1,knows,,,,,

        """

    func graph() throws -> String {
        let dir = try RelmapProcess.temporaryFolder()
        try RelmapProcess.write(Self.entities, to: dir + "/entities.csv")
        try RelmapProcess.write(Self.relations, to: dir + "/relations.csv")
        return dir
    }

    @Test func chainFindsWarmestPathsByNameVariant() throws {
        let g = try graph()
        // Full-width brackets and 有限公司 for a company written (…)有限责任公司 in the data.
        let r = try RelmapProcess.run(["chain", g, "--to", "远航汽车（上海）有限公司", "--k", "3", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [[String: Any]]
        #expect(doc.count == 3)
        let first = doc[0]
        #expect(abs((first["strength"] as! Double) - 0.85) < 1e-9)
        let hops = first["hops"] as! [[String: Any]]
        #expect(hops.count == 1)
        #expect(hops[0]["from"] as? String == "C1" && hops[0]["to"] as? String == "T1" && hops[0]["type"] as? String == "supplies")
        #expect(hops[0]["from_name"] as? String == "宁德新能电池（江苏）有限公司")
        // Second: C1's CFO knows T1's chairman: 0.9 * 0.8 * 0.9.
        #expect(abs((doc[1]["strength"] as! Double) - 0.648) < 1e-9)
        let costs = doc.map { $0["cost"] as! Double }
        #expect(costs == costs.sorted())

        let table = try RelmapProcess.run(["chain", g, "--to", "T1", "--from", "张伟"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("张伟 -works_at 0.90-> 宁德新能电池（江苏）有限公司 -supplies 0.85-> 远航汽车(上海)有限责任公司"))
        let csv = try RelmapProcess.run(["chain", g, "--to", "T1", "--format", "csv", "--via", "knows,works_at"])
        #expect(csv.status == 0)
        #expect(csv.stdout.hasPrefix("path,path_strength,path_cost,hop,from,from_name,to,to_name,type,strength,reversed"))
        #expect(!csv.stdout.contains("supplies"))
    }

    @Test func chainNamesProblems() throws {
        let g = try graph()
        let ambiguous = try RelmapProcess.run(["chain", g, "--to", "远航汽车"])
        #expect(ambiguous.status == 1)
        #expect(ambiguous.stderr.contains("T1") && ambiguous.stderr.contains("T2"))
        let unknown = try RelmapProcess.run(["chain", g, "--to", "远行汽车上海有限公司"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("远航汽车(上海)有限责任公司"))
        let badType = try RelmapProcess.run(["chain", g, "--to", "T1", "--via", "suplies"])
        #expect(badType.status == 2)
        #expect(badType.stderr.contains("did you mean 'supplies'"))
        // F2 is four hops from C2 (C2 -refers- T2 -knows- X1 -knows- F1 -knows- F2).
        let far = try RelmapProcess.run(["chain", g, "--to", "F2", "--max-hops", "2"])
        #expect(far.status == 1)
        #expect(far.stderr.contains("--max-hops 4"))
        #expect(far.stdout.contains("X1"))
        let near = try RelmapProcess.run(["chain", g, "--to", "F2", "--max-hops", "4"])
        #expect(near.status == 0)
    }

    @Test func referralReportFormats() throws {
        let g = try graph()
        let md = try RelmapProcess.run(["report", "referrals", g, "--as-of", "2025-06-01"])
        #expect(md.status == 0, "\(md.stderr)")
        #expect(md.stdout.contains("# Referral report"))
        #expect(md.stdout.contains("## Dormant introducers to re-activate"))
        let out = try RelmapProcess.temporaryFolder() + "/referrals.html"
        let html = try RelmapProcess.run(["report", "referrals", g, "--as-of", "2025-06-01", "--format", "html", "--out", out])
        #expect(html.status == 0)
        let page = try String(contentsOfFile: out, encoding: .utf8)
        #expect(page.contains("<svg") && !page.contains("<script") && !page.contains("<link"))
        let csv = try RelmapProcess.run(["report", "referrals", g, "--format", "csv", "--table", "members"])
        #expect(csv.stdout.hasPrefix("tree_root,id,name,introduced_by"))
        let json = try RelmapProcess.run(["report", "referrals", g, "--format", "json", "--rm", "RM02"])
        #expect(json.status == 0)
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect((doc["summary"] as! [String: Any])["rm"] as? String == "RM02")
        let badRM = try RelmapProcess.run(["report", "referrals", g, "--rm", "RM03"])
        #expect(badRM.status == 1)
        #expect(badRM.stderr.contains("RM01"))
        let badDate = try RelmapProcess.run(["report", "referrals", g, "--since", "yesterday"])
        #expect(badDate.status == 2)
    }
}

/// Opens the HTML report in a real browser (headless Chromium) when one is installed: the page must
/// render to a screenshot without fetching anything. Skipped on machines without Chromium.
@Suite struct ReferralReportBrowserTests {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Skipped where no Chromium is installed, except in CI (`CI` set), whose script installs it.
    @Test(.enabled(if: ReferralReportBrowserTests.chromium != nil || ProcessInfo.processInfo.environment["CI"] != nil, "needs chromium"))
    func rendersInHeadlessChromium() throws {
        let dir = try RelmapProcess.temporaryFolder()
        try RelmapProcess.write(ChainAndReportCommandTests.entities, to: dir + "/entities.csv")
        try RelmapProcess.write(ChainAndReportCommandTests.relations, to: dir + "/relations.csv")
        let html = dir + "/report.html", png = dir + "/report.png"
        let r = try RelmapProcess.run(["report", "referrals", dir, "--as-of", "2025-06-01", "--format", "html", "--out", html])
        #expect(r.status == 0)
        let p = Process()
        let chromium = try #require(Self.chromium, "CI must install chromium (see .ci/run)")
        p.executableURL = URL(fileURLWithPath: chromium)
        // --no-sandbox: CI containers run as root; the network is unneeded and the page asks for none.
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1200,1600", "--screenshot=\(png)", "file://\(html)"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let size = (try? FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
        #expect(size > 20_000, "screenshot of \(size) bytes: the page did not render")
    }
}

@Suite struct ReferralDiagramTests {
    /// The HTML report draws its largest trees through Graphviz (the map machinery), inline.
    @Test func htmlTreesAreRenderedByGraphviz() throws {
        let out = try RelmapProcess.temporaryFolder() + "/referrals.html"
        let r = try RelmapProcess.run(["report", "referrals", "Graphs/battery-chain", "--format", "html", "--out", out, "--as-of", "2026-11-22"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("class=\"node\""))  // Graphviz's SVG, not the fallback drawing
        #expect(!html.contains("<?xml"))  // inlined, not a nested document
        #expect(html.contains("溧阳高新区招商局"))
    }
}
