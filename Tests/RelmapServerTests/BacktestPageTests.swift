import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import RelmapCore
import RelmapServer
import RelmapWorkspace
import Testing

/// The leads' backtest page: what it shows, the same figures as `relmap backtest`, and who may see it.
@Suite struct BacktestPageTests {
    let fixture = ServerFixture.shared

    @Test func aLeadSeesTheTableTheChartAndTheWeightsInUse() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("lead")
            let page = try await b.get("/backtest?as_of=2023-01-01&k=10&rm=RM01", accept: "en")
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("Does the ranking find the clients we later win?"))
            #expect(html.contains("<svg") && html.contains("Precision at k") && html.components(separatedBy: "<polyline").count - 1 == 9)
            #expect(html.contains("Weights the server ranks with") && html.contains("The defaults"))
            // The figures are the command's figures, from the same graph.
            var query = Backtest.Query(asOf: Day(year: 2023, month: 1, day: 1)!, k: 10, rm: "RM01")
            query.language = .en
            let expected = try Backtest.run(fixture.app.engine.graph, query)
            let hits = BacktestText(.en).fmt(expected.methods["relmap"]!.hits)
            let ap = String(format: "%.3f", expected.methods["relmap"]!.averagePrecision)
            #expect(html.contains("<td>relmap <span class=\"badge\">") || html.contains("<td>relmap</td>"))
            #expect(html.contains("<td class=\"num\">\(hits)</td>") && html.contains("<td class=\"num\">\(ap)</td>"))
            #expect(html.contains(expected.heading(BacktestText(.en))))
        }
    }

    @Test func inChineseWithoutAChosenDayItTestsTheYearBeforeTheLatestWin() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("admin")
            let page = try await b.get("/backtest", accept: "zh-CN")
            let day = Backtest.suggestedDay(fixture.app.engine.graph)!
            #expect(page.text.contains("排序能找到后来成交的客户吗？"))
            #expect(page.text.contains("value=\"\(day)\""))
            // An admin's default is the whole bank; the day either answers or says why not, never a 500.
            #expect(page.status == .ok || page.status == .unprocessableContent)
            if page.status == .ok { #expect(page.text.contains("全行") && page.text.contains("<svg")) }
        }
    }

    /// Rule: the backtest judges books side by side, a lead's view; an RM is refused on the server.
    @Test func anRMIsRefused() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("rm01")
            let page = try await b.get("/backtest?as_of=2023-01-01&rm=RM01")
            #expect(page.status == .forbidden)
            #expect(!page.text.contains("<svg"))
            let home = try await b.get("/")
            #expect(!home.text.contains("href=\"/backtest\""))
        }
    }

    /// Rule: a lead backtests only the books of their team.
    @Test func aLeadCannotBacktestABookOutsideTheTeam() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("lead")
            let page = try await b.get("/backtest?as_of=2023-01-01&rm=RM03", accept: "en")
            #expect(page.status == .forbidden)
            #expect(page.text.contains("RM03") && !page.text.contains("<svg"))
        }
    }

    @Test func aDayBeforeEveryRecordOrNotADateIsSaidPlainly() async throws {
        try await testApp().test(.router) { client in
            var b = Browser(client)
            _ = try await b.signIn("admin")
            let early = try await b.get("/backtest?as_of=1990-01-01", accept: "en")
            #expect(early.status == .unprocessableContent)
            #expect(early.text.contains("is before every record") && early.text.contains("backtest-form"))
            let garbage = try await b.get("/backtest?as_of=soon", accept: "en")
            #expect(garbage.status == .badRequest && garbage.text.contains("is not a date"))
            let badK = try await b.get("/backtest?as_of=2023-01-01&k=-3", accept: "en")
            #expect(badK.status == .badRequest && badK.text.contains("from 1 to 5000"))
        }
    }
}
