import Foundation
import RelmapCore
import Testing

@testable import RelmapWorkspace

/// `facts()` hands every record of every book to the graph merge, with who, which book and when;
/// `revision()` tells any reader that something new was recorded, by this process or another.
@Suite struct RecordFactsTests {
    let bench: RecordBench
    init() throws { bench = try RecordBench() }

    @Test func everyRecordOfEveryBookBecomesAFact() throws {
        let ws = bench.ws, exists = bench.exists
        let today = Day.today
        let person = try ws.recordEntity(EntityDraft(name: "王经理", kind: .person, industry: "锂电", note: "商会晚宴"), by: bench.rm02)
        let referral = try ws.recordRelation(
            RelationDraft(source: "P1", target: "C3", type: .refers, date: today, outcome: .won, note: "介绍"),
            by: bench.rm01, exists: exists)
        let role = try ws.recordRelation(
            RelationDraft(source: person.id, target: "C2", type: .worksAt, strength: 0.7, weight: 2, role: "采购"),
            by: bench.rm02, exists: exists)
        _ = try ws.updatePipeline(PipelineUpdate(target: "C3", stage: 4, status: .approaching), by: bench.rm01, exists: exists)
        let won = try ws.updatePipeline(PipelineUpdate(target: "C3", stage: 5, status: .won, version: 1), by: bench.rm01, exists: exists)
        let wrongRelation = try ws.recordCorrection(
            CorrectionDraft(subject: .relation(source: "C1", target: "C2", type: .supplies), note: "停止供货"),
            by: bench.rm01, exists: exists)
        let wrongEntity = try ws.recordCorrection(CorrectionDraft(subject: .entity(id: "P3"), note: "重复录入"), by: bench.rm02, exists: exists)
        let visit = try ws.logActivity(bench.visit("C2", on: today.adding(days: -3), people: [person.id, "P2"]), by: bench.rm02, exists: exists)

        let facts = try ws.facts()
        func provenance(_ id: Int64, _ rm: String, _ user: String) -> Provenance {
            Provenance(recordID: id, rm: rm, user: user, recordedOn: today)
        }
        #expect(
            facts.entities == [
                RecordedEntity(
                    id: person.id, name: "王经理", kind: .person, industry: "锂电",
                    provenance: provenance(Int64(person.id.dropFirst(3))!, "RM02", "rm02"))
            ])
        #expect(
            facts.relations == [
                RecordedRelationFact(
                    source: "P1", target: "C3", type: .refers, date: today, outcome: .won, provenance: provenance(referral.id, "RM01", "rm01")),
                RecordedRelationFact(
                    source: person.id, target: "C2", type: .worksAt, strength: 0.7, weight: 2, role: "采购",
                    provenance: provenance(role.id, "RM02", "rm02"))
            ])
        // The latest row only, with the history row of its version as the record.
        let latestChange = try ws.database.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM pipelineChange WHERE target = 'C3' AND version = 2")!
        }
        #expect(
            facts.pipeline == [
                PipelineFact(
                    target: "C3", stage: 5, status: .won, changedOn: Workspace.day(won.updatedAt),
                    provenance: provenance(latestChange, "RM01", "rm01"))
            ])
        #expect(
            facts.suppressions == [
                Suppression(
                    subject: .relation(source: "C1", target: "C2", type: .supplies), note: "停止供货",
                    provenance: provenance(wrongRelation.id, "RM01", "rm01")),
                Suppression(subject: .entity(id: "P3"), note: "重复录入", provenance: provenance(wrongEntity.id, "RM02", "rm02"))
            ])
        #expect(
            facts.contacts == [
                ContactFact(
                    target: "C2", people: [person.id, "P2"], date: today.adding(days: -3),
                    provenance: provenance(visit.id, "RM02", "rm02"))
            ])
    }

    @Test func aNewWorkspaceHasNoFactsAndRevisionZero() throws {
        #expect(try bench.ws.facts().isEmpty)
        #expect(try bench.ws.revision() == 0)
    }

    @Test func revisionGrowsWithEveryRecordWriteAndNotWithAccounts() throws {
        _ = try bench.ws.logActivity(bench.visit("C1"), by: bench.rm01, exists: bench.exists)
        _ = try bench.ws.recordEntity(EntityDraft(name: "甲", kind: .company), by: bench.rm01)
        #expect(try bench.ws.revision() == 2)
        _ = try bench.ws.addUser(name: "rm09", role: .rm, rm: "RM09", team: [], password: TemporaryWorkspace.password)
        _ = try bench.ws.createSession(for: bench.rm01)
        #expect(try bench.ws.revision() == 2)
    }

    @Test func revisionSeesWritesOfAnotherWorkspaceOnTheSameFile() throws {
        let other = try bench.tmp.open()
        #expect(try other.revision() == 0)
        _ = try bench.ws.logActivity(bench.visit("C1"), by: bench.rm01, exists: bench.exists)
        #expect(try other.revision() == 1)
        _ = try other.updatePipeline(PipelineUpdate(target: "C1", stage: 1, status: .approaching), by: bench.rm02, exists: bench.exists)
        #expect(try bench.ws.revision() == 2)
        #expect(try bench.ws.facts().pipeline.map(\.target) == ["C1"])
    }
}
