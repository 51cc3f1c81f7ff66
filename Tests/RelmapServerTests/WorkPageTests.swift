import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import RelmapCore
import RelmapServer
import Testing

/// The pages where RMs record their work: forms on the entity page, the pipeline, gone quiet.
@Suite(.serialized) struct WorkPageTests {
    @Test func anRMLogsAVisitAndMovesATargetFromTheEntityPage() async throws {
        try await workPagesApp().test(.router) { client in
            var rm01 = Browser(client)
            rm01.language = "en"
            _ = try await rm01.signIn("rm01")
            let page = try await rm01.get("/entities/LIS06", accept: "en")
            #expect(page.status == .ok)
            for form in ["log-activity", "move-stage", "record-relation", "new-person", "entity-wrong"] {
                #expect(page.text.contains("id=\"\(form)\""), "\(form)")
            }
            let note = "dinner-\(UUID().uuidString.prefix(8))"
            let missing = try await rm01.post("/entities/LIS06/activities", form: "kind=visit&date=2026-11-28&note=\(note)")
            #expect(missing.status == .forbidden)
            let logged = try await rm01.post(
                "/entities/LIS06/activities",
                form: "_csrf=\(rm01.csrf)&kind=meeting&date=2026-11-28&outcome=%E6%84%8F%E5%90%91&note=\(note)&people=P001&people_ids=P002")
            #expect(logged.status == .seeOther)
            #expect(logged.headers[.location] == "/entities/LIS06#work")
            let after = try await rm01.get("/entities/LIS06", accept: "en")
            #expect(after.text.contains(note) && after.text.contains("意向"))
            let moved = try await rm01.post(
                "/entities/LIS06/pipeline",
                form:
                    "_csrf=\(rm01.csrf)&stage=2&status=approaching&next_step=%E6%8B%9C%E8%AE%BF%E8%B4%A2%E5%8A%A1%E6%80%BB%E7%9B%91&due=2026-01-05&version="
            )
            #expect(moved.status == .seeOther)
            let pipeline = try await rm01.get("/pipeline", accept: "en")
            #expect(pipeline.text.contains("拜访财务总监") && pipeline.text.contains("overdue"))
            // The same form again, without the version it read: someone saved first.
            let stale = try await rm01.post("/entities/LIS06/pipeline", form: "_csrf=\(rm01.csrf)&stage=3&status=approaching&version=")
            #expect(stale.status == .conflict)
            let csv = try await rm01.get("/pipeline.csv")
            #expect(csv.text.hasPrefix("\u{FEFF}rm,target,stage") && csv.text.contains("RM01,LIS06,2,approaching"))
            let activities = try await rm01.get("/activities.csv")
            #expect(activities.text.contains(note))
        }
    }

    @Test func aBadFormChangesNothingAndSaysWhy() async throws {
        try await workPagesApp().test(.router) { client in
            var rm01 = Browser(client)
            _ = try await rm01.signIn("rm01")
            let before = try ServerFixture.workPages.app.workspace.revision()
            let badDate = try await rm01.post("/entities/LIS06/activities", form: "_csrf=\(rm01.csrf)&kind=visit&date=2026-02-30")
            #expect(badDate.status == .badRequest && badDate.text.contains("date"))
            let badStage = try await rm01.post("/entities/LIS06/pipeline", form: "_csrf=\(rm01.csrf)&stage=7&status=approaching")
            #expect(badStage.status == .unprocessableContent)
            let unknown = try await rm01.post("/entities/NOPE/activities", form: "_csrf=\(rm01.csrf)&kind=visit&date=2026-11-01")
            #expect(unknown.status == .unprocessableContent && unknown.text.contains("NOPE"))
            #expect(try ServerFixture.workPages.app.workspace.revision() == before)
        }
    }

    @Test func aLeadSeesTheTeamsPipelineAndAnRMOnlyTheirOwn() async throws {
        try await workPagesApp().test(.router) { client in
            var rm01 = Browser(client), rm02 = Browser(client), lead = Browser(client)
            _ = try await rm01.signIn("rm01")
            _ = try await rm02.signIn("rm02")
            _ = try await lead.signIn("lead")
            _ = try await rm01.post("/entities/MIN04/pipeline", form: "_csrf=\(rm01.csrf)&stage=1&status=approaching&next_step=team-check")
            #expect(try await lead.get("/pipeline").text.contains("team-check"))
            #expect(try await lead.get("/pipeline?rm=RM01").text.contains("team-check"))
            #expect(try await !rm02.get("/pipeline").text.contains("team-check"))
            #expect(try await rm02.get("/pipeline?rm=RM01").status == .forbidden)
            #expect(try await rm02.get("/pipeline.csv?rm=RM01").status == .forbidden)
        }
    }

    @Test func markingARelationWrongTakesItOutAndShowsItStruckThrough() async throws {
        try await workPagesApp().test(.router) { client in
            var rm01 = Browser(client)
            _ = try await rm01.signIn("rm01")
            // P003 works at GRP01 (财务总监) in the files.
            let before = try await rm01.json("/api/entities/P003")
            let relations = ((before.value as? [String: Any])?["relations"] as? [[String: Any]]) ?? []
            #expect(relations.contains { $0["type"] as? String == "works_at" })
            let marked = try await rm01.post(
                "/entities/P003/corrections", form: "_csrf=\(rm01.csrf)&source=P003&target=GRP01&type=works_at&note=%E5%B7%B2%E7%A6%BB%E8%81%8C")
            #expect(marked.status == .seeOther)
            let after = try await rm01.json("/api/entities/P003")
            let left = ((after.value as? [String: Any])?["relations"] as? [[String: Any]]) ?? []
            #expect(!left.contains { $0["type"] as? String == "works_at" && (($0["other"] as? [String: Any])?["id"] as? String) == "GRP01" })
            let page = try await rm01.get("/entities/P003")
            #expect(page.text.contains("<s>") && page.text.contains("已离职"))
        }
    }

    /// Marking an entity wrong lands on its page, which says who marked it and why (410, not a
    /// bare 404); an id the files do not hold is still 404.
    @Test func anEntityMarkedWrongShowsItsMarkNotANotFound() async throws {
        try await workPagesApp().test(.router) { client in
            var rm01 = Browser(client)
            _ = try await rm01.signIn("rm01")
            let marked = try await rm01.post(
                "/entities/MIN02/corrections", form: "_csrf=\(rm01.csrf)&subject=entity&note=%E9%87%8D%E5%A4%8D%E5%BD%95%E5%85%A5")
            #expect(marked.status == .seeOther)
            let page = try await rm01.get("/entities/MIN02")
            #expect(page.status == .gone)
            #expect(page.text.contains("已标记为错误") && page.text.contains("重复录入") && page.text.contains("rm01") && page.text.contains("宜春钽铌锂矿开发有限公司"))
            #expect(try await rm01.json("/api/entities/MIN02").status == .notFound)
            #expect(try await rm01.get("/entities/NOPE404").status == .notFound)
        }
    }

    @Test func goneQuietListsTheBooksIntroducersAsPageAndCSV() async throws {
        try await workPagesApp().test(.router) { client in
            var rm01 = Browser(client)
            _ = try await rm01.signIn("rm01")
            let page = try await rm01.get("/dormant", accept: "en")
            #expect(page.status == .ok && page.text.contains("id=\"dormant\""))
            let csv = try await rm01.get("/dormant.csv")
            #expect(csv.text.hasPrefix("\u{FEFF}kind,id,name"))
            #expect(try await rm01.get("/dormant?rm=RM02").status == .forbidden)
        }
    }
}
