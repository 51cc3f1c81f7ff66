import Foundation
import RelmapCore
import Testing

@testable import RelmapWorkspace

/// Records as JSON carry the API's keys, days as YYYY-MM-DD and types by name, and read back equal.
@Suite struct RecordJSONTests {
    let bench: RecordBench
    init() throws { bench = try RecordBench() }

    func object<T: Encodable>(_ value: T) throws -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return try #require(try JSONSerialization.jsonObject(with: encoder.encode(value)) as? [String: Any])
    }

    func roundTrip<T: Codable & Equatable>(_ value: T) throws {
        let encoder = JSONEncoder(), decoder = JSONDecoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        decoder.dateDecodingStrategy = .secondsSince1970
        #expect(try decoder.decode(T.self, from: encoder.encode(value)) == value)
    }

    @Test func activityPipelineAndRelationUseTheAPIsKeys() throws {
        let a = try bench.ws.logActivity(bench.visit("C1", people: ["P1"]), by: bench.rm01, exists: bench.exists)
        let json = try object(a)
        #expect(Set(json.keys) == ["id", "rm", "user", "target", "kind", "date", "outcome", "note", "people", "recorded_at"])
        #expect(json["date"] as? String == "2026-11-20" && json["kind"] as? String == "visit")
        try roundTrip(a)

        let p = try bench.ws.updatePipeline(
            PipelineUpdate(target: "C1", stage: 2, status: .won, nextStep: "签约", due: Day(year: 2027, month: 1, day: 2)!),
            by: bench.rm01, exists: bench.exists)
        let pj = try object(p)
        #expect(Set(pj.keys) == ["rm", "target", "stage", "status", "next_step", "due", "version", "updated_by", "updated_at"])
        #expect(pj["due"] as? String == "2027-01-02" && pj["status"] as? String == "won")
        try roundTrip(p)
        try roundTrip(try #require(try bench.ws.pipelineHistory(target: "C1", rm: nil, for: bench.rm01).first))

        let r = try bench.ws.recordRelation(
            RelationDraft(source: "P1", target: "C2", type: .refers, date: Day(year: 2026, month: 10, day: 1)!, outcome: .pending),
            by: bench.rm01, exists: bench.exists)
        let rj = try object(r)
        #expect(rj["type"] as? String == "refers" && rj["outcome"] as? String == "pending" && rj["source_tag"] as? String == "rm_note")
        #expect(rj["date"] as? String == "2026-10-01")
        try roundTrip(r)
        try roundTrip(
            try bench.ws.recordRelation(RelationDraft(source: "P1", target: "P2", type: .knows, strength: 0.4), by: bench.rm01, exists: bench.exists))
    }
}
