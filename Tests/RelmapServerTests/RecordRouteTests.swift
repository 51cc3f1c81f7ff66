import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RelmapCore
import RelmapServer
import RelmapWorkspace
import Testing

/// What RMs record through the API (activities, pipeline, relations, corrections): one test per
/// rule, through the real router, on a workspace of its own (`ServerFixture.recording`).
@Suite(.serialized) struct RecordRouteTests {
    let fixture = ServerFixture.recording

    func revision() throws -> Int64 { try fixture.app.workspace.revision() }

    @Test func aWriteNeedsASessionJSONAndTheCSRFToken() async throws {
        try await recordingApp().test(.router) { client in
            let body = #"{"target":"MIN02","kind":"visit","date":"2026-11-30"}"#
            let anonymous = try await client.execute(
                uri: "/api/activities", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
            #expect(anonymous.status == .unauthorized)
            var b = Browser(client)
            _ = try await b.signIn("rm01")
            let before = try revision()
            #expect(try await b.send(.post, "/api/activities", body, csrf: "").status == .forbidden)
            #expect(try await b.send(.post, "/api/activities", body, csrf: String(repeating: "x", count: 43)).status == .forbidden)
            let form = try await client.execute(
                uri: "/api/activities", method: .post,
                headers: [.cookie: b.cookie, .contentType: "application/x-www-form-urlencoded", HTTPField.Name("X-CSRF-Token")!: b.csrf],
                body: ByteBuffer(string: "target=MIN02&kind=visit"))
            #expect(form.status == .unsupportedMediaType)
            #expect(try revision() == before)
        }
    }

    @Test func anRMReadsTheirOwnActivitiesAndALeadTheTeams() async throws {
        try await recordingApp().test(.router) { client in
            var rm01 = Browser(client), rm02 = Browser(client), lead = Browser(client)
            _ = try await rm01.signIn("rm01")
            _ = try await rm02.signIn("rm02")
            _ = try await lead.signIn("lead")
            let note = "visit-\(UUID().uuidString)"
            let written = try await rm01.send(
                .post, "/api/activities",
                #"{"target":"MIN04","kind":"visit","date":"2026-11-30","outcome":"首次拜访","note":"\#(note)","people":["P001"]}"#)
            #expect(written.status == .created)
            let record = try #require(written.value["record"] as? [String: Any])
            #expect(record["id"] is Int && record["rm"] as? String == "RM01" && record["date"] as? String == "2026-11-30")
            #expect(record["people"] as? [String] == ["P001"])
            func notes(_ b: Browser) async throws -> [String] {
                let r = try await b.json("/api/activities?target=MIN04")
                return ((r.value as? [[String: Any]]) ?? []).compactMap { $0["note"] as? String }
            }
            #expect(try await notes(rm01).contains(note))
            #expect(try await !notes(rm02).contains(note))
            #expect(try await notes(lead).contains(note))
        }
    }

    @Test func aPipelineOutsideTheScopeIs403() async throws {
        try await recordingApp().test(.router) { client in
            var rm01 = Browser(client), lead = Browser(client)
            _ = try await rm01.signIn("rm01")
            _ = try await lead.signIn("lead")
            #expect(try await rm01.json("/api/pipeline?rm=RM02").status == .forbidden)
            #expect(try await rm01.json("/api/pipeline").status == .ok)
            #expect(try await lead.json("/api/pipeline?rm=RM02").status == .ok)
            // A lead without a book of their own has nowhere to record.
            let r = try await lead.send(.put, "/api/pipeline/LIS04", #"{"stage":1,"status":"approaching"}"#)
            #expect(r.status == .unprocessableContent)
        }
    }

    @Test func badInputIsRefusedAndChangesNothing() async throws {
        try await recordingApp().test(.router) { client in
            var b = Browser(client)
            b.language = "en"
            _ = try await b.signIn("rm01")
            let before = try revision()
            let cases: [(HTTPRequest.Method, String, String, HTTPResponse.Status, String)] = [
                (.post, "/api/activities", #"{"target":"NOPE","kind":"visit","date":"2026-11-30"}"#, .unprocessableContent, "NOPE"),
                (.post, "/api/activities", #"{"target":"MIN02","kind":"visit","date":"2026-13-45"}"#, .badRequest, "date"),
                (.post, "/api/activities", #"{"target":"MIN02","kind":"party","date":"2026-11-30"}"#, .badRequest, "kind"),
                (
                    .post, "/api/activities",
                    #"{"target":"MIN02","kind":"visit","date":"2026-11-30","note":"\#(String(repeating: "长", count: 5000))"}"#, .unprocessableContent,
                    "note"
                ),
                (.put, "/api/pipeline/MIN02", #"{"stage":7,"status":"approaching"}"#, .unprocessableContent, "stage"),
                (.put, "/api/pipeline/MIN02", #"{"stage":2,"status":"maybe"}"#, .badRequest, "status"),
                (.post, "/api/relations", #"{"source":"P001","target":"MIN02","type":"likes"}"#, .badRequest, "type"),
                (.post, "/api/relations", #"{"source":"P001","target":"MIN02","type":"knows","strength":3}"#, .unprocessableContent, "strength"),
                (.post, "/api/corrections", #"{"note":"neither"}"#, .badRequest, "relation"),
                (.post, "/api/activities", #"{"target":"MIN02"}"#, .badRequest, "kind")
            ]
            for (method, uri, body, status, word) in cases {
                let r = try await b.send(method, uri, body)
                #expect(r.status == status, "\(uri) \(body.prefix(80))")
                #expect((r.value["error"] as? String)?.contains(word) == true, "\(r.value)")
            }
            // 10 MB is refused before it is read.
            let huge = #"{"target":"MIN02","kind":"visit","note":""# + String(repeating: "x", count: 10 << 20) + #""}"#
            #expect(try await b.send(.post, "/api/activities", huge).status == .contentTooLarge)
            #expect(try revision() == before)
        }
    }

    @Test func aStaleSaveIsRefusedWithTheCurrentRow() async throws {
        try await recordingApp().test(.router) { client in
            var rm01 = Browser(client)
            _ = try await rm01.signIn("rm01")
            let first = try await rm01.send(
                .put, "/api/pipeline/LIS05", #"{"stage":1,"status":"approaching","next_step":"约见财务总监","due":"2026-12-15"}"#)
            #expect(first.status == .ok)
            let row = try #require(first.value["record"] as? [String: Any])
            #expect(row["version"] as? Int == 1 && row["next_step"] as? String == "约见财务总监" && row["due"] as? String == "2026-12-15")
            let second = try await rm01.send(.put, "/api/pipeline/LIS05", #"{"stage":2,"status":"approaching","version":1}"#)
            #expect(second.status == .ok)
            // The same RM in another tab, still holding version 1.
            let stale = try await rm01.send(.put, "/api/pipeline/LIS05", #"{"stage":3,"status":"paused","version":1}"#)
            #expect(stale.status == .conflict)
            #expect((stale.value["current"] as? [String: Any])?["version"] as? Int == 2)
            #expect((stale.value["current"] as? [String: Any])?["stage"] as? Int == 2)
        }
    }

    @Test func aWinAndAWonReferralChangeTheNextAnswersWithoutARestart() async throws {
        try await recordingApp().test(.router) { client in
            var rm01 = Browser(client)
            rm01.language = "en"
            _ = try await rm01.signIn("rm01")
            let ranked = try #require(try await rm01.json("/api/next?top=5").value as? [[String: Any]])
            let target = try #require(ranked.first?["id"] as? String)
            let referralsBefore = try #require(try await rm01.json("/api/referrals").value as? [String: Any])
            let wonBefore = (referralsBefore["summary"] as? [String: Any])?["won"] as? Int ?? 0

            let referral = try await rm01.send(
                .post, "/api/relations",
                #"{"source":"CAT03","target":"\#(target)","type":"refers","date":"2026-11-20","outcome":"won","note":"客户介绍"}"#)
            #expect(referral.status == .created)
            let won = try await rm01.send(.put, "/api/pipeline/\(target)", #"{"stage":3,"status":"won"}"#)
            #expect(won.status == .ok)
            await fixture.app.catchUp()

            let entity = try #require(try await rm01.json("/api/entities/\(target)").value as? [String: Any])
            let ref = try #require(entity["entity"] as? [String: Any])
            #expect(ref["status"] as? String == "client" && ref["rm"] as? String == "RM01")
            let after = try #require(try await rm01.json("/api/next?top=5").value as? [[String: Any]])
            #expect(!after.contains { $0["id"] as? String == target })
            let referralsAfter = try #require(try await rm01.json("/api/referrals").value as? [String: Any])
            #expect((referralsAfter["summary"] as? [String: Any])?["won"] as? Int == wonBefore + 1)
        }
    }
}
