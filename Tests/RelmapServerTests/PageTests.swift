import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import RelmapCore
import RelmapServer
import RelmapWorkspace
import Testing

/// The pages: what they show, in which language, and that data never becomes markup.
@Suite struct PageTests {
    let fixture = ServerFixture.shared

    @Test func theBookShowsClientsAndRankedTargetsWithReasons() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("rm01")
            let page = try await b.get("/", accept: "zh-CN,zh;q=0.9")
            #expect(page.status == .ok)
            let book = try fixture.app.engine.book(rm: "RM01")
            let ranking = try fixture.app.engine.next(.init(seeds: .rm("RM01"), top: 20))
            for c in book.clients.prefix(3) { #expect(page.text.contains(c.entity.name)) }
            for r in ranking.rows.prefix(3) { #expect(page.text.contains(r.name)) }
            #expect(page.text.contains("下一步拜访谁") && page.text.contains("速赢"))
            let en = try await b.get("/", accept: "en-US,en;q=0.9")
            #expect(en.text.contains("Who to approach next") && !en.text.contains("下一步拜访谁"))
        }
    }

    @Test func filtersNarrowTheTargets() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("rm01")
            let page = try await b.get("/?industry=%E6%95%B4%E8%BD%A6")  // 整车
            #expect(page.status == .ok)
            let api = try JSONDecoder().decode(
                [RankedCandidate].self, from: Data(buffer: try await b.get("/api/next?industry=%E6%95%B4%E8%BD%A6").body))
            #expect(!api.isEmpty && api.allSatisfy { $0.industry == "整车" })
        }
    }

    @Test func namesFromTheDataAreEscaped() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("rm01")
            let page = try await b.get("/entities/XSS01")
            #expect(page.status == .ok)
            #expect(!page.text.contains("<script>alert(1)</script>"))
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            let search = try await b.get("/search?q=alert")
            #expect(!search.text.contains("<script>alert"))
        }
    }

    @Test func anEntityPageHasItsRelationsChainClientsWaysInAndMap() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("rm01")
            let page = try await b.get("/entities/CEL02", accept: "en")
            #expect(page.status == .ok)
            #expect(page.text.contains("Warmest ways in") && page.text.contains("Clients whose value chain it sits on"))
            #expect(page.text.contains("<svg") && page.text.contains("format=png"))
            let png = try await b.get("/api/map?client=CEL02&format=png")
            #expect(png.status == .ok && png.headers[.contentType] == "image/png")
            #expect(Array(Data(buffer: png.body).prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        }
    }

    @Test func theMapPansAndZoomsWithoutALibraryAndItsTargetsCarryTheirReasons() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            // The script is Relmap's own, served before sign-in like the style sheet, and loads nothing.
            let script = try await b.get("/map.js")
            #expect(script.status == .ok && script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(script.text.contains("viewBox") && script.text.contains("wheel") && !script.text.contains("http"))
            _ = try await b.signIn("rm01")
            _ = try await b.get("/", accept: "en")  // the book page ranks RM01's targets
            let ranking = try fixture.app.engine.next(.init(seeds: .rm("RM01"), top: 20))
            var checked = 0
            for row in ranking.rows where !row.reasons.isEmpty {
                let page = try await b.get("/entities/\(row.id)", accept: "en")
                guard page.text.contains("<svg") else { continue }
                #expect(page.text.contains("data-zoom") && page.text.contains("<script src=\"/map.js\" defer></script>"))
                #expect(page.text.contains("data-zoom-in=\"Zoom in"))
                #expect(page.text.contains("xlink:href=\"/entities/"), "companies link to their pages")
                // The target's own node: its tooltip carries the ranking's first reason.
                let words = row.reasons[0].prefix { $0.isLetter || $0 == " " }
                let tooltips = page.text.components(separatedBy: "xlink:title=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
                #expect(words.count >= 4 && tooltips.contains { $0.contains(words) }, "\(row.id): \(row.reasons[0])")
                checked += 1
                if checked == 2 { break }
            }
            #expect(checked == 2)
            let zh = try await b.get("/entities/\(ranking.rows[0].id)", accept: "zh-CN")
            if zh.text.contains("<svg") { #expect(zh.text.contains("data-zoom-in=\"放大")) }
        }
    }

    @Test func anUnknownEntityIs404WithTheNearestNames() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("rm01")
            let api = try await b.json(
                "/api/entities/%E7%A6%8F%E5%BB%BA%E9%97%BD%E9%94%90%E5%8A%A8%E5%8A%9B%E7%94%B5%E5%90%83%E8%82%A1%E4%BB%BD%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8"
            )  // 福建闽锐动力电吃股份有限公司
            #expect(api.status == .notFound)
            let suggestions = (api.value as? [String: Any])?["suggestions"] as? [[String: Any]] ?? []
            #expect(suggestions.contains { $0["id"] as? String == "CEL01" })
            let page = try await b.get("/entities/NOPE999")
            #expect(page.status == .notFound)
        }
    }

    @Test func searchGoesStraightToASingleMatch() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("rm01")
            let one = try await b.get("/search?q=CEL01")
            #expect(one.status == .found && one.headers[.location] == "/entities/CEL01")
            let api = try await b.json("/api/search?q=%E7%94%B5%E6%B1%A0")  // 电池
            #expect(((api.value as? [String: Any])?["matches"] as? [Any])?.isEmpty == false)
        }
    }

    @Test func chainAndMapAnswerAsTheCLIDoes() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("rm01")
            let r = try await b.get("/api/chain?to=CEL01&k=3", accept: "en")
            let paths = try JSONDecoder().decode([PathsAnswer.Path].self, from: Data(buffer: r.body))
            let cli = try fixture.app.engine.chain(.init(target: "CEL01", k: 3))
            #expect(paths == cli.paths && paths.count == 3)
            let dot = try await b.get("/api/map?client=CEL01&format=dot")
            #expect(dot.text == (try fixture.app.engine.map(.init(focus: .client("CEL01"), depth: 2, maxNodes: 40, language: .zh))).dot)
            #expect(try await b.get("/api/chain?to=CEL01&k=0").status == .badRequest)
            #expect(try await b.get("/api/map?client=CEL01&format=gif").status == .badRequest)
        }
    }

    @Test func theLanguageChoiceIsRemembered() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("lead-lang")
            let switched = try await b.post("/settings/language", form: "_csrf=\(b.csrf)&lang=en&back=/team")
            #expect(switched.status == .found && switched.headers[.location] == "/team")
            // Without a cookie or ?lang, the stored preference wins over Accept-Language.
            let page = try await client.execute(uri: "/team", method: .get, headers: [.cookie: b.cookie])
            #expect(page.text.contains("books side by side"))
            _ = try await b.post("/settings/language", form: "_csrf=\(b.csrf)&lang=zh&back=/")
        }
    }

    @Test func aRestartLogsNobodyOut() async throws {
        let cookie = try await testApp().test(.router) { client -> String in
            var b = Browser(client)
            _ = try await b.signIn("admin")
            return b.cookie
        }
        let reopened = try WebApp(engine: fixture.app.engine, workspace: try Workspace.open(path: fixture.workspacePath))
        try await Application(router: reopened.router()).test(.router) { client in
            let me = try await client.execute(uri: "/api/me", method: .get, headers: [.cookie: cookie])
            #expect(me.status == .ok)
        }
    }

    @Test func csvExportOpensInExcel() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("rm01")
            let csv = try await b.get("/next.csv")
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(Array(Data(buffer: csv.body).prefix(3)) == [0xEF, 0xBB, 0xBF])
        }
    }
}

@Suite struct OwnershipOnThePageTests {
    @Test func anEntityPageShowsItsControllerAndTheGroupMembersNotWithUs() async throws {
        let fixture = ServerFixture.shared
        let owners = try fixture.app.engine.owners(.init(entity: "OEM01"))
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("rm01")
            let page = try await b.get("/entities/OEM01", accept: "zh-CN")
            #expect(page.status == .ok)
            if let controller = owners.controllerName {
                #expect(page.text.contains("实际控制人") && page.text.contains(controller))
            } else {
                #expect(!owners.owners.isEmpty && page.text.contains("股权与控制") && page.text.contains(owners.owners[0].name))
            }
        }
    }
}
