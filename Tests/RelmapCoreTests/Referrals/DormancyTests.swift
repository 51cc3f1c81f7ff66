import Testing

@testable import RelmapCore

@Suite struct DormancyTests {
    let asOf = Day(year: 2026, month: 12, day: 1)!
    func day(_ back: Int) -> Int32 { asOf.daysSince1970 - Int32(back) }

    @Test func silenceIsJudgedAgainstTheTiesOwnRhythm() {
        let d = Dormancy(asOf: asOf)
        // Monthly contacts, then 300 silent days: 10 times the rhythm.
        let monthly = [day(420), day(390), day(360), day(330), day(300)]
        let judged = d.judge(monthly)
        #expect(judged?.gap == 30 && judged?.silent == 300 && judged?.contacts == 5)
        // The same rhythm, silent for 200 days (under 8 × 30): not dormant yet.
        #expect(d.judge([day(320), day(290), day(260), day(230), day(200)]) == nil)
        // A yearly tie silent for 300 days is on schedule.
        #expect(d.judge([day(1030), day(665), day(300)]) == nil)
    }

    @Test func oneContactUsesTheDefaultGapAndShortSilencesNeverCount() {
        let d = Dormancy(asOf: asOf)
        #expect(d.judge([day(700)]) == nil)
        #expect(d.judge([day(720)])?.gap == 90)
        // Two contacts a day apart are a rhythm of one day, but a month's silence is no dormancy.
        #expect(d.judge([day(31), day(30)]) == nil)
        #expect(d.judge([]) == nil)
    }

    @Test func findsQuietIntroducersAndTiesOfABook() throws {
        var b = GraphBuilder()
        try b.addEntity(EntityRecord(id: "C1", name: "客户一", status: .client, rm: "RM01", value: 500))
        try b.addEntity(EntityRecord(id: "C2", name: "客户二", status: .client, rm: "RM02", value: 700))
        try b.addEntity(EntityRecord(id: "I1", name: "推介人", status: .prospect))
        try b.addEntity(EntityRecord(id: "X1", name: "张总", kind: .person))
        try b.addEntity(EntityRecord(id: "X2", name: "李总", kind: .person))
        try b.addRelation(RelationRecord(source: "I1", target: "C1", type: .refers, date: Day(daysSince1970: day(1000)), outcome: .won))
        try b.addRelation(RelationRecord(source: "X1", target: "C1", type: .worksAt))
        try b.addRelation(RelationRecord(source: "X1", target: "X2", type: .knows, date: Day(daysSince1970: day(900))))
        try b.addRelation(RelationRecord(source: "I1", target: "C2", type: .refers, date: Day(daysSince1970: day(10)), outcome: .won))
        let g = b.build()
        let mine = Dormancy(asOf: asOf).find(in: g, rms: ["RM01"])
        // I1 referred into RM01's book 1000 days ago but also 10 days ago (into RM02's): not quiet.
        #expect(!mine.contains { $0.kind == .introducer })
        let tie = try #require(mine.first { $0.kind == .tie })
        #expect(tie.entity.id == "X2" && tie.via?.id == "X1" && tie.type == "knows" && tie.silentDays == 900)
        // A logged meeting of X1 and X2 last month wakes the tie.
        let knows = try #require(g.relations.indices.first { g.relations.types[$0] == .knows })
        let woken = Dormancy(asOf: asOf).find(in: g, contacts: [knows: [day(30)]], rms: ["RM01"])
        #expect(!woken.contains { $0.kind == .tie })
        // RM02 sees nothing of RM01's book.
        #expect(Dormancy(asOf: asOf).find(in: g, rms: ["RM02"]).allSatisfy { $0.rms.contains("RM02") })
    }
}
