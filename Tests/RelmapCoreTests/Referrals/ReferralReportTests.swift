import Foundation
import Testing

@testable import RelmapCore

@Suite struct ReferralReportTests {
    /// K (client, RM1) introduced A (won) and B (lost); A introduced C (won) and D (pending);
    /// C introduced E (won, 2019). Z and Y refer to each other (a cycle). Q refers W in the future.
    /// W was also referred by K.
    static func graph() throws -> Graph {
        var b = GraphBuilder()
        let rows: [(String, EntityStatus, String, Double?)] = [
            ("K", .client, "RM1", 1_000), ("A", .client, "RM1", 500), ("B", .prospect, "", nil), ("C", .client, "RM2", 300),
            ("D", .prospect, "", nil), ("E", .client, "RM2", 200), ("Z", .client, "RM3", 50), ("Y", .client, "RM3", 70),
            ("Q", .prospect, "", nil), ("W", .prospect, "", nil)
        ]
        for (id, status, rm, value) in rows {
            try b.addEntity(EntityRecord(id: id, name: "名称\(id)", status: status, rm: rm, value: value))
        }
        func refer(_ s: String, _ t: String, _ date: (Int, Int, Int)?, _ outcome: ReferralOutcome) throws {
            try b.addRelation(
                RelationRecord(
                    source: s, target: t, type: .refers,
                    date: date.flatMap { Day(year: $0.0, month: $0.1, day: $0.2) }, outcome: outcome))
        }
        try refer("K", "A", (2020, 1, 10), .won)
        try refer("K", "B", (2020, 2, 1), .lost)
        try refer("A", "C", (2021, 5, 1), .won)
        try refer("A", "D", (2024, 11, 1), .pending)
        try refer("C", "E", (2019, 3, 1), .won)  // earlier than C's own referral: data as found
        try refer("Z", "Y", (2022, 1, 1), .won)
        try refer("Y", "Z", (2023, 1, 1), .won)
        try refer("Q", "W", (2030, 1, 1), .pending)  // future
        try refer("K", "W", nil, .none)  // undated, second introducer of W
        try b.addRelation(RelationRecord(source: "K", target: "A", type: .knows))
        return b.build()
    }

    static let asOf = Day(year: 2025, month: 6, day: 1)!

    @Test func treesIntroducersAndAnomalies() throws {
        let g = try Self.graph()
        let report = ReferralReport(graph: g, options: .init(asOf: Self.asOf))
        let s = report.summary
        #expect(s.referrals == 9)
        #expect(s.won == 5 && s.pending == 2 && s.lost == 1 && s.noOutcome == 1)

        // K's tree: K -> A, B, W(undated; the earliest dated referral of W is Q's, in 2030, but an
        // undated referral sorts last, so W hangs under Q), A -> C, D; C -> E.
        let k = try #require(report.trees.first { $0.root == "K" })
        #expect(k.size == 5)  // A, B, C, D, E
        #expect(k.depth == 3)  // K -> A -> C -> E
        #expect(k.won == 3)  // A, C, E
        #expect(k.valueBrought == 1_000)
        #expect(report.trees.first?.root == "K")

        let kCard = try #require(report.introducers.first { $0.id == "K" })
        #expect(kCard.referred == 3 && kCard.won == 1 && kCard.lost == 1 && kCard.noOutcome == 1)
        #expect(kCard.valueBrought == 500)
        #expect(kCard.valueDownstream == 1_000)
        #expect(kCard.lastReferral == "2020-02-01")
        let aCard = try #require(report.introducers.first { $0.id == "A" })
        #expect(aCard.conversionRate == 0.5)

        // Cycle Z <-> Y reported and broken at the latest referral (Y -> Z, 2023): Z is the root.
        #expect(report.anomalies.cycles == [["Z", "Y"]] || report.anomalies.cycles == [["Y", "Z"]])
        #expect(report.trees.contains { $0.root == "Z" && $0.size == 1 })
        #expect(report.anomalies.future.map(\.referred) == ["W"])
        #expect(report.anomalies.undated == 1)
        #expect(report.anomalies.multipleIntroducers == [["W", "K", "Q"]])

        // Dormant: productive once and silent a year: K (2020), C (2019), Z (2022) and Y (2023);
        // A referred in 2024-11 and is not dormant.
        #expect(Set(report.dormant.map(\.id)) == ["K", "C", "Z", "Y"])
        let shorter = ReferralReport(graph: g, options: .init(dormantDays: 3000, asOf: Self.asOf))
        #expect(shorter.dormant.isEmpty)
    }

    @Test func sinceAndRM() throws {
        let g = try Self.graph()
        let since = ReferralReport(graph: g, options: .init(since: Day(year: 2021, month: 1, day: 1), asOf: Self.asOf))
        #expect(since.summary.referrals == 5)  // A->C, A->D, Z->Y, Y->Z, Q->W
        #expect(since.summary.undatedExcluded == 1)
        #expect(since.trees.first { $0.root == "A" }?.size == 2)
        // Dormancy looks at the whole history even with --since.
        #expect(since.dormant.contains { $0.id == "K" })

        let rm2 = ReferralReport(graph: g, options: .init(rm: "RM2", asOf: Self.asOf))
        #expect(rm2.trees.map(\.root) == ["K"])
        #expect(rm2.rms.map(\.rm) == ["RM2"])
        #expect(rm2.rms[0].wonInBook == 2 && rm2.rms[0].valueInBook == 500)
        #expect(Set(rm2.introducers.map(\.id)) == ["A", "C"])
    }

    @Test func renderings() throws {
        let g = try Self.graph()
        let report = ReferralReport(graph: g, options: .init(asOf: Self.asOf))
        let html = report.html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("src="))
        // The only URL is the SVG namespace: nothing is fetched.
        let urls = html.components(separatedBy: "http").count - 1
        let namespaces = html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1
        #expect(urls == namespaces)
        #expect(html.contains("名称K"))

        let md = report.markdown()
        #expect(md.contains("## Dormant introducers to re-activate"))
        #expect(md.contains("Referral cycle:"))

        let csv = report.csv(.introducers)
        let lines = csv.split(separator: "\n")
        #expect(lines.first?.hasPrefix("id,name,kind,status,rm,referred,won") == true)
        #expect(lines.count == 1 + report.introducers.count)
        #expect(report.csv(.members).split(separator: "\n").count == 1 + report.trees.reduce(0) { $0 + $1.members.count })

        let json = try JSONEncoder().encode(report)
        let doc = try JSONSerialization.jsonObject(with: json) as! [String: Any]
        #expect(Set(doc.keys) == ["summary", "trees", "introducers", "dormant", "rms", "anomalies", "referrals"])
    }

    @Test func escapesMarkup() throws {
        #expect(ReferralReport.esc("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        #expect(ReferralReport.truncate("宁德新能电池江苏有限公司", width: 10) == "宁德新能…")
    }
}
