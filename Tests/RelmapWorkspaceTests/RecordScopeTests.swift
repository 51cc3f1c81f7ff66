import Foundation
import RelmapCore
import Testing

@testable import RelmapWorkspace

/// Whose book a record goes to, and who reads it: an RM their own, a lead the team's, an admin all.
@Suite struct RecordScopeTests {
    let bench: RecordBench
    init() throws { bench = try RecordBench() }

    @Test func aRecordGoesToTheActingUsersBook() throws {
        let a = try bench.ws.logActivity(bench.visit("C1"), by: bench.rm02, exists: bench.exists)
        #expect(a.rm == "RM02" && a.user == "rm02")
        let r = try bench.ws.recordRelation(
            RelationDraft(source: "P1", target: "C1", type: .knows, strength: 0.5), by: bench.rm02, exists: bench.exists)
        #expect(r.rm == "RM02")
        let p = try bench.ws.updatePipeline(PipelineUpdate(target: "C1", stage: 2, status: .approaching), by: bench.rm02, exists: bench.exists)
        #expect(p.rm == "RM02")
    }

    @Test func anRMReadsOnlyTheirOwnBook() throws {
        _ = try bench.ws.logActivity(bench.visit("C1"), by: bench.rm01, exists: bench.exists)
        _ = try bench.ws.logActivity(bench.visit("C1"), by: bench.rm02, exists: bench.exists)
        _ = try bench.ws.recordRelation(RelationDraft(source: "P1", target: "C1", type: .knows), by: bench.rm02, exists: bench.exists)
        _ = try bench.ws.recordCorrection(CorrectionDraft(subject: .entity(id: "C2"), note: "dissolved"), by: bench.rm02, exists: bench.exists)
        #expect(try bench.ws.activities(target: nil, for: bench.rm01).map(\.rm) == ["RM01"])
        #expect(try bench.ws.activities(target: "C1", for: bench.rm01).map(\.rm) == ["RM01"])
        #expect(try bench.ws.recordedRelations(involving: nil, for: bench.rm01).isEmpty)
        #expect(try bench.ws.corrections(involving: nil, for: bench.rm01).isEmpty)
        #expect(try bench.ws.recordedRelations(involving: "C1", for: bench.rm02).count == 1)
    }

    @Test func anRMCannotAskForAnotherBook() throws {
        _ = try bench.ws.updatePipeline(PipelineUpdate(target: "C1", stage: 1, status: .approaching), by: bench.rm02, exists: bench.exists)
        #expect(workspaceError { _ = try bench.ws.pipeline(rm: "RM02", for: bench.rm01) } == .notPermitted("book RM02"))
        #expect(workspaceError { _ = try bench.ws.pipelineHistory(target: "C1", rm: "RM02", for: bench.rm01) } == .notPermitted("book RM02"))
        #expect(try bench.ws.pipeline(rm: nil, for: bench.rm01).isEmpty)
        #expect(try bench.ws.pipelineHistory(target: "C1", rm: nil, for: bench.rm01).isEmpty)
    }

    @Test func aLeadReadsTheTeamsBooksAndNoOther() throws {
        for user in [bench.rm01, bench.rm02, bench.rm03] {
            _ = try bench.ws.logActivity(bench.visit("C1"), by: user, exists: bench.exists)
            _ = try bench.ws.updatePipeline(PipelineUpdate(target: "C2", stage: 3, status: .approaching), by: user, exists: bench.exists)
        }
        #expect(Set(try bench.ws.activities(target: nil, for: bench.lead).map(\.rm)) == ["RM01", "RM02"])
        #expect(Set(try bench.ws.pipeline(rm: nil, for: bench.lead).map(\.rm)) == ["RM01", "RM02"])
        #expect(try bench.ws.pipeline(rm: "RM02", for: bench.lead).map(\.rm) == ["RM02"])
        #expect(workspaceError { _ = try bench.ws.pipeline(rm: "RM03", for: bench.lead) } == .notPermitted("book RM03"))
    }

    @Test func anAdminReadsEveryBook() throws {
        for user in [bench.rm01, bench.rm02, bench.rm03] {
            _ = try bench.ws.logActivity(bench.visit("C1"), by: user, exists: bench.exists)
        }
        #expect(Set(try bench.ws.activities(target: nil, for: bench.admin).map(\.rm)) == ["RM01", "RM02", "RM03"])
        #expect(try bench.ws.pipeline(rm: "RM03", for: bench.admin).isEmpty)
    }

    @Test func aUserWithoutABookCannotRecordAndNothingChanges() throws {
        let before = try bench.footprint()
        for user in [bench.lead, bench.admin] {
            #expect(workspaceError { _ = try bench.ws.logActivity(bench.visit("C1"), by: user, exists: bench.exists) } == .noBook(user.name))
            #expect(workspaceError { _ = try bench.ws.recordEntity(EntityDraft(name: "张三", kind: .person), by: user) } == .noBook(user.name))
            #expect(
                workspaceError {
                    _ = try bench.ws.updatePipeline(PipelineUpdate(target: "C1", stage: 1, status: .approaching), by: user, exists: bench.exists)
                } == .noBook(user.name))
        }
        #expect(try bench.footprint() == before)
        // With a book of their own, a lead records there.
        let lead = try bench.ws.addUser(name: "lead2", role: .lead, rm: "RM09", team: ["RM01"], password: TemporaryWorkspace.password)
        #expect(try bench.ws.logActivity(bench.visit("C1"), by: lead, exists: bench.exists).rm == "RM09")
    }

    @Test func activitiesOfATargetIncludeThoseWhereItWasAPersonMet() throws {
        _ = try bench.ws.logActivity(bench.visit("C1", people: ["P1", "P2"]), by: bench.rm01, exists: bench.exists)
        _ = try bench.ws.logActivity(bench.visit("C2"), by: bench.rm01, exists: bench.exists)
        let withP2 = try bench.ws.activities(target: "P2", for: bench.rm01)
        #expect(withP2.map(\.target) == ["C1"])
        #expect(withP2.first?.people == ["P1", "P2"])
    }

    @Test func removingAUserKeepsTheirRecordsSignedWithTheirName() throws {
        _ = try bench.ws.logActivity(bench.visit("C1"), by: bench.rm02, exists: bench.exists)
        _ = try bench.ws.updatePipeline(PipelineUpdate(target: "C1", stage: 4, status: .won), by: bench.rm02, exists: bench.exists)
        try bench.ws.removeUser(named: "rm02")
        #expect(try bench.ws.activities(target: nil, for: bench.admin).map(\.user) == ["rm02"])
        #expect(try bench.ws.pipeline(rm: "RM02", for: bench.admin).map(\.updatedBy) == ["rm02"])
        #expect(try bench.ws.check().isEmpty)
    }
}
