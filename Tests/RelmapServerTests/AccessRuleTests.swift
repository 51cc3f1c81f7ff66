import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import RelmapCore
import RelmapServer
import Testing

/// One test per access rule, through the real router: the rules hold on the server, whatever a
/// page shows or hides.
@Suite struct AccessRuleTests {
    let fixture = ServerFixture.shared

    @Test func noSessionMeans401ForTheAPIAndTheSignInFormForPages() async throws {
        try await testApp().test(.router) { client in
            for path in [
                "/api/next", "/api/chain?to=CEL01", "/api/map?client=CEL01", "/api/referrals", "/api/entities/CEL01", "/api/search?q=x", "/api/me"
            ] {
                let r = try await client.execute(uri: path, method: .get)
                #expect(r.status == .unauthorized, "\(path)")
            }
            let page = try await client.execute(uri: "/entities/CEL01", method: .get)
            #expect(page.status == .found)
            #expect(page.headers[.location]?.hasPrefix("/login?next=") == true)
        }
    }

    @Test func signInSetsAStrictHttpOnlyCookieAndAWrongPasswordDoesNot() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            let wrong = try await b.signIn("rm01", password: "not the password")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers[.setCookie] == nil)
            let right = try await b.signIn("rm01")
            #expect(right.status == .ok)
            let cookie = right.headers[.setCookie] ?? ""
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("relmap_session="))
            #expect(try await b.get("/api/me").status == .ok)
        }
    }

    @Test func anRMRanksFromTheirOwnBookAndGetsTheCLIsRows() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("rm01")
            let r = try await b.get("/api/next?top=10", accept: "en")
            #expect(r.status == .ok)
            let rows = try JSONDecoder().decode([RankedCandidate].self, from: Data(buffer: r.body))
            var query = ExpansionRanking.Query(seeds: .rm("RM01"), top: 10)
            query.language = .en
            let cli = try fixture.app.engine.next(query, explain: true)
            #expect(rows == cli.rows)
            #expect(!rows.isEmpty)
        }
    }

    @Test func anRMCannotRankFromAnotherRMsBook() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("rm01")
            #expect(try await b.get("/api/next?rm=RM02").status == .forbidden)
            #expect(try await b.get("/api/book?rm=RM02").status == .forbidden)
            #expect(try await b.get("/?rm=RM02").status == .forbidden)
        }
    }

    @Test func aLeadRanksFromTheTeamsBooksOnly() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("lead")
            #expect(try await b.get("/api/next?rm=RM02").status == .ok)
            #expect(try await b.get("/api/next?rm=RM03").status == .forbidden)
        }
    }

    @Test func anAdminSeesEveryBook() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("admin")
            #expect(try await b.get("/api/next?rm=RM03").status == .ok)
            let entity = try await b.json("/api/entities/GRP01")  // RM03's client
            #expect((entity.value as? [String: Any])?["value"] is Double)
        }
    }

    @Test func anRMSeesOtherBooksNamesButNotTheirClientsValueTierOrStage() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("rm01")
            let other = try #require(try await b.json("/api/entities/GRP01").value as? [String: Any])  // RM03's client
            let entity = try #require(other["entity"] as? [String: Any])
            #expect(entity["name"] as? String == "赣南锂源控股集团有限公司" && entity["rm"] as? String == "RM03")
            #expect(other["value"] == nil || other["value"] is NSNull)
            #expect(other["tier"] == nil || other["tier"] is NSNull)
            #expect((other["hidden"] as? [String]) == ["value", "tier", "stage"])
            let own = try #require(try await b.json("/api/entities/GRP02").value as? [String: Any])  // RM01's client
            #expect(own["value"] is Double && (own["hidden"] as? [String]) == [])
            // The page says so instead of showing the figures.
            let page = try await b.get("/entities/GRP01")
            #expect(page.text.contains("其他客户经理名下客户的详细信息不予显示") && !page.text.contains("18631000"))
        }
    }

    @Test func aLeadSeesTheTeamsClientDetails() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("lead")
            let team = try #require(try await b.json("/api/entities/GRP02").value as? [String: Any])  // RM01, in the team
            #expect(team["value"] is Double)
            let outside = try #require(try await b.json("/api/entities/GRP01").value as? [String: Any])  // RM03, outside
            #expect(outside["value"] == nil || outside["value"] is NSNull)
        }
    }

    @Test func referralsAreScopedToTheUsersBooks() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("rm01")
            let own = try #require(try await b.json("/api/referrals").value as? [String: Any])
            #expect((own["summary"] as? [String: Any])?["rm"] as? String == "RM01")
            #expect(try await b.get("/api/referrals?rm=RM03").status == .forbidden)
        }
    }

    @Test func theTeamPageIsForLeads() async throws {
        try await testApp().test(.router) { client in
            var rm = Browser(client)
            _ = try await rm.signIn("rm01")
            #expect(try await rm.get("/team").status == .forbidden)
            var lead = Browser(client)
            _ = try await lead.signIn("lead")
            let page = try await lead.get("/team")
            #expect(page.status == .ok && page.text.contains("RM02"))
        }
    }

    @Test func aFormWithoutTheSessionsCSRFTokenIsRefused() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("rm01")
            #expect(try await b.post("/logout", form: "_csrf=forged").status == .forbidden)
            #expect(try await b.get("/api/me").status == .ok)
            let out = try await b.post("/logout", form: "_csrf=\(b.csrf)")
            #expect(out.status == .found)
            #expect(try await b.get("/api/me").status == .unauthorized)
        }
    }

    @Test func theJSONAPIOnlyTakesJSONBodies() async throws {
        try await testApp().test(.router) { client in
            let r = try await client.execute(
                uri: "/api/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "user=rm01&password=\(ServerFixture.password)"))
            #expect(r.status == .unsupportedMediaType)
        }
    }

    @Test func theSignInFormNeedsItsOwnToken() async throws {
        try await testApp().test(.router) { client in
            let form = try await client.execute(uri: "/login", method: .get)
            let cookie = try #require(form.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let token = String(cookie.split(separator: "=", maxSplits: 1)[1])
            #expect(form.text.contains("value=\"\(token)\""))
            let forged = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "_csrf=\(token)&user=rm01&password=\(ServerFixture.password)"))
            #expect(forged.status == .forbidden)  // no cookie: a post from another site
            let real = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                body: ByteBuffer(
                    string: "_csrf=\(token)&user=rm01&password=\(ServerFixture.password.replacingOccurrences(of: " ", with: "+"))&next=//evil.example"
                ))
            #expect(real.status == .found)
            #expect(real.headers[.location] == "/")  // never away from this site
        }
    }

    @Test func repeatedWrongPasswordsLockTheAccountForAWhile() async throws {
        // Its own workspace: the lock also counts per address, which every router test shares.
        let own = try ServerFixture()
        try await Application(router: own.app.router()).test(.router) { client in
            var b = Browser(client)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<12 { statuses.append(try await b.signIn("rm02", password: "guess").status) }
            #expect(statuses.first == .unauthorized)
            #expect(statuses.last == .tooManyRequests)
            // Even the right password waits until the lock expires.
            #expect(try await b.signIn("rm02").status == .tooManyRequests)
        }
    }
}
