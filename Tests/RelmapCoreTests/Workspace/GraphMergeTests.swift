import Foundation
import Testing

@testable import RelmapCore

/// The workspace's records laid over the base files (`Graph.merging`).
@Suite struct GraphMergeTests {
    static let day = Day(year: 2026, month: 6, day: 30)!

    /// Two clients of RM01 (C1 supplies C2), prospects P1 (supplies C1) and P2, an introducer
    /// I1 who referred P2 (pending), and a person X1 working at C1.
    static func base() throws -> Graph {
        var b = GraphBuilder()
        for (id, status, rm) in [
            ("C1", EntityStatus.client, "RM01"), ("C2", .client, "RM01"), ("C3", .client, "RM02"),
            ("P1", .prospect, ""), ("P2", .prospect, ""), ("P3", .prospect, ""), ("I1", .client, "RM02")
        ] {
            try b.addEntity(EntityRecord(id: id, name: "name-\(id)", status: status, industry: "电芯", rm: rm, size: 100))
        }
        try b.addEntity(EntityRecord(id: "X1", name: "张伟", kind: .person, status: .prospect))
        try b.addEntity(EntityRecord(id: "X2", name: "李娜", kind: .person, status: .prospect))
        try b.addRelation(RelationRecord(source: "C1", target: "C2", type: .supplies, weight: 10))
        try b.addRelation(RelationRecord(source: "P1", target: "C1", type: .supplies, weight: 5))
        try b.addRelation(RelationRecord(source: "P2", target: "C2", type: .supplies, weight: 5))
        try b.addRelation(RelationRecord(source: "P3", target: "C3", type: .supplies, weight: 5))
        try b.addRelation(RelationRecord(source: "I1", target: "P2", type: .refers, date: Day(year: 2025, month: 1, day: 1), outcome: .pending))
        try b.addRelation(RelationRecord(source: "X1", target: "C1", type: .worksAt, attributes: [("role", "CFO")]))
        try b.addRelation(RelationRecord(source: "X1", target: "X2", type: .knows, date: Day(year: 2025, month: 6, day: 30)))
        return b.build()
    }

    static func by(_ rm: String, _ id: Int64 = 1, on day: Day = GraphMergeTests.day) -> Provenance {
        Provenance(recordID: id, rm: rm, user: "wang", recordedOn: day)
    }

    @Test func noRecordsLeaveTheGraphAsItIs() throws {
        let g = try Self.base()
        let m = g.merging(WorkspaceFacts())
        #expect(m.graph.relationCount == g.relationCount && m.graph.entityCount == g.entityCount)
        #expect(m.lastContact == g.relations.dates)
    }

    @Test func aWonTargetBecomesAClientOfThatRM() throws {
        let g = try Self.base()
        let won = PipelineFact(target: "P1", stage: 3, status: .won, changedOn: Self.day, provenance: Self.by("RM01"))
        let m = g.merging(WorkspaceFacts(pipeline: [won]))
        let p1 = try #require(m.graph.index(ofID: "P1"))
        #expect(m.graph.entities.status(p1) == .client)
        #expect(m.graph.entities.rm(p1) == "RM01")
        #expect(m.graph.entities.clientSince(p1) == Self.day)
        #expect(m.graph.entities.stage(p1) == 3)
        #expect(m.wonTargets == 1)
        // The base graph is untouched: a merge is a new value.
        #expect(g.entities.status(try #require(g.index(ofID: "P1"))) == .prospect)
        // RM01's book grows, and the ranking no longer offers the won target.
        let engine = QueryEngine(merged: m, source: "test", decay: nil)
        #expect(engine.clientsByRM()["RM01"]?.contains(p1) == true)
        let ranked = try engine.next(ExpansionRanking.Query(seeds: .rm("RM01"), top: nil))
        #expect(!ranked.rows.map(\.id).contains("P1"))
    }

    @Test func aWinDoesNotTakeAnotherRMsClient() throws {
        let g = try Self.base()
        let m = g.merging(
            WorkspaceFacts(pipeline: [PipelineFact(target: "C3", stage: 5, status: .won, changedOn: Self.day, provenance: Self.by("RM01"))]))
        let c3 = try #require(m.graph.index(ofID: "C3"))
        #expect(m.graph.entities.rm(c3) == "RM02")
        #expect(m.skipped.count == 1 && m.skipped[0].contains("RM02"))
    }

    @Test func aRecordedWinUpdatesThePendingReferralInsteadOfAddingOne() throws {
        let g = try Self.base()
        let won = RecordedRelationFact(source: "I1", target: "P2", type: .refers, date: Self.day, outcome: .won, provenance: Self.by("RM02"))
        let m = g.merging(WorkspaceFacts(relations: [won]))
        #expect(m.graph.relationCount == g.relationCount)
        #expect(m.updatedRelations == 1 && m.addedRelations == 0)
        let report = ReferralReport(graph: m.graph, options: .init(asOf: Self.day))
        #expect(report.summary.won == 1 && report.summary.pending == 0)
        let r = try #require(m.graph.relations.indices.first { m.graph.relations.types[$0] == .refers })
        #expect(m.graph.relations.attribute(RecordColumns.origin, of: r) == "files+rm_note")
        // The files' referral day stays; the later record is a contact.
        #expect(m.graph.relations.date(r) == Day(year: 2025, month: 1, day: 1))
        #expect(m.lastContact[r] == Self.day.daysSince1970)
    }

    @Test func aRecordedAcquaintanceBecomesAWarmPath() throws {
        let g = try Self.base()
        let before = try QueryEngine(graph: g, source: "t").chain(.init(target: "P3", via: .social))
        #expect(!before.isFound)
        let knows = RecordedRelationFact(source: "X1", target: "P3", type: .knows, date: Self.day, strength: 0.8, provenance: Self.by("RM01"))
        let m = g.merging(WorkspaceFacts(relations: [knows]))
        #expect(m.addedRelations == 1)
        let after = try QueryEngine(merged: m, source: "t", decay: TieDecay(asOf: Self.day)).chain(.init(target: "P3", via: .social))
        #expect(after.isFound)
        let last = try #require(after.paths.first?.hops.last)
        #expect(last.to == "P3" && last.type == "knows" && last.ageDays == 0)
        let r = try #require(
            m.graph.relations.indices.first {
                m.graph.relations.types[$0] == .knows && m.graph.relations.weights[$0].isNaN
                    && m.graph.entities.id(m.graph.relations.target($0)) == "P3"
            })
        #expect(m.graph.relations.attribute(RecordColumns.origin, of: r) == RecordColumns.rmNote)
        #expect(m.graph.relations.attribute(RecordColumns.recordedBy, of: r) == "wang")
        // The files' rows carry no origin.
        #expect(m.graph.relations.attribute(RecordColumns.origin, of: 0) == "")
    }

    @Test func aRecordedRoleJoinsTheRoleColumn() throws {
        let g = try Self.base()
        let job = RecordedRelationFact(source: "X2", target: "P1", type: .worksAt, role: "总经理", provenance: Self.by("RM01"))
        let m = g.merging(WorkspaceFacts(relations: [job]))
        let r = try #require(
            m.graph.relations.indices.first { m.graph.relations.types[$0] == .worksAt && m.graph.entities.id(m.graph.relations.source($0)) == "X2" })
        #expect(m.graph.relations.attribute("role", of: r) == "总经理")
        let cfo = try #require(
            m.graph.relations.indices.first { m.graph.relations.types[$0] == .worksAt && m.graph.entities.id(m.graph.relations.source($0)) == "X1" })
        #expect(m.graph.relations.attribute("role", of: cfo) == "CFO")
    }

    @Test func aRelationMarkedWrongLeavesTheAnswers() throws {
        let g = try Self.base()
        let wrong = Suppression(subject: .relation(source: "P1", target: "C1", type: .supplies), note: "已停止合作", provenance: Self.by("RM01"))
        let m = g.merging(WorkspaceFacts(suppressions: [wrong]))
        #expect(m.graph.relationCount == g.relationCount - 1 && m.suppressedRelations == 1)
        let p1 = try #require(m.graph.index(ofID: "P1"))
        #expect(m.graph.outDegree(p1) == 0)
    }

    @Test func anEntityMarkedWrongLeavesWithItsRelations() throws {
        let g = try Self.base()
        let wrong = Suppression(subject: .entity(id: "X1"), note: "重复录入", provenance: Self.by("RM01"))
        let m = g.merging(WorkspaceFacts(suppressions: [wrong]))
        #expect(m.graph.index(ofID: "X1") == nil)
        #expect(m.graph.entityCount == g.entityCount - 1)
        #expect(m.suppressedEntities == 1 && m.suppressedRelations == 2)
        // Every other entity keeps its relations, under its new index.
        let c1 = try #require(m.graph.index(ofID: "C1")), c2 = try #require(m.graph.index(ofID: "C2"))
        #expect(m.graph.outgoing(c1).contains { m.graph.relations.target($0) == c2 })
        #expect(m.graph.index(ofID: "X2").map { m.graph.entities.name($0) } == "李娜")
    }

    @Test func aRecordAfterACorrectionFindsItsRelationWhereItMoved() throws {
        let g = try Self.base()
        // C1's relations leave with it, so the referral below moves up the table.
        let facts = WorkspaceFacts(
            relations: [RecordedRelationFact(source: "I1", target: "P2", type: .refers, outcome: .won, provenance: Self.by("RM02", 2))],
            suppressions: [Suppression(subject: .entity(id: "C1"), note: "重复", provenance: Self.by("RM01"))])
        let m = g.merging(facts)
        #expect(m.updatedRelations == 1 && m.addedRelations == 0)
        let refers = m.graph.relations.indices.filter { m.graph.relations.types[$0] == .refers }
        #expect(refers.count == 1 && m.graph.relations.outcome(refers[0]) == .won)
        #expect(m.graph.entities.id(m.graph.relations.source(refers[0])) == "I1")
    }

    @Test func aRecordedEntityJoinsAndCanBeRelated() throws {
        let g = try Self.base()
        let person = RecordedEntity(id: "ws-1", name: "陈总", kind: .person, provenance: Self.by("RM01"))
        let met = RecordedRelationFact(source: "ws-1", target: "X1", type: .knows, date: Self.day, provenance: Self.by("RM01", 2))
        let m = g.merging(WorkspaceFacts(entities: [person], relations: [met]))
        let v = try #require(m.graph.index(ofID: "ws-1"))
        #expect(m.graph.entities.name(v) == "陈总" && m.graph.entities.kind(v) == .person)
        #expect(m.graph.entities.attribute(RecordColumns.origin, of: v) == RecordColumns.rmNote)
        #expect(m.graph.entities.attribute(RecordColumns.origin, of: 0) == "")
        #expect(m.graph.inDegree(try #require(m.graph.index(ofID: "X1"))) + m.graph.outDegree(try #require(m.graph.index(ofID: "X1"))) == 3)
    }

    @Test func recordsNamingUnknownEntitiesAreReportedNotDropped() throws {
        let g = try Self.base()
        let m = g.merging(
            WorkspaceFacts(
                relations: [RecordedRelationFact(source: "NOPE", target: "C1", type: .knows, provenance: Self.by("RM01", 7))],
                pipeline: [PipelineFact(target: "GONE", stage: 2, status: .approaching, changedOn: Self.day, provenance: Self.by("RM01", 8))]))
        #expect(m.skipped.count == 2)
        #expect(m.skipped.contains { $0.contains("NOPE") && $0.contains("record 7") })
        #expect(m.skipped.contains { $0.contains("GONE") })
        #expect(m.graph.relationCount == g.relationCount)
    }

    @Test func aMeetingRefreshesTheTieBetweenThePeopleMet() throws {
        let g = try Self.base()
        let met = ContactFact(target: "C1", people: ["X1", "X2"], date: Self.day, provenance: Self.by("RM01"))
        let m = g.merging(WorkspaceFacts(contacts: [met]))
        let knows = try #require(m.graph.relations.indices.first { m.graph.relations.types[$0] == .knows })
        #expect(m.lastContact[knows] == Self.day.daysSince1970)
        #expect(m.contacts[knows] == [Self.day.daysSince1970])
        // Aged to the meeting's day, the tie is as warm as given; without the meeting it has cooled
        // for a year (four half-lives of 90 days).
        let decay = TieDecay(asOf: Self.day)
        let fresh = TieStrength.strengths(of: m.graph, types: .social, aging: TieAging(decay: decay, lastContact: m.lastContact))
        let cold = TieStrength.strengths(of: g, types: .social, aging: TieAging(decay: decay, graph: g))
        let baseKnows = try #require(g.relations.indices.first { g.relations.types[$0] == .knows })
        #expect(abs(fresh[knows] - TieStrength.acquaintance) < 1e-12)
        #expect(abs(cold[baseKnows] - TieStrength.acquaintance * exp2(-365.0 / 90)) < 1e-12)
    }

    @Test func exportKeepsWhereEachRowCameFrom() throws {
        let g = try Self.base()
        let m = g.merging(
            WorkspaceFacts(relations: [RecordedRelationFact(source: "X1", target: "P3", type: .knows, date: Self.day, provenance: Self.by("RM01"))]))
        let folder = NSTemporaryDirectory() + "relmap-merge-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try GraphExport.write(m.graph, format: .csv, to: folder)
        let text = try String(contentsOfFile: folder + "/relations.csv", encoding: .utf8)
        #expect(text.split(separator: "\n")[0].contains("origin"))
        #expect(text.contains("X1,P3,knows") && text.contains("rm_note"))
        let back = try GraphLoader.load(folder).graph
        #expect(back.relationCount == m.graph.relationCount)
    }
}
