import Foundation
import RelmapCore
import Testing

@testable import RelmapWorkspace

/// Every field is checked before anything is written: each bad value names its field, and the
/// workspace is as it was (no row, no revision).
@Suite struct RecordValidationTests {
    let bench: RecordBench
    init() throws { bench = try RecordBench() }

    /// Runs `body`, expects it to fail on `field` (or with `expected`), and nothing to change.
    func refused(_ field: String, _ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try bench.footprint()
        let error = workspaceError(body)
        guard case .invalidRecord(let got, _) = error else {
            Issue.record("expected an invalid \(field), got \(String(describing: error))", sourceLocation: sourceLocation)
            return
        }
        #expect(got == field, sourceLocation: sourceLocation)
        #expect(try bench.footprint() == before, sourceLocation: sourceLocation)
        let english = error!.message(chinese: false), chinese = error!.message(chinese: true)
        #expect(english.hasPrefix(field + ": ") && english.hasSuffix("nothing was saved"), sourceLocation: sourceLocation)
        #expect(chinese.hasSuffix("未保存任何内容") && !chinese.contains("\u{1E}") && !english.contains("\u{1E}"), sourceLocation: sourceLocation)
    }

    func log(_ change: (inout ActivityDraft) -> Void) throws {
        var draft = bench.visit("C1", people: ["P1"])
        change(&draft)
        _ = try bench.ws.logActivity(draft, by: bench.rm01, exists: bench.exists)
    }

    func relate(_ draft: RelationDraft) throws { _ = try bench.ws.recordRelation(draft, by: bench.rm01, exists: bench.exists) }

    @Test func anUnknownEntityIsRefusedAndNothingChanges() throws {
        _ = try bench.ws.logActivity(bench.visit("C1"), by: bench.rm01, exists: bench.exists)
        let before = try bench.footprint()
        #expect(workspaceError { try log { $0.target = "NOPE" } } == .unknownEntity("NOPE"))
        #expect(workspaceError { try log { $0.people = ["P1", "ws-99"] } } == .unknownEntity("ws-99"))
        #expect(workspaceError { try relate(RelationDraft(source: "P1", target: "X9", type: .knows)) } == .unknownEntity("X9"))
        #expect(
            workspaceError {
                _ = try bench.ws.updatePipeline(PipelineUpdate(target: "ws-1", stage: 1, status: .approaching), by: bench.rm01, exists: bench.exists)
            } == .unknownEntity("ws-1"))
        #expect(
            workspaceError {
                _ = try bench.ws.recordCorrection(
                    CorrectionDraft(subject: .entity(id: "Q"), note: "no such firm"), by: bench.rm01, exists: bench.exists)
            } == .unknownEntity("Q"))
        #expect(try bench.footprint() == before)
    }

    @Test func aRecordedEntityIsKnownByItsWorkspaceID() throws {
        let person = try bench.ws.recordEntity(EntityDraft(name: "李总", kind: .person, note: "met at the chamber dinner"), by: bench.rm02)
        #expect(person.id.hasPrefix("ws-"))
        // Any book's recorded entity can be named: the acquaintance is bank-wide knowledge.
        let a = try bench.ws.logActivity(bench.visit("C1", people: [person.id]), by: bench.rm01, exists: bench.exists)
        #expect(a.people == [person.id])
        #expect(
            try bench.ws.recordRelation(
                RelationDraft(source: person.id, target: "C2", type: .worksAt, role: "财务总监"),
                by: bench.rm01, exists: bench.exists
            ).role == "财务总监")
    }

    @Test func activityFields() throws {
        try refused("target") { try log { $0.target = "  " } }
        try refused("target") { try log { $0.target = "C1\u{1B}[31m" } }
        try refused("date") { try log { $0.date = Day.today.adding(days: 2) } }
        try refused("date") { try log { $0.date = Day(year: 26, month: 11, day: 1)! } }
        try refused("outcome") { try log { $0.outcome = String(repeating: "好", count: Workspace.maximumOutcomeLength + 1) } }
        try refused("outcome") { try log { $0.outcome = "line one\nline two" } }
        try refused("note") { try log { $0.note = String(repeating: "x", count: 10_000_000) } }
        try refused("note") { try log { $0.note = String(repeating: "x", count: Workspace.maximumNoteLength + 1) } }
        try refused("note") { try log { $0.note = "bell \u{07}" } }
        try refused("people") { try log { $0.people = ["C1"] } }
        try refused("people") { try log { $0.people = [""] } }
        try refused("people") { try log { $0.people = (0..<60).map { "P\($0)" } } }
        // Tomorrow is allowed (time zones); a multi-line note too; repeated people are dropped.
        try log {
            $0.date = Day.today.adding(days: 1)
            $0.note = "first\nsecond\tthird"
            $0.people = ["P1", "P2", "P1"]
        }
        #expect(try bench.ws.activities(target: nil, for: bench.rm01).first?.people == ["P1", "P2"])
    }

    @Test func aBatchIsAllOrNothing() throws {
        let before = try bench.footprint()
        let drafts = [bench.visit("C1"), bench.visit("C2"), bench.visit("GHOST")]
        #expect(workspaceError { _ = try bench.ws.logActivities(drafts, by: bench.rm01, exists: bench.exists) } == .unknownEntity("GHOST"))
        #expect(workspaceError { try bench.ws.checkActivity(drafts[2], by: bench.rm01, exists: bench.exists) } == .unknownEntity("GHOST"))
        #expect(try bench.footprint() == before)
        let logged = try bench.ws.logActivities(Array(drafts.prefix(2)), by: bench.rm01, exists: bench.exists)
        #expect(logged.map(\.target) == ["C1", "C2"])
        // One transaction, one revision.
        #expect(try bench.ws.revision() == before["revision"]! + 1)
    }

    @Test func pipelineFields() throws {
        func update(_ u: PipelineUpdate) throws { _ = try bench.ws.updatePipeline(u, by: bench.rm01, exists: bench.exists) }
        try refused("stage") { try update(PipelineUpdate(target: "C1", stage: 7, status: .approaching)) }
        try refused("stage") { try update(PipelineUpdate(target: "C1", stage: 0, status: .approaching)) }
        try refused("next_step") { try update(PipelineUpdate(target: "C1", stage: 1, status: .approaching, nextStep: "a\u{0}b")) }
        try refused("next_step") {
            try update(PipelineUpdate(target: "C1", stage: 1, status: .approaching, nextStep: String(repeating: "x", count: 501)))
        }
        try refused("due") { try update(PipelineUpdate(target: "C1", stage: 1, status: .approaching, due: Day(year: 202, month: 1, day: 1)!)) }
        try refused("version") { try update(PipelineUpdate(target: "C1", stage: 1, status: .approaching, version: 0)) }
        try refused("version") { try update(PipelineUpdate(target: "C1", stage: 1, status: .approaching, version: 3)) }
        // A due date in the future is what a plan is.
        try update(PipelineUpdate(target: "C1", stage: 1, status: .approaching, due: Day.today.adding(days: 400)))
    }

    @Test func relationFields() throws {
        try refused("target") { try relate(RelationDraft(source: "P1", target: "P1", type: .knows)) }
        try refused("strength") { try relate(RelationDraft(source: "P1", target: "P2", type: .knows, strength: 0)) }
        try refused("strength") { try relate(RelationDraft(source: "P1", target: "P2", type: .knows, strength: 1.5)) }
        try refused("strength") { try relate(RelationDraft(source: "P1", target: "P2", type: .knows, strength: .nan)) }
        try refused("weight") { try relate(RelationDraft(source: "C1", target: "C2", type: .supplies, weight: -1)) }
        try refused("weight") { try relate(RelationDraft(source: "C1", target: "C2", type: .supplies, weight: .infinity)) }
        try refused("outcome") { try relate(RelationDraft(source: "P1", target: "P2", type: .knows, outcome: .won)) }
        try refused("role") { try relate(RelationDraft(source: "P1", target: "C1", type: .knows, role: "CEO")) }
        try refused("role") { try relate(RelationDraft(source: "P1", target: "C1", type: .worksAt, role: "CEO\r\nCFO")) }
        try refused("date") { try relate(RelationDraft(source: "P1", target: "P2", type: .knows, date: Day.today.adding(days: 3))) }
        try refused("note") { try relate(RelationDraft(source: "P1", target: "P2", type: .knows, note: String(repeating: "注", count: 4001))) }
        for outcome in [ReferralOutcome.won, .pending, .lost, .none] {
            _ = try bench.ws.recordRelation(
                RelationDraft(source: "P1", target: "C3", type: .refers, date: Day.today, outcome: outcome),
                by: bench.rm01, exists: bench.exists)
        }
    }

    @Test func entityAndCorrectionFields() throws {
        try refused("name") { _ = try bench.ws.recordEntity(EntityDraft(name: " ", kind: .person), by: bench.rm01) }
        try refused("name") { _ = try bench.ws.recordEntity(EntityDraft(name: "张\u{202E}三", kind: .person), by: bench.rm01) }
        try refused("industry") {
            _ = try bench.ws.recordEntity(EntityDraft(name: "X", kind: .company, industry: String(repeating: "i", count: 201)), by: bench.rm01)
        }
        try refused("note") {
            _ = try bench.ws.recordCorrection(CorrectionDraft(subject: .entity(id: "C1"), note: "  "), by: bench.rm01, exists: bench.exists)
        }
        try refused("target") {
            _ = try bench.ws.recordCorrection(
                CorrectionDraft(subject: .relation(source: "C1", target: "C1", type: .supplies), note: "why"),
                by: bench.rm01, exists: bench.exists)
        }
    }

    @Test func theDatabaseRefusesWhatTheRulesRefuseEvenWrittenByHand() throws {
        let error = #expect(throws: (any Error).self) {
            try bench.ws.database.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO pipeline (rm, target, stage, status, nextStep, due, version, updatedBy, updatedByName, updatedAt)
                        VALUES ('RM01', 'C1', 7, 'won', '', '2026-02-30', 1, NULL, 'x', 0)
                        """)
            }
        }
        #expect("\(String(describing: error))".contains("CHECK"))
    }
}
